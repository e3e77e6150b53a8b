#!/usr/bin/env node
// Renders the claims report in headless Chromium, as people see it: the VS Code
// webview's page (client/src/claimsWebviewHtml.ts) in a light, a dark and a
// high-contrast theme, and `factmark claims --format html` in light and dark
// mode. Both are drawn from a copy of samples/ plus test/webview/misprints.fmk,
// which gives two claims conflicting mentions (one of them on a log scale).
//
//   node scripts/test-webview.mjs
//
// Checks the DOM of every page (one row per mention, conflict rows marked and
// red, axis labels, the same SVG in both pages, no Content-Security-Policy
// violation, a click on a row posts the reveal message) and saves a screenshot
// of each to test-output/webview/<page>-<theme>.png. Exits 1 on the first
// failed check. Needs Debian's /usr/bin/chromium (scripts/install-vscode-server.sh
// installs it); it never installs anything itself.
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 860 };
const NARROW_VIEWPORT = { width: 640, height: 860 };
const screenshotDir = join(repoRoot, 'test-output', 'webview');

// The variables VS Code sets on a webview's <html> for its default Light Modern,
// Dark Modern and High Contrast themes (those the report's style sheet reads),
// and the class it gives <body>.
const FONT = '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif';
const EDITOR_FONT = '"Droid Sans Mono", "monospace", monospace';
const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    variables: {
      'editor-foreground': '#3b3b3b',
      'editor-background': '#ffffff',
      descriptionForeground: '#3b3b3b',
      'panel-border': '#e5e5e5',
      'charts-blue': '#1a85ff',
      'charts-red': '#e51400',
      'charts-green': '#388a34',
      'list-hoverBackground': '#f2f2f2',
      focusBorder: '#005fb8',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    variables: {
      'editor-foreground': '#cccccc',
      'editor-background': '#1f1f1f',
      descriptionForeground: '#9d9d9d',
      'panel-border': '#2b2b2b',
      'charts-blue': '#3794ff',
      'charts-red': '#f14c4c',
      'charts-green': '#89d185',
      'list-hoverBackground': '#2a2d2e',
      focusBorder: '#0078d4',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    variables: {
      'editor-foreground': '#ffffff',
      'editor-background': '#000000',
      descriptionForeground: '#ffffff',
      'panel-border': '#6fc3df',
      'charts-blue': '#3794ff',
      'charts-red': '#f48771',
      'charts-green': '#89d185',
      'list-hoverBackground': '#000000',
      focusBorder: '#f38518',
    },
  },
};
for (const theme of Object.values(THEMES)) Object.assign(theme.variables, { 'font-family': FONT, 'editor-font-family': EDITOR_FONT });

