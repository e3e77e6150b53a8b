/**
 * `npm run bench`: generates seeded corpora (1,000 and 10,000 articles by
 * default; `--articles N` repeatable for other sizes), then measures the CLI
 * against `wc -w`, markdown-it's tokenizer and markdownlint-cli2 on the same
 * bytes, and the language server driven over stdio as an editor would.
 * Prints one table (median / p95 per size, growth from the smallest to the
 * largest size, PASS/FAIL per target), and writes the same figures to
 * bench/results/*.json.
 * `--only cli` or `--only server` measures one half.
 *
 * The machine may be shared: CPU times are reported beside wall times, so a
 * slow run can be told from a busy machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LineIndex } from '../server/src/core/text';
import { articlePath, corpus, HOT_CLAIM, longArticle } from './corpus';
import { LspSession } from './lsp';
import { median, percentile, run, stolenCpuMs, threadCpuMs } from './measure';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const MARKDOWNLINT = join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
const MARKDOWN_IT_PARSE = join(__dirname, 'markdownItParse.js');
const SEED = 20250617;
/** The server's default debounce (settings.ts); typing is measured with 0, then again with this. */
const DEFAULT_DEBOUNCE_MS = 50;
/** A method no server implements: its round trip (answered at once with MethodNotFound) is the transport's floor. */
const NO_SUCH_REQUEST = 'factmark/bench/noSuchRequest';
/** markdownlint-cli2 needs minutes per 10,000 articles: above this size it is left out. */
const MARKDOWNLINT_MAX_ARTICLES = 10_000;

const { values } = parseArgs({
  options: {
    articles: { type: 'string', multiple: true },
    runs: { type: 'string' },
    'skip-markdownlint': { type: 'boolean' },
    'corpus-dir': { type: 'string' },
    only: { type: 'string' },
  },
});
if (values.only !== undefined && values.only !== 'cli' && values.only !== 'server') throw new Error(`--only takes "cli" or "server", not "${values.only}"`);
const measuresCli = values.only !== 'server';
const measuresServer = values.only !== 'cli';
const sizes = (values.articles ?? ['1000', '10000']).map(Number).sort((a, b) => a - b);
const corpusRoot = values['corpus-dir'] ?? join(tmpdir(), 'factmark-bench');

interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly p95?: number;
  /** Target: the p95 (else the median) must be ≤ max, or the median ≥ min. */
  readonly max?: number;
  readonly min?: number;
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function generate(articles: number): { dir: string; bytes: number; files: number } {
  const dir = join(corpusRoot, `seed${SEED}-${articles}`);
  const marker = join(dir, '.complete');
  if (!existsSync(marker)) {
    progress(`writing the ${articles}-article corpus to ${dir}…`);
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

/** Runs a command `times` times; a run that fails (e.g. out of memory) counts as no value, and the benchmark goes on. */
async function repeat(times: number, command: string, args: string[], cwd?: string) {
  const results = [];
  for (let i = 0; i < times; i++) {
    try {
      results.push(await run(command, args, cwd));
    } catch (error) {
      progress(`${error instanceof Error ? error.message : error}`);
      results.push({ wallMs: Number.NaN, cpuMs: Number.NaN, peakRssMb: Number.NaN });
    }
  }
  return {
    wall: results.map((r) => r.wallMs),
    cpu: results.map((r) => r.cpuMs),
    rss: results.map((r) => r.peakRssMb),
  };
}

function positionOf(text: string, needle: string, fromOffset = 0): { line: number; character: number } {
  const offset = text.indexOf(needle, fromOffset);
  if (offset < 0) throw new Error(`bench corpus lacks ${needle}`);
  return LineIndex.of(text).positionAt(offset);
}

const timing = (name: string, samples: readonly number[], max?: number): Figure => ({ name, unit: 'ms', median: median(samples), p95: percentile(samples, 95), max });

async function measureServer(dir: string, articles: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  /** Runs one measurement; a server that fails or stops answering fails that figure, not the benchmark. */
  const step = async (names: readonly string[], measure: () => Promise<void>) => {
    try {
      await measure();
    } catch (error) {
      progress(`server: ${names.join(', ')}: ${error instanceof Error ? error.message : error}`);
      for (const name of names) if (!figures.some((f) => f.name === name)) figures.push({ name, unit: 'ms', median: Number.NaN, max: 0 });
    }
  };
  const rootUri = pathToFileURL(dir).href;
  const timeoutMs = Math.max(120_000, articles * 20);
  const stolenBefore = stolenCpuMs();
  const startedAt = performance.now();
  // An empty summary cache: the first start is measured as a user's first start (which writes the cache).
  const cacheDirectory = mkdtempSync(join(tmpdir(), 'factmark-bench-cache-'));
  const withCache = { summaryCache: { directory: cacheDirectory } };
  const session = new LspSession(CLI, 0);
  try {
    progress('server: indexing…');
    const cpuBefore = session.cpuMs();
    const { indexedMs, publishedMs } = await session.initialize(rootUri, timeoutMs, withCache);
    figures.push({ name: 'server: initialize → indexed', unit: 'ms', median: indexedMs, max: articles >= 100_000 ? 30_000 : articles >= 10_000 ? 3_000 : undefined });
    figures.push({ name: 'server: … → every file\'s diagnostics published', unit: 'ms', median: publishedMs });
    figures.push({ name: 'server: CPU time while indexing and publishing', unit: 'ms', median: session.cpuMs() - cpuBefore });
    figures.push({ name: 'server: RSS after indexing', unit: 'MB', median: session.rssMb(), max: articles >= 100_000 ? 1536 : articles >= 10_000 ? 300 : undefined });
    // The summary cache is written once every file is published: waited for, so that it does not share the CPU with what follows.
    const cacheWritten = 'server: summary cache written (after publishing)';
    await step([cacheWritten], async () => {
      const message = await session.logged(/summary cache: wrote \d+ summaries to .* in \d+ ms/, timeoutMs);
      figures.push({ name: cacheWritten, unit: 'ms', median: Number(/in (\d+) ms$/.exec(message)![1]) });
      const file = readdirSync(cacheDirectory).find((name) => name.endsWith('.bin'))!;
      figures.push({ name: 'server: summary cache size', unit: 'MB', median: statSync(join(cacheDirectory, file)).size / 1e6 });
    });

    const c = session.connection;
    const open = async (relative: string) => {
      const uri = pathToFileURL(join(dir, relative)).href;
      const text = readFileSync(join(dir, relative), 'utf8');
      await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'factmark', version: 1, text } });
      // The server publishes only diagnostics that changed; a request answered after didOpen means it was handled.
      await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      return { uri, text };
    };

    // Typing in a 10,000-word article: one character per didChange, to the publish of that file.
    const keystroke = 'keystroke → diagnostics (10,000-word file, debounce 0)';
    const debounced = `keystroke → diagnostics (debounce ${DEFAULT_DEBOUNCE_MS} ms, the default)`;
    await step([keystroke, debounced], async () => {
      progress('server: typing…');
      const long = await open(longArticle({ articles, seed: SEED, words: 800 }).path);
      // Each keystroke types or deletes a digit of an unsourced figure ("grew by 5%" ↔ "grew by 15%"), so every
      // one changes a diagnostic and must be re-published (the server skips unchanged publishes).
      const figureAt = positionOf(long.text, 'grew by ', Math.floor(long.text.length / 2));
      const digitAt = { line: figureAt.line, character: figureAt.character + 'grew by '.length };
      let version = 1;
      const type = async (count: number) => {
        const durations: number[] = [];
        for (let i = 0; i < count; i++) {
          version++;
          const published = session.nextPublish(long.uri);
          const started = performance.now();
          await c.sendNotification('textDocument/didChange', {
            textDocument: { uri: long.uri, version },
            contentChanges: [
              version % 2 === 0
                ? { range: { start: digitAt, end: digitAt }, text: '1' }
                : { range: { start: digitAt, end: { ...digitAt, character: digitAt.character + 1 } }, text: '' },
            ],
          });
          await published;
          durations.push(performance.now() - started);
        }
        return durations.slice(10); // the first keystrokes warm up the JIT
      };
      // 300 measured: the p95 of 60 was the third-slowest keystroke, one GC pause away from another figure.
      // Where a keystroke's CPU goes, on cores the server shares with its client: the server's event loop,
      // its other threads (V8's collector and compiler), and this process (the editor's side: each publish parsed).
      const typed = 310;
      const serverBefore = threadCpuMs(session.pid);
      const clientBefore = process.cpuUsage();
      const keystrokes = await type(typed);
      const serverAfter = threadCpuMs(session.pid);
      const client = process.cpuUsage(clientBefore);
      figures.push(timing(keystroke, keystrokes, 25));
      const perKeystroke = (ms: number) => ms / typed;
      figures.push({ name: '… CPU per keystroke: server event loop', unit: 'ms', median: perKeystroke(serverAfter.main - serverBefore.main) });
      figures.push({ name: '… CPU per keystroke: server\'s other threads (V8 GC, compiler)', unit: 'ms', median: perKeystroke(serverAfter.others - serverBefore.others) });
      figures.push({ name: '… CPU per keystroke: the client (bench), parsing each publish', unit: 'ms', median: perKeystroke((client.user + client.system) / 1000) });
      await session.setDebounce(DEFAULT_DEBOUNCE_MS);
      figures.push(timing(debounced, await type(30)));
      await session.setDebounce(0);
    });

    // An edit that creates a cross-article conflict: the other (closed) article is re-published.
    const crossArticle = 'edit → other article re-published';
    await step([crossArticle], async () => {
      progress('server: cross-article edits…');
      const pairA = await open(articlePath(1));
      const otherUri = pathToFileURL(join(dir, articlePath(2))).href;
      const pairPosition = positionOf(pairA.text, '$44 billion');
      const durations: number[] = [];
      for (let version = 2; version < 106; version++) {
        const published = session.nextPublish(otherUri);
        const started = performance.now();
        await c.sendNotification('textDocument/didChange', {
          textDocument: { uri: pairA.uri, version },
          contentChanges: [{ range: { start: { line: pairPosition.line, character: pairPosition.character + 1 }, end: { line: pairPosition.line, character: pairPosition.character + 3 } }, text: version % 2 ? '44' : '12' }],
        });
        await published;
        durations.push(performance.now() - started);
      }
      figures.push(timing(crossArticle, durations.slice(4), 50));
    });

    // Requests on the hot claim (1,000 mentions in 500 files) from an open article, after the floor: a request
    // that costs the server nothing, over the same pipe and JSON-RPC on both sides.
    const floor = 'round trip of a request refused at once (the floor)';
    const requests = [floor, 'hover (claim with 1,000 mentions)', 'definition', 'references (1,000 mentions, 500 files)', 'rename (1,000 mentions, 500 files)', `completion (${articles * 2} claim ids)`, 'workspace symbols'];
    await step(requests, async () => {
      progress('server: requests…');
      const hot = await open(articlePath(0));
      const hotPosition = positionOf(hot.text, `#${HOT_CLAIM}`);
      const at = { textDocument: { uri: hot.uri }, position: { line: hotPosition.line, character: hotPosition.character + 3 } };
      // A p95 needs a hundred samples or more to be more than the slowest one or two.
      const sample = async (name: string, times: number, max: number | undefined, request: () => Promise<unknown>) => {
        const durations: number[] = [];
        for (let i = 0; i < times + 3; i++) durations.push((await session.timed(request))[0]);
        figures.push(timing(name, durations.slice(3), max));
      };
      await sample(floor, 200, undefined, () =>
        c.sendRequest(NO_SUCH_REQUEST).then(
          () => Promise.reject(new Error(`the server answered ${NO_SUCH_REQUEST}`)),
          () => undefined,
        ),
      );
      await sample(requests[1], 200, 5, () => c.sendRequest('textDocument/hover', at));
      await sample(requests[2], 200, 2, () => c.sendRequest('textDocument/definition', at));
      await sample(requests[3], 100, 20, () => c.sendRequest('textDocument/references', { ...at, context: { includeDeclaration: true } }));
      await sample(requests[4], 30, 100, () => c.sendRequest('textDocument/rename', { ...at, newName: `${HOT_CLAIM}-renamed` }));

      // Completion of claim ids after `#` (ids: 2 per article).
      const insertAt = { line: hotPosition.line, character: 0 };
      await c.sendNotification('textDocument/didChange', {
        textDocument: { uri: hot.uri, version: 2 },
        contentChanges: [{ range: { start: insertAt, end: insertAt }, text: '[x]{#cl' }],
      });
      await sample(requests[5], 200, articles >= 10_000 ? 10 : undefined, () =>
        c.sendRequest('textDocument/completion', { textDocument: { uri: hot.uri }, position: { line: insertAt.line, character: 7 } }),
      );
      await sample(requests[6], 20, undefined, () => c.sendRequest('workspace/symbol', { query: 'claim-12' }));
    });
  } catch (error) {
    progress(`server: ${error instanceof Error ? error.message : error} (last progress: ${session.lastProgress || 'none'})`);
    figures.push({ name: 'server: initialize → indexed', unit: 'ms', median: Number.NaN, max: 0 });
  } finally {
    await session.close();
  }

  // A restart reads the closed articles' summaries from the cache the first start wrote.
  const restartIndexed = 'server: restart → indexed (summary cache)';
  await step([restartIndexed], async () => {
    progress('server: restart…');
    const restarted = new LspSession(CLI, 0);
    try {
      const { indexedMs, publishedMs } = await restarted.initialize(rootUri, timeoutMs, withCache);
      progress(`server: restart: ${await restarted.logged(/articles read from/, 10_000)}`);
      figures.push({ name: restartIndexed, unit: 'ms', median: indexedMs });
      figures.push({ name: 'server: restart → … every file\'s diagnostics published', unit: 'ms', median: publishedMs });
      figures.push({ name: 'server: RSS after the restart', unit: 'MB', median: restarted.rssMb() });
    } finally {
      await restarted.close();
    }
  });
  rmSync(cacheDirectory, { recursive: true, force: true });
  const machineMs = (performance.now() - startedAt) * cpus().length;
  figures.push({ name: 'server phase: CPU time stolen by the hypervisor', unit: '%', median: ((stolenCpuMs() - stolenBefore) / machineMs) * 100 });
  return figures;
}

