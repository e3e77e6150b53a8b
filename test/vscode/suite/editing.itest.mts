/**
 * Changing articles through the language server: renaming an id across every
 * file (and back), and quick fixes on unsourced figures, each applied with
 * workspace.applyEdit as VS Code applies them.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXPECTED_PROBLEMS, definitionOf, expectedProblemLines, idLines, lineOf, offsetOf } from '../samples.mjs';
import {
  articlePaths,
  diskText,
  expectedProblemCounts,
  expectedWorkspaceProblems,
  factmarkReady,
  fileUri,
  hoverMarkdown,
  openEditor,
  positionOf,
  rangeOf,
  serverProblemCounts,
  waitForProblems,
  workspaceProblems,
  workspaceTest,
} from '../workbench.mjs';
import { waitFor, waitForEqual } from '../wait.mjs';

const TOKAYEV_SPEECH = 'kazpravda-tokayev-speech.fmk';
const ASTANA_TIMES = 'astana-times-summit.fmk';
const RAW_REVIEW = 'raw/xinhua-year-review-raw.fmk';
const REGISTRY = 'registry.fmk';

function executeRename(uri: vscode.Uri, position: vscode.Position, newName: string): Thenable<vscode.WorkspaceEdit> {
  return vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, position, newName);
}

/** A workspace edit as `path: n× "newText"` per file, sorted. */
function renderEdit(edit: vscode.WorkspaceEdit): string[] {
  return edit
    .entries()
    .map(([uri, edits]) => `${vscode.workspace.asRelativePath(uri, false)}: ${edits.length}× ${[...new Set(edits.map((e) => JSON.stringify(e.newText)))].join(', ')}`)
    .sort();
}

async function currentText(path: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(fileUri(path))).getText();
}

async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
}

