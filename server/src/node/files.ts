/**
 * The only disk access of the product, shared by the CLI and the language
 * server: reading articles, finding them under a root, and locating and
 * loading `factmark.json`. Nothing here throws for a bad file; problems come
 * back as plain-words messages that callers prefix with the path.
 */
import { close, constants, fstat as fstatCallback, open, read, readFileSync, statSync, type Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG, formatConfigProblems, parseConfig, type FactmarkConfig } from '../core/config';

/**
 * `stamp`: the file as it was when read (fileStamp), for the summary cache; undefined when it changed
 * too recently for a later change to be told from it (settledStamp).
 */
export type ReadResult = { ok: true; text: string; stamp: string | undefined } | { ok: false; message: string };

export const MAX_ARTICLE_BYTES = 20 * 1024 * 1024;
/** A NUL byte this early means the file is not text (UTF-16 files count as binary too). */
const BINARY_SNIFF_BYTES = 8 * 1024;
const ARTICLE_EXTENSION = '.fmk';
const ALWAYS_SKIPPED = ['node_modules', '.git'];
const CONFIG_FILE_NAME = 'factmark.json';

// Articles are read with plain file descriptors: over thousands of small files
// the callback API is cheaper than fs/promises FileHandles.
const openFile = promisify(open);
const fstat = promisify(fstatCallback);
const closeFile = promisify(close);
const readInto = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolveRead, reject) => read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolveRead(bytesRead))));

/** The BOM is dropped, as editors do, so line-1 columns match what they show; bad bytes become U+FFFD. */
const utf8 = new TextDecoder('utf-8');

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

/** The OS reason for a failed file operation in plain words, without codes or paths. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code];
  const message = error instanceof Error ? error.message : String(error);
  // Node's own form is "CODE: reason, syscall 'path'": keep the reason.
  return /^[A-Z]+: ([^,]*)/.exec(message)?.[1] ?? message;
}

export async function readArticle(path: string): Promise<ReadResult> {
  let fd: number | undefined;
  try {
    // Non-blocking: opening a named pipe must not wait for a writer (regular files ignore the flag).
    fd = await openFile(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = await fstat(fd);
    if (!stats.isFile()) return { ok: false, message: notRegular(stats) };
    if (stats.size > MAX_ARTICLE_BYTES) return { ok: false, message: tooLarge(stats.size) };
    return articleText(await readAtMost(fd, stats.size, MAX_ARTICLE_BYTES + 1), settledStamp(stats));
  } catch (error) {
    return { ok: false, message: describeFileError(error) };
  } finally {
    if (fd !== undefined) await closeFile(fd).catch(() => undefined);
  }
}

/**
 * What tells one version of a file from another without reading it: size, modification and change
 * times, inode (a file rewritten in place within one clock tick keeps its mtime, not its ctime).
 */
export function fileStamp(stats: StampedStats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
}

/**
 * The coarsest timestamps a file system keeps (FAT: 2 s). A file changed this recently before it was
 * read could change again without a new time (git's "racy" entries): its stamp is not kept.
 */
const TIMESTAMP_GRANULARITY_MS = 2000;

type StampedStats = Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>;

/** The stamp of a file just read, unless it changed within the file system's timestamp granularity. */
export function settledStamp(stats: StampedStats, now = Date.now()): string | undefined {
  return now - Math.max(stats.mtimeMs, stats.ctimeMs) >= TIMESTAMP_GRANULARITY_MS ? fileStamp(stats) : undefined;
}

/** A file's stamp now; undefined when it is not a readable regular file. */
export function currentStamp(path: string): string | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats?.isFile() ? fileStamp(stats) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * readArticle, blocking: for a command that reads thousands of files and has nothing else to do
 * meanwhile, plain synchronous reads cost a third of the CPU time of the asynchronous ones
 * (no round trip through the thread pool per open, fstat, read and close).
 */
export function readArticleSync(path: string): ReadResult {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return { ok: false, message: notRegular(stats) };
    if (stats.size > MAX_ARTICLE_BYTES) return { ok: false, message: tooLarge(stats.size) };
    return articleText(readFileSync(path), settledStamp(stats));
  } catch (error) {
    return { ok: false, message: describeFileError(error) };
  }
}

/** An article's text from its bytes, unless they are too many or not text. */
function articleText(bytes: Buffer, stamp: string | undefined): ReadResult {
  if (bytes.length > MAX_ARTICLE_BYTES) return { ok: false, message: tooLarge(bytes.length) };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, message: 'binary file (it contains NUL bytes)' };
  return { ok: true, text: utf8.decode(bytes), stamp };
}

/**
 * Reads up to `limit` bytes. A file of the size fstat gave takes one read
 * (a regular file reads short only at its end); one that grew meanwhile, more.
 */
async function readAtMost(fd: number, expectedSize: number, limit: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.min(expectedSize + 1, limit));
  let length = 0;
  for (;;) {
    const requested = buffer.length - length;
    const bytesRead = await readInto(fd, buffer, length, requested, length);
    length += bytesRead;
    if (bytesRead < requested || length >= limit) return buffer.subarray(0, length);
    const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit));
    buffer.copy(grown, 0, 0, length);
    buffer = grown;
  }
}