async function measureSize(articles: number, runs: number) {
  const { dir, bytes, files } = generate(articles);
  const mb = bytes / 1e6;
  const figures: Figure[] = [];
  if (measuresCli) figures.push(...(await measureCli(dir, articles, runs, mb)));
  if (measuresServer) {
    // A full run's CLI phase has just read every article; alone, the server phase reads them once first, so that
    // indexing starts from the OS page cache either way (cold, 100,000 articles indexed in 53 s against 36 s warm).
    if (!measuresCli) {
      progress('reading the corpus into the page cache…');
      await repeat(1, 'sh', ['-c', countWordsCommand(dir)]);
    }
    figures.push(...(await measureServer(dir, articles)));
  }
  return { articles, files, megabytes: mb, figures };
}

/** `wc -w` over every article: the floor of reading and scanning the text. */
function countWordsCommand(dir: string): string {
  return `find "${dir}" -name '*.fmk' -print0 | xargs -0 cat | wc -w`;
}

async function measureCli(dir: string, articles: number, runs: number, mb: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  progress(`factmark check ×${runs}…`);
  const check = await repeat(runs, process.execPath, [CLI, 'check', dir, '--format', 'json']);
  figures.push({ name: 'factmark check (wall, incl. start-up)', unit: 'ms', median: median(check.wall), p95: percentile(check.wall, 95), max: articles === 10_000 ? 2500 : undefined });
  figures.push({ name: 'factmark check CPU time (user + sys)', unit: 'ms', median: median(check.cpu), p95: percentile(check.cpu, 95) });
  figures.push({ name: 'factmark check peak RSS', unit: 'MB', median: median(check.rss) });
  figures.push({ name: 'factmark check throughput', unit: 'MB/s', median: mb / (median(check.wall) / 1000) });
  // With --cache, as a CI job that restores its cache: one run writes it, the measured runs read it.
  progress(`factmark check --cache ×${runs}…`);
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'factmark-bench-cli-cache-')), 'cache');
  const cachedArgs = [CLI, 'check', dir, '--format', 'json', '--cache-location', cacheFile];
  await repeat(1, process.execPath, cachedArgs);
  const cachedCheck = await repeat(runs, process.execPath, cachedArgs);
  figures.push({ name: 'factmark check --cache, every article cached', unit: 'ms', median: median(cachedCheck.wall), p95: percentile(cachedCheck.wall, 95) });
  figures.push({ name: 'factmark check --cache CPU time', unit: 'ms', median: median(cachedCheck.cpu), p95: percentile(cachedCheck.cpu, 95) });
  rmSync(dirname(cacheFile), { recursive: true, force: true });
  progress(`factmark claims ×${runs}…`);
  const claims = await repeat(runs, process.execPath, [CLI, 'claims', dir, '--format', 'json']);
  figures.push({ name: 'factmark claims --format json', unit: 'ms', median: median(claims.wall), p95: percentile(claims.wall, 95) });
  figures.push({ name: 'factmark claims peak RSS', unit: 'MB', median: median(claims.rss) });

  const wc = await repeat(runs, 'sh', ['-c', countWordsCommand(dir)]);
  figures.push({ name: 'wc -w (the floor)', unit: 'ms', median: median(wc.wall) });
  figures.push({ name: 'ratio: check / wc -w', unit: '×', median: median(check.wall) / median(wc.wall) });
  // A second floor: tokenizing alone, in the same language as ours (what bounds `check`, beside reading).
  progress(`markdown-it parse ×${runs}…`);
  const tokenize = await repeat(runs, process.execPath, [MARKDOWN_IT_PARSE, dir]);
  figures.push({ name: 'markdown-it parse alone (same bytes, one thread)', unit: 'ms', median: median(tokenize.wall), p95: percentile(tokenize.wall, 95) });
  figures.push({ name: 'ratio: check / markdown-it parse', unit: '×', median: median(check.wall) / median(tokenize.wall) });
  if (values['skip-markdownlint']) progress('markdownlint-cli2: skipped (--skip-markdownlint)');
  else if (articles > MARKDOWNLINT_MAX_ARTICLES) progress(`markdownlint-cli2: skipped above ${MARKDOWNLINT_MAX_ARTICLES} articles`);
  else {
    progress('markdownlint-cli2…');
    const mirror = markdownMirror(dir);
    const lint = await repeat(Math.min(runs, 3), process.execPath, [MARKDOWNLINT, '**/*.md'], mirror);
    figures.push({ name: 'markdownlint-cli2 (same bytes as .md)', unit: 'ms', median: median(lint.wall) });
    figures.push({ name: 'markdownlint-cli2 CPU time', unit: 'ms', median: median(lint.cpu) });
    figures.push({ name: 'speed-up: markdownlint-cli2 / check (wall)', unit: '×', median: median(lint.wall) / median(check.wall), min: articles === 10_000 ? 3 : undefined });
    figures.push({ name: 'speed-up: markdownlint-cli2 / check (CPU)', unit: '×', median: median(lint.cpu) / median(check.cpu) });
  }
  return figures;
}

