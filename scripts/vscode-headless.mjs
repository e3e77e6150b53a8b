#!/usr/bin/env node
// Runs the VS Code integration suite (test/vscode) inside a real VS Code on a
// machine with no display and no way to download VS Code: the VS Code server
// that code-server bundles (installed by scripts/install-vscode-server.sh), its
// workbench opened in Debian's headless Chromium through playwright-core. The
// extension runs in a real Node extension host with the real `vscode` API.
//
//   node scripts/vscode-headless.mjs
//
// Exits with the suite's code and ends with the line `N passed, N failed`.
// Screenshots go to test-output/vscode/: final.png always, failure.png when the
// run fails, and <name>.png for each requestScreenshot(name) of the suite
// (test/vscode/screenshot.mts). On failure it prints the extension host log,
// the extensions' output channels and the server's output. The server and the
// browser are stopped in every case, Ctrl-C included.
//
// Environment: FACTMARK_EXTENSION_PATH (extension under test, default this
// repository, whose dist/ is then built first), FACTMARK_CACHE (where the
// server is installed, default ~/.cache/factmark).
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { format } from 'node:util';
import {
  buildExtensionAndSuite,
  createWorkspaceFromSamples,
  extensionDevelopmentPath,
  repoRoot,
  suiteIndexPath,
} from './vscode-test-support.mjs';

const SUITE_TIMEOUT_MS = 10 * 60_000;
const SERVER_START_TIMEOUT_MS = 60_000;
const PROCESS_STOP_GRACE_MS = 5_000;
const SCREENSHOT_POLL_MS = 250;
// How long a screenshot request's `waitFor` selector may take to become visible.
const SCREENSHOT_WAIT_FOR_MS = 15_000;
const VIEWPORT = { width: 1600, height: 1000 };
// What the doc on these machines prescribes: no sandbox as root, no GPU, and no
// background connections (the closed network refuses them, many at a time).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Printed by test/vscode/index.mts when the suite ends.
const SUITE_COUNTS = /factmark-vscode-suite: (\d+) passed, (\d+) failed/;
const FAILING = /^\s*\d+ failing/;
const screenshotDir = join(repoRoot, 'test-output', 'vscode');

