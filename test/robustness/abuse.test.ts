/**
 * The language server under abuse, over JSON-RPC on stdio: malformed params,
 * unknown methods, unknown or never-opened documents, out-of-range and stale
 * edits, double opens, files deleted or renamed on disk while open, binary
 * and 50 MB files, a directory symlink loop, cancellation of every request,
 * 1,000 requests in flight, garbage on the wire. Every request gets a result
 * or a proper JSON-RPC error, each failure's cause is logged once, and after
 * every case a hover and a definition still answer.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { TestClient } from '../lsp/client';
import { expectedDiagnostics, renderDiagnostics } from './lspSupport';

const CLI = resolve(__dirname, '../../../dist/cli.js');

const FIXTURE = `
  //- /registry.fmk
  [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
  [#trade]: China–Central Asia trade {unit=USD}
  [^xinhua]: Xinhua <https://example.org/x>
  //- /a.fmk
  [Tokayev]{@tokayev} said trade reached [$95 billion]{#trade ^xinhua}.
  //- /b.fmk
  Turnover was [$94 billion]{#trade}.
  //- /anchor.fmk
  No case touches this file: [$95 billion]{#trade ^xinhua}.
`;

/** Every request method the server serves, with well-formed params for /a.fmk (position on `Tokayev`). */
function requests(uri: string): [method: string, params: object][] {
  const textDocument = { uri };
  const position = { line: 0, character: 3 };
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 40 } };
  return [
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/documentHighlight', { textDocument, position }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'tokayev-2' }],
    ['textDocument/completion', { textDocument, position: { line: 0, character: 10 } }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/inlayHint', { textDocument, range }],
    ['textDocument/codeLens', { textDocument }],
    ['codeLens/resolve', { range, data: { uri, kind: 'entity', id: 'tokayev' } }],
    ['textDocument/semanticTokens/full', { textDocument }],
    ['textDocument/foldingRange', { textDocument }],
    ['textDocument/documentLink', { textDocument }],
    ['textDocument/diagnostic', { textDocument }],
    ['workspace/symbol', { query: 'to' }],
    ['factmark/claims', { ids: ['trade'] }],
    ['factmark/status', {}],
  ];
}

/** Params a confused client might send instead. */
const MALFORMED: readonly (readonly [name: string, params: unknown])[] = [
  ['empty params', {}],
  ['a number for textDocument', { textDocument: 5, position: { line: 'a', character: null } }],
  ['a uri that is no uri', { textDocument: { uri: 'not a uri %%' }, position: { line: 0, character: 0 }, range: { start: 0, end: 1 } }],
  ['negative and fractional positions', { textDocument: { uri: 'file:///x.fmk' }, position: { line: -1, character: 0.5 }, query: 5, newName: 7, ids: 'trade' }],
  ['positional params', [1, 2, 3]],
];

/** A JSON-RPC answer in one word, after checking that an error is a proper one. */
function answerOf(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === 'fulfilled') return 'result';
  const error = outcome.reason as unknown;
  assert.ok(error instanceof ResponseError, `not a JSON-RPC error: ${String(error)}`);
  assert.ok(Number.isInteger(error.code) && error.code >= -32899 && error.code <= -32000, `error code ${error.code} outside the reserved ranges`);
  assert.ok(error.message.trim() !== '', 'an error without a message');
  return `error ${error.code}`;
}

