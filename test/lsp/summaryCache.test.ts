/**
 * The summary cache across restarts of the server: a restart takes closed
 * articles' summaries from it and answers exactly as a start without it
 * does; a file changed meanwhile is read again; a cache written for other
 * analysis settings, or damaged, is not used (and says why), and nothing is
 * lost either way.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, Location, MarkupContent, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { parseSummaryCacheOption } from '../../server/src/lsp/settings';
import { defaultCacheDirectory } from '../../server/src/node/summaryCache';
import { TestClient, type ServerEvent } from './client';

const ARTICLES = `
  //- /registry.fmk
  [#trade]: China–Central Asia trade turnover in 2024 {unit=USD}
  [@kz]: Kazakhstan {aka="Qazaqstan"}
  [^xinhua]: Xinhua <https://example.org/x>
  [^unused]: Never cited <https://example.org/u>
  //- /a.fmk
  ---
  title: Trade grows
  published: 2025-02-30
  ---
  Trade reached [nearly $100 billion]{#trade ^xinhua} last year, said [Kazakhstan]{@kz}.
  //- /b.fmk
  Turnover was [$80 billion]{#tr‸ade}. Qazaqstan said 40% of it went by rail.
  //- /c.fmk
  Nothing [here]{@nobody} <!-- Qazaqstan in a comment --> but [7 tonnes]{#tonnage ^xinhua}.
`;
const ARTICLE_COUNT = 4;

/** Waits out the timestamp granularity below which a file just written is not cached (files.ts settledStamp). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2100));

type LogMessage = Extract<ServerEvent, { type: 'message' }>;
const isLog = (event: ServerEvent): event is LogMessage => event.type === 'message' && event.level === 'log';

/** Everything a restart must answer as before: every file's diagnostics, a hover, references, symbols. */
async function answers(client: TestClient): Promise<string> {
  const lines: string[] = [];
  for (const path of ['/registry.fmk', '/a.fmk', '/b.fmk', '/c.fmk']) {
    lines.push(client.renderDiagnostics(path, client.latestDiagnostics(path), { messages: true }));
  }
  const hover = await client.requestAt<Hover | null>('textDocument/hover');
  lines.push((hover?.contents as MarkupContent | undefined)?.value ?? 'no hover');
  const references = await client.requestAt<Location[]>('textDocument/references', '', { context: { includeDeclaration: true } });
  lines.push(...references.map((r) => `${client.pathOf(r.uri)}:${r.range.start.line + 1}:${r.range.start.character + 1}`).sort());
  const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: '' });
  lines.push(...symbols.map((s) => `${s.name} ${'range' in s.location ? s.location.range.start.line : ''}`).sort());
  return lines.join('\n');
}