/** Why a directory, named pipe, socket or device is not read as an article (a pipe or /dev/zero would be read forever). */
function notRegular(stats: Stats): string {
  return stats.isDirectory() ? REASONS.EISDIR : 'not a regular file (a pipe, socket or device)';
}

function tooLarge(bytes: number): string {
  return `too large (${(bytes / (1024 * 1024)).toFixed(1)} MB; articles are limited to 20 MB)`;
}

/** Exclude entries as `/`-separated relative paths without `./` or a trailing slash. */
function normalizeExclude(entry: string): string {
  let path = entry.replaceAll('\\', '/');
  while (path.startsWith('./')) path = path.slice(2);
  while (path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

interface Entry {
  readonly path: string;
  /** Where it really is: symlinks resolved (for dangling links, the link itself). */
  readonly real: string;
}

const byPath = (a: Entry, b: Entry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** What a symlink points at, or null when it dangles. */
async function followLink(path: string): Promise<{ isDirectory: boolean; real: string } | null> {
  const target = await stat(path).catch(() => null);
  const real = target && (await realpath(path).catch(() => null));
  return target && real ? { isDirectory: target.isDirectory(), real } : null;
}

/**
 * Every `*.fmk` file under `root` (or `root` itself when it is a file), as
 * absolute paths sorted by code unit. Skips `node_modules`, `.git` and
 * `exclude` entries (plain names match at any depth, paths with a `/` match
 * relative to root). Directory symlinks are followed once per real directory
 * (so loops end), and a file reachable by several paths is listed once, by
 * its first path in sorted order; a dangling `*.fmk` link is listed so that
 * reading it reports the problem. A missing root gives [].
 *
 * The walk goes level by level, listing each level's folders in parallel;
 * folders are claimed in sorted order, so the result never depends on timing.
 */
export async function discoverArticles(root: string, exclude: readonly string[]): Promise<string[]> {
  const absoluteRoot = resolve(root);
  const rootStats = await stat(absoluteRoot).catch(() => null);
  if (!rootStats) return [];
  if (!rootStats.isDirectory()) return [absoluteRoot];

  const normalized = exclude.map(normalizeExclude).filter((e) => e !== '');
  const skippedNames = new Set([...ALWAYS_SKIPPED, ...normalized.filter((e) => !e.includes('/'))]);
  const skippedPaths = new Set(normalized.filter((e) => e.includes('/')));
  const isSkipped = (path: string, name: string) =>
    skippedNames.has(name) || (skippedPaths.size > 0 && skippedPaths.has(relative(absoluteRoot, path).split(sep).join('/')));

  const rootEntry = { path: absoluteRoot, real: await realpath(absoluteRoot) };
  const visitedDirectories = new Set([rootEntry.real]);
  const files: Entry[] = [];
  let level: Entry[] = [rootEntry];
  while (level.length > 0) {
    const listings = await Promise.all(level.map((directory) => readdir(directory.path, { withFileTypes: true }).catch(() => [])));
    const children = level.flatMap((directory, i) =>
      listings[i]
        .filter((dirent) => !isSkipped(join(directory.path, dirent.name), dirent.name))
        .map((dirent) => ({ dirent, path: join(directory.path, dirent.name), real: join(directory.real, dirent.name) }))
        .sort(byPath),
    );
    const links = await Promise.all(children.map((child) => (child.dirent.isSymbolicLink() ? followLink(child.path) : null)));
    const next: Entry[] = [];
    children.forEach((child, i) => {
      const link = links[i];
      const isDirectory = link ? link.isDirectory : child.dirent.isDirectory();
      const real = link?.real ?? child.real;
      if (isDirectory) {
        if (!visitedDirectories.has(real)) {
          visitedDirectories.add(real);
          next.push({ path: child.path, real });
        }
      } else if (child.dirent.name.endsWith(ARTICLE_EXTENSION) && (child.dirent.isFile() || child.dirent.isSymbolicLink())) {
        files.push({ path: child.path, real });
      }
    });
    level = next;
  }

  const seen = new Set<string>();
  return files
    .sort(byPath)
    .filter((file) => !seen.has(file.real) && Boolean(seen.add(file.real)))
    .map((file) => file.path);
}

/** The nearest `factmark.json` in `startDir` or one of its ancestors, or null. */
export async function findConfig(startDir: string): Promise<string | null> {
  let directory = resolve(startDir);
  for (;;) {
    const candidate = join(directory, CONFIG_FILE_NAME);
    if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/**
 * Reads and validates a `factmark.json` (null: the defaults). The message
 * names the offending fields, one problem per line, without the file's path.
 */
export async function loadConfig(path: string | null): Promise<{ ok: true; config: FactmarkConfig } | { ok: false; message: string }> {
  if (path === null) return { ok: true, config: DEFAULT_CONFIG };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read ${basename(path)}: ${describeFileError(error)}` };
  }
  const result = parseConfig(text);
  return result.ok ? result : { ok: false, message: formatConfigProblems(result.problems) };
}