/** `promise`, or a rejection after `ms` (the timer is cleared either way, so it cannot keep the test process alive). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('the server under abuse', () => {
  let client: TestClient;
  let uriA: string;

  before(async () => {
    client = await TestClient.start({ fixture: FIXTURE });
    uriA = client.uri('/a.fmk');
    await client.open('/a.fmk');
  });
  after(() => client.shutdown());

  /** After each case: a hover on the registry's definition and a definition from anchor.fmk's claim still answer. */
  async function stillAnswers(): Promise<void> {
    const hover = await within(client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('/registry.fmk') }, position: { line: 0, character: 3 } }), 10_000, 'hover');
    assert.match(JSON.stringify(hover?.contents), /tokayev/, 'hover still answers');
    const definition = await within(client.request<Location[] | Location | null>('textDocument/definition', { textDocument: { uri: client.uri('/anchor.fmk') }, position: { line: 0, character: 44 } }), 10_000, 'definition');
    assert.ok(definition && JSON.stringify(definition).includes('registry.fmk'), 'definition still answers');
  }

  /** Sends a request twice (a failing handler must log its cause once, not per request) and reports the answer. */
  async function ask(method: string, params: unknown): Promise<string> {
    const send = async () => answerOf((await Promise.allSettled([within(client.connection.sendRequest(method, params as object), 10_000, method)]))[0]);
    const answer = await send();
    assert.equal(await send(), answer, `${method}: the same request answered differently`);
    return answer;
  }

  /** Server log lines (window/logMessage) seen so far, by first line. */
  const logLines = () => client.events.flatMap((e) => (e.type === 'message' && e.level === 'log' ? [e.message.split('\n')[0]] : []));

  test('malformed params for every request: a result or a proper error, each cause logged once', async (t) => {
    const answers: string[] = [];
    for (const [method] of requests(uriA)) {
      for (const [name, params] of MALFORMED) answers.push(`${method} with ${name}: ${await ask(method, params)}`);
    }
    for (const line of answers) t.diagnostic(line);
    // Params are checked before a handler runs: a malformed request is the client's error, never an internal one.
    assert.deepEqual(answers.filter((a) => a.endsWith('error -32603')), []);
    const failingMethods = new Set(answers.filter((a) => a.endsWith('error -32603')).map((a) => a.slice(0, a.indexOf(' '))));
    const lines = logLines();
    assert.equal(lines.length, new Set(lines).size, `a cause logged more than once:\n${lines.join('\n')}`);
    assert.ok(lines.length >= failingMethods.size, `${failingMethods.size} methods failed internally, ${lines.length} causes logged`);
    await stillAnswers();
  });

  test('unknown methods: MethodNotFound for requests, silence for notifications', async () => {
    assert.equal(await ask('factmark/noSuchRequest', {}), 'error -32601');
    assert.equal(await ask('textDocument/noSuchRequest', { textDocument: { uri: uriA } }), 'error -32601');
    await client.connection.sendNotification('factmark/noSuchNotification', { x: 1 });
    await client.connection.sendNotification('$/noSuchNotification');
    await stillAnswers();
  });

  test('every request about an unknown, never-opened or non-file document gets an answer', async (t) => {
    const answers: string[] = [];
    for (const uri of [client.uri('/b.fmk'), client.uri('/nowhere.fmk'), 'untitled:Untitled-1', 'https://example.org/a.fmk', 'file:///etc/passwd']) {
      for (const [method, params] of requests(uri)) answers.push(`${method} on ${uri.replace(client.root, '<root>')}: ${await ask(method, params)}`);
    }
    for (const line of answers) t.diagnostic(line);
    assert.deepEqual(answers.filter((a) => !a.endsWith(': result')), [], 'a well-formed request about an unknown document is answered with a result (null or empty)');
    await stillAnswers();
  });

  test('didChange with out-of-range and reversed ranges, or for a document never opened', async () => {
    let version = 100;
    const change = (uri: string, contentChanges: object[]) => client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges });
    await change(uriA, [{ range: { start: { line: 50, character: 0 }, end: { line: 60, character: 3 } }, text: ' Tail [1%]{#trade}.' }]);
    await change(uriA, [{ range: { start: { line: 0, character: 500 }, end: { line: 0, character: -4 } }, text: 'X' }]);
    await change(uriA, [{ range: { start: { line: -3, character: -3 }, end: { line: -1, character: 0 } }, text: '' }]);
    await change(client.uri('/never-opened.fmk'), [{ text: 'Not open [5%]{#trade}.' }]);
    await change(client.uri('/b.fmk'), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    await client.request('factmark/status');
    await stillAnswers();
  });

  test('a didChange reusing an old version number is still analysed: diagnostics match the text the server holds', async () => {
    const uri = client.uri('/stale.fmk');
    const text = 'Trade reached [$95 billion]{#own-claim ^own-source}.'; // ids of its own: its diagnostics depend on it alone
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'factmark', version: 1, text } });
    const sent: [version: number, insert: string][] = [[2, ' Up 5%.'], [3, ' Down 7%.'], [3, ' [3%]{#nowhere}']];
    let current = text;
    for (const [version, insert] of sent) {
      const end = { line: 0, character: current.length };
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: end, end }, text: insert }] });
      current += insert;
    }
    await client.request('factmark/status');
    const expected = expectedDiagnostics(new Map([[uri, current]]), DEFAULT_CONFIG, new Set([uri])).get(uri)!;
    const published = client.latestDiagnostics('/stale.fmk');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.equal(renderDiagnostics(published, (u) => u), renderDiagnostics(expected, (u) => u));
    await stillAnswers();
  });

  test('a second didOpen of an open document replaces its text', async () => {
    const uri = client.uri('/double.fmk');
    for (const text of ['First [5%]{#trade ^xinhua}.', 'Second, with nothing to check.']) {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'factmark', version: 1, text } });
    }
    await client.request('factmark/status');
    assert.equal(renderDiagnostics(client.latestDiagnostics('/double.fmk'), (u) => u), '');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: client.uri('/never-opened.fmk') } });
    await stillAnswers();
  });

  test('a file deleted, or renamed, on disk while open: the editor text stays, the disk wins after closing', async () => {
    await client.open('/b.fmk');
    unlinkSync(join(client.root, 'a.fmk'));
    renameSync(join(client.root, 'b.fmk'), join(client.root, 'c.fmk'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriA, type: 3 },
        { uri: client.uri('/b.fmk'), type: 3 },
        { uri: client.uri('/c.fmk'), type: 1 },
      ],
    });
    await client.request('factmark/status');
    await stillAnswers();
    await client.close('/b.fmk');
    await client.close('/a.fmk');
    const deadline = Date.now() + 10_000;
    let status: { files: number };
    do status = await client.request<{ files: number }>('factmark/status');
    while (status.files !== 3 && Date.now() < deadline);
    assert.equal(status.files, 3, 'registry.fmk, anchor.fmk and c.fmk are left');
    await stillAnswers();
    // Put the fixture back for the cases that follow.
    renameSync(join(client.root, 'c.fmk'), join(client.root, 'b.fmk'));
    writeFileSync(join(client.root, 'a.fmk'), client.fixture.file('/a.fmk').text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('/c.fmk'), type: 3 },
        { uri: client.uri('/b.fmk'), type: 1 },
        { uri: uriA, type: 1 },
      ],
    });
    await client.open('/a.fmk');
  });

  test('a binary file, a 50 MB file, links to a named pipe and a device, a directory symlink loop: reported once each, indexing ends', async (t) => {
    writeFileSync(join(client.root, 'binary.fmk'), Buffer.from([0x54, 0x72, 0x61, 0x64, 0x65, 0x00, 0xff, 0xfe, 0x00]));
    spawnSync('mkfifo', [join(client.root, 'fifo')]);
    symlinkSync('fifo', join(client.root, 'pipe.fmk'));
    symlinkSync('/dev/zero', join(client.root, 'zero.fmk'));
    writeFileSync(join(client.root, 'huge.fmk'), 'Trade was 5%. ');
    truncateSync(join(client.root, 'huge.fmk'), 50 * 1024 * 1024); // sparse: 50 MB without writing them to a slow disk
    mkdirSync(join(client.root, 'loop'));
    symlinkSync('..', join(client.root, 'loop', 'up'));
    symlinkSync(join(client.root, 'loop'), join(client.root, 'loop', 'self'));
    const mark = client.mark();
    const started = Date.now();
    // A new factmark.json reindexes the whole workspace, as at startup.
    writeFileSync(join(client.root, 'factmark.json'), '{}');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('/factmark.json'), type: 1 }] });
    await client.waitFor('the reindex to start', (e) => e.type === 'status' && e.status.indexing, mark, 10_000);
    const startedAt = client.events.findIndex((e, i) => i >= mark && e.type === 'status' && e.status.indexing);
    await client.waitFor('the reindex to end', (e) => e.type === 'status' && !e.status.indexing, startedAt, 60_000);
    const logged = client.events.slice(mark).flatMap((e) => (e.type === 'message' ? [e.message.replace(client.root, '<root>')] : []));
    for (const line of [`reindexed in ${Date.now() - started} ms`, ...logged]) t.diagnostic(line);
    assert.deepEqual(logged.sort(), [
      'Factmark: <root>/binary.fmk: binary file (it contains NUL bytes)',
      'Factmark: <root>/huge.fmk: too large (50.0 MB; articles are limited to 20 MB)',
      'Factmark: <root>/pipe.fmk: not a regular file (a pipe, socket or device)',
      'Factmark: <root>/zero.fmk: not a regular file (a pipe, socket or device)',
    ]);
    const status = await client.request<{ files: number; indexing: boolean }>('factmark/status');
    assert.deepEqual(status.indexing, false);
    await stillAnswers();
    for (const name of ['huge.fmk', 'pipe.fmk', 'zero.fmk']) unlinkSync(join(client.root, name));
  });

  test('cancelling each kind of request right after sending it: a result or RequestCancelled, never silence', async (t) => {
    const answers: string[] = [];
    for (const [method, params] of requests(uriA)) {
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest(method, params, source.token);
      source.cancel();
      const [outcome] = await Promise.allSettled([within(pending, 10_000, method)]);
      const answer = answerOf(outcome);
      assert.ok(answer === 'result' || answer === 'error -32800', `${method}: ${answer}`);
      answers.push(`${method}: ${answer}`);
    }
    for (const line of answers) t.diagnostic(line);
    await stillAnswers();
  });

  test('1,000 requests in flight are all answered', async (t) => {
    const started = Date.now();
    const all = requests(uriA).filter(([method]) => method !== 'textDocument/rename');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => {
        const [method, params] = all[i % all.length];
        return within(client.connection.sendRequest(method, params), 60_000, method);
      }),
    );
    const answers = outcomes.map(answerOf);
    t.diagnostic(`1,000 requests answered in ${Date.now() - started} ms`);
    assert.deepEqual([...new Set(answers)], ['result']);
    await stillAnswers();
  });

  test('a 1 MB document opened and edited: the server keeps answering', async (t) => {
    const uri = client.uri('/big.fmk');
    const text = 'Trade with [Tokayev]{@tokayev} rose 5% to [$95 billion]{#trade}, officials said.\n'.repeat(13 * 1024);
    const started = Date.now();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'factmark', version: 1, text } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } }, text: 'Exports' }] });
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 13_000, character: 12 } });
    t.diagnostic(`${(text.length / 1024 / 1024).toFixed(1)} MB opened, edited and hovered in ${Date.now() - started} ms`);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await stillAnswers();
  });
});

