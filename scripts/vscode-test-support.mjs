// Shared by the two runners of the VS Code integration suite (test/vscode):
// scripts/vscode-headless.mjs (VS Code server + headless Chromium, for machines
// that cannot download VS Code) and scripts/test-electron.mjs (@vscode/test-electron).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');

const suiteSourceDir = join(repoRoot, 'test', 'vscode');
// Not under out/: `node scripts/build.mjs --tests` deletes out/ whenever anyone
// runs the node tests, which may be in the middle of a VS Code run.
const suiteOutDir = join(repoRoot, '.vscode-test', 'suite');

/** The compiled module whose `run()` VS Code calls (`extensionTestsPath`). */
export const suiteIndexPath = join(suiteOutDir, 'index.js');

/**
 * The extension under test: the repository itself, or FACTMARK_EXTENSION_PATH
 * (any folder with an extension package.json) to try the harness on another one.
 */
export function extensionDevelopmentPath() {
  return resolve(process.env.FACTMARK_EXTENSION_PATH || repoRoot);
}

/**
 * Builds the extension bundle (dist/, unless another extension is under test)
 * and the suite. Each suite entry (the index and every suite/*.itest.mts)
 * becomes one CommonJS file with its relative imports inlined; packages
 * (`vscode`, `mocha`…) stay `require`s, resolved from the repository's
 * node_modules or, for `vscode`, by the extension host.
 */
export async function buildExtensionAndSuite() {
  if (extensionDevelopmentPath() === repoRoot) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const suiteFiles = readdirSync(join(suiteSourceDir, 'suite'))
    .filter((name) => name.endsWith('.itest.mts'))
    .map((name) => join(suiteSourceDir, 'suite', name));
  rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(suiteSourceDir, 'index.mts'), ...suiteFiles],
    outdir: suiteOutDir,
    outbase: suiteSourceDir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** A fresh copy of samples/ to open as the workspace, so tests may edit files freely. */
export function createWorkspaceFromSamples(workspaceDir) {
  mkdirSync(workspaceDir, { recursive: true });
  cpSync(join(repoRoot, 'samples'), workspaceDir, { recursive: true });
  return workspaceDir;
}
