/**
 * Loads what a CLI command analyses: the configuration, every article of
 * the workspace (so ids defined elsewhere resolve) summarized into a core
 * Workspace, and the subset of articles the user asked about.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FactmarkConfig } from '../core/config';
import { decodeRetained, encodeRetained } from '../core/retained';
import { summarize, type DocumentSummary } from '../core/summary';
import { Workspace } from '../core/workspace';
import { describeFileError, discoverArticles, findConfig, loadConfig, readArticleSync } from '../node/files';
import { summarizeFile, type SummarizedFile } from '../node/summarizeFile';
import { summarizeOnThreads, threadCount } from '../node/summarizePool';
import { readSummaryCache, summaryCacheKey, writeSummaryCache, type CacheRead, type CacheRecord } from '../node/summaryCache';
import { CliError, type InputOptions } from './usage';

export interface ReportedArticle {
  readonly uri: string;
  /** Path relative to the working directory, `/`-separated: what output shows. */
  readonly file: string;
  readonly text: string;
}

export interface LoadedWorkspace {
  readonly workspace: Workspace;
  /** How output names files: relative to the working directory. */
  readonly display: PathDisplay;
  readonly config: FactmarkConfig;
  /** Readable articles under the given paths, sorted by `file`. */
  readonly reported: readonly ReportedArticle[];
  /** Articles that could not be read: reported, the others still analysed (exit 2 at the end). */
  readonly unreadable: readonly { readonly file: string; readonly message: string }[];
  /** Why the cache (--cache) was not read or not written: said on stderr, the run is not affected. */
  readonly cacheProblems: readonly string[];
}

/** The cache file of `--cache` without `--cache-location`, in the workspace folder. */
const DEFAULT_CACHE_FILE = '.factmark-cache';

/** Maps document URIs to the paths output shows: relative to the working directory, `/` separators. */
export class PathDisplay {
  /** Memo: related information names the same few documents again and again. */
  private readonly byUri = new Map<string, string>();

  constructor(private readonly cwd: string) {}

  ofPath(absolutePath: string): string {
    const path = relative(this.cwd, absolutePath) || '.';
    return sep === '/' ? path : path.split(sep).join('/');
  }

  ofUri(uri: string): string {
    let path = this.byUri.get(uri);
    if (path === undefined) this.byUri.set(uri, (path = uri.startsWith('file:') ? this.ofPath(fileURLToPath(uri)) : uri));
    return path;
  }

  /** Records what ofUri gives for the URI of a path already shown (a file URI converts back to its path). */
  remember(uri: string, file: string): void {
    this.byUri.set(uri, file);
  }
}

/** Characters a file URL's path keeps as they are: a path of only these (the usual case) needs no encoding. */
const PLAIN_PATH = /^\/[\w./-]*$/;

/** pathToFileURL(path).href for a resolved absolute path, without the URL machinery for a plain POSIX path. */
function fileUri(path: string): string {
  return sep === '/' && PLAIN_PATH.test(path) ? `file://${path}` : pathToFileURL(path).href;
}

/** The configuration (given, else the nearest to the first path, else the defaults) and the workspace root it implies. */
async function resolveConfig(options: InputOptions, firstPath: { path: string; isDirectory: boolean }, cwd: string, display: PathDisplay) {
  const configPath =
    options.configPath !== undefined ? resolve(cwd, options.configPath) : await findConfig(firstPath.isDirectory ? firstPath.path : dirname(firstPath.path));
  if (options.configPath !== undefined) {
    const stats = await stat(configPath!).catch(() => null);
    if (!stats?.isFile()) throw new CliError(`${options.configPath}: ${stats ? 'is not a file' : 'no such file'} (given with --config)`);
  }
  const loaded = await loadConfig(configPath);
  if (!loaded.ok) {
    const where = display.ofPath(configPath!);
    throw new CliError(loaded.message.split('\n').map((line) => `${where}: ${line}`).join('\n'));
  }
  return { config: loaded.config, root: configPath && dirname(configPath) };
}

/**
 * `figuresOfReported`: keep the whole summaries of the reported articles (`factmark figures`).
 * Otherwise every article is kept as the server keeps a closed file, a retained summary (packed,
 * no figures): check and claims ask only what other files ask of it, and whole summaries of
 * 10,000 articles took 640 MB at the peak (380–450 MB retained, same CPU time).
 */
