/**
 * Summarizes many articles on worker threads (summarizeWorker.ts) while the calling thread takes the
 * results: at 10,000 articles the caller only decodes and indexes (a tenth of the work), and requests
 * are answered meanwhile. Results are handed over in the order of the files, whatever thread finished
 * first, so an index is built the same way with threads or without. A thread that cannot start or
 * fails leaves its files to the caller's thread: nothing is lost, it is only slower.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analysisKey, type FactmarkConfig } from '../core/config';
import type { Packed } from '../core/packing';
import { decodeRetained } from '../core/retained';
import { MAX_ARTICLE_BYTES } from './files';
import { ReadAhead } from './readAhead';
import { checkedByMetadata, summarizeFile, type ArticleFile, type StampKind, type SummarizedFile } from './summarizeFile';

/** What a worker is started with: the analysis settings as text (see configOfAnalysisKey) and how to stamp files. */
export interface WorkerSetup {
  readonly analysisKey: string;
  readonly stamps: StampKind;
}

export interface BatchRequest {
  readonly batch: number;
  readonly files: readonly ArticleFile[];
}

/** A summarized file crosses threads packed (a typed array and a string), not as a graph of objects. */
export type WireFile = Exclude<SummarizedFile, { kind: 'summarized' }> | (Omit<Extract<SummarizedFile, { kind: 'summarized' }>, 'summary'> & { readonly packed: Packed });

export interface BatchReply {
  readonly batch: number;
  readonly results: readonly WireFile[];
}

/** Files per message: small enough to spread evenly and report progress often, large enough that messages cost nothing. */
const BATCH_FILES = 32;
/** Batches a thread holds at once, so that it never waits for the next. */
const BATCHES_IN_FLIGHT = 2;
/**
 * `auto` gives each thread at least this many files: a new thread's compiler is cold, and its first thousand
 * articles take it about three times as long as the next (measured on 1,000 and 10,000 generated articles:
 * with two threads, 1,000 were indexed in 1.5–1.9 s against 1.4–1.6 s without).
 */
const MIN_FILES_PER_THREAD = 2000;
/** `auto` uses a thread per core up to this many. */
const MAX_AUTO_THREADS = 8;
/** The most a setting may ask for. */
export const MAX_INDEXING_THREADS = 64;
const WORKER_SCRIPT = join(__dirname, 'summarizeWorker.js');

/** `auto`: a thread per core, as far as the files go round; 0: summarize on the calling thread. */
export type ThreadSetting = number | 'auto';

export function threadCount(setting: ThreadSetting, files: number, cores = availableParallelism()): number {
  if (setting !== 'auto') return Math.max(0, Math.floor(setting));
  return Math.min(cores, MAX_AUTO_THREADS, Math.floor(files / MIN_FILES_PER_THREAD));
}

interface Thread {
  readonly worker: Worker;
  readonly inFlight: Set<number>;
}

/**
 * Summarizes `files` on `threads` worker threads (none: on this one, yielding to the event loop every
 * `sliceMs` if given) and hands each result to `deliver` in the order of `files`. Resolves true when
 * every file was delivered, false once `isCurrent` said the work was superseded (checked after each
 * batch; the threads are stopped); rejects with what `deliver` threw. `threadFailed` hears why a thread
 * failed (its files are then summarized here).
 */
