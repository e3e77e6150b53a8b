/**
 * A test LSP client: spawns the built server (`node dist/cli.js lsp --stdio`)
 * on a temporary workspace folder made from a multi-file fixture, speaks
 * JSON-RPC to it as an editor would, records what the server sends, and lets
 * tests wait (boundedly) for a notification instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { documentDiagnostics } from '../../server/src/core/analysis';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { summarize } from '../../server/src/core/summary';
import { LineIndex, type TextRange } from '../../server/src/core/text';
import { Workspace } from '../../server/src/core/workspace';
import { annotate, parseFixture, type Fixture } from '../support/fixture';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const DEFAULT_WAIT_MS = 10_000;

/** What the server sent, in order. */
export type ServerEvent =
  | { readonly type: 'diagnostics'; readonly params: PublishDiagnosticsParams }
  | { readonly type: 'progress'; readonly token: string | number; readonly value: { kind: 'begin' | 'report' | 'end'; message?: string; percentage?: number; title?: string } }
  | { readonly type: 'progressCreate'; readonly token: string | number }
  | { readonly type: 'register'; readonly method: string; readonly options: unknown }
  | { readonly type: 'status'; readonly status: { errors: number; warnings: number; infos: number; hints: number; files: number; indexing: boolean } }
  | { readonly type: 'message'; readonly level: 'show' | 'log'; readonly messageType: number; readonly message: string }
  | { readonly type: 'refresh'; readonly method: string };

/** Capabilities of a typical editor that listens to pushed diagnostics: dynamic watchers, progress, versioned edits. */
export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    diagnostics: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
    rename: { prepareSupport: true },
    definition: { linkSupport: false },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    completion: { completionItem: { snippetSupport: false } },
  },
};

/** The same plus pull diagnostics (textDocument/diagnostic), as VS Code has. */
export const PULL_CAPABILITIES: ClientCapabilities = { ...CAPABILITIES, textDocument: { ...CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } };

export interface StartOptions {
  /** Multi-file fixture (test/support/fixture.ts syntax); written to a temporary folder. */
  readonly fixture: string;
  readonly capabilities?: ClientCapabilities;
  /** `{ pullDiagnostics: true }` opts in to pull diagnostics (with the capability). */
  readonly initializationOptions?: Record<string, unknown>;
  /** Sub-folders of the temporary folder opened as workspace folders (multi-root); default: the folder itself. */
  readonly folders?: readonly string[];
  /** The `factmark` settings section the client reports. */
  readonly settings?: unknown;
  /** A folder a previous client left (`shutdown({ keepFiles: true })`) to open again, as it is on disk; the fixture then only names the files. */
  readonly root?: string;
}

export class TestClient {
  readonly events: ServerEvent[] = [];
  private waiters: { check: () => boolean }[] = [];
  private readonly versions = new Map<string, number>();
  /** Current text of every fixture file, as the client sees it (open documents include unsaved edits). */
  readonly texts = new Map<string, string>();
  stderr = '';
  settings: unknown;
  /** The workspace folders the client reports (sub-folders of `root`). */
  folders: string[] = [];
  initializeResult!: InitializeResult;