describe('the end of input', () => {
  /** Starts a server on stdio, sends `messages`, closes its input and resolves with its exit code. */
  async function exitCodeAfter(messages: readonly object[]): Promise<number | null> {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const timer = setTimeout(() => child.kill(), 10_000);
    for (const message of messages) {
      const body = Buffer.from(JSON.stringify(message));
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
      if ('id' in message) {
        const id = `"id":${String(message.id)}`;
        while (!output.includes(id) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      }
    }
    child.stdin.end();
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };

  test('over stdio the server exits when its input ends: 1 unless the client asked it to shut down, then 0', async () => {
    assert.equal(await exitCodeAfter([initialize]), 1);
    assert.equal(await exitCodeAfter([initialize, { jsonrpc: '2.0', id: 2, method: 'shutdown' }]), 0);
  });
});

describe('garbage on the wire', () => {
  test('an unparsable message body and a message that is no message are dropped; the next request is answered', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    const frame = (body: string | Buffer) => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]));
    };
    try {
      frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
      frame('{"jsonrpc": "2.0", "id": 2, "method": ');
      frame(Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]));
      frame(JSON.stringify([1, 2, 3]));
      frame(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'factmark/status' }));
      const deadline = Date.now() + 10_000;
      while (!output.includes('"id":3') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      assert.match(output, /"id":3,"result":\{/);
      assert.equal(child.exitCode, null, 'the server is still running');
    } finally {
      child.kill();
    }
  });
});
