/**
 * Drives the language server over stdio exactly as an editor would, and
 * times requests and notifications from the client's side of the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { cpuTimeMs, currentRssMb } from './measure';

export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: readonly { code?: string | number; message: string }[];
}

/** A wait for the server that never ends is a failed measurement, not a hung benchmark. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export class LspSession {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly publishWaiters: { uri: string; resolve: (p: Published) => void }[] = [];
  private progressEndWaiters: (() => void)[] = [];
  private progressEnded = false;
  /** Resolved by the first status that says indexing (which includes publishing every file's diagnostics) is over. */
  private readonly settled: Promise<void>;
  private debounceMs: number;
  private configurationPulled = () => {};
  /** Rejects when the server process ends (e.g. out of memory), so that waits on it fail at once. */
  private readonly exited: Promise<never>;
  /** The last progress message (`4000/10002 articles`): how far indexing got. */
  lastProgress = '';
  /** Every window/logMessage, in order. */
  readonly logMessages: string[] = [];
  private logWaiters: { pattern: RegExp; resolve: (message: string) => void }[] = [];

  /** `nodeOptions` go to the server's node (e.g. `--cpu-prof` to profile it). */
  constructor(cliPath: string, debounceMs: number, nodeOptions: readonly string[] = []) {
    this.debounceMs = debounceMs;
    this.child = spawn(process.execPath, ['--max-old-space-size=4096', ...nodeOptions, cliPath, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.exited = new Promise<never>((_, reject) => this.child.on('exit', (code, signal) => reject(new Error(`the server exited (${signal ?? `code ${code}`})`))));
    this.exited.catch(() => undefined); // observed by the waits that race it
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      this.configurationPulled();
      return params.items.map(() => ({ diagnostics: { debounceMs: this.debounceMs } }));
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('$/progress', (params: { value?: { kind?: string; message?: string } }) => {
      if (params.value?.message) this.lastProgress = params.value.message;
      if (params.value?.kind === 'end') {
        this.progressEnded = true;
        for (const resolve of this.progressEndWaiters) resolve();
        this.progressEndWaiters = [];
      }
    });
    this.settled = new Promise<void>((resolve) =>
      this.connection.onNotification('factmark/statusChanged', (status: { indexing?: boolean }) => {
        if (this.progressEnded && status.indexing === false) resolve();
      }),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Published) => {
      for (let i = 0; i < this.publishWaiters.length; i++) {
        if (this.publishWaiters[i].uri === params.uri) {
          this.publishWaiters.splice(i, 1)[0].resolve(params);
          i--;
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
      this.logWaiters = this.logWaiters.filter((waiter) => !(waiter.pattern.test(params.message) && (waiter.resolve(params.message), true)));
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  rssMb(): number {
    return currentRssMb(this.pid);
  }

  /** CPU time (user + system) the server has used so far, in ms. */
  cpuMs(): number {
    return cpuTimeMs(this.pid).own;
  }

  /** Changes the `factmark.diagnostics.debounceMs` setting; the server pulls it on the change notification. */
  async setDebounce(ms: number): Promise<void> {
    this.debounceMs = ms;
    const pulled = new Promise<void>((resolve) => (this.configurationPulled = resolve));
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await withTimeout(pulled, 10_000, 'configuration request');
    // The server applies the answer as soon as it arrives; leave it a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  /**
   * initialize → initialized → indexing progress ends (`indexedMs`) → every file's diagnostics are
   * published and the server's status says it is idle (`publishedMs`).
   */
  async initialize(rootUri: string, timeoutMs: number, initializationOptions: object = {}): Promise<{ indexedMs: number; publishedMs: number }> {
    const started = performance.now();
    const indexed = new Promise<void>((resolve) => (this.progressEnded ? resolve() : this.progressEndWaiters.push(resolve)));
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    await withTimeout(Promise.race([indexed, this.exited]), timeoutMs, 'end of indexing progress');
    const indexedMs = performance.now() - started;
    await withTimeout(Promise.race([this.settled, this.exited]), timeoutMs, 'every file\'s diagnostics published');
    return { indexedMs, publishedMs: performance.now() - started };
  }

  /** The first log message (already sent or to come) that matches. */
  logged(pattern: RegExp, timeoutMs: number): Promise<string> {
    const sent = this.logMessages.find((message) => pattern.test(message));
    if (sent !== undefined) return Promise.resolve(sent);
    const message = new Promise<string>((resolve) => this.logWaiters.push({ pattern, resolve }));
    return withTimeout(Promise.race([message, this.exited]), timeoutMs, `a log message matching ${pattern}`);
  }

  /** The next diagnostics published for `uri` (register before the change that causes them). */
  nextPublish(uri: string, timeoutMs = 60_000): Promise<Published> {
    let waiter: { uri: string; resolve: (p: Published) => void } | undefined;
    const published = new Promise<Published>((resolve) => this.publishWaiters.push((waiter = { uri, resolve })));
    return withTimeout(Promise.race([published, this.exited]), timeoutMs, `diagnostics for ${uri}`).catch((error: unknown) => {
      const index = this.publishWaiters.indexOf(waiter!);
      if (index >= 0) this.publishWaiters.splice(index, 1);
      throw error;
    });
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
