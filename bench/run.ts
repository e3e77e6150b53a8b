/**
 * `npm run bench`: generates seeded corpora (1,000 and 10,000 articles by
 * default; `--articles N` repeatable for other sizes), then measures the CLI
 * against `wc -w` and markdownlint-cli2 on the same bytes, and the language
 * server driven over stdio as an editor would. Prints one table, checks the
 * targets (PASS/FAIL), and writes the same figures to bench/results/*.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LineIndex } from '../server/src/core/text';
import { articlePath, corpus, HOT_CLAIM, longArticle } from './corpus';
import { LspSession } from './lsp';
import { median, percentile, run } from './measure';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const MARKDOWNLINT = join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
const SEED = 20250617;
/** The server's default debounce (settings), reported beside the keystroke latency measured with debounce 0. */
const DEFAULT_DEBOUNCE_MS = 50;

const { values } = parseArgs({
  options: {
    articles: { type: 'string', multiple: true },
    runs: { type: 'string' },
    'skip-markdownlint': { type: 'boolean' },
    'corpus-dir': { type: 'string' },
  },
});
const sizes = (values.articles ?? ['1000', '10000']).map(Number);
const corpusRoot = values['corpus-dir'] ?? join(tmpdir(), 'factmark-bench');

interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly p95?: number;
  /** Target: value must be ≤ max (or ratio ≥ min). */
  readonly max?: number;
  readonly min?: number;
}

function generate(articles: number): { dir: string; bytes: number; files: number } {
  const dir = join(corpusRoot, `seed${SEED}-${articles}`);
  const marker = join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    let bytes = 0;
    let files = 0;
    for (const file of corpus({ articles, seed: SEED, words: 800 })) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
      bytes += Buffer.byteLength(file.text);
      files++;
    }
    writeFileSync(marker, JSON.stringify({ bytes, files }));
  }
  return { dir, ...JSON.parse(readFileSync(marker, 'utf8')) };
}

/** The same articles as `.md` (hard links: same bytes on disk) for markdownlint-cli2. */
function markdownMirror(dir: string): string {
  const mirror = `${dir}-md`;
  if (existsSync(join(mirror, '.complete'))) return mirror;
  rmSync(mirror, { recursive: true, force: true });
  const list = execFileSync('find', [dir, '-name', '*.fmk'], { maxBuffer: 1 << 30 }).toString().trim().split('\n');
  for (const path of list) {
    const target = join(mirror, path.slice(dir.length).replace(/\.fmk$/, '.md'));
    mkdirSync(dirname(target), { recursive: true });
    linkSync(path, target);
  }
  writeFileSync(join(mirror, '.complete'), '');
  return mirror;
}

async function repeat(times: number, command: string, args: string[], cwd?: string) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await run(command, args, cwd));
  return {
    wall: results.map((r) => r.wallMs),
    rss: results.map((r) => r.peakRssMb),
  };
}

function positionOf(text: string, needle: string, fromOffset = 0): { line: number; character: number } {
  const offset = text.indexOf(needle, fromOffset);
  if (offset < 0) throw new Error(`bench corpus lacks ${needle}`);
  return LineIndex.of(text).positionAt(offset);
}