// Undo actions, run last-registered first on success, failure or a signal.
const cleanups = [];
let cleanupRun;
function cleanUp() {
  cleanupRun ??= (async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return cleanupRun;
}

function installServer() {
  const stdout = execFileSync('bash', [join(repoRoot, 'scripts', 'install-vscode-server.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return stdout.trim().split('\n').at(-1);
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function parentPidOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces, so count from its ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** `rootPid` and all its descendants, found through /proc. */
function processTree(rootPid) {
  const childrenByParent = new Map();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentPidOf(pid);
    if (parent === undefined) continue;
    childrenByParent.set(parent, [...(childrenByParent.get(parent) ?? []), pid]);
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) tree.push(...(childrenByParent.get(tree[i]) ?? []));
  return tree;
}

function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Stops the server's process group and any descendant that left it (extension host, pty host…). */
async function stopProcessTree(rootPid) {
  const pids = processTree(rootPid);
  signalAll([-rootPid, ...pids], 'SIGTERM');
  for (let waited = 0; waited < PROCESS_STOP_GRACE_MS && pids.some(isRunning); waited += 100) await sleep(100);
  signalAll([-rootPid, ...pids.filter(isRunning)], 'SIGKILL');
}

function startServer(serverDir, port, dirs) {
  const logFd = openSync(dirs.serverLog, 'a');
  const server = spawn(
    process.execPath,
    [
      join(serverDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      dirs.workspace,
    ],
    {
      // Its own process group, so that stopping it reaches everything it started.
      detached: true,
      stdio: ['ignore', logFd, logFd],
      // Inherited by the extension host, where the suite finds it.
      env: { ...process.env, FACTMARK_SCREENSHOT_REQUESTS: dirs.screenshotRequests },
    },
  );
  cleanups.push(() => stopProcessTree(server.pid));
  return server;
}

async function waitUntilServing(port, server) {
  let exited = false;
  server.once('exit', () => (exited = true));
  for (let waited = 0; waited < SERVER_START_TIMEOUT_MS; waited += 250) {
    if (exited) throw new Error('code-server exited while starting');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer within ${SERVER_START_TIMEOUT_MS} ms`);
}

async function saveScreenshot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
  console.log(`screenshot: ${join('test-output', 'vscode', `${name}.png`)}`);
}

/**
 * Takes one requested screenshot. A request may name a Playwright selector
 * (`{"waitFor": ".monaco-hover"}`) that must be visible first: what the
 * picture is meant to show (a hover, a panel) appears asynchronously in the
 * workbench, and only the page can see when it has.
 */
async function answerScreenshotRequest(page, name, request) {
  const { waitFor } = request ? JSON.parse(request) : {};
  if (waitFor) await page.locator(waitFor).first().waitFor({ state: 'visible', timeout: SCREENSHOT_WAIT_FOR_MS });
  await saveScreenshot(page, name);
}

/** Answers the suite's screenshot requests (see test/vscode/screenshot.mts) until stopped. */
function serveScreenshotRequests(page, requestDir) {
  let stopped = false;
  const served = (async () => {
    while (!stopped) {
      for (const file of readdirSync(requestDir).filter((file) => file.endsWith('.request'))) {
        const name = file.slice(0, -'.request'.length);
        const answer = join(requestDir, `${name}.done`);
        if (existsSync(answer)) continue;
        // The answer carries the failure, if any, so that the test that asked fails with it.
        let failure = '';
        try {
          await answerScreenshotRequest(page, name, readFileSync(join(requestDir, file), 'utf8'));
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
          console.error(`screenshot '${name}' failed: ${failure}`);
        }
        writeFileSync(answer, failure);
      }
      await sleep(SCREENSHOT_POLL_MS);
    }
  })();
  return async () => {
    stopped = true;
    await served;
  };
}

/**
 * Settings where VS Code for the web differs from desktop VS Code (where the
 * suite also runs, through scripts/test-electron.mjs): the web defaults
 * files.autoSave to afterDelay, which would save the suite's unsaved edits to
 * disk behind its back.
 */
function writeUserSettings(userData) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'files.autoSave': 'off' }, null, 2));
}

function workbenchUrl(port, workspace, extensionPath) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(suiteIndexPath)],
    ['skipWelcome', 'true'],
  ];
  const query = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${port}/?${query}`;
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The extension host's log, extensions' output channels (where a language client logs) and the server's output. */
function printFailureLogs(dirs) {
  const extensionHostLogs = filesUnder(join(dirs.userData, 'logs')).filter(
    (path) => path.endsWith('exthost.log') || path.includes('/output_logging_'),
  );
  for (const path of [...extensionHostLogs, dirs.serverLog]) {
    console.error(`\n===== ${path} =====\n${existsSync(path) ? readFileSync(path, 'utf8') : '(missing)'}`);
  }
  if (extensionHostLogs.length === 0) console.error('(no extension host log was written)');
}

async function runSuite() {
  await buildExtensionAndSuite();
  const serverDir = installServer();

  const runDir = mkdtempSync(join(tmpdir(), 'factmark-vscode-'));
  cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
  const dirs = {
    workspace: createWorkspaceFromSamples(join(runDir, 'workspace')),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    screenshotRequests: join(runDir, 'screenshot-requests'),
    serverLog: join(runDir, 'code-server.log'),
  };
  mkdirSync(dirs.screenshotRequests);
  writeUserSettings(dirs.userData);
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });

  let page;
  let suiteCounts;
  const failureReport = [];
  let exitCode = 1;
  try {
    const port = await freeLoopbackPort();
    const server = startServer(serverDir, port, dirs);
    await waitUntilServing(port, server);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      // Signals are ours to handle: the server must be stopped too.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanups.push(() => browser.close());
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => console.error('[workbench page error]', error.message));

    let reportExit;
    const suiteExit = new Promise((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // Console calls of the extension host arrive with their printf-style arguments.
      const line = format(...(Array.isArray(args) ? args : [args]));
      suiteCounts = SUITE_COUNTS.exec(line) ?? suiteCounts;
      // Mocha's account of the failures (from `N failing` on) is repeated after the logs below, which bury it.
      if (FAILING.test(line) || failureReport.length > 0) failureReport.push(line);
      (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));
    const stopServingScreenshots = serveScreenshotRequests(page, dirs.screenshotRequests);
    cleanups.push(stopServingScreenshots);

    const started = Date.now();
    await page.goto(workbenchUrl(port, dirs.workspace, extensionDevelopmentPath()));
    const timedOut = sleep(SUITE_TIMEOUT_MS).then(() => 'timeout');
    const outcome = await Promise.race([suiteExit, timedOut]);
    if (outcome === 'timeout') {
      console.error(`the suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`);
    } else {
      exitCode = outcome;
      console.log(`suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s with code ${exitCode}`);
    }
    await stopServingScreenshots();
    await saveScreenshot(page, 'final');
  } catch (error) {
    console.error('headless VS Code run failed:', error);
    exitCode = 1;
  }

  if (exitCode !== 0) {
    if (page) {
      await saveScreenshot(page, 'failure').catch((error) => console.error('failure screenshot:', error.message));
    }
    printFailureLogs(dirs);
    if (failureReport.length > 0) console.error(`\n===== the failing tests =====\n${failureReport.join('\n')}`);
  }
  console.log(suiteCounts ? `${suiteCounts[1]} passed, ${suiteCounts[2]} failed` : 'the suite reported no counts');
  return exitCode;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: stopping code-server and the browser`);
    await cleanUp();
    process.exit(128 + osConstants.signals[signal]);
  });
}

let exitCode = 1;
try {
  exitCode = await runSuite();
} catch (error) {
  console.error(error);
} finally {
  await cleanUp();
}
process.exit(exitCode);
