#!/usr/bin/env node
// Runs the Emacs setup that docs/editors.md gives, as written there, against a
// copy of samples/: GNU Emacs (Debian's emacs-nox) with Eglot (elpa-eglot),
// in batch (test/editors/eglot.el). For every sample article that `factmark
// check` reports on, Emacs must show the same diagnostics, on the same lines,
// with the severity Eglot gives each LSP severity; with the document's
// `.dir-locals.el` in the workspace, the `uncited-figure` rule it sets must
// turn those notes into warnings (the server read Eglot's workspace
// configuration).
//
//   node scripts/test-editors.mjs
//
// Installs the two Debian packages when missing (scripts/install-debian-packages.sh).
// Exits 1 with a diff when an article's diagnostics differ.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
const CLI = join(repoRoot, 'dist', 'cli.js');
const DEBIAN_PACKAGES = ['emacs-nox', 'elpa-eglot'];
/** Eglot's Flymake type for each LSP severity (hints and information are notes). */
const EGLOT_TYPE = { error: 'eglot-error', warning: 'eglot-warning', info: 'eglot-note', hint: 'eglot-note' };

/** The fenced elisp blocks of the Emacs section of docs/editors.md: init.el, then .dir-locals.el. */
function emacsSnippets() {
  const doc = readFileSync(join(repoRoot, 'docs', 'editors.md'), 'utf8');
  const start = doc.indexOf('### Emacs');
  const end = doc.indexOf('\n## ', start);
  if (start < 0) throw new Error('docs/editors.md has no "### Emacs" section');
  const blocks = [...doc.slice(start, end < 0 ? undefined : end).matchAll(/```elisp\n([^]*?)```/g)].map((match) => match[1]);
  if (blocks.length !== 2) throw new Error(`the Emacs section of docs/editors.md has ${blocks.length} elisp blocks, not 2 (init.el, .dir-locals.el)`);
  return { init: blocks[0], dirLocals: blocks[1] };
}

/** What `factmark check` reports, per article, as Emacs should show it; `ruleOverrides`: severities the editor's settings change. */
function expectedDiagnostics(report, ruleOverrides = {}) {
  const byArticle = new Map();
  for (const file of report.files) {
    const lines = file.diagnostics.map((d) => `${d.line} ${EGLOT_TYPE[ruleOverrides[d.code] ?? d.severity]} factmark [${d.code}]: ${d.message}`);
    if (lines.length) byArticle.set(file.file.replace(/^.*\//, ''), lines);
  }
  return byArticle;
}

function emacsDiagnostics(workspace, binDir, initPath, article) {
  const output = execFileSync('emacs', ['--batch', '-l', join(repoRoot, 'test', 'editors', 'eglot.el'), initPath, article], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, HOME: workspace },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return output.split('\n').filter(Boolean);
}

function compare(what, expected, actual) {
  if (JSON.stringify(expected) === JSON.stringify(actual)) {
    console.log(`ok   ${what}: ${actual.length} diagnostics`);
    return true;
  }
  console.log(`FAIL ${what}\n  expected:\n${expected.map((l) => `    ${l}`).join('\n')}\n  Emacs showed:\n${actual.map((l) => `    ${l}`).join('\n')}`);
  return false;
}

execFileSync('bash', [join(repoRoot, 'scripts', 'install-debian-packages.sh'), ...DEBIAN_PACKAGES], { stdio: 'inherit' });
if (!existsSync(CLI)) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const scratch = mkdtempSync(join(tmpdir(), 'factmark-editors-'));
let passed = true;
try {
  // `factmark` on PATH, as the snippet runs it.
  const binDir = join(scratch, 'bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'factmark'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(binDir, 'factmark'), 0o755);
  const { init, dirLocals } = emacsSnippets();
  const initPath = join(scratch, 'init.el');
  writeFileSync(initPath, init);
  // Outside the repository, so that Eglot's project is the workspace itself.
  const workspace = join(scratch, 'workspace');
  cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
  const articles = readdirSync(workspace).filter((name) => name.endsWith('.fmk')).sort();

  const report = JSON.parse(execFileSync(process.execPath, [CLI, 'check', workspace, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const expected = expectedDiagnostics(report);
  const checked = articles.filter((article) => expected.has(article));
  if (checked.length < 3) throw new Error(`only ${checked.length} sample articles have diagnostics: too few to test the editor`);
  for (const article of checked) passed = compare(article, expected.get(article), emacsDiagnostics(workspace, binDir, initPath, article)) && passed;

  // The settings snippet: its rule must reach the server through Eglot.
  writeFileSync(join(workspace, '.dir-locals.el'), dirLocals);
  const withRule = expectedDiagnostics(report, { 'uncited-figure': 'warning' });
  const article = checked.find((name) => expected.get(name).some((line) => line.includes('[uncited-figure]')));
  if (!article) throw new Error('no sample article has an uncited-figure note for the settings snippet to change');
  passed = compare(`${article} with the .dir-locals.el of docs/editors.md`, withRule.get(article), emacsDiagnostics(workspace, binDir, initPath, article)) && passed;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (!passed) process.exit(1);
console.log('Emacs (Eglot) shows what factmark check reports, and applies the settings snippet.');
