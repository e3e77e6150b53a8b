/**
 * Reads files into the OS page cache a little ahead of a blocking reader.
 * Summarizing on the calling thread (summarizePool.ts without worker threads:
 * the CLI by default, the server for a small workspace) reads each article
 * with a blocking read and then summarizes it;
 * when the files are not cached (a workspace opened for the first time, or
 * pages the kernel reclaimed), the reads wait on the disk: 10,000 articles
 * took 1.8 s to read cold and 0.2 s warm. A worker thread reads the next
 * files meanwhile, so the disk works while the main thread summarizes. The
 * main thread's reads stay blocking and do all the checking; the worker's
 * only effect is a warm cache, and it stops when told or when done; while
 * the files turn out cached it only samples them.
 */
import { Worker } from 'node:worker_threads';

/** Slots of the shared array: the reader's position, the stop flag, and how many files the worker read. */
const CONSUMED = 0;
const STOPPED = 1;
const WARMED = 2;

/** How many files the worker may read ahead of the reader: enough to keep a disk busy, little to evict. */
const DEFAULT_WINDOW = 64;

/**
 * A read this fast came from the cache. Measured here (open, stat, read, close of one article, in the
 * worker while the main thread summarizes): cold 100–150 µs or more, all but 0.1 % of them over 100;
 * cached mostly 10–40 µs, ~3 % of them over 100 (the thread was descheduled). After a run of cached
 * reads the worker only probes every PROBE_STRIDE-th file rather than read them all twice, and two
 * slow reads in a row send it back to read every file, from the first one the probes skipped. (It
 * used to stop for good after a run: the first files of a workspace were cached and the rest were
 * not, and 100,000 articles spent 12 s of indexing in cold reads.)
 */
const DEFAULT_CACHED_READ_MS = 0.1;
const CACHED_RUN = 64;
const PROBE_STRIDE = 16;

/**
 * Where the worker is: the next file to read, how many reads so far came from the cache since two
 * slow ones in a row, and how many slow ones just came in a row.
 */
export interface WarmingState {
  readonly next: number;
  readonly cachedRun: number;
  readonly slowRun: number;
}

/**
 * Where the worker goes after reading file `state.next` (`cached`: that read came from the cache):
 * the next file, or, after `cachedRunLength` cached reads, the file `probeStride` on. One slow read
 * is as often a cached file read by a thread that lost its core; two in a row are the disk, and
 * end a run of probes by going back to the first file they skipped. Self-contained: its source is
 * the worker's.
 */
export function afterWarming(state: WarmingState, cached: boolean, cachedRunLength: number, probeStride: number): WarmingState {
  if (cached) {
    const cachedRun = state.cachedRun + 1;
    return { next: state.next + (cachedRun >= cachedRunLength ? probeStride : 1), cachedRun, slowRun: 0 };
  }
  if (state.slowRun === 0) return { next: state.next + 1, cachedRun: state.cachedRun, slowRun: 1 };
  const probing = state.cachedRun >= cachedRunLength;
  return { next: probing ? state.next - probeStride : state.next + 1, cachedRun: 0, slowRun: state.slowRun + 1 };
}

// Plain JavaScript for an eval'd worker (the bundle has no separate worker file). Opened non-blocking and
// read only when regular: a named pipe must not wait for a writer. Errors are the blocking reader's to report.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { paths, shared, window, maxBytes, cachedReadMs } = workerData;
const buffer = Buffer.allocUnsafe(64 * 1024);
const stopped = () => Atomics.load(shared, ${STOPPED}) !== 0;
const warm = (path) => {
  let fd;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stats = fs.fstatSync(fd);
    if (stats.isFile() && stats.size <= maxBytes) while (fs.readSync(fd, buffer, 0, buffer.length, null) === buffer.length);
  } catch {
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
};
const afterWarming = ${afterWarming.toString()};
let state = { next: 0, cachedRun: 0, slowRun: 0 };
while (state.next < paths.length && !stopped()) {
  let i = state.next;
  for (let consumed = Atomics.load(shared, ${CONSUMED}); i >= consumed + window && !stopped(); consumed = Atomics.load(shared, ${CONSUMED})) {
    Atomics.wait(shared, ${CONSUMED}, consumed, 1000);
  }
  // Files the reader has passed are read.
  i = Math.max(i, Atomics.load(shared, ${CONSUMED}));
  if (i >= paths.length || stopped()) break;
  const started = performance.now();
  warm(paths[i]);
  Atomics.add(shared, ${WARMED}, 1);
  state = afterWarming({ ...state, next: i }, performance.now() - started < cachedReadMs, ${CACHED_RUN}, ${PROBE_STRIDE});
}
`;

export class ReadAhead {
  private readonly shared = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker | undefined;
  /**
   * The reader wakes the worker only after moving this far (half the window): a worker a window ahead
   * waits, and waking it for every file cost the reader ~30 µs a file (0.2–0.35 s of a 10,000-article run).
   */
  private readonly wakeStep: number;
  private wokenAt = 0;

  /** `paths`: what the reader will read, in order; `cachedReadMs`: a read taking less came from the cache. */
  constructor(paths: readonly string[], options: { window?: number; maxBytes: number; cachedReadMs?: number }) {
    const window = options.window ?? DEFAULT_WINDOW;
    this.wakeStep = Math.max(1, window >> 1);
    if (paths.length < 2) return;
    try {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          paths,
          shared: this.shared,
          window,
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
    if (index >= this.wokenAt && index - this.wokenAt < this.wakeStep) return;
    this.wokenAt = index;
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
