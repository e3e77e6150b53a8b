/**
 * The summary cache file (node/summaryCache.ts): what is written is read
 * back entry for entry; a missing file is an empty cache; any other file
 * that is not exactly one this build wrote under the same key is an empty
 * cache with a reason, whatever its bytes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileStamp, settledStamp } from '../../server/src/node/files';
import { pruneSummaryCaches, readSummaryCache, summaryCacheFile, writeSummaryCache, type CacheRecord } from '../../server/src/node/summaryCache';

const KEY = 'build-and-settings';

const RECORDS: readonly CacheRecord[] = [
  { path: '/news/a.fmk', stamp: fileStamp({ size: 120, mtimeMs: 1732312345678.125, ctimeMs: 1732312345678.5, ino: 42 }), packed: { numbers: Uint8Array.from([1, 2, 3, 255]), strings: 'Trade – $95 billion' } },
  // Names and text beyond Latin-1, half a surrogate pair, nothing packed at all.
  { path: '/news/астана ✓.fmk', stamp: '7:1:1:7', packed: { numbers: new Uint8Array(0), strings: 'emoji 😀 and a lone \ud83d' } },
  { path: '/news/empty.fmk', stamp: '0:0:0:0', packed: { numbers: new Uint8Array(0), strings: '' } },
  // Every character within Latin-1: packed a byte each.
  { path: '/news/café.fmk', stamp: '9:2:2:9', packed: { numbers: Uint8Array.from([0, 128]), strings: 'Café, naïve, ÿ' } },
];

/** Every entry as text: path, stamp, bytes, and the strings' code units. */
function render(entries: ReadonlyMap<string, { stamp: string; unpack(): { numbers: Uint8Array; strings: string } }>): string {
  return [...entries]
    .map(([path, entry]) => {
      const { numbers, strings } = entry.unpack();
      return `${path} ${entry.stamp} [${[...numbers].join(',')}] ${[...strings].map((c) => c.charCodeAt(0).toString(16)).join(' ')}`;
    })
    .join('\n');
}

describe('file stamps', () => {
  test('a file changed within the coarsest timestamp granularity (2 s) before it was read gets no stamp: a change after the read could keep its times', () => {
    const now = 1_800_000_000_000;
    const stats = (mtimeAgo: number, ctimeAgo: number) => ({ size: 10, mtimeMs: now - mtimeAgo, ctimeMs: now - ctimeAgo, ino: 7 });
    const table: [string, ReturnType<typeof stats>, boolean][] = [
      ['changed 2.5 s before', stats(2500, 2500), true],
      ['changed exactly 2 s before', stats(2000, 2000), true],
      ['written 1 s before', stats(1000, 1000), false],
      ['times set back, but its change time is recent', stats(86_400_000, 500), false],
    ];
    for (const [what, file, stamped] of table) assert.equal(settledStamp(file, now), stamped ? fileStamp(file) : undefined, what);
  });
});

