/**
 * The VS Code extension: starts the bundled language server (`dist/cli.js lsp
 * --stdio`) and adds what LSP has no words for: the Claims view, the claims
 * report, moving between unsourced figures, and the status-bar counts.
 * Everything about Factmark itself (parsing, checks, reconciliation) happens
 * in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { ClaimReport } from '../../server/src/core/reports';
import { claimChanges, ClaimsView } from './claimsView';
import { ClaimsReportPanel } from './claimsWebview';
import { ClaimsRequest } from './protocol';
import { StatusBar } from './statusBar';
import { registerUnsourcedNavigation } from './unsourcedNavigation';

/** What `activate` returns, for the integration tests and other extensions. */
export interface FactmarkApi {
  readonly client: LanguageClient;
  /** Settles once the first start of the server has finished (rejects if it failed). */
  readonly ready: Promise<void>;
  /** The server's claims report (`factmark/claims`); `token` cancels it. */
  claims(token?: vscode.CancellationToken): Promise<ClaimReport[]>;
  /** The Claims view's data: its rows through getChildren() and getTreeItem(). */
  readonly claimsView: ClaimsView;
  /** The claims report webview: the page it shows, and the handler of its messages. */
  readonly claimsReport: ClaimsReportPanel;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): FactmarkApi {
  const languageClient = createClient(context);
  client = languageClient;
  // Created before the start so that it sees the server reach Running.
  const statusBar = new StatusBar(languageClient);
  const ready = languageClient.start();
  // The client has already reported a failed start in its output channel and a notification.
  ready.catch(() => undefined);
  const claims = async (token?: vscode.CancellationToken): Promise<ClaimReport[]> => {
    await ready;
    return languageClient.sendRequest(ClaimsRequest, {}, token);
  };
  const claimsView = new ClaimsView(claims, context.workspaceState);
  const claimsReport = new ClaimsReportPanel(claims);
  context.subscriptions.push(
    statusBar,
    claimsView,
    claimsReport,
    claimChanges(() => {
      void claimsView.refresh();
      void claimsReport.refresh();
    }),
    registerUnsourcedNavigation(),
    vscode.commands.registerCommand('factmark.restartServer', () => languageClient.restart()),
    // The server's code lenses ("5 mentions in 3 articles") run this with plain LSP arguments.
    vscode.commands.registerCommand('factmark.showReferences', (uri: string, position: { line: number; character: number }) =>
      vscode.commands.executeCommand('editor.action.findReferences', vscode.Uri.parse(uri), new vscode.Position(position.line, position.character)),
    ),
  );
  return { client: languageClient, ready, claims, claimsView, claimsReport };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/cli.js');
  // TransportKind.stdio appends --stdio (and --clientProcessId=<pid>) to the arguments. Stdio, not node-ipc: over
  // stdio the server re-encodes only the changed diagnostics of an open document's publish (over node-ipc Node
  // serializes every message whole: ~2 ms more per keystroke in a 10,000-word article).
  const run = { module: serverModule, args: ['lsp'], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = {
    run,
    debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'factmark' },
      { scheme: 'untitled', language: 'factmark' },
    ],
    // No `synchronize` option: the server registers for changes of the `factmark`
    // settings itself and pulls them (workspace/configuration), per folder.
    // The summary cache goes where VS Code keeps this workspace's data (and removes it with the workspace).
    initializationOptions: context.storageUri ? { summaryCache: { directory: context.storageUri.fsPath } } : {},
  };
  // The id 'factmark' makes the client honour the factmark.trace.server setting.
  return new LanguageClient('factmark', 'Factmark Language Server', serverOptions, clientOptions);
}