export async function summarizeOnThreads(
  files: readonly ArticleFile[],
  config: FactmarkConfig,
  options: { threads: number; stamps: StampKind; sliceMs?: number; threadFailed?: (reason: string) => void },
  deliver: (result: SummarizedFile, index: number) => void,
  isCurrent: () => boolean = () => true,
): Promise<boolean> {
  // On this thread, a file at a time: a slice ends when its time is up, not when a batch is done.
  const batchFiles = options.threads > 0 ? BATCH_FILES : 1;
  const batches: ArticleFile[][] = [];
  for (let i = 0; i < files.length; i += batchFiles) batches.push(files.slice(i, i + batchFiles));
  const inline = (batch: number) => batches[batch].map((file) => summarizeFile(file, config, options.stamps));
  const fromWire = (result: WireFile, file: ArticleFile): SummarizedFile => {
    if (result.kind !== 'summarized') return result;
    const { packed, ...rest } = result;
    const summary = decodeRetained(packed);
    // A summary that does not decode is a bug between two copies of one build: summarized again here.
    return summary ? { ...rest, summary } : summarizeFile(file, config, options.stamps);
  };

  const threads = new Set<Thread>();
  const setup: WorkerSetup = { analysisKey: analysisKey(config), stamps: options.stamps };
  for (let i = 0; i < Math.min(options.threads, batches.length); i++) {
    try {
      threads.add({ worker: new Worker(WORKER_SCRIPT, { workerData: setup }), inFlight: new Set() });
    } catch {
      break; // no threads here (a platform without them): the calling thread does it all
    }
  }

  const ready = new Map<number, readonly SummarizedFile[]>();
  let nextToSend = 0;
  let nextToDeliver = 0;
  let settle: (outcome: { complete: boolean } | { error: unknown }) => void = () => undefined;
  const done = new Promise<boolean>((resolve, reject) => (settle = (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.complete))));
  let finished = false;
  let readAhead: ReadAhead | undefined;
  const finish = (outcome: { complete: boolean } | { error: unknown }) => {
    if (finished) return;
    finished = true;
    void readAhead?.stop();
    for (const { worker } of threads) void worker.terminate();
    threads.clear();
    settle(outcome);
  };
  /** Delivers the batches that are next in order; a failure to take one ends the run with it (it is the caller's). */
  const flush = () => {
    try {
      while (!finished && ready.has(nextToDeliver)) {
        const results = ready.get(nextToDeliver)!;
        ready.delete(nextToDeliver);
        const first = nextToDeliver * batchFiles;
        for (let i = 0; i < results.length; i++) deliver(results[i], first + i);
        nextToDeliver++;
        if (!isCurrent()) finish({ complete: false });
      }
      if (nextToDeliver === batches.length) finish({ complete: true });
    } catch (error) {
      finish({ error });
    }
  };
  const feed = (thread: Thread) => {
    while (thread.inFlight.size < BATCHES_IN_FLIGHT && nextToSend < batches.length) {
      const batch = nextToSend++;
      thread.inFlight.add(batch);
      const request: BatchRequest = { batch, files: batches[batch] };
      thread.worker.postMessage(request);
    }
  };
  /**
   * With no thread left, the rest is summarized here, letting other work in between every `sliceMs`. These
   * reads block: a thread warms the OS cache ahead of them (10,000 articles took 1.8 s to read cold, 0.2 s warm).
   */
  const drainHere = async () => {
    const first = nextToSend * batchFiles;
    const ahead: string[] = [];
    /** For each file from `first` on, where the read-ahead's list is when it comes. */
    const aheadAt = files.slice(first).map((file) => (checkedByMetadata(file, options.stamps) ? ahead.length : ahead.push(file.path) - 1));
    readAhead = new ReadAhead(ahead, { maxBytes: MAX_ARTICLE_BYTES });
    let sliceStarted = performance.now();
    while (!finished && nextToSend < batches.length) {
      const batch = nextToSend++;
      readAhead.reading(aheadAt[batch * batchFiles - first]);
      ready.set(batch, inline(batch));
      flush();
      if (performance.now() - sliceStarted >= (options.sliceMs ?? Infinity)) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
    }
  };
  const lost = (thread: Thread) => {
    if (finished || !threads.delete(thread)) return;
    for (const batch of thread.inFlight) ready.set(batch, inline(batch));
    thread.inFlight.clear();
    flush();
    if (threads.size === 0) void drainHere();
  };

  for (const thread of threads) {
    thread.worker.on('message', ({ batch, results }: BatchReply) => {
      if (finished || !thread.inFlight.delete(batch)) return;
      ready.set(batch, results.map((result, i) => fromWire(result, batches[batch][i])));
      feed(thread);
      flush();
    });
    // A worker that throws (or runs out of memory) exits: its batches are done here.
    thread.worker.on('error', (error) => options.threadFailed?.(error instanceof Error ? error.message : String(error)));
    thread.worker.on('exit', () => lost(thread));
    feed(thread);
  }
  if (batches.length === 0) finish({ complete: true });
  else if (threads.size === 0) void drainHere();
  return done;
}
