/**
 * Summarizing on worker threads (node/summarizePool.ts): whatever the number of threads, every file
 * gets one result, in the order of the files, part for part what the calling thread makes of it;
 * files at their known stamp are not summarized again; a thread that cannot start leaves its files to
 * the calling thread; a superseded run stops; what the caller throws is the run's error.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analysisKey, configOfAnalysisKey, DEFAULT_CONFIG, parseConfig, type FactmarkConfig } from '../../server/src/core/config';
import { fileStamp } from '../../server/src/node/files';
import type { ArticleFile, StampKind, SummarizedFile } from '../../server/src/node/summarizeFile';
import { summarizeOnThreads, threadCount } from '../../server/src/node/summarizePool';
import { contentStamp } from '../../server/src/node/summaryCache';
import { renderParts } from '../support/workspace';

/** Articles of every kind a thread must carry back intact, and files that can't be read. */
const TEXTS: Record<string, string> = {
  'registry.fmk': '[#trade]: Trade in 2024 {unit=USD}\n[@kz]: Kazakhstan {aka="Qazaqstan"}\n[^s]: Source <https://example.org/s>\n',
  'a.fmk': '---\ntitle: Trade grows\n---\nTrade reached [nearly $100 billion]{#trade ^s}, said [Kazakhstan]{@kz}. Grain rose 12%.\n',
  'crlf.fmk': 'Line one with 5 tonnes.\r\nLine two: [$95 billion]{#trade}.\r\n',
  'астана ✓.fmk': 'Астана: [¥300 million]{#trade} 😀, 40% by rail.\n',
  'broken.fmk': 'An [unclosed span {#trade and [^nowhere] 7 %\n',
  'binary.fmk': 'text\u0000with a NUL',
};
const FILE_COUNT = 70;

