/**
 * Screenshots of the workbench on request of a test, e.g. to show a hover or
 * the Problems panel. The headless harness (scripts/vscode-headless.mjs) sets
 * FACTMARK_SCREENSHOT_REQUESTS to a folder it polls: a test writes
 * `<name>.request` there, the harness saves test-output/vscode/<name>.png and
 * answers with `<name>.done` (empty, or the reason it failed). A request may
 * name a Playwright selector (`waitFor`) that the harness waits to see visible
 * before it shoots: a hover or a panel is drawn some time after the command
 * that opens it, and only the page knows when. A name used twice keeps the
 * later picture; `final` and `failure` are the harness's own. Elsewhere (VS
 * Code under @vscode/test-electron) nobody takes screenshots, so a request is
 * only logged.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SCREENSHOT_NAME = /^[a-z0-9][a-z0-9-]*$/;
const POLL_INTERVAL_MS = 100;
const ANSWER_TIMEOUT_MS = 30_000;

export interface ScreenshotOptions {
  /** A Playwright selector that must be visible before the picture is taken, e.g. `.monaco-hover:has-text("Reconciled")`. */
  readonly waitFor?: string;
}

/** Resolves once test-output/vscode/<name>.png holds the workbench as it is now; rejects if it could not be taken. */
export async function requestScreenshot(name: string, options: ScreenshotOptions = {}): Promise<void> {
  if (!SCREENSHOT_NAME.test(name)) throw new Error(`screenshot name must be lower-case kebab: ${name}`);
  const requestDir = process.env.FACTMARK_SCREENSHOT_REQUESTS;
  if (!requestDir) {
    console.log(`screenshot '${name}' skipped: no headless harness to take it`);
    return;
  }
  const answer = join(requestDir, `${name}.done`);
  rmSync(answer, { force: true });
  // Written aside and renamed, so that the harness never reads half a request.
  const request = join(requestDir, `${name}.request`);
  writeFileSync(`${request}.tmp`, JSON.stringify(options));
  renameSync(`${request}.tmp`, request);
  for (let waited = 0; waited < ANSWER_TIMEOUT_MS; waited += POLL_INTERVAL_MS) {
    if (existsSync(answer)) {
      const failure = readFileSync(answer, 'utf8');
      if (failure) throw new Error(`screenshot '${name}' failed: ${failure}`);
      return;
    }
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`screenshot '${name}' was not taken within ${ANSWER_TIMEOUT_MS} ms`);
}