async function measureServer(dir: string, articles: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const session = new LspSession(CLI, 0);
  try {
    const indexedMs = await session.initialize(pathToFileURL(dir).href);
    figures.push({ name: 'server: initialize → indexed', unit: 'ms', median: indexedMs, max: articles >= 100_000 ? 30_000 : articles >= 10_000 ? 3_000 : undefined });
    figures.push({ name: 'server: RSS after indexing', unit: 'MB', median: session.rssMb(), max: articles >= 100_000 ? 1536 : articles >= 10_000 ? 300 : undefined });

    const c = session.connection;
    const open = async (relative: string) => {
      const uri = pathToFileURL(join(dir, relative)).href;
      const text = readFileSync(join(dir, relative), 'utf8');
      const published = session.nextPublish(uri);
      await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'factmark', version: 1, text } });
      await published;
      return { uri, text };
    };

    // Typing in a 10,000-word article: one character per didChange, to the publish of that file.
    const long = await open(longArticle({ articles, seed: SEED, words: 800 }).path);
    const typing: number[] = [];
    const lastLine = LineIndex.of(long.text).lineCount - 2;
    for (let version = 2; version < 62; version++) {
      const published = session.nextPublish(long.uri);
      const started = performance.now();
      await c.sendNotification('textDocument/didChange', {
        textDocument: { uri: long.uri, version },
        contentChanges: [{ range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, text: 'x' }],
      });
      await published;
      typing.push(performance.now() - started);
    }
    figures.push({ name: 'keystroke → diagnostics (10,000-word file)', unit: 'ms', median: median(typing.slice(10)), p95: percentile(typing.slice(10), 95), max: 25 });
    figures.push({ name: '  (server debounce by default, not included)', unit: 'ms', median: DEFAULT_DEBOUNCE_MS });

    // An edit that creates a cross-article conflict: the other (closed) article is re-published.
    const pairA = await open(articlePath(1));
    const otherUri = pathToFileURL(join(dir, articlePath(2))).href;
    const pairPosition = positionOf(pairA.text, '$44 billion');
    const crossArticle: number[] = [];
    for (let version = 2; version < 22; version++) {
      const published = session.nextPublish(otherUri);
      const started = performance.now();
      await c.sendNotification('textDocument/didChange', {
        textDocument: { uri: pairA.uri, version },
        contentChanges: [{ range: { start: { line: pairPosition.line, character: pairPosition.character + 1 }, end: { line: pairPosition.line, character: pairPosition.character + 3 } }, text: version % 2 ? '44' : '12' }],
      });
      await published;
      crossArticle.push(performance.now() - started);
    }
    figures.push({ name: 'edit → other article re-published', unit: 'ms', median: median(crossArticle), p95: percentile(crossArticle, 95), max: 50 });

    // Requests on the hot claim (1,000 mentions in 500 files) from an open article.
    const hot = await open(articlePath(0));
    const hotPosition = positionOf(hot.text, `#${HOT_CLAIM}`);
    const at = { textDocument: { uri: hot.uri }, position: { line: hotPosition.line, character: hotPosition.character + 3 } };
    const sample = async (name: string, times: number, max: number | undefined, request: () => Promise<unknown>) => {
      const durations: number[] = [];
      for (let i = 0; i < times; i++) durations.push((await session.timed(request))[0]);
      figures.push({ name, unit: 'ms', median: median(durations), p95: percentile(durations, 95), max });
    };
    await sample('hover (claim with 1,000 mentions)', 40, 5, () => c.sendRequest('textDocument/hover', at));
    await sample('definition', 40, 2, () => c.sendRequest('textDocument/definition', at));
    await sample('references (1,000 mentions, 500 files)', 20, 20, () => c.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } }));
    await sample('rename (1,000 mentions, 500 files)', 5, 100, () => c.sendRequest('textDocument/rename', { ...at, newName: `${HOT_CLAIM}-renamed` }));

    // Completion of claim ids after `#` (ids: 2 per article).
    const insertAt = { line: hotPosition.line, character: 0 };
    await c.sendNotification('textDocument/didChange', {
      textDocument: { uri: hot.uri, version: 2 },
      contentChanges: [{ range: { start: insertAt, end: insertAt }, text: '[x]{#cl' }],
    });
    await sample(`completion (${articles * 2} claim ids)`, 40, articles >= 10_000 ? 10 : undefined, () =>
      c.sendRequest('textDocument/completion', { textDocument: { uri: hot.uri }, position: { line: insertAt.line, character: 7 } }),
    );
    await sample('workspace symbols', 20, undefined, () => c.sendRequest('workspace/symbol', { query: 'claim-12' }));
  } finally {
    await session.close();
  }
  return figures;
}

