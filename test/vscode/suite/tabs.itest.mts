/**
 * Diagnostics of articles that are open in VS Code without an editor tab:
 * opened in the background (by a cross-file rename, a search-and-replace,
 * another extension) or left open after their tab closed. VS Code keeps such
 * a document open, sometimes for minutes, and its problems must stay in the
 * Problems panel all that time.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXPECTED_PROBLEMS, expectedProblemLines } from '../samples.mjs';
import { diskText, factmarkReady, fileUri, hoverMarkdown, isInTab, openEditor, waitForProblems, workspaceTest } from '../workbench.mjs';
import { waitFor } from '../wait.mjs';

function expectedProblemsOf(path: string): string[] {
  return expectedProblemLines(diskText(path), EXPECTED_PROBLEMS[path]);
}

suite('documents without an editor tab', () => {
  suiteSetup(factmarkReady);

  workspaceTest('an article opened in the background keeps its diagnostics', async () => {
    const path = 'xinhua-year-review.fmk';
    await waitForProblems(path, expectedProblemsOf(path), 'the article before it is opened');
    const document = await vscode.workspace.openTextDocument(fileUri(path));
    assert.equal(isInTab(document.uri), false, `${path} is open in no editor tab`);
    // An answer about the document means the server has handled its opening.
    await hoverMarkdown(document.uri, new vscode.Position(0, 0));
    await waitForProblems(path, expectedProblemsOf(path), 'the same diagnostics once the article is open in the background');
  });

  workspaceTest("closing an article's editor tab keeps its diagnostics", async () => {
    const path = 'xinhua-observers.fmk';
    const editor = await openEditor(path);
    await waitForProblems(path, expectedProblemsOf(path), 'the article open in an editor');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The language client drops a document's diagnostics when it sees the tab go, in the same event.
    await waitFor(() => !isInTab(editor.document.uri), { what: `the tab of ${path} to close` });
    await waitForProblems(path, expectedProblemsOf(path), 'the same diagnostics once its tab is closed');
  });
});