describe('the summary cache', () => {
  let cacheDirectory: string;
  let root: string;
  const withCache = () => ({ summaryCache: { directory: cacheDirectory } });

  /** Starts a server on the folder, waits for the cache's account of the start, answers, and stops keeping the files. */
  async function restart(initializationOptions: Record<string, unknown>, settings?: object): Promise<{ answers: string; log: string[] }> {
    const client = await TestClient.start({ fixture: ARTICLES, root, initializationOptions, settings: settings && { diagnostics: { debounceMs: 0 }, ...settings } });
    try {
      // The cache is written after indexing: wait for it (or for the start to say there was nothing to write).
      if (initializationOptions.summaryCache !== false) await client.waitFor('the summary cache to be read', (e) => isLog(e) && /articles read from/.test(e.message));
      const result = await answers(client);
      if (client.events.some((e) => isLog(e) && /articles read from/.test(e.message) && !e.message.includes(`${ARTICLE_COUNT} of ${ARTICLE_COUNT}`))) {
        await client.waitFor('the summary cache to be written', (e) => isLog(e) && /summary cache: wrote/.test(e.message));
      }
      const log = client.events.filter(isLog).map((e) => e.message.replace(cacheDirectory, '<cache>').replace(/ in \d+ ms$/, ''));
      return { answers: result, log };
    } finally {
      await client.shutdown({ keepFiles: true });
    }
  }

  const fresh = async () => (await restart({ summaryCache: false })).answers;

  before(async () => {
    cacheDirectory = mkdtempSync(join(tmpdir(), 'factmark-cache-'));
    const first = await TestClient.start({ fixture: ARTICLES });
    root = first.root;
    await first.shutdown({ keepFiles: true });
    await settle();
  });
  after(() => {
    rmSync(cacheDirectory, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  test('a first start summarizes every article and writes them all; a restart reads them all and answers the same', async () => {
    const first = await restart(withCache());
    const cacheFile = readdirSync(cacheDirectory).find((name) => name.endsWith('.bin'));
    assert.deepEqual(first.log, [
      `Factmark: summary cache: 0 of ${ARTICLE_COUNT} articles read from <cache>/${cacheFile}`,
      `Factmark: summary cache: wrote ${ARTICLE_COUNT} summaries to <cache>/${cacheFile}`,
    ]);
    const expected = await fresh();
    assert.match(expected, /claim-conflict/);
    assert.match(expected, /front-matter/);
    assert.equal(first.answers, expected);

    const second = await restart(withCache());
    assert.deepEqual(second.log, [`Factmark: summary cache: ${ARTICLE_COUNT} of ${ARTICLE_COUNT} articles read from <cache>/${cacheFile}`]);
    assert.equal(second.answers, expected);
  });

  test('a file changed while the server was stopped is read again, the others come from the cache', async () => {
    writeFileSync(join(root, 'b.fmk'), 'Turnover was [$95 billion]{#trade}. Qazaqstan said 40% of it went by rail.\n');
    const restarted = await restart(withCache());
    assert.match(restarted.log[0], new RegExp(`summary cache: ${ARTICLE_COUNT - 1} of ${ARTICLE_COUNT} articles read from`));
    const expected = await fresh();
    assert.doesNotMatch(expected, /claim-conflict/);
    assert.equal(restarted.answers, expected);
    // Read within 2 s of its change, the file was too fresh to be cached: read again, then cached.
    assert.match((await restart(withCache())).log[0], new RegExp(`${ARTICLE_COUNT - 1} of ${ARTICLE_COUNT} articles read`));
    await settle();
    await restart(withCache());
    assert.match((await restart(withCache())).log[0], new RegExp(`${ARTICLE_COUNT} of ${ARTICLE_COUNT} articles read`));
  });

  test('indexing on worker threads (factmark.indexing.threads) answers as on the server\'s own thread, with and without the cache', async () => {
    const onThreads = { indexing: { threads: 2 } };
    await restart(withCache());
    writeFileSync(join(root, 'c.fmk'), 'Nothing [here]{@nobody} but [9 tonnes]{#tonnage ^xinhua} and 12% more.\n');
    const expected = await fresh();
    assert.match(expected, /12%/);
    assert.equal((await restart({ summaryCache: false }, onThreads)).answers, expected);
    // The threads find the three unchanged articles at their stamps (the cache has them) and summarize the fourth.
    const restarted = await restart(withCache(), onThreads);
    assert.match(restarted.log[0], new RegExp(`summary cache: ${ARTICLE_COUNT - 1} of ${ARTICLE_COUNT} articles read from`));
    assert.equal(restarted.answers, expected);
  });

  test('a start removes the cache files no start used for 30 days (other workspaces\' ), and keeps its own', async () => {
    const stale = join(cacheDirectory, 'summaries-0123456789abcdef.bin');
    writeFileSync(stale, 'an old workspace');
    const longAgo = Date.now() / 1000 - 40 * 24 * 60 * 60;
    utimesSync(stale, longAgo, longAgo);
    const client = await TestClient.start({ fixture: ARTICLES, root, initializationOptions: withCache() });
    try {
      const removed = await client.waitFor('the stale cache to be removed', (e) => isLog(e) && /summary cache: removed/.test(e.message));
      assert.equal((removed as LogMessage).message, 'Factmark: summary cache: removed summaries-0123456789abcdef.bin (no start used them for 30 days)');
      assert.deepEqual(readdirSync(cacheDirectory).filter((name) => name.endsWith('.bin')).length, 1);
    } finally {
      await client.shutdown({ keepFiles: true });
    }
  });

  test('a cache written under other analysis settings is not used', async () => {
    writeFileSync(join(root, 'factmark.json'), '{ "tolerances": { "approximate": "25%" } }\n');
    try {
      const restarted = await restart(withCache());
      assert.match(restarted.log[0], /summary cache <cache>\/summaries-\w+\.bin not used: written by another build or for other analysis settings/);
      assert.match(restarted.log[1], new RegExp(`0 of ${ARTICLE_COUNT} articles read`));
      assert.equal(restarted.answers, await fresh());
    } finally {
      rmSync(join(root, 'factmark.json'));
    }
  });

  test('a damaged cache is not used, says why, and is written anew', async () => {
    await restart(withCache());
    const cacheFile = join(cacheDirectory, readdirSync(cacheDirectory).find((name) => name.endsWith('.bin'))!);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(cacheFile, bytes);
    const restarted = await restart(withCache());
    assert.match(restarted.log[0], /not used: its checksum does not match/);
    assert.equal(restarted.answers, await fresh());
    assert.match((await restart(withCache())).log[0], new RegExp(`${ARTICLE_COUNT} of ${ARTICLE_COUNT} articles read`));
  });
});

describe('the summaryCache initialization option', () => {
  test('false turns the cache off, a directory moves it, absent means the default; anything else is said and the default applies', () => {
    const table: [string, unknown, string][] = [
      ['absent', undefined, `${defaultCacheDirectory()}`],
      ['off', false, 'no cache'],
      ['a directory', { directory: '/srv/cache' }, '/srv/cache'],
      ['no directory named', {}, `${defaultCacheDirectory()}`],
      ['true', true, `${defaultCacheDirectory()} (initializationOptions.summaryCache: Invalid input (expected false or { "directory": "…" }))`],
      ['an empty directory', { directory: '' }, `${defaultCacheDirectory()} (initializationOptions.summaryCache: must not be empty (expected false or { "directory": "…" }))`],
    ];
    for (const [what, raw, expected] of table) {
      const { directory, problem } = parseSummaryCacheOption(raw);
      assert.equal(`${directory ?? 'no cache'}${problem ? ` (${problem})` : ''}`, expected, what);
    }
  });
});
