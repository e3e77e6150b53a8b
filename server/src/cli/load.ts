/**
 * Loads what a CLI command analyses: the configuration, every article of
 * the workspace (so ids defined elsewhere resolve) summarized into a core
 * Workspace, and the subset of articles the user asked about.
 */
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FactmarkConfig } from '../core/config';
import { summarize } from '../core/summary';
import { Workspace } from '../core/workspace';
import { discoverArticles, findConfig, loadConfig, readArticle } from '../node/files';
import { CliError, type InputOptions } from './usage';

/** Files read at once: enough to keep the disk busy, few enough to stay far from EMFILE. */
const READ_CONCURRENCY = 64;

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
}

/** Maps document URIs to the paths output shows: relative to the working directory, `/` separators. */
export class PathDisplay {
  constructor(private readonly cwd: string) {}

  ofPath(absolutePath: string): string {
    const path = relative(this.cwd, absolutePath) || '.';
    return sep === '/' ? path : path.split(sep).join('/');
  }

  ofUri(uri: string): string {
    return uri.startsWith('file:') ? this.ofPath(fileURLToPath(uri)) : uri;
  }
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
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

export async function loadWorkspace(options: InputOptions, cwd: string): Promise<LoadedWorkspace> {
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

  const workspace = new Workspace(config);
  const reported: ReportedArticle[] = [];
  const unreadable: { file: string; message: string }[] = [];
  await forEachConcurrently([...analysedPaths], READ_CONCURRENCY, async (path) => {
    const read = await readArticle(path);
    if (!read.ok) {
      unreadable.push({ file: display.ofPath(path), message: read.message });
      return;
    }
    const uri = pathToFileURL(path).href;
    // A bulk load: nobody needs the set of documents each update affects.
    workspace.update(uri, summarize(read.text, config), false);
    if (reportedPaths.has(path)) reported.push({ uri, file: display.ofPath(path), text: read.text });
  });

  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return { workspace, display, config, reported: reported.sort(byFile), unreadable: unreadable.sort(byFile) };
}
