/**
 * The read-ahead worker reads the files a blocking reader will read next:
 * never more than its window ahead, further as the reader moves, not past a
 * stop, and only a sample of them once a long run of reads shows the files
 * are cached (back to every file when a sample waits on the disk). Named
 * pipes (opened non-blocking) must not hold it up.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { afterWarming, ReadAhead } from '../../server/src/node/readAhead';

/**
 * How many files the worker has read once it has read `expected` (or given up waiting for it) and then
 * read nothing more for a while: more than `expected` means it did not stop where it should have.
 */
async function settledCount(readAhead: ReadAhead, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (readAhead.warmed < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return readAhead.warmed;
}

/**
 * The order in which the worker reads files whose state is given by letters (`c` cached, `s` slow the
 * first time it is read: on disk, or a cached file read by a thread that lost its core), with a run of
 * 4 cached reads before it probes every 3rd file.
 */
function readOrder(files: string): string {
  const slow = new Set([...files].flatMap((state, index) => (state === 's' ? [index] : [])));
  const order: number[] = [];
  for (let state = { next: 0, cachedRun: 0, slowRun: 0 }; state.next < files.length; ) {
    order.push(state.next);
    state = afterWarming(state, !slow.delete(state.next), 4, 3);
  }
  return order.join(' ');
}

describe('afterWarming', () => {
  const cases: [files: string, order: string][] = [
    ['ssssss', '0 1 2 3 4 5'],
    ['cccccccccccccccccccc', '0 1 2 3 6 9 12 15 18'],
    // One slow probe (12): the next file decides, and it is cached: probing goes on from there.
    ['ccccccccccccsccccccc', '0 1 2 3 6 9 12 13 16 19'],
    // Two slow reads in a row (12, 13): back to 10, the first file the probes skipped, then every file until a run.
    ['ccccccccccccsscccccc', '0 1 2 3 6 9 12 13 10 11 12 13 16 19'],
    // One slow read inside a run neither counts toward it nor ends it; two in a row start it again.
    ['ccsccccccc', '0 1 2 3 4 7'],
    ['ccssccccccc', '0 1 2 3 4 5 6 7 10'],
  ];
  for (const [files, order] of cases) test(files, () => assert.equal(readOrder(files), order));
});

describe('ReadAhead', () => {
  let dir: string;
  let paths: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factmark-read-ahead-'));
    paths = Array.from({ length: 200 }, (_, i) => join(dir, `a${String(i).padStart(3, '0')}.fmk`));
    for (const path of paths) writeFileSync(path, 'Trade reached $95 billion.\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('reads up to its window ahead of the reader, then from where the reader is as it moves', async () => {
    // No read counts as cached here: only the window holds the worker back.
    const readAhead = new ReadAhead(paths.slice(0, 100), { window: 10, maxBytes: 1024, cachedReadMs: 0 });
    try {
      assert.equal(await settledCount(readAhead, 10), 10);
      // The reader is at 40: the files it passed are not read, 40…49 are.
      readAhead.reading(40);
      assert.equal(await settledCount(readAhead, 20), 20);
    } finally {
      await readAhead.stop();
    }
    assert.equal(await settledCount(readAhead, 20), 20, 'nothing is read after a stop');
  });

  test('after a run of reads that all came from the cache, reads every 16th file', async () => {
    // Every read counts as cached (the files were written a moment ago): 64 in a row, then 79, 95, …, 191.
    const readAhead = new ReadAhead(paths, { window: 1000, maxBytes: 1024, cachedReadMs: Number.POSITIVE_INFINITY });
    try {
      assert.equal(await settledCount(readAhead, 72), 72);
    } finally {
      await readAhead.stop();
    }
  });

  test('a named pipe among the files does not hold the worker up', async () => {
    const fifo = join(dir, 'pipe.fmk');
    execFileSync('mkfifo', [fifo]);
    const readAhead = new ReadAhead([paths[0], fifo, paths[1], paths[2]], { window: 10, maxBytes: 1024, cachedReadMs: 0 });
    try {
      assert.equal(await settledCount(readAhead, 4), 4);
    } finally {
      await readAhead.stop();
      rmSync(fifo);
    }
  });
});
