/**
 * Reads files into the OS page cache a little ahead of a blocking reader.
 * Indexing reads each article with a blocking read and then summarizes it;
 * when the files are not cached (a workspace opened for the first time, or
 * pages the kernel reclaimed), the reads wait on the disk: 10,000 articles
 * took 1.8 s to read cold and 0.2 s warm. A worker thread reads the next
 * files meanwhile, so the disk works while the main thread summarizes. The
 * main thread's reads stay blocking and do all the checking; the worker's
 * only effect is a warm cache, and it stops when told or when done.
 */
import { Worker } from 'node:worker_threads';

/** Slots of the shared array: the reader's position, the stop flag, and how many files the worker read. */
const CONSUMED = 0;
const STOPPED = 1;
const WARMED = 2;

/** How many files the worker may read ahead of the reader: enough to keep a disk busy, little to evict. */
const DEFAULT_WINDOW = 64;

/**
 * A read this fast came from the cache (cold ones took ~180 µs here, cached ones ~20): after a run of
 * them the files are taken to be cached already, and the worker stops rather than read them twice.
 */
const DEFAULT_CACHED_READ_MS = 0.06;
const CACHED_RUN = 64;

// Plain JavaScript for an eval'd worker (the bundle has no separate worker file). Opened non-blocking and
// read only when regular: a named pipe must not wait for a writer. Errors are the blocking reader's to report.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { paths, shared, window, maxBytes, cachedReadMs } = workerData;
const buffer = Buffer.allocUnsafe(64 * 1024);
let cachedRun = 0;
for (let i = 0; i < paths.length && cachedRun < ${CACHED_RUN} && Atomics.load(shared, ${STOPPED}) === 0; i++) {
  for (let consumed = Atomics.load(shared, ${CONSUMED}); i >= consumed + window && Atomics.load(shared, ${STOPPED}) === 0; consumed = Atomics.load(shared, ${CONSUMED})) {
    Atomics.wait(shared, ${CONSUMED}, consumed, 1000);
  }
  let fd;
  const started = performance.now();
  try {
    fd = fs.openSync(paths[i], fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stats = fs.fstatSync(fd);
    if (stats.isFile() && stats.size <= maxBytes) while (fs.readSync(fd, buffer, 0, buffer.length, null) === buffer.length);
  } catch {
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
  cachedRun = performance.now() - started < cachedReadMs ? cachedRun + 1 : 0;
  Atomics.add(shared, ${WARMED}, 1);
}
`;

export class ReadAhead {
  private readonly shared = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker | undefined;

  /** `paths`: what the reader will read, in order; `cachedReadMs`: a read taking less came from the cache. */
  constructor(paths: readonly string[], options: { window?: number; maxBytes: number; cachedReadMs?: number }) {
    if (paths.length < 2) return;
    try {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          paths,
          shared: this.shared,
          window: options.window ?? DEFAULT_WINDOW,
          maxBytes: options.maxBytes,
          cachedReadMs: options.cachedReadMs ?? DEFAULT_CACHED_READ_MS,
        },
        // A small heap: the worker holds the paths and one buffer.
        resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 },
      });
      // Reading ahead is an optimization: a worker that fails leaves the reader to read cold.
      this.worker.on('error', () => undefined);
      this.worker.unref();
    } catch {
      this.worker = undefined;
    }
  }

  /** The reader is about to read `paths[index]`. */
  reading(index: number): void {
    Atomics.store(this.shared, CONSUMED, index);
    Atomics.notify(this.shared, CONSUMED);
  }

  /** How many files the worker has read so far. */
  get warmed(): number {
    return Atomics.load(this.shared, WARMED);
  }

  /** Stops the worker (the reader is done, or gave up); resolves once it has exited. */
  async stop(): Promise<void> {
    Atomics.store(this.shared, STOPPED, 1);
    Atomics.notify(this.shared, CONSUMED);
    if (this.worker) await this.worker.terminate();
  }
}