function verdict(figure: Figure): string {
  const value = figure.p95 ?? figure.median;
  if (Number.isNaN(value) && (figure.max !== undefined || figure.min !== undefined)) return 'FAIL (no value)';
  if (figure.max !== undefined) return value <= figure.max ? `PASS ≤ ${figure.max}` : `FAIL > ${figure.max}`;
  if (figure.min !== undefined) return figure.median >= figure.min ? `PASS ≥ ${figure.min}` : `FAIL < ${figure.min}`;
  return '';
}

function fmt(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

type SizeResult = Awaited<ReturnType<typeof measureSize>>;

function printTable(results: readonly SizeResult[]): string[] {
  const names: string[] = [];
  for (const r of results) for (const f of r.figures) if (!names.includes(f.name)) names.push(f.name);
  const first = results[0];
  const last = results[results.length - 1];
  const growthHeader = results.length > 1 ? [`growth ${first.articles}→${last.articles}`] : [];
  const header = ['measure', 'unit', ...results.map((r) => `${r.articles} art. (${r.megabytes.toFixed(0)} MB) median / p95`), ...growthHeader, 'targets'];
  const rows = names.map((name) => {
    const of = (r: SizeResult) => r.figures.find((f) => f.name === name);
    const cells = results.map((r) => {
      const f = of(r);
      return f ? `${fmt(f.median)}${f.p95 !== undefined ? ` / ${fmt(f.p95)}` : ''}` : '';
    });
    const [a, b] = [of(first), of(last)];
    const growth = results.length > 1 ? [a && b && a.unit !== '×' ? `×${fmt(b.median / a.median)}` : ''] : [];
    const verdicts = results.map((r) => [r.articles, of(r)] as const).filter(([, f]) => f && verdict(f)).map(([n, f]) => `${n}: ${verdict(f!)}`);
    return [name, results.map(of).find(Boolean)!.unit, ...cells, ...growth, verdicts.join(', ')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

async function main() {
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverageAtStart: loadavg() };
  const results: SizeResult[] = [];
  for (const articles of sizes) {
    const runs = Number(values.runs ?? (articles >= 100_000 ? 1 : articles >= 10_000 ? 3 : 5));
    progress(`${articles} articles, ${runs} runs (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)…`);
    results.push(await measureSize(articles, runs));
  }
  const table = printTable(results);
  for (const row of table) console.log(row);
  const failures = results.flatMap((r) => r.figures.filter((f) => verdict(f).startsWith('FAIL')).map((f) => `${r.articles}: ${f.name}`));
  console.log(failures.length ? `\n${failures.length} target(s) FAIL:\n  ${failures.join('\n  ')}` : '\nall targets PASS');
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (wall times on a busy machine are long; compare CPU times)`);
  const out = join(ROOT, 'bench/results', `${new Date().toISOString().slice(0, 10)}-${sizes.join('-')}${values.only ? `-${values.only}` : ''}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ ...machine, loadAverageAtEnd: loadavg(), seed: SEED, results, table }, null, 2) + '\n');
  console.log(`results: ${out}`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
});
