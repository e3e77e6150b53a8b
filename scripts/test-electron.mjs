#!/usr/bin/env node
// Runs the VS Code integration suite (test/vscode) in desktop VS Code through
// @vscode/test-electron, where VS Code can be downloaded (a laptop, a public CI;
// on Linux without a display, under `xvfb-run -a`). Machines that cannot
// download it use scripts/vscode-headless.mjs instead: same suite.
//
//   node scripts/test-electron.mjs
//
// Environment: VSCODE_EXECUTABLE (a VS Code to use instead of downloading one),
// FACTMARK_EXTENSION_PATH (extension under test, default this repository).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildExtensionAndSuite,
  createWorkspaceFromSamples,
  extensionDevelopmentPath,
  suiteIndexPath,
} from './vscode-test-support.mjs';

await buildExtensionAndSuite();
// A fresh workspace and profile each run; short paths, as VS Code's IPC socket
// lives in the user-data folder and Unix socket paths are limited to ~100 bytes.
const runDir = mkdtempSync(join(tmpdir(), 'factmark-electron-'));
let exitCode = 1;
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: extensionDevelopmentPath(),
    extensionTestsPath: suiteIndexPath,
    launchArgs: [
      createWorkspaceFromSamples(join(runDir, 'workspace')),
      '--disable-extensions',
      `--user-data-dir=${join(runDir, 'user-data')}`,
      `--extensions-dir=${join(runDir, 'extensions')}`,
    ],
  });
  exitCode = 0;
} catch (error) {
  console.error('VS Code integration tests failed:', error instanceof Error ? error.message : error);
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
process.exit(exitCode);