describe('summarizing on worker threads', { timeout: 60_000 }, () => {
  let root: string;
  let files: ArticleFile[];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'factmark-pool-'));
    const names = Object.keys(TEXTS);
    for (const name of names) writeFileSync(join(root, name), TEXTS[name]);
    // Enough files for several batches of every thread; a folder named like an article can't be read.
    for (let i = names.length; i < FILE_COUNT - 1; i++) writeFileSync(join(root, `n${i}.fmk`), `Article ${i}: [${i} tonnes]{#trade ^s} and ${i}% more.\n`);
    mkdirSync(join(root, 'folder.fmk'));
    files = [...names, ...Array.from({ length: FILE_COUNT - 1 - names.length }, (_, i) => `n${i + names.length}.fmk`), 'folder.fmk'].map((name) => ({ path: join(root, name) }));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Every result, in delivery order, as text: its index, file, kind and what it holds. */
  async function run(threads: number, options: { config?: FactmarkConfig; stamps?: StampKind; of?: readonly ArticleFile[] } = {}): Promise<string[]> {
    const out: string[] = [];
    const render = (result: SummarizedFile, index: number) => {
      const name = result.path.slice(root.length + 1);
      if (result.kind === 'unreadable') return `${index} ${name} unreadable: ${result.message}`;
      const text = result.text === undefined ? '' : ` text=${JSON.stringify(result.text)}`;
      if (result.kind === 'unchanged') return `${index} ${name} unchanged ${result.stamp}${text}`;
      return `${index} ${name} ${result.stamp ?? 'no stamp'}${text} ${renderParts(result.summary)}`;
    };
    const complete = await summarizeOnThreads(options.of ?? files, options.config ?? DEFAULT_CONFIG, { threads, stamps: options.stamps ?? 'none' }, (result, index) => out.push(render(result, index)));
    assert.equal(complete, true);
    return out;
  }

  test('every file once, in order, exactly as summarized on the calling thread, whatever the number of threads', async () => {
    const here = await run(0);
    assert.equal(here.length, FILE_COUNT);
    assert.match(here.find((line) => line.includes('binary.fmk'))!, /unreadable: binary file/);
    assert.match(here.find((line) => line.includes('folder.fmk'))!, /unreadable: /);
    assert.match(here.find((line) => line.includes('астана'))!, /¥300 million/);
    for (const threads of [1, 3]) assert.deepEqual(await run(threads), here, `${threads} threads`);
  });

  test('a file still at its known stamp is not summarized again; one that changed, or is asked for its text, is read', async () => {
    const a = join(root, 'a.fmk');
    const crlf = join(root, 'crlf.fmk');
    const of: ArticleFile[] = [
      { path: a, knownStamp: fileStamp(statSync(a)) },
      { path: crlf, knownStamp: 'an old stamp' },
      { path: a, knownStamp: contentStamp(TEXTS['a.fmk']), wantText: true },
    ];
    for (const threads of [0, 2]) {
      // Changed just now: read again, and too fresh to be stamped (files.ts settledStamp).
      writeFileSync(crlf, TEXTS['crlf.fmk']);
      const byMetadata = await run(threads, { stamps: 'file', of: of.slice(0, 2) });
      assert.deepEqual(
        byMetadata.map((line) => line.replace(/ \{.*/, '')),
        [`0 a.fmk unchanged ${fileStamp(statSync(a))}`, '1 crlf.fmk no stamp'],
        `${threads} threads, by metadata`,
      );
      assert.deepEqual(
        await run(threads, { stamps: 'content', of: of.slice(2) }),
        [`0 a.fmk unchanged ${contentStamp(TEXTS['a.fmk'])} text=${JSON.stringify(TEXTS['a.fmk'])}`],
        `${threads} threads, by content`,
      );
    }
  });

  test('the analysis settings reach the threads: a factmark.json that changes what figures mean changes their summaries alike', async () => {
    const parsed = parseConfig('{ "currency": { "dollar": "CAD", "yen": "CNY" }, "tolerances": { "approximate": "25%" }, "rates": { "CNY/USD": 0.1389 } }');
    assert.ok(parsed.ok);
    const here = await run(0, { config: parsed.config });
    assert.notDeepEqual(here, await run(0));
    assert.deepEqual(await run(2, { config: parsed.config }), here);
  });

  test('threads that cannot start leave every file to the calling thread, and nothing is lost', async () => {
    // Settings no worker can read back (a rule for no diagnostic code): each worker fails at start.
    const unreadable = { ...DEFAULT_CONFIG, rules: { 'no-such-code': 'off' } } as unknown as FactmarkConfig;
    assert.equal(configOfAnalysisKey(analysisKey(unreadable)), undefined);
    const reasons: string[] = [];
    const onThreads: string[] = [];
    await summarizeOnThreads(files, unreadable, { threads: 2, stamps: 'none', threadFailed: (reason) => reasons.push(reason) }, (result, index) => onThreads.push(`${index} ${result.kind}`));
    assert.deepEqual(reasons, ['the analysis settings did not reach the worker intact', 'the analysis settings did not reach the worker intact']);
    assert.deepEqual(await run(2, { config: unreadable }), await run(0, { config: unreadable }));
    assert.equal(onThreads.length, FILE_COUNT);
  });

  test('a superseded run stops after the batch in hand; an error of the caller ends the run with it', async () => {
    for (const threads of [0, 2]) {
      let delivered = 0;
      const complete = await summarizeOnThreads(files, DEFAULT_CONFIG, { threads, stamps: 'none' }, () => delivered++, () => delivered < 5);
      assert.equal(complete, false, `${threads} threads`);
      assert.ok(delivered >= 5 && delivered <= 32, `${threads} threads: ${delivered} delivered`);
      await assert.rejects(
        summarizeOnThreads(files, DEFAULT_CONFIG, { threads, stamps: 'none' }, (_, index) => {
          if (index === 40) throw new Error('the index is full');
        }),
        /the index is full/,
      );
    }
  });
});

test('threads: as many as asked; auto, one per core while each gets 2,000 files', () => {
  const table: [Parameters<typeof threadCount>[0], number, number, number][] = [
    [0, 100_000, 8, 0],
    [3, 10, 2, 3],
    ['auto', 1_999, 8, 0],
    ['auto', 4_000, 8, 2],
    ['auto', 10_000, 2, 2],
    ['auto', 100_000, 32, 8],
  ];
  for (const [setting, files, cores, expected] of table) assert.equal(threadCount(setting, files, cores), expected, `${setting} for ${files} files on ${cores} cores`);
});

test('the analysis settings survive the trip to a thread as text, exactly; any other text is refused', () => {
  const custom = parseConfig('{ "rules": { "unsourced-figure": "error" }, "rates": { "CNY/USD": 0.1389, "EUR/USD": 1.08 }, "tolerances": { "exact": "2.5%", "nearly": "15%", "conversion": "1%" }, "currency": { "yen": "JPY" }, "exclude": ["drafts"] }');
  assert.ok(custom.ok);
  for (const config of [DEFAULT_CONFIG, custom.config]) {
    const key = analysisKey(config);
    assert.equal(analysisKey(configOfAnalysisKey(key)!), key);
  }
  for (const text of ['', 'null', '[]', '{}', analysisKey(DEFAULT_CONFIG).replace('"USD"', '5'), analysisKey(DEFAULT_CONFIG).replace('0.05', '0.050'), analysisKey(DEFAULT_CONFIG).replace('0.05', 'five')]) {
    assert.equal(configOfAnalysisKey(text), undefined, text);
  }
});
