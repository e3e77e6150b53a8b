/**
 * Diagnostics as VS Code holds them (vscode.languages.getDiagnostics): the
 * samples' expected problems at the expected lines, a cross-article
 * claim-conflict that comes and goes with an edit, and severities that follow
 * factmark.json's `rules` live.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { requestScreenshot } from '../screenshot.mjs';
import { DEFAULT_SEVERITY, EXPECTED_PROBLEMS, byLine, expectedProblemLines, lineOf } from '../samples.mjs';
import {
  codeOf,
  diskText,
  expectedWorkspaceProblems,
  factmarkReady,
  fileUri,
  hoverMarkdown,
  openEditor,
  positionOf,
  replaceInFile,
  waitForProblems,
  workspaceProblems,
  workspaceTest,
} from '../workbench.mjs';
import { waitFor, waitForEqual } from '../wait.mjs';

const TOKAYEV_SPEECH = 'kazpravda-tokayev-speech.fmk';
const ASTANA_TIMES = 'astana-times-summit.fmk';
const CONFIG = 'factmark.json';

/** A file's expected problems with extra `line:code` entries. */
function expectedWith(path: string, text: string, extra: string[]): string[] {
  return byLine([...expectedProblemLines(text, EXPECTED_PROBLEMS[path]), ...extra]);
}

suite('diagnostics', () => {
  suiteSetup(factmarkReady);

  workspaceTest('every article has its expected problems at the expected lines, and no others', async () => {
    await waitForEqual(workspaceProblems, expectedWorkspaceProblems(), { what: 'the diagnostics of every article' });
  });

  workspaceTest('changing a figure makes claim-conflict appear in both articles that mention the claim, and undo removes it', async () => {
    const editor = await openEditor(TOKAYEV_SPEECH);
    const original = editor.document.getText();
    const astanaText = diskText(ASTANA_TIMES);
    const astanaMentionLine = lineOf(astanaText, '[nearly $100 billion]{#cn-ca-trade-2024}');

    // $55 billion (54.5–55.5 bn) cannot be true together with The Astana Times' nearly $100 billion (90–100 bn).
    await replaceInFile(TOKAYEV_SPEECH, '[$95 billion]', '[$55 billion]');
    const editedLine = lineOf(editor.document.getText(), '[$55 billion]');
    await waitForProblems(TOKAYEV_SPEECH, expectedWith(TOKAYEV_SPEECH, original, [`${editedLine}:claim-conflict`]), 'claim-conflict on the edited figure');
    // The other article gets it too, though only this one was edited (whether it is open or not).
    await waitForProblems(ASTANA_TIMES, expectedWith(ASTANA_TIMES, astanaText, [`${astanaMentionLine}:claim-conflict`]), 'claim-conflict on the other mention');

    const conflict = vscode.languages.getDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'claim-conflict');
    assert.deepEqual(
      conflict?.relatedInformation?.map((info) => `${vscode.workspace.asRelativePath(info.location.uri, false)}:${info.location.range.start.line + 1}`),
      [`${ASTANA_TIMES}:${astanaMentionLine}`],
      'the conflict names the mention it disagrees with',
    );
    const hover = await hoverMarkdown(editor.document.uri, positionOf(editor.document, '[$55 billion]', 1));
    assert.match(hover, /Reconciled: \*\*conflict\*\*/);

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await requestScreenshot('problems-claim-conflict', { waitFor: '.markers-panel .monaco-list-row:has-text("claim-conflict")' });

    // Undo acts on the focused editor, and the Problems panel has the focus.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === original, { what: `undo to restore ${TOKAYEV_SPEECH}` });
    await waitForProblems(TOKAYEV_SPEECH, expectedWith(TOKAYEV_SPEECH, original, []), 'claim-conflict gone after undo');
    await waitForProblems(ASTANA_TIMES, expectedWith(ASTANA_TIMES, astanaText, []), 'claim-conflict gone from the other article after undo');
  });

  workspaceTest('a rule set in factmark.json changes the severity of diagnostics as soon as the file is saved', async () => {
    const original = diskText(CONFIG);
    const withSeverity = (path: string, severityOf: (code: string) => string) =>
      expectedProblemLines(diskText(path), EXPECTED_PROBLEMS[path]).map((entry) => `${entry}:${severityOf(entry.slice(entry.indexOf(':') + 1))}`);
    const defaults = (code: string) => DEFAULT_SEVERITY[code];
    const unsourcedAsError = (code: string) => (code === 'unsourced-figure' ? 'Error' : defaults(code));

    const editor = await openEditor(CONFIG);
    try {
      await replaceInFile(CONFIG, '"rules": {}', '"rules": { "unsourced-figure": "error" }');
      assert.equal(await editor.document.save(), true, 'factmark.json saved');
      for (const path of [ASTANA_TIMES, TOKAYEV_SPEECH]) {
        await waitForProblems(path, withSeverity(path, unsourcedAsError), 'unsourced-figure as an error, other codes unchanged', { withSeverity: true });
      }
    } finally {
      // The original bytes back on disk; the editor, with no unsaved changes, follows the file.
      await vscode.workspace.fs.writeFile(fileUri(CONFIG), new TextEncoder().encode(original));
    }
    for (const path of [ASTANA_TIMES, TOKAYEV_SPEECH]) {
      await waitForProblems(path, withSeverity(path, defaults), 'default severities once factmark.json is restored', { withSeverity: true });
    }
    assert.equal(diskText(CONFIG), original);
  });
});
