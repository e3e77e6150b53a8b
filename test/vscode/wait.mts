/**
 * Bounded polling, the suite's only way to wait for VS Code or the language
 * server: a test states the condition it needs and how long it may take, and
 * learns on timeout what was last seen instead of a bare "timeout".
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 20 s: a cold language server answers in well under that). */
  readonly timeoutMs?: number;
  /** What is awaited, for the timeout message: `diagnostics of astana-times-summit.fmk`. */
  readonly what: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 50;

type Falsy = undefined | null | false;

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The polling loop; `lastSeen` renders the last observation for the timeout message. */
async function poll<T>(probe: () => T | Falsy | Promise<T | Falsy>, options: WaitOptions, lastSeen: (last: unknown) => string): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}\n${lastSeen(last)}`);
    await delay(POLL_INTERVAL_MS);
  }
}

/**
 * Polls `probe` until it returns a value other than undefined, null or false,
 * and returns that value. A probe that throws counts as "not yet" (a provider
 * may reject while the server starts); the last value or error is quoted in
 * the timeout error.
 */
export function waitFor<T>(probe: () => T | Falsy | Promise<T | Falsy>, options: WaitOptions): Promise<T> {
  return poll(probe, options, (last) => `last seen: ${show(last)}`);
}

/**
 * Polls until `read()` equals `expected` (compared as JSON) and returns it;
 * on timeout the error shows both, so a failure reads like an assertion.
 */
export async function waitForEqual<T>(read: () => T | Promise<T>, expected: T, options: WaitOptions): Promise<T> {
  const wanted = JSON.stringify(expected, null, 2);
  let actual: T | undefined;
  await poll(
    async () => {
      actual = await read();
      return JSON.stringify(actual, null, 2) === wanted;
    },
    options,
    (last) => `expected: ${wanted}\nactual:   ${last instanceof Error ? show(last) : JSON.stringify(actual, null, 2)}`,
  );
  return actual as T;
}