  private constructor(
    readonly root: string,
    readonly fixture: Fixture,
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: StartOptions): Promise<TestClient> {
    const fixture = parseFixture(options.fixture);
    const root = options.root ?? mkdtempSync(join(tmpdir(), 'factmark-lsp-'));
    for (const file of options.root ? [] : fixture.files) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.text);
    }
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(root, fixture, child, connection);
    for (const file of fixture.files) client.texts.set(file.path, options.root ? readFileSync(join(root, file.path), 'utf8') : file.text);
    client.settings = options.settings ?? { diagnostics: { debounceMs: 0 } };
    child.stderr!.on('data', (chunk) => (client.stderr += String(chunk)));
    client.folders = [...(options.folders ?? [''])];
    client.listen();
    connection.listen();

    const folders = client.workspaceFolders();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0].uri,
      workspaceFolders: folders,
      capabilities: options.capabilities ?? CAPABILITIES,
      // No summary cache unless a test asks for one: tests must not write to the user's cache folder.
      initializationOptions: { summaryCache: false, ...options.initializationOptions },
    });
    const mark = client.mark();
    await connection.sendNotification('initialized', {});
    await client.waitFor('indexing to finish', (e) => e.type === 'status' && !e.status.indexing, mark);
    return client;
  }

  private record(event: ServerEvent): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  workspaceFolders(): { uri: string; name: string }[] {
    return this.folders.map((folder) => ({ uri: pathToFileURL(join(this.root, folder)).href, name: folder || 'root' }));
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => this.record({ type: 'diagnostics', params }));
    c.onNotification('$/progress', (params: { token: string | number; value: ServerEvent & { kind: 'begin' } }) =>
      this.record({ type: 'progress', token: params.token, value: params.value as never }),
    );
    c.onNotification('factmark/statusChanged', (status) => this.record({ type: 'status', status }));
    c.onNotification('window/logMessage', (p: { type: number; message: string }) => this.record({ type: 'message', level: 'log', messageType: p.type, message: p.message }));
    c.onNotification('window/showMessage', (p: { type: number; message: string }) => this.record({ type: 'message', level: 'show', messageType: p.type, message: p.message }));
    c.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.record({ type: 'progressCreate', token: p.token });
      return null;
    });
    c.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions: unknown }[] }) => {
      for (const r of p.registrations) this.record({ type: 'register', method: r.method, options: r.registerOptions });
      return null;
    });
    c.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    c.onRequest('workspace/workspaceFolders', () => this.workspaceFolders());
    for (const method of ['workspace/diagnostic/refresh', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh', 'workspace/semanticTokens/refresh']) {
      c.onRequest(method, () => {
        this.record({ type: 'refresh', method });
        return null;
      });
    }
    c.onRequest('window/showMessageRequest', () => null);
  }

  /** Position in the events log: `waitFor` looks only at later events. */
  mark(): number {
    return this.events.length;
  }

  /** Resolves with the first event from `since` on that matches; rejects after a bounded wait. */
  waitFor<E extends ServerEvent>(what: string, match: (event: ServerEvent) => event is E, since?: number, timeoutMs?: number): Promise<E>;
  waitFor(what: string, match: (event: ServerEvent) => boolean, since?: number, timeoutMs?: number): Promise<ServerEvent>;
  waitFor(what: string, match: (event: ServerEvent) => boolean, since = 0, timeoutMs = DEFAULT_WAIT_MS): Promise<ServerEvent> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        const found = this.events.slice(since).find(match);
        if (!found) return false;
        clearTimeout(timer);
        resolvePromise(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.check !== check);
        const recent = this.events.slice(since).map((e) => (e.type === 'diagnostics' ? `diagnostics ${this.pathOf(e.params.uri)} (${e.params.diagnostics.length})` : e.type));
        reject(new Error(`timed out waiting for ${what}; events since: ${recent.join(', ') || 'none'}\nserver stderr: ${this.stderr}`));
      }, timeoutMs);
      if (!check()) this.waiters.push({ check });
    });
  }

  /** The next diagnostics published for a file (after `since`). */
  async diagnosticsFor(path: string, since = 0): Promise<Diagnostic[]> {
    const uri = this.uri(path);
    const event = await this.waitFor(`diagnostics for ${path}`, (e) => e.type === 'diagnostics' && e.params.uri === uri, since);
    return (event as { params: PublishDiagnosticsParams }).params.diagnostics;
  }

  /** The latest diagnostics published for a file so far (empty when none). */
  latestDiagnostics(path: string): Diagnostic[] {
    const uri = this.uri(path);
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.type === 'diagnostics' && e.params.uri === uri) return e.params.diagnostics;
    }
    return [];
  }

  /** Files whose diagnostics were published after `since`, sorted. */
  publishedSince(since: number): string[] {
    const paths = this.events.slice(since).flatMap((e) => (e.type === 'diagnostics' ? [this.pathOf(e.params.uri)] : []));
    return [...new Set(paths)].sort();
  }

  uri(path: string): string {
    return pathToFileURL(join(this.root, path)).href;
  }

  pathOf(uri: string): string {
    const rootUri = pathToFileURL(this.root).href;
    return uri.startsWith(rootUri) ? decodeURIComponent(uri.slice(rootUri.length)) : uri;
  }

  text(path: string): string {
    const text = this.texts.get(path);
    if (text === undefined) throw new Error(`no file ${path}`);
    return text;
  }

  /** The position of a fixture cursor (`‸`, `‸1`…). */
  cursor(name = ''): { path: string; position: Position } {
    const { file, offset } = this.fixture.cursor(name);
    return { path: file.path, position: LineIndex.of(file.text).positionAt(offset) };
  }

  request<R>(method: string, params?: unknown): Promise<R> {
    return params === undefined ? this.connection.sendRequest<R>(method) : this.connection.sendRequest<R>(method, params);
  }

  /** A request about the fixture cursor: `{ textDocument, position }` plus `extra`. */
  requestAt<R>(method: string, cursorName = '', extra: object = {}): Promise<R> {
    const { path, position } = this.cursor(cursorName);
    return this.request<R>(method, { textDocument: { uri: this.uri(path) }, position, ...extra });
  }

  async open(path: string): Promise<void> {
    this.versions.set(path, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(path), languageId: 'factmark', version: 1, text: this.text(path) } });
  }

  /** Sends an incremental change and mirrors it in `texts`. */
  async change(path: string, changes: { range: Range; text: string }[]): Promise<void> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    this.texts.set(path, applyEdits(this.text(path), changes.map((c) => ({ range: c.range, newText: c.text }))));
    const contentChanges: TextDocumentContentChangeEvent[] = changes;
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(path), version }, contentChanges });
  }

  /** Replaces the first occurrence of `search` in an open document (an incremental edit). */
  async replace(path: string, search: string, replacement: string): Promise<void> {
    const text = this.text(path);
    const start = text.indexOf(search);
    if (start < 0) throw new Error(`"${search}" not in ${path}`);
    const index = LineIndex.of(text);
    await this.change(path, [{ range: { start: index.positionAt(start), end: index.positionAt(start + search.length) }, text: replacement }]);
  }

  async close(path: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(path) } });
  }

  /** Writes a file on disk (not through the editor) and tells the server, as a file watcher would. */
  async writeFile(path: string, text: string, type: 1 | 2): Promise<void> {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
    this.texts.set(path, text);
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(path), type }] });
  }

  async deleteFile(path: string): Promise<void> {
    unlinkSync(join(this.root, path));
    this.texts.delete(path);
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(path), type: 3 }] });
  }

  /** The texts with a WorkspaceEdit applied (both the documentChanges and the changes form), as a copy. */
  editedTexts(edit: WorkspaceEdit): Map<string, string> {
    const byUri = new Map<string, TextEdit[]>();
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) byUri.set(change.textDocument.uri, [...(byUri.get(change.textDocument.uri) ?? []), ...(change.edits as TextEdit[])]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    const texts = new Map(this.texts);
    for (const [uri, edits] of byUri) texts.set(this.pathOf(uri), applyEdits(this.text(this.pathOf(uri)), edits));
    return texts;
  }

  /** Applies a WorkspaceEdit to `texts`. */
  applyWorkspaceEdit(edit: WorkspaceEdit): void {
    for (const [path, text] of this.editedTexts(edit)) this.texts.set(path, text);
  }

  /**
   * Renders diagnostics under the lines of a file's current text. Messages
   * are the core's wording (tested with the core) and left out unless asked for.
   */
  renderDiagnostics(path: string, diagnostics: readonly Diagnostic[], { messages = false } = {}): string {
    const text = this.text(path);
    return annotate(
      text,
      diagnostics.map((d) => ({
        range: offsetsOf(text, d.range),
        label: `${SEVERITY_NAMES[d.severity ?? 1]} ${String(d.code)}${messages ? `: ${d.message}` : ''}${d.tags?.includes(1) ? ' [unnecessary]' : ''}${(d.relatedInformation ?? [])
          .map((r) => `\n      related ${this.pathOf(r.location.uri)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1}${messages ? ` ${r.message}` : ''}`)
          .join('')}`,
      })),
    );
  }

  /** `path:line:col-line:col` for each location, sorted. */
  renderLocations(locations: readonly { uri: string; range: Range }[]): string {
    return locations
      .map((l) => `${this.pathOf(l.uri)}:${l.range.start.line + 1}:${l.range.start.character + 1}-${l.range.end.line + 1}:${l.range.end.character + 1} ${this.slice(this.pathOf(l.uri), l.range)}`)
      .sort()
      .join('\n');
  }

  /** The text a range covers in a file's current text. */
  slice(path: string, range: Range): string {
    const text = this.text(path);
    const { start, end } = offsetsOf(text, range);
    return text.slice(start, end);
  }

  /** `keepFiles`: leave the folder for a later client to open (`root`). */
  async shutdown(options: { keepFiles?: boolean } = {}): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone (a test that kills it); cleanup continues.
    }
    await new Promise<void>((resolvePromise) => {
      if (this.child.exitCode !== null) return resolvePromise();
      const timer = setTimeout(() => {
        this.child.kill();
        resolvePromise();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolvePromise();
      });
    });
    this.connection.dispose();
    if (!options.keepFiles) rmSync(this.root, { recursive: true, force: true });
  }
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

