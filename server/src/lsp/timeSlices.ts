/**
 * Long work on the main thread (indexing, publishing every file's
 * diagnostics) runs in time slices: requests and edits that arrive meanwhile
 * are answered between slices instead of waiting for the whole job.
 */

/** How long a slice of bulk work (indexing, a full publish) may hold the event loop. */
export const SLICE_MS = 15;

/**
 * How long a slice may hold the event loop while someone is at work in the editor: a request that
 * arrives may wait for the slice that is running and the next one, and hover answers within 5 ms.
 */
export const INTERACTIVE_SLICE_MS = 2;

/** Lets queued messages (a `$/cancelRequest`, a keystroke) in between chunks of workspace-wide work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Calls `work` on each item, yielding to the event loop whenever a slice's time (`sliceMs`) is up;
 * `afterSlice` hears how many items are done. Stops early, returning false, once `isCurrent` says the
 * job was superseded.
 */
export async function forEachInTimeSlices<T>(
  items: Iterable<T>,
  work: (item: T) => void,
  isCurrent: () => boolean,
  afterSlice?: (done: number) => void,
  sliceMs = SLICE_MS,
): Promise<boolean> {
  let done = 0;
  let sliceStarted = performance.now();
  for (const item of items) {
    work(item);
    done++;
    if (performance.now() - sliceStarted >= sliceMs) {
      afterSlice?.(done);
      await yieldToEventLoop();
      if (!isCurrent()) return false;
      sliceStarted = performance.now();
    }
  }
  afterSlice?.(done);
  return true;
}
