/**
 * The read-ahead worker reads the files a blocking reader will read next:
 * never more than its window ahead, further as the reader moves, not past a
 * stop, and not at all once a long run of reads shows the files are cached.
 * Named pipes (opened non-blocking) must not hold it up.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ReadAhead } from '../../server/src/node/readAhead';

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

describe('ReadAhead', () => {
  let dir: string;
  let paths: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factmark-read-ahead-'));
    paths = Array.from({ length: 200 }, (_, i) => join(dir, `a${String(i).padStart(3, '0')}.fmk`));
    for (const path of paths) writeFileSync(path, 'Trade reached $95 billion.\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('reads up to its window ahead of the reader, then further as the reader moves', async () => {
    // No read counts as cached here: only the window holds the worker back.
    const readAhead = new ReadAhead(paths.slice(0, 100), { window: 10, maxBytes: 1024, cachedReadMs: 0 });
    try {
      assert.equal(await settledCount(readAhead, 10), 10);
      readAhead.reading(40);
      assert.equal(await settledCount(readAhead, 50), 50);
    } finally {
      await readAhead.stop();
    }
    assert.equal(await settledCount(readAhead, 50), 50, 'nothing is read after a stop');
  });

  test('stops after a run of reads that all came from the cache', async () => {
    // Every read counts as cached (the files were written a moment ago): the worker gives up after a run of 64.
    const readAhead = new ReadAhead(paths, { window: 1000, maxBytes: 1024, cachedReadMs: Number.POSITIVE_INFINITY });
    try {
      assert.equal(await settledCount(readAhead, 64), 64);
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