export async function loadWorkspace(options: InputOptions, cwd: string, figuresOfReported = false): Promise<LoadedWorkspace> {
  const display = new PathDisplay(cwd);
  const targets: { path: string; isDirectory: boolean; given: string }[] = [];
  for (const given of options.paths) {
    const path = resolve(cwd, given);
    const stats = await stat(path).catch(() => null);
    if (!stats) throw new CliError(`${given}: no such file or directory`);
    targets.push({ path, isDirectory: stats.isDirectory(), given });
  }
  const { config, root } = await resolveConfig(options, targets[0], cwd, display);

  // Analysed: the whole workspace, i.e. the configuration's folder, else the given folders (a file's own folder).
  const roots = new Set(root ? [root] : targets.map((t) => (t.isDirectory ? t.path : dirname(t.path))));
  const analysedPaths = new Set<string>();
  for (const workspaceRoot of roots) for (const path of await discoverArticles(workspaceRoot, config.exclude)) analysedPaths.add(path);
  // Reported: the analysed articles under each given folder, or the folder's own articles when it lies
  // outside the workspace or factmark.json excludes it (named explicitly, it is checked); a file as given.
  const reportedPaths = new Set<string>();
  for (const target of targets) {
    let found = [target.path];
    if (target.isDirectory) {
      const prefix = target.path.endsWith(sep) ? target.path : target.path + sep;
      found = [...analysedPaths].filter((path) => path.startsWith(prefix));
      if (found.length === 0) found = await discoverArticles(target.path, config.exclude);
      if (found.length === 0) throw new CliError(`${target.given}: no .fmk files in this folder`);
    }
    for (const path of found) {
      reportedPaths.add(path);
      analysedPaths.add(path);
    }
  }

  const reported: ReportedArticle[] = [];
  const unreadable: { file: string; message: string }[] = [];
  const summaries: { uri: string; path: string; summary: DocumentSummary; stamp?: string }[] = [];
  const cache = await openCache(options, config, root ?? cwd, cwd, display);
  let fromCache = 0;
  const paths = [...analysedPaths];
  // `factmark figures` reads the reported articles' figures: those are summarized whole, here; the rest as
  // the server keeps a closed file, on worker threads.
  const whole = (path: string) => figuresOfReported && reportedPaths.has(path);
  const results: SummarizedFile[] = new Array(paths.length);
  const retained = paths.flatMap((path, index) => (whole(path) ? [] : [index]));
  const stamps = cache ? 'content' : 'none';
  await summarizeOnThreads(
    retained.map((index) => ({ path: paths[index], knownStamp: cache?.entries.get(paths[index])?.stamp, wantText: reportedPaths.has(paths[index]) })),
    config,
    { threads: threadCount(options.threads, retained.length), stamps },
    (result, i) => (results[retained[i]] = result),
  );
  for (const [index, path] of paths.entries()) {
    let result = results[index] ?? readWhole(path, config);
    const uri = fileUri(path);
    if (result.kind === 'unchanged') {
      const cached = decodeRetained(cache!.entries.get(path)!.unpack());
      if (cached) {
        fromCache++;
        summaries.push({ uri, path, stamp: result.stamp, summary: cached });
      } else result = summarizeFile({ path, wantText: reportedPaths.has(path) }, config, stamps);
    }
    if (result.kind === 'unreadable') {
      unreadable.push({ file: display.ofPath(path), message: result.message });
      continue;
    }
    if (result.kind === 'summarized') summaries.push({ uri, path, stamp: result.stamp, summary: result.summary });
    if (reportedPaths.has(path)) {
      const file = display.ofPath(path);
      display.remember(uri, file);
      reported.push({ uri, file, text: result.text! });
    }
  }
  // Documents enter the workspace in path order, all at once: its index stays in the cache, where summarizing between
  // insertions would evict it. A bulk load: nobody needs the set of documents each update affects.
  const workspace = new Workspace(config);
  for (const { uri, summary } of summaries) workspace.update(uri, summary, false);

  const cacheProblems = cache?.problem ? [cache.problem] : [];
  const cacheable = summaries.reduce((count, { stamp }) => count + (stamp ? 1 : 0), 0);
  if (cache?.key && (fromCache < cacheable || cache.entries.size > fromCache)) {
    const records = function* (): Generator<CacheRecord> {
      for (const { path, stamp, summary } of summaries) if (stamp) yield { path, stamp, packed: encodeRetained(summary) };
    };
    await writeSummaryCache(cache.file, cache.key, records()).catch((error: unknown) =>
      cacheProblems.push(`cache ${display.ofPath(cache.file)} not written: ${describeFileError(error)}`),
    );
  }

  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return { workspace, display, config, reported: reported.sort(byFile), unreadable: unreadable.sort(byFile), cacheProblems };
}

/** A reported article of `factmark figures`: its whole summary (with its figures), never cached. */
function readWhole(path: string, config: FactmarkConfig): SummarizedFile {
  const read = readArticleSync(path);
  return read.ok ? { kind: 'summarized', path, summary: summarize(read.text, config), text: read.text } : { kind: 'unreadable', path, message: read.message };
}

/** The cache of --cache, read (empty when absent or unusable, with the reason in `problem`); undefined without --cache. */
async function openCache(options: InputOptions, config: FactmarkConfig, workspaceFolder: string, cwd: string, display: PathDisplay) {
  if (!options.cache) return undefined;
  const file = options.cache.location === undefined ? join(workspaceFolder, DEFAULT_CACHE_FILE) : resolve(cwd, options.cache.location);
  const key = summaryCacheKey(config);
  const read: CacheRead = key ? await readSummaryCache(file, key) : { entries: new Map(), problem: 'the running build cannot be identified' };
  return { file, key, entries: read.entries, problem: read.problem && `cache ${display.ofPath(file)} not used: ${read.problem}` };
}
