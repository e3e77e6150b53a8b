/**
 * A worker thread of summarizePool.ts: summarizes the batches of files it is sent and posts back
 * each summary packed (its numbers' buffer is transferred, not copied). Its own bundle
 * (dist/summarizeWorker.js), started from the pool's folder.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { configOfAnalysisKey } from '../core/config';
import { encodeRetained } from '../core/retained';
import { summarizeFile } from './summarizeFile';
import type { BatchReply, BatchRequest, WireFile, WorkerSetup } from './summarizePool';

/** Answers each batch request on `port` with the batch's files summarized and packed. */
function serveBatches(port: MessagePort, setup: WorkerSetup): void {
  const config = configOfAnalysisKey(setup.analysisKey);
  // The pool made the key from a configuration it holds: one that does not read back is a bug, and the
  // pool summarizes on its own thread instead.
  if (!config) throw new Error('the analysis settings did not reach the worker intact');
  port.on('message', ({ batch, files }: BatchRequest) => {
    const results: WireFile[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const file of files) {
      const result = summarizeFile(file, config, setup.stamps);
      if (result.kind !== 'summarized') {
        results.push(result);
        continue;
      }
      const { summary, ...rest } = result;
      const packed = encodeRetained(summary);
      results.push({ ...rest, packed });
      // A buffer of its own moves to the pool instead of being copied.
      const { buffer, byteOffset, byteLength } = packed.numbers;
      if (byteOffset === 0 && byteLength === buffer.byteLength) transfer.push(buffer as ArrayBuffer);
    }
    const reply: BatchReply = { batch, results };
    port.postMessage(reply, transfer);
  });
}

// Loaded on a main thread (a test that requires every module), it does nothing.
if (!isMainThread && parentPort) serveBatches(parentPort, workerData as WorkerSetup);
