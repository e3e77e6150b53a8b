/**
 * The Factmark language server: a thin adapter from LSP to the pure core.
 * This module wires the connection (stdio, node-ipc or socket, from argv),
 * declares the capabilities, and routes every message to a feature module
 * through a guard, so one failing request never takes the server down.
 */
import { setFlagsFromString } from 'node:v8';
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { z, type ZodTypeAny } from 'zod';
import { canonicalUri } from './convert';
import type { FeatureContext } from './context';
import { DocumentState } from './documents';
import { claims, type ClaimsParams } from './features/claims';
import { CODE_ACTION_KINDS, codeActions } from './features/codeActions';
import { codeLenses, resolveCodeLens } from './features/codeLens';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { DiagnosticsPublisher } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { highlights } from './features/highlights';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { documentLinks } from './features/links';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './features/semanticTokens';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { Indexer, type WorkspaceFolderInput } from './indexer';
import { DEFAULT_SETTINGS, parseSettings, parseSummaryCacheOption, type ServerSettings } from './settings';
import { CLAIMS_PARAMS, CODE_ACTION_PARAMS, CODE_LENS, DOCUMENT_PARAMS, paramsProblem, POSITION_PARAMS, RANGE_PARAMS, RENAME_PARAMS, WORKSPACE_SYMBOL_PARAMS } from './params';
import { INTERACTIVE_SLICE_MS } from './timeSlices';
import { connectionFromCommandLine } from './transport';

/** `factmark/claims` request: params `{ onlyConflicts?, ids? }`, result ClaimReport[]. */
export const CLAIMS_REQUEST = 'factmark/claims';
/** `factmark/status` request (no params): result ServerStatus. */
export const STATUS_REQUEST = 'factmark/status';
/** `factmark/statusChanged` notification (server → client), params ServerStatus, sent when a count changes. */
export const STATUS_NOTIFICATION = 'factmark/statusChanged';