suite('editing', () => {
  suiteSetup(factmarkReady);

  workspaceTest('renaming an entity changes its definition and every mention in every file, diagnostics stay clean, and it renames back', async () => {
    const [oldId, newId] = ['tokayev', 'kassym-tokayev'];
    const paths = await articlePaths();
    const original = new Map(paths.map((path) => [path, diskText(path)]));
    const filesWithId = paths.filter((path) => idLines(original.get(path)!, '@', oldId).length > 0);
    assert.ok(filesWithId.length >= 3, `@${oldId} is defined in the registry and mentioned in several articles`);

    // Each file the rename touches is open in an editor tab, as a user would have it: a document
    // open without a tab has no diagnostics in VS Code (the bug tabs.itest.mts shows on its own).
    for (const path of filesWithId) await openEditor(path);
    const speech = (await openEditor(TOKAYEV_SPEECH)).document;
    await assert.rejects(
      Promise.resolve(executeRename(speech.uri, positionOf(speech, '{@tokayev} told', 2), 'Not An Id')),
      /not a valid id/,
      'an invalid id is refused',
    );
    const rename = await executeRename(speech.uri, positionOf(speech, '{@tokayev} told', 2), newId);
    assert.deepEqual(
      renderEdit(rename),
      filesWithId.map((path) => `${path}: ${idLines(original.get(path)!, '@', oldId).length}× "${newId}"`),
    );
    assert.equal(await vscode.workspace.applyEdit(rename), true);
    for (const path of filesWithId) {
      const text = await currentText(path);
      assert.deepEqual(idLines(text, '@', oldId), [], `no @${oldId} left in ${path}`);
      assert.deepEqual(idLines(text, '@', newId), idLines(original.get(path)!, '@', oldId), `@${newId} where @${oldId} was in ${path}`);
    }

    // The server has the renamed texts once the entity's hover reads the new id; the message of an
    // uncited figure names the speaker, so VS Code's diagnostics are the new ones once it does.
    const hover = await hoverMarkdown(speech.uri, positionOf(speech, `{@${newId}} told`, 2));
    assert.equal(hover.split(' · ')[0], `**@${newId}**`, 'the hover of the renamed entity names it');
    await waitFor(() => vscode.languages.getDiagnostics(speech.uri).some((d) => d.message.includes(`@${newId} `)), {
      what: `the uncited-figure diagnostics of ${TOKAYEV_SPEECH} to name @${newId}`,
    });
    assert.deepEqual(await serverProblemCounts(), expectedProblemCounts(), 'no new problem, such as an undefined-entity error');
    await waitForEqual(workspaceProblems, expectedWorkspaceProblems(), { what: 'the same diagnostics as before the rename' });

    const back = await executeRename(speech.uri, positionOf(speech, `{@${newId}} told`, 2), oldId);
    assert.equal(await vscode.workspace.applyEdit(back), true);
    for (const path of filesWithId) assert.equal(await currentText(path), original.get(path), `${path} is as before once renamed back`);
  });

  workspaceTest('the quick fix "tag as claim" on an unsourced figure of the raw article tags it and defines the claim in the registry', async () => {
    const figure = 'approached USD 80 billion';
    const editor = await openEditor(RAW_REVIEW);
    const figureLine = lineOf(editor.document.getText(), figure);
    const expectedRaw = expectedProblemLines(diskText(RAW_REVIEW), EXPECTED_PROBLEMS[RAW_REVIEW]);
    await waitForProblems(RAW_REVIEW, expectedRaw, 'the raw article checked as an open document');

    const actions = await codeActionsAt(editor.document.uri, rangeOf(editor.document, figure));
    const tag = actions.find((action) => action.kind?.value === 'quickfix' && action.title.startsWith(`Tag “${figure}” as claim #`));
    assert.ok(tag?.edit, `a "tag as claim" quick fix among: ${actions.map((action) => action.title).join(' / ')}`);
    const id = /#([a-z0-9][a-z0-9._-]*)/.exec(tag.title)![1];

    assert.equal(await vscode.workspace.applyEdit(tag.edit), true);
    assert.equal(lineOf(editor.document.getText(), `[${figure}]{#${id}}`), figureLine);
    assert.equal(idLines(await currentText(REGISTRY), '#', id).length, 1, `#${id} is defined in ${REGISTRY}`);
    const { label } = definitionOf(await currentText(REGISTRY), '#', id);
    const hover = await hoverMarkdown(editor.document.uri, positionOf(editor.document, `{#${id}}`, 2));
    assert.equal(hover.split('\n\n')[0], `**#${id}** · ${label}`, `the figure is now a mention of #${id}, defined in ${REGISTRY}`);
    assert.match(hover, new RegExp(`This mention: “${figure}” → 72 bn – 80 bn USD`));
    assert.match(hover, /Reconciled: \*\*single\*\* .* from 1 mention\n/);
    // Tagging names the figure but does not source it (design §4): it keeps its warning, and gains no error.
    assert.deepEqual(await serverProblemCounts(), expectedProblemCounts(), 'no new problem, such as undefined-claim or unused-definition');
    await waitForEqual(workspaceProblems, expectedWorkspaceProblems(), { what: 'no new diagnostic (undefined-claim, unused-definition…) after tagging' });
  });

  workspaceTest('the quick fix "cite" with a source the article already cites removes the unsourced-figure warning', async () => {
    const editor = await openEditor(ASTANA_TIMES);
    const original = editor.document.getText();
    const figureSpan = '[35%]';
    const figureLine = lineOf(original, figureSpan);
    await waitForProblems(ASTANA_TIMES, expectedProblemLines(original, EXPECTED_PROBLEMS[ASTANA_TIMES]), 'the article checked as an open document');

    const actions = await codeActionsAt(editor.document.uri, rangeOf(editor.document, figureSpan));
    const cite = actions.find((action) => /^Cite \^[a-z0-9][a-z0-9._-]* for “35%”$/.test(action.title));
    assert.ok(cite?.edit, `a "cite" quick fix among: ${actions.map((action) => action.title).join(' / ')}`);
    const source = cite.title.slice('Cite ^'.length, cite.title.indexOf(' for'));
    assert.ok(idLines(original, '^', source).length > 0, `^${source} is a source the article already cites`);

    assert.equal(await vscode.workspace.applyEdit(cite.edit), true);
    const spanStart = offsetOf(original, `${figureSpan}{`);
    const span = original.slice(spanStart, original.indexOf('}', spanStart));
    assert.equal(lineOf(editor.document.getText(), `${span} ^${source}}`), figureLine, 'the citation is added to the span');
    const expected = expectedProblemLines(original, EXPECTED_PROBLEMS[ASTANA_TIMES]).filter((entry) => entry !== `${figureLine}:unsourced-figure`);
    await waitForProblems(ASTANA_TIMES, expected, 'the cited figure without its warning');
  });
});
