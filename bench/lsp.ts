/**
 * Drives the language server over stdio exactly as an editor would, and
 * times requests and notifications from the client's side of the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { currentRssMb } from './measure';

export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: readonly { code?: string | number; message: string }[];
}

export class LspSession {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly publishWaiters: { uri: string; resolve: (p: Published) => void }[] = [];
  private progressEndWaiters: (() => void)[] = [];
  private progressEnded = false;
  readonly debounceMs: number;

  constructor(cliPath: string, debounceMs: number) {
    this.debounceMs = debounceMs;
    this.child = spawn(process.execPath, ['--max-old-space-size=4096', cliPath, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => ({ diagnostics: { debounceMs: this.debounceMs } })),
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('$/progress', (params: { value?: { kind?: string } }) => {
      if (params.value?.kind === 'end') {
        this.progressEnded = true;
        for (const resolve of this.progressEndWaiters) resolve();
        this.progressEndWaiters = [];
      }
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Published) => {
      for (let i = 0; i < this.publishWaiters.length; i++) {
        if (this.publishWaiters[i].uri === params.uri) {
          this.publishWaiters.splice(i, 1)[0].resolve(params);
          i--;
        }
      }
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  rssMb(): number {
    return currentRssMb(this.pid);
  }

  /** initialize → initialized → indexing progress ends; returns the elapsed milliseconds. */
  async initialize(rootUri: string): Promise<number> {
    const started = performance.now();
    const indexed = new Promise<void>((resolve) => (this.progressEnded ? resolve() : this.progressEndWaiters.push(resolve)));
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    await indexed;
    return performance.now() - started;
  }

  nextPublish(uri: string): Promise<Published> {
    return new Promise((resolve) => this.publishWaiters.push({ uri, resolve }));
  }

  async timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
    const started = performance.now();
    const result = await fn();
    return [performance.now() - started, result];
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; the kill below settles it.
    }
    this.connection.dispose();
    this.child.kill('SIGKILL');
  }
}