export interface ServerStatus {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly hints: number;
  /** Indexed articles. */
  readonly files: number;
  /** True while articles are being read from disk. */
  readonly indexing: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the server offers; pull diagnostics only to a client that can pull (it gets push for closed files). */
function serverCapabilities(client: ClientCapabilities, pullMode: boolean): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: client.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
    completionProvider: { triggerCharacters: ['@', '#', '^', '{', '='], resolveProvider: false },
    codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    documentHighlightProvider: true,
    inlayHintProvider: true,
    codeLensProvider: { resolveProvider: true },
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: false },
    foldingRangeProvider: true,
    documentLinkProvider: { resolveProvider: false },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    ...(pullMode ? { diagnosticProvider: { identifier: 'factmark', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
  };
}

/**
 * The server lives long and keeps its index in the heap. By default V8 lets the heap grow to
 * several times what is live while indexing allocates fast, and keeps the pages: at 10,000
 * articles RSS was 375–460 MB for ~100 MB live. Growing it by 30 % over what is live after each
 * full collection kept RSS at 286–300 MB for the same CPU time. V8 reads the flag whenever it
 * recomputes the heap's limit, so setting it at start-up takes effect (measured with `npm run bench`).
 */
const HEAP_GROWING_PERCENT = 30;
/**
 * V8 pretenures: an allocation site whose objects mostly survived allocates straight into the old
 * generation. Right for building the index, where nearly everything allocated is kept (indexing
 * 100,000 articles without it took 8 % more CPU); wrong afterwards: the index taught it that of sites a
 * keystroke uses too, and a keystroke's objects, garbage one keystroke later, went to the old
 * generation (250–530 KB per keystroke at 10,000 articles, a full collection every ~40 keystrokes).
 * So it stops once the first index is built: 12–21 KB per keystroke (docs/ARCHITECTURE.md).
 */
const NO_PRETENURING = '--no-allocation-site-pretenuring';

export function startServer(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const connection = connectionFromCommandLine();
  const textDocuments = new TextDocuments(TextDocument);
  let capabilities: ClientCapabilities = {};
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let lastSettingsProblems = '';
  let lastStatus = '';
  const loggedErrors = new Set<string>();

  /** Logs an error once per distinct message (a handler failing on every keystroke should not flood the log). */
  const logError = (where: string, error: unknown) => {
    const line = `${where}: ${messageOf(error)}`;
    if (loggedErrors.has(line)) return;
    loggedErrors.add(line);
    connection.console.error(`Factmark ${line}${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`);
  };

  /**
   * Wraps a request handler: params that do not fit `shape` are refused (InvalidParams, naming the field);
   * pending edits are applied first; a failure becomes a ResponseError, logged once.
   */
  const guard =
    <P, R>(name: string, shape: ZodTypeAny, handler: (params: P, token: CancellationToken) => R | Promise<R>) =>
    async (params: P, token: CancellationToken): Promise<R | ResponseError<never>> => {
      const problem = paramsProblem(shape, params);
      if (problem !== undefined) return new ResponseError<never>(ErrorCodes.InvalidParams, `Factmark: ${name}: invalid params: ${problem}`);
      try {
        documents.flush();
        return await handler(params, token);
      } catch (error) {
        if (error instanceof ResponseError) return error as ResponseError<never>;
        logError(name, error);
        return new ResponseError<never>(ErrorCodes.InternalError, `Factmark: ${name} failed: ${messageOf(error)}`);
      }
    };

  /** Wraps a notification handler (no reply to carry an error: log it). */
  const guardNotification =
    <P>(name: string, handler: (params: P) => void | Promise<void>) =>
    async (params: P): Promise<void> => {
      try {
        await handler(params);
      } catch (error) {
        logError(name, error);
      }
    };

  const documents = new DocumentState({
    affected: (uris) => {
      publisher.refresh(uris);
      sendStatus();
    },
    moved: (uris) => {
      publisher.refreshInTimeSlices(uris, undefined, INTERACTIVE_SLICE_MS).then(sendStatus, (error: unknown) => logError('diagnostics', error));
    },
    error: (error) => logError('didChange', error),
  });
  const context: FeatureContext = {
    documents,
    workspace: documents.workspace,
    get capabilities() {
      return capabilities;
    },
    get settings() {
      return settings;
    },
    displayName: (uri) => documents.workspace.summary(uri)?.title ?? indexer.relativeName(uri),
  };
  // Replaced at initialize, once the client's capabilities say whether it pulls.
  let publisher = new DiagnosticsPublisher(context, connection, false, false);

  const indexer = new Indexer(documents, {
    startProgress: () => connection.window.createWorkDoneProgress(),
    indexed: (isCurrent) => {
      setFlagsFromString(NO_PRETENURING);
      return publisher.refreshAll(isCurrent);
    },
    indexingChanged: () => sendStatus(),
    configProblems: (uri, diagnostics) => {
      publisher.setFileProblems(uri, diagnostics);
      sendStatus();
    },
    log: (message) => connection.console.warn(`Factmark: ${message}`),
    info: (message) => connection.console.info(`Factmark: ${message}`),
    settings: () => settings,
  });

  const status = (): ServerStatus => ({ ...publisher.totals, files: documents.workspace.size, indexing: indexer.indexing });
  function sendStatus(): void {
    const current = status();
    const text = JSON.stringify(current);
    if (text === lastStatus) return;
    lastStatus = text;
    void connection.sendNotification(STATUS_NOTIFICATION, current);
  }

  let initialFolders: WorkspaceFolderInput[] = [];

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    // Pull only on request: VS Code's client pulls just the documents visible in tabs, so an
    // open-but-hidden document would lose its diagnostics. Pushing works in every client.
    const pullMode = capabilities.textDocument?.diagnostic !== undefined && params.initializationOptions?.pullDiagnostics === true;
    publisher = new DiagnosticsPublisher(context, connection, pullMode, capabilities.workspace?.diagnostics?.refreshSupport === true);
    initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
    settings = applySettings(params.initializationOptions?.settings ?? params.initializationOptions?.factmark, false);
    const cacheOption = parseSummaryCacheOption(params.initializationOptions?.summaryCache);
    if (cacheOption.problem) connection.console.warn(`Factmark: ${cacheOption.problem}`);
    indexer.useSummaryCache(cacheOption.directory);

    return { capabilities: serverCapabilities(capabilities, pullMode), serverInfo: { name: 'factmark' } };
  });

  connection.onInitialized(
    guardNotification('initialized', async () => {
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.fmk' }, { globPattern: '**/factmark.json' }],
        });
      }
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'factmark' });
      }
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification('workspace folders', async () => indexer.setFolders((await connection.workspace.getWorkspaceFolders()) ?? [])),
        );
      }
      if (capabilities.workspace?.configuration) settings = applySettings(await connection.workspace.getConfiguration('factmark'), false);
      await indexer.setFolders(initialFolders);
    }),
  );

  /** Validates and applies settings; returns them. `announce` refreshes what depends on them. */
  function applySettings(raw: unknown, announce: boolean): ServerSettings {
    const { settings: next, problems } = parseSettings(raw);
    const text = problems.join('\n');
    if (text && text !== lastSettingsProblems) {
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Factmark: invalid settings ignored:\n${text}` });
    }
    lastSettingsProblems = text;
    const previous = settings;
    settings = next;
    documents.debounceMs = next.debounceMs;
    if (announce) {
      if (JSON.stringify(previous.rules) !== JSON.stringify(next.rules)) {
        publisher.refreshAll().then(sendStatus, (error: unknown) => logError('diagnostics', error));
      }
      if (previous.inlayHintsEnabled !== next.inlayHintsEnabled && capabilities.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh();
      if (previous.codeLensEnabled !== next.codeLensEnabled && capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
    }
    return next;
  }

  connection.onDidChangeConfiguration(
    guardNotification('configuration', async (params) => {
      const raw = capabilities.workspace?.configuration ? await connection.workspace.getConfiguration('factmark') : (params.settings as { factmark?: unknown } | undefined)?.factmark;
      applySettings(raw, true);
    }),
  );

  textDocuments.onDidOpen(
    guardNotification('didOpen', ({ document }) => {
      const uri = canonicalUri(document.uri);
      publisher.opened(uri);
      documents.didOpen(uri, document);
    }),
  );
  textDocuments.onDidChangeContent(guardNotification('didChange', ({ document }) => documents.didChange(canonicalUri(document.uri), document)));
  textDocuments.onDidClose(
    guardNotification('didClose', async ({ document }) => {
      const uri = canonicalUri(document.uri);
      documents.didClose(uri);
      await indexer.closed(uri);
    }),
  );
  connection.onDidChangeWatchedFiles(guardNotification('watched files', (params) => indexer.filesChanged(params.changes)));

  connection.onHover(guard('hover', POSITION_PARAMS, (params) => hover(context, params)));
  connection.onDefinition(guard('definition', POSITION_PARAMS, (params) => definition(context, params)));
  connection.onReferences(guard('references', POSITION_PARAMS, (params, token) => references(context, params, token)));
  connection.onPrepareRename(guard('prepareRename', POSITION_PARAMS, (params) => prepareRename(context, params)));
  connection.onRenameRequest(guard('rename', RENAME_PARAMS, (params, token) => rename(context, params, token)));
  connection.onCompletion(guard('completion', POSITION_PARAMS, (params) => completion(context, params)));
  connection.onCodeAction(guard('codeAction', CODE_ACTION_PARAMS, (params) => codeActions(context, params)));
  connection.onDocumentSymbol(guard('documentSymbol', DOCUMENT_PARAMS, (params) => documentSymbols(context, params)));
  connection.onWorkspaceSymbol(guard('workspaceSymbol', WORKSPACE_SYMBOL_PARAMS, (params, token) => workspaceSymbols(context, params, token)));
  connection.onDocumentHighlight(guard('documentHighlight', POSITION_PARAMS, (params) => highlights(context, params)));
  connection.languages.inlayHint.on(guard('inlayHint', RANGE_PARAMS, (params) => inlayHints(context, params)));
  connection.onCodeLens(guard('codeLens', DOCUMENT_PARAMS, (params) => codeLenses(context, params)));
  connection.onCodeLensResolve(guard('codeLensResolve', CODE_LENS, (lens) => resolveCodeLens(context, lens)));
  connection.languages.semanticTokens.on(guard('semanticTokens', DOCUMENT_PARAMS, (params) => semanticTokens(context, params)));
  connection.onFoldingRanges(guard('foldingRange', DOCUMENT_PARAMS, (params) => foldingRanges(context, params)));
  connection.onDocumentLinks(guard('documentLink', DOCUMENT_PARAMS, (params) => documentLinks(context, params)));
  connection.languages.diagnostics.on(guard('diagnostic', DOCUMENT_PARAMS, (params) => publisher.pull(params)));

  // Custom requests, registered by name: sent without params, the handler gets only the token.
  const custom = <P, R>(name: string, shape: ZodTypeAny, handler: (params: P | undefined, token: CancellationToken) => R | Promise<R>) => {
    const guarded = guard(name, shape, handler);
    return (...args: unknown[]): Promise<unknown> => (args.length > 1 ? guarded(args[0] as P, args[args.length - 1] as CancellationToken) : guarded(undefined, args[0] as CancellationToken));
  };
  connection.onRequest(CLAIMS_REQUEST, custom('claims', CLAIMS_PARAMS, (params: ClaimsParams | undefined, token) => claims(context, params, token)));
  connection.onRequest(STATUS_REQUEST, custom('status', z.unknown(), () => status()));

  // A last resort: a bug outside any handler is logged, and the editor keeps its server.
  process.on('uncaughtException', (error) => logError('uncaught exception', error));
  process.on('unhandledRejection', (reason) => logError('unhandled rejection', reason));

  textDocuments.listen(connection);
  connection.listen();
}