/** test/webview/pages.ts, bundled on the fly (out/ belongs to `npm test`, which deletes it). */
async function loadPages(buildDir) {
  const outfile = join(buildDir, 'pages.cjs');
  await esbuild.build({ entryPoints: [join(repoRoot, 'test', 'webview', 'pages.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

function workspaceWithConflicts(dir) {
  cpSync(join(repoRoot, 'samples'), dir, { recursive: true });
  cpSync(join(repoRoot, 'test', 'webview', 'misprints.fmk'), join(dir, 'misprints.fmk'));
  return dir;
}

function rgb(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** What the claims say the page must show. */
function expectations(claims) {
  const mentions = claims.flatMap((claim) => claim.mentions.map((mention, index) => ({ claim: claim.id, index, mention })));
  return {
    rows: mentions.map(({ claim, index }) => `${claim}/${index}`),
    conflictRows: mentions.filter(({ mention }) => mention.disagreesWith.length > 0).map(({ claim, index }) => `${claim}/${index}`),
    // A claim gets an axis when one of its bounds is finite.
    axes: claims.filter((claim) => claim.mentions.some((m) => m.interval && (m.interval.low !== null || m.interval.high !== null))).map((c) => c.id),
  };
}

/** The page's rows, marks and axes, read from the DOM. */
function readPage(page) {
  return page.evaluate(() => {
    const rowId = (row) => `${row.closest('section.claim').id.slice('claim-'.length)}/${row.dataset.mention}`;
    const rows = [...document.querySelectorAll('tr[data-mention]')];
    return {
      rows: rows.map(rowId),
      conflictRows: rows.filter((row) => row.hasAttribute('data-conflict')).map(rowId),
      conflictFills: [...new Set(rows.filter((row) => row.hasAttribute('data-conflict')).map((row) => getComputedStyle(row.querySelector('svg.plot rect.conflict')).fill))],
      intervalFills: [...new Set([...document.querySelectorAll('svg.plot rect.interval')].map((rect) => getComputedStyle(rect).fill))],
      axes: [...document.querySelectorAll('section.claim')].filter((s) => s.querySelectorAll('svg.axis text').length >= 2).map((s) => s.id.slice('claim-'.length)),
      logScale: [...document.querySelectorAll('section.claim')].filter((s) => s.querySelector('th')?.parentElement.textContent.includes('log scale')).map((s) => s.id.slice('claim-'.length)),
      svgs: [...document.querySelectorAll('section.claim svg')].map((svg) => svg.outerHTML),
      // Wide content that would need a horizontal scroll bar at this width.
      overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
  });
}

function checkPage(name, seen, expected, colours) {
  assert.deepEqual(seen.rows, expected.rows, `${name}: one row per mention`);
  assert.deepEqual(seen.conflictRows, expected.conflictRows, `${name}: conflict rows marked`);
  assert.ok(expected.conflictRows.length > 0, 'the workspace has conflicts to draw');
  assert.deepEqual(seen.conflictFills, [colours.conflict], `${name}: conflict bars drawn in the conflict colour`);
  assert.deepEqual(seen.intervalFills, [colours.interval], `${name}: other bars drawn in the interval colour`);
  assert.deepEqual(seen.axes, expected.axes, `${name}: an axis with labels under every claim that has a value`);
  assert.ok(seen.logScale.includes('cn-grant-2025'), `${name}: the misprinted grant puts its claim on a log scale`);
  assert.equal(seen.overflow, false, `${name}: fits the width without scrolling sideways`);
}

/** The first claim in conflict: what the report is for, and what each screenshot shows. */
function firstConflict(claims) {
  return claims.find((claim) => claim.status === 'conflict').id;
}

async function shoot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
  console.log(`screenshot: test-output/webview/${name}.png`);
}

/** How far a claim's section starts from the top of the window, in pixels. */
function distanceFromTop(page, claimId) {
  return page.locator(`section#claim-${claimId}`).evaluate((section) => Math.abs(Math.round(section.getBoundingClientRect().top)));
}

async function testWebview(browser, pages, claims, root, themeName) {
  const theme = THEMES[themeName];
  const name = `webview-${themeName}`;
  const page = await browser.newPage({ viewport: VIEWPORT });
  // What VS Code provides before the page's own script runs: the API object
  // (here a recorder of posted messages) and a listener for CSP violations.
  // The state is kept in sessionStorage, so that it outlives a reload as VS Code's does.
  await page.addInitScript(() => {
    window.posted = [];
    window.violations = [];
    window.acquireVsCodeApi = () => ({
      postMessage: (message) => window.posted.push(message),
      getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined,
      setState: (state) => sessionStorage.setItem('state', JSON.stringify(state)),
    });
    document.addEventListener('securitypolicyviolation', (event) => window.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const file = join(root, '..', `${name}.html`);
  // Opened at a claim, as the Claims view's button opens it.
  const focus = firstConflict(claims);
  writeFileSync(file, pages.webviewPage(claims, root, 'dGVzdC1ub25jZQ==', focus));
  await page.goto(`file://${file}`);
  assert.equal(await distanceFromTop(page, focus), 0, `${name}: opens scrolled to #${focus}`);
  // VS Code reloads a page that was hidden: the reader's place is kept, not the claim it opened at.
  await page.evaluate(() => window.scrollTo(0, 100));
  await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('state') ?? 'null')?.scrollY === 100);
  await page.reload();
  assert.equal(await page.evaluate(() => window.scrollY), 100, `${name}: a reloaded page keeps the reader's place`);
  // The theme as VS Code applies it: variables on <html> (through the CSSOM, which the CSP allows), a class on <body>.
  await page.evaluate(({ variables, bodyClass }) => {
    for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(`--vscode-${name}`, value);
    document.body.classList.add(bodyClass);
  }, theme);

  const expected = expectations(claims);
  const seen = await readPage(page);
  checkPage(name, seen, expected, { conflict: rgb(theme.variables['charts-red']), interval: rgb(theme.variables['charts-blue']) });

  const [claim, mention] = expected.conflictRows.at(-1).split('/');
  await page.locator(`section#claim-${claim} tr[data-mention="${mention}"] td.text`).click();
  await page.locator(`section#claim-${claim} tr[data-mention="0"]`).focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(
    await page.evaluate(() => window.posted),
    [
      { type: 'reveal', claim, mention: Number(mention) },
      { type: 'reveal', claim, mention: 0 },
    ],
    `${name}: a click on a row, or Enter on a focused row, asks the extension to reveal that mention`,
  );
  assert.deepEqual(await page.evaluate(() => window.violations), [], `${name}: nothing the Content-Security-Policy blocks`);
  // A report opened beside an editor gets half the window.
  await page.setViewportSize(NARROW_VIEWPORT);
  assert.equal((await readPage(page)).overflow, false, `${name}: fits ${NARROW_VIEWPORT.width} px without scrolling sideways`);
  await page.setViewportSize(VIEWPORT);
  // Back to how the page opened, for the picture: no row hovered or focused.
  await page.mouse.move(0, 0);
  await page.evaluate((claimId) => {
    document.activeElement.blur();
    document.getElementById(`claim-${claimId}`).scrollIntoView();
  }, focus);
  await shoot(page, name);
  await page.close();
  return seen.svgs;
}

async function testCliPage(browser, claims, root, colorScheme, webviewSvgs) {
  const name = `cli-${colorScheme}`;
  const page = await browser.newPage({ viewport: VIEWPORT, colorScheme });
  const file = join(root, '..', 'cli.html');
  writeFileSync(file, execFileSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'claims', '.', '--format', 'html'], { cwd: root, encoding: 'utf8' }));
  await page.goto(`file://${file}`);
  const seen = await readPage(page);
  const colours = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return { conflict: style.getPropertyValue('--fm-conflict').trim(), interval: style.getPropertyValue('--fm-interval').trim() };
  });
  checkPage(name, seen, expectations(claims), { conflict: rgb(colours.conflict), interval: rgb(colours.interval) });
  assert.deepEqual(seen.svgs, webviewSvgs, `${name}: the same SVG as the webview draws`);
  await page.locator(`section#claim-${firstConflict(claims)}`).evaluate((section) => section.scrollIntoView());
  await shoot(page, name);
  await page.close();
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/install-vscode-server.sh does)`);
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const runDir = mkdtempSync(join(tmpdir(), 'factmark-webview-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const pages = await loadPages(runDir);
    const root = workspaceWithConflicts(join(runDir, 'workspace'));
    const claims = await pages.folderClaims(root);
    rmSync(screenshotDir, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });
    let webviewSvgs;
    for (const theme of Object.keys(THEMES)) webviewSvgs = await testWebview(browser, pages, claims, root, theme);
    for (const colorScheme of ['light', 'dark']) await testCliPage(browser, claims, root, colorScheme, webviewSvgs);
  } finally {
    await browser.close();
    rmSync(runDir, { recursive: true, force: true });
  }
  console.log('webview tests passed');
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