describe('the summary cache file', () => {
  let directory: string;
  let file: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'factmark-cache-file-'));
    file = summaryCacheFile(join(directory, 'made-on-write'), ['/news', '/archive']);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  test('is named by its workspace folders, in any order', () => {
    assert.equal(summaryCacheFile(directory, ['/archive', '/news']), summaryCacheFile(directory, ['/news', '/archive']));
    assert.notEqual(summaryCacheFile(directory, ['/news']), summaryCacheFile(directory, ['/news', '/archive']));
  });

  test('reads back what was written, entry for entry (and leaves no temporary file)', async () => {
    assert.equal(await writeSummaryCache(file, KEY, RECORDS), RECORDS.length);
    const read = await readSummaryCache(file, KEY);
    assert.equal(read.problem, undefined);
    assert.equal(render(read.entries), render(new Map(RECORDS.map((r) => [r.path, { stamp: r.stamp, unpack: () => r.packed }]))));
    assert.deepEqual(readdirSync(dirname(file)), [basename(file)]);
  });

  test('a write removes the temporary files of writes abandoned long ago (a server stopped in the middle), not of recent ones', async () => {
    const abandoned = `${file}.123-1.tmp`;
    const recent = `${file}.456-1.tmp`;
    writeFileSync(abandoned, 'half a cache');
    writeFileSync(recent, 'a write under way');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
    await writeSummaryCache(file, KEY, RECORDS);
    assert.deepEqual(readdirSync(dirname(file)).sort(), [basename(file), basename(recent)].sort());
    rmSync(recent);
  });

  test('an entry larger than a write chunk (1 MB) is written whole, between the others', async () => {
    const large: CacheRecord = { path: '/news/long.fmk', stamp: '1:1:1:1', packed: { numbers: new Uint8Array(300_000).fill(9), strings: 'é'.repeat(900_000) } };
    await writeSummaryCache(file, KEY, [RECORDS[0], large, RECORDS[3]]);
    const read = await readSummaryCache(file, KEY);
    const { numbers, strings } = read.entries.get(large.path)!.unpack();
    assert.deepEqual([numbers.length, numbers.every((byte) => byte === 9), strings === large.packed.strings], [300_000, true, true]);
    assert.deepEqual([...read.entries.keys()], [RECORDS[0].path, large.path, RECORDS[3].path]);
  });

  test('a missing file is an empty cache, without a problem', async () => {
    assert.deepEqual(await readSummaryCache(join(directory, 'none.bin'), KEY), { entries: new Map() });
  });

  test('another key, or a file that is not exactly one cache, is an empty cache with the reason', async () => {
    await writeSummaryCache(file, KEY, RECORDS);
    const good = readFileSync(file);
    const headerEnd = good.indexOf(10, good.indexOf(10) + 1);
    const damaged = join(directory, 'damaged.bin');
    const cases: [string, Buffer | string, string][] = [
      ['another key', good, 'written by another build or for other analysis settings'],
      ['not a cache', '{"hello": "world"}', 'not a Factmark summary cache'],
      ['no header line', good.subarray(0, 30), 'its header is cut off'],
      ['a header that is not JSON', Buffer.concat([good.subarray(0, 25), Buffer.from('{oops'), good.subarray(30)]), 'its header is malformed'],
      ['a truncated body', good.subarray(0, good.length - 1), `its body is ${good.length - headerEnd - 2} bytes, the header says ${good.length - headerEnd - 1}`],
      ['a changed byte', Buffer.from(good).fill(7, good.length - 2, good.length - 1), 'its checksum does not match'],
    ];
    for (const [what, bytes, problem] of cases) {
      writeFileSync(damaged, bytes);
      const read = await readSummaryCache(damaged, what === 'another key' ? 'other' : KEY);
      assert.deepEqual({ problem: read.problem, entries: read.entries.size }, { problem, entries: 0 }, what);
    }
  });
});

test('a start marks its cache file used and removes the cache files of other workspaces no start used for 30 days, nothing else', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'factmark-prune-'));
  try {
    const now = Date.now();
    const daysAgo = (days: number) => (now - days * 24 * 60 * 60 * 1000) / 1000;
    const files: [string, number][] = [
      ['summaries-00000000000000aa.bin', 31], // in use: kept, and marked used now
      ['summaries-00000000000000bb.bin', 31],
      ['summaries-00000000000000cc.bin', 29],
      ['summaries-00000000000000dd.bin.1234-1.tmp', 31], // a write's temporary file: writes remove those
      ['summaries-short.bin', 31],
      ['notes.txt', 90],
    ];
    for (const [name, age] of files) {
      writeFileSync(join(folder, name), 'x');
      utimesSync(join(folder, name), daysAgo(age), daysAgo(age));
    }
    const inUse = join(folder, files[0][0]);
    assert.deepEqual(await pruneSummaryCaches(inUse, now), ['summaries-00000000000000bb.bin']);
    assert.deepEqual(readdirSync(folder).sort(), files.map(([name]) => name).filter((name) => !name.includes('bb')).sort());
    assert.ok(Math.abs(statSync(inUse).mtimeMs - now) < 1000);
    assert.deepEqual(await pruneSummaryCaches(join(folder, 'gone', 'summaries-00000000000000ee.bin'), now), [], 'a folder that is not there');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