export function offsetsOf(text: string, range: Range): TextRange {
  const index = LineIndex.of(text);
  return { start: index.offsetAt(range.start), end: index.offsetAt(range.end) };
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits.map((e) => ({ ...offsetsOf(text, e.range), newText: e.newText })).sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of resolved) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/**
 * Every problem the core finds in a set of texts (path → text), one line each
 * (`/a.fmk:1:23 warning unsourced-figure`): what edits are checked against
 * ("re-parsed: no new problems").
 */
export function problemsIn(texts: ReadonlyMap<string, string>): string {
  const workspace = new Workspace(DEFAULT_CONFIG);
  const uriOf = (path: string) => `file://${path}`;
  for (const [path, text] of texts) if (path.endsWith('.fmk')) workspace.update(uriOf(path), summarize(text, DEFAULT_CONFIG));
  return [...texts.keys()]
    .filter((path) => path.endsWith('.fmk'))
    .sort()
    .flatMap((path) => {
      const index = LineIndex.of(texts.get(path)!);
      return documentDiagnostics(workspace, uriOf(path), texts.get(path)).map((d) => {
        const { line, character } = index.positionAt(d.range.start);
        return `${path}:${line + 1}:${character + 1} ${d.severity} ${d.code}`;
      });
    })
    .join('\n');
}