async function measureSize(articles: number, runs: number) {
  const { dir, bytes, files } = generate(articles);
  const mb = bytes / 1e6;
  const figures: Figure[] = [];
  const check = await repeat(runs, process.execPath, [CLI, 'check', dir, '--format', 'json']);
  figures.push({ name: 'factmark check (wall, incl. start-up)', unit: 'ms', median: median(check.wall), p95: percentile(check.wall, 95), max: articles === 10_000 ? 2500 : undefined });
  figures.push({ name: 'factmark check peak RSS', unit: 'MB', median: median(check.rss) });
  figures.push({ name: 'factmark check throughput', unit: 'MB/s', median: mb / (median(check.wall) / 1000) });
  const claims = await repeat(runs, process.execPath, [CLI, 'claims', dir, '--format', 'json']);
  figures.push({ name: 'factmark claims --format json', unit: 'ms', median: median(claims.wall), p95: percentile(claims.wall, 95) });
  figures.push({ name: 'factmark claims peak RSS', unit: 'MB', median: median(claims.rss) });

  const wc = await repeat(runs, 'sh', ['-c', `find "${dir}" -name '*.fmk' -print0 | xargs -0 cat | wc -w`]);
  figures.push({ name: 'wc -w (the floor)', unit: 'ms', median: median(wc.wall) });
  figures.push({ name: 'ratio: check / wc -w', unit: '×', median: median(check.wall) / median(wc.wall) });
  if (!values['skip-markdownlint']) {
    const mirror = markdownMirror(dir);
    const lint = await repeat(Math.min(runs, 3), process.execPath, [MARKDOWNLINT, '**/*.md'], mirror);
    figures.push({ name: 'markdownlint-cli2 (same bytes as .md)', unit: 'ms', median: median(lint.wall) });
    figures.push({ name: 'speed-up: markdownlint-cli2 / check', unit: '×', median: median(lint.wall) / median(check.wall), min: articles === 10_000 ? 3 : undefined });
  }
  figures.push(...(await measureServer(dir, articles)));
  return { articles, files, megabytes: mb, figures };
}

function verdict(figure: Figure): string {
  const value = figure.p95 ?? figure.median;
  if (figure.max !== undefined) return value <= figure.max ? `PASS ≤ ${figure.max}` : `FAIL > ${figure.max}`;
  if (figure.min !== undefined) return figure.median >= figure.min ? `PASS ≥ ${figure.min}` : `FAIL < ${figure.min}`;
  return '';
}

async function main() {
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const results: Awaited<ReturnType<typeof measureSize>>[] = [];
  for (const articles of sizes) {
    const runs = Number(values.runs ?? (articles >= 100_000 ? 1 : articles >= 10_000 ? 3 : 5));
    process.stderr.write(`bench: ${articles} articles, ${runs} runs…\n`);
    results.push(await measureSize(articles, runs));
  }
  const names = results[0].figures.map((f) => f.name);
  const header = ['measure', 'unit', ...results.map((r) => `${r.articles} art. (${r.megabytes.toFixed(0)} MB) median / p95`), 'target'];
  const rows = names.map((name) => {
    const cells = results.map((r) => {
      const f = r.figures.find((x) => x.name === name);
      return f ? `${fmt(f.median)}${f.p95 !== undefined ? ` / ${fmt(f.p95)}` : ''}` : '';
    });
    const verdicts = results.map((r) => r.figures.find((x) => x.name === name)).filter((f): f is Figure => !!f).map(verdict).filter(Boolean);
    return [name, results[0].figures.find((f) => f.name === name)!.unit, ...cells, verdicts.join(', ')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const failures = results.flatMap((r) => r.figures.filter((f) => verdict(f).startsWith('FAIL')).map((f) => `${r.articles}: ${f.name}`));
  console.log(failures.length ? `\n${failures.length} target(s) FAIL:\n  ${failures.join('\n  ')}` : '\nall targets PASS');
  const out = join(ROOT, 'bench/results', `${new Date().toISOString().slice(0, 10)}-${sizes.join('-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, seed: SEED, results }, null, 2) + '\n');
  console.log(`results: ${out}`);
  process.exitCode = failures.length ? 1 : 0;
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
});
