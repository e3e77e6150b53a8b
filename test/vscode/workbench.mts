/**
 * The suite's view of the running VS Code: the workspace's files, Factmark's
 * diagnostics rendered as comparable text, provider calls, and putting the
 * workspace back the way the samples have it after each test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FactmarkApi } from '../../client/src/extension';
import type { ServerStatus } from '../../client/src/protocol';
import { DEFAULT_SEVERITY, EXPECTED_PROBLEMS, byLine, expectedProblemLines, offsetOf } from './samples.mjs';
import { waitFor, waitForEqual } from './wait.mjs';

export const EXTENSION_ID = 'factmark.factmark';
/** How long the language server may take to index the workspace on a cold start. */
const STARTUP_TIMEOUT_MS = 60_000;

function workspaceFolder(): vscode.Uri {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'the harness opens a workspace folder');
  return folder.uri;
}

/** A file of the workspace by its path relative to the folder (`raw/xinhua-year-review-raw.fmk`). */
export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), relativePath);
}

/** A file's text on disk, read without opening it in VS Code (which would change what the server knows). */
export function diskText(relativePath: string): string {
  return readFileSync(fileUri(relativePath).fsPath, 'utf8');
}

/** Every article of the workspace, as paths relative to the folder, sorted. */
export async function articlePaths(): Promise<string[]> {
  const uris = await vscode.workspace.findFiles('**/*.fmk');
  return uris.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
}

function api(): FactmarkApi {
  const extension = vscode.extensions.getExtension<FactmarkApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not among the installed extensions`);
  assert.ok(extension.isActive, `${EXTENSION_ID} is not active`);
  return extension.exports;
}

/** The server's own counts over the whole workspace (`factmark/status`); it applies pending edits before answering. */
export function serverStatus(): Promise<ServerStatus> {
  return api().client.sendRequest<ServerStatus>('factmark/status');
}

type ProblemCounts = Pick<ServerStatus, 'errors' | 'warnings' | 'infos'>;

/**
 * The server's error, warning and info counts (hints vary with the open
 * documents). Unlike VS Code's diagnostics, which arrive some time after an
 * edit, these are the state after every edit sent so far.
 */
export async function serverProblemCounts(): Promise<ProblemCounts> {
  const { errors, warnings, infos } = await serverStatus();
  return { errors, warnings, infos };
}

/** What serverProblemCounts() is for the samples with the default rules. */
export function expectedProblemCounts(): ProblemCounts {
  const severities = Object.values(EXPECTED_PROBLEMS).flatMap((problems) => problems.map(([, code]) => DEFAULT_SEVERITY[code]));
  const count = (severity: string) => severities.filter((s) => s === severity).length;
  return { errors: count('Error'), warnings: count('Warning'), infos: count('Information') };
}

/**
 * Waits until the extension is active (it activates by itself: the suite never
 * calls activate()), its server has started and has indexed every article.
 */
export async function factmarkReady(): Promise<void> {
  await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, { what: `${EXTENSION_ID} to activate`, timeoutMs: STARTUP_TIMEOUT_MS });
  await api().ready;
  const articles = (await articlePaths()).length;
  await waitFor(
    async () => {
      const status = await serverStatus();
      return !status.indexing && status.files === articles && status;
    },
    { what: `the language server to index the ${articles} articles`, timeoutMs: STARTUP_TIMEOUT_MS },
  );
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

export interface RenderOptions {
  /** Append the severity: `20:unsourced-figure:Warning`. */
  readonly withSeverity?: boolean;
}

/**
 * Factmark's errors, warnings and infos of a file as sorted `line:code` text
 * (1-based lines). Hints are left out: untagged-alias hints exist only while a
 * document is open.
 */
function problemsOf(uri: vscode.Uri, options: RenderOptions = {}): string[] {
  return byLine(
    vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source === 'factmark' && d.severity !== vscode.DiagnosticSeverity.Hint)
      .map((d) => `${d.range.start.line + 1}:${codeOf(d)}${options.withSeverity ? `:${vscode.DiagnosticSeverity[d.severity]}` : ''}`),
  );
}

/** Every article's problems, by relative path (an article without problems maps to []). */
export async function workspaceProblems(): Promise<Record<string, string[]>> {
  return Object.fromEntries((await articlePaths()).map((path) => [path, problemsOf(fileUri(path))]));
}

/** What workspaceProblems() is for the samples as they are on disk (samples.mts states it by phrase). */
export function expectedWorkspaceProblems(): Record<string, string[]> {
  return Object.fromEntries(
    Object.keys(EXPECTED_PROBLEMS)
      .sort()
      .map((path) => [path, expectedProblemLines(diskText(path), EXPECTED_PROBLEMS[path])]),
  );
}

/** Waits until a file's problems are exactly `expected`. */
export function waitForProblems(relativePath: string, expected: string[], what: string, options: RenderOptions = {}): Promise<string[]> {
  return waitForEqual(() => problemsOf(fileUri(relativePath), options), expected, { what: `${what} (problems of ${relativePath})` });
}

/**
 * Opens a file in an editor tab of its own (the document the server then gets
 * from VS Code instead of the disk). Not a preview tab: the next file opened
 * would replace it, closing this tab while its document stays open.
 */
export async function openEditor(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The position where `phrase` (unique in the document) starts, plus `within` characters. */
export function positionOf(document: vscode.TextDocument, phrase: string, within = 0): vscode.Position {
  return document.positionAt(offsetOf(document.getText(), phrase) + within);
}

/** The range `phrase` (unique in the document) covers. */
export function rangeOf(document: vscode.TextDocument, phrase: string): vscode.Range {
  const start = offsetOf(document.getText(), phrase);
  return new vscode.Range(document.positionAt(start), document.positionAt(start + phrase.length));
}

/** The hovers' markdown at a position, joined (empty when there is no hover). */
export async function hoverMarkdown(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n\n');
}

/** Replaces the unique `phrase` in a file (opened as a document if it is not) through a WorkspaceEdit. */
export async function replaceInFile(relativePath: string, phrase: string, replacement: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(fileUri(relativePath));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, rangeOf(document, phrase), replacement);
  assert.equal(await vscode.workspace.applyEdit(edit), true, `the edit of ${relativePath} was not applied`);
}

/** Whether an editor tab (in any group) shows the document. */
export function isInTab(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()),
  );
}

/**
 * Puts the workspace back as the samples have it: every document with unsaved
 * changes reverted to the file on disk; then waits until the diagnostics are
 * the samples' again. Editors stay open: a tab closed while its document lives
 * on loses its diagnostics (the bug tabs.itest.mts shows on its own), and it
 * must not fail every other test.
 */
async function restoreWorkspace(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !document.isDirty, { what: `${vscode.workspace.asRelativePath(document.uri)} to be reverted` });
  }
  await waitForEqual(workspaceProblems, expectedWorkspaceProblems(), { what: "the samples' own diagnostics once the test has put everything back" });
}

/**
 * A test that leaves the workspace as it found it: restoreWorkspace() runs
 * after it, and a test that left something behind fails. (Not a Mocha
 * teardown: a failing hook would skip the rest of the suite.) When the test
 * itself fails, its own error is the one reported.
 */
export function workspaceTest(title: string, body: () => Promise<void>): void {
  test(title, async () => {
    try {
      await body();
    } catch (error) {
      await restoreWorkspace().catch(() => undefined);
      throw error;
    }
    await restoreWorkspace();
  });
}
