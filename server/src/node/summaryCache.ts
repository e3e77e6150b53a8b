/**
 * The summary cache: what the language server knew of each closed article, kept on disk so that
 * a restart reads it back instead of summarizing every file again (at 100,000 articles that took
 * a minute or more). An entry is used only while its file's stamp (files.ts fileStamp) is what it
 * was when the file was read; the whole cache only by the build that wrote it and for the same
 * analysis settings (its key). Anything else about the file (a bad
 * header, a checksum that does not match, a truncated entry) makes it an empty cache, with a
 * reason to log: the server then summarizes as if there were none, and writes a new one.
 *
 *   `factmark summary cache\n` · JSON header line (format, key, entry count, body size, SHA-1 of the body) · body
 *   body entry: four uint32 (path bytes, stamp bytes, packed number bytes, packed string bytes), the strings'
 *   encoding (a byte), then those four
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { analysisKey, type FactmarkConfig } from '../core/config';
import type { Packed } from '../core/packing';
import { describeFileError } from './files';

const MAGIC = 'factmark summary cache\n';
/** Bumped whenever what follows the magic line changes. */
const FORMAT = 1;
const ENTRY_HEADER_BYTES = 17;
/**
 * Packed strings are Latin-1 when every character fits in a byte (most articles: half the bytes of
 * UTF-16, and read back as V8's one-byte strings, half the memory), else UTF-16 as they are (UTF-8
 * would not keep half of a surrogate pair, which packed text may hold).
 */
const STRING_ENCODINGS = ['latin1', 'utf16le'] as const;
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;
/** The JSON header line's size, padded with spaces (the key is a hash: headers are ~200 bytes). */
const HEADER_BYTES = 512;
const WRITE_CHUNK_BYTES = 1 << 20;

const HeaderSchema = z.object({
  format: z.number(),
  key: z.string(),
  entries: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha1: z.string(),
});

/**
 * Identifies the code that writes and reads a cache: the SHA-1 of the running program's own file
 * (the bundled server is one file, so any change to it changes the key). Undefined when that file
 * can't be read: then no cache is kept, as none could be told apart from another build's.
 */
function buildIdentity(): string | undefined {
  if (identity === undefined) {
    try {
      identity = `${FORMAT}:${createHash('sha1').update(readFileSync(process.argv[1])).digest('hex')}`;
    } catch {
      identity = null;
    }
  }
  return identity ?? undefined;
}

let identity: string | null | undefined;
/** Tells apart the temporary files of writes under way in one process. */
let writes = 0;

/** The key a cache is written and read under: this build, and the settings that change what articles say. Undefined: keep no cache. */
export function summaryCacheKey(config: FactmarkConfig): string | undefined {
  const build = buildIdentity();
  return build && createHash('sha1').update(build).update('\n').update(analysisKey(config)).digest('hex');
}

/**
 * A stamp by content, for `factmark check --cache`: a fresh clone (a CI job restoring its cache)
 * gives every file new times and inodes, but the same text gives the same summary.
 */
export function contentStamp(text: string): string {
  return `sha1:${createHash('sha1').update(text).digest('base64')}`;
}

/** `$XDG_CACHE_HOME/factmark`, or `~/.cache/factmark`: where editors other than VS Code keep it. */
export function defaultCacheDirectory(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'factmark');
}

/** The cache file of a set of workspace folders, in `directory`. */
export function summaryCacheFile(directory: string, folders: readonly string[]): string {
  const name = createHash('sha1').update([...folders].sort().join('\n')).digest('hex').slice(0, 16);
  return join(directory, `summaries-${name}.bin`);
}

/** An entry as read: its stamp, and where its packed summary lies in the cache's bytes (decoded only when used). */
export interface CacheEntry {
  readonly stamp: string;
  unpack(): Packed;
}

export interface CacheRead {
  readonly entries: ReadonlyMap<string, CacheEntry>;
  /** Why the file's entries were not used (absent when there was no file, or it was used). */
  readonly problem?: string;
}

/** Reads the cache at `file` written under `key`. Never throws. */
export async function readSummaryCache(file: string, key: string): Promise<CacheRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { entries: new Map() } : { entries: new Map(), problem: `cannot read it: ${describeFileError(error)}` };
  }
  const unusable = (problem: string): CacheRead => ({ entries: new Map(), problem });
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return unusable('not a Factmark summary cache');
  const headerEnd = bytes.indexOf(10, MAGIC.length);
  if (headerEnd < 0) return unusable('its header is cut off');
  let header: z.infer<typeof HeaderSchema>;
  try {
    header = HeaderSchema.parse(JSON.parse(bytes.toString('utf8', MAGIC.length, headerEnd)));
  } catch {
    return unusable('its header is malformed');
  }
  if (header.format !== FORMAT || header.key !== key) return unusable('written by another build or for other analysis settings');
  const body = bytes.subarray(headerEnd + 1);
  if (body.length !== header.bytes) return unusable(`its body is ${body.length} bytes, the header says ${header.bytes}`);
  if (createHash('sha1').update(body).digest('hex') !== header.sha1) return unusable('its checksum does not match');

  const entries = new Map<string, CacheEntry>();
  let at = 0;
  for (let n = 0; n < header.entries; n++) {
    if (at + ENTRY_HEADER_BYTES > body.length) return unusable(`entry ${n + 1} is cut off`);
    const [pathBytes, stampBytes, numberBytes, stringBytes] = [0, 4, 8, 12].map((offset) => body.readUInt32LE(at + offset));
    const encoding = STRING_ENCODINGS[body[at + 16]];
    if (encoding === undefined) return unusable(`entry ${n + 1} has an unknown string encoding`);
    const pathAt = at + ENTRY_HEADER_BYTES;
    const numbersAt = pathAt + pathBytes + stampBytes;
    const stringsAt = numbersAt + numberBytes;
    const end = stringsAt + stringBytes;
    if (end > body.length) return unusable(`entry ${n + 1} is cut off`);
    at = end;
    entries.set(body.toString('utf8', pathAt, pathAt + pathBytes), {
      stamp: body.toString('latin1', pathAt + pathBytes, numbersAt),
      // Copies: an entry must not keep the whole file's bytes alive.
      unpack: () => ({ numbers: Uint8Array.prototype.slice.call(body, numbersAt, stringsAt), strings: body.toString(encoding, stringsAt, end) }),
    });
  }
  if (at !== body.length) return unusable('bytes follow its last entry');
  return { entries };
}

/** A write takes seconds; a temporary file this old was left by a server that stopped in the middle of one. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

async function removeAbandonedWrites(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  for (const name of await readdir(dirname(file))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const path = join(dirname(file), name);
    const stats = await stat(path).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > ABANDONED_AFTER_MS) await rm(path, { force: true });
  }
}

/** A workspace's cache file is rewritten or touched at each start that uses it: one untouched this long is of a workspace gone. */
const UNUSED_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
const CACHE_FILE_NAME = /^summaries-[0-9a-f]{16}\.bin$/;

/**
 * Marks `inUse` as used (its modification time: a start that reads every article from it does not rewrite it),
 * and removes the other workspaces' cache files in its folder that no start has used for 30 days. Resolves to the
 * names removed; never throws (what can't be touched or removed stays).
 */
export async function pruneSummaryCaches(inUse: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  await utimes(inUse, now / 1000, now / 1000).catch(() => undefined);
  const names = await readdir(dirname(inUse)).catch(() => [] as string[]);
  for (const name of names) {
    if (!CACHE_FILE_NAME.test(name) || name === basename(inUse)) continue;
    const path = join(dirname(inUse), name);
    const stats = await stat(path).catch(() => undefined);
    if (stats && now - stats.mtimeMs > UNUSED_AFTER_MS && (await rm(path).then(() => true, () => false))) removed.push(name);
  }
  return removed;
}

export interface CacheRecord {
  readonly path: string;
  readonly stamp: string;
  readonly packed: Packed;
}

/**
 * Writes the cache, records encoded as it goes: written out every WRITE_CHUNK_BYTES, so that neither
 * the whole file nor every record is held at once, and the event loop runs between writes. To a
 * temporary file renamed over the old one: a reader never sees half of one. Resolves to the count.
 */
export async function writeSummaryCache(file: string, key: string, records: Iterable<CacheRecord>): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  await removeAbandonedWrites(file);
  const temporary = `${file}.${process.pid}-${++writes}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    // The header is written last, over this placeholder, when the body's size and checksum are known.
    await handle.write(Buffer.from(MAGIC + ' '.repeat(HEADER_BYTES) + '\n', 'latin1'));
    const hash = createHash('sha1');
    let bodyBytes = 0;
    let count = 0;
    // Entries are put in one reused chunk: a buffer per string would leave the size of the cache in
    // garbage outside the heap (324 MB at 100,000 articles), which V8 collects with full collections.
    const chunk = Buffer.allocUnsafe(WRITE_CHUNK_BYTES);
    let used = 0;
    const writeOut = async (bytes: Buffer) => {
      hash.update(bytes);
      await handle.write(bytes);
      bodyBytes += bytes.length;
    };
    for (const record of records) {
      const encoding = BEYOND_LATIN1.test(record.packed.strings) ? 1 : 0;
      const entry = { ...record, encoding, pathBytes: Buffer.byteLength(record.path, 'utf8'), stringBytes: record.packed.strings.length * (encoding + 1) };
      const size = ENTRY_HEADER_BYTES + entry.pathBytes + record.stamp.length + record.packed.numbers.length + entry.stringBytes;
      if (used + size > chunk.length) {
        await writeOut(chunk.subarray(0, used));
        used = 0;
      }
      if (size <= chunk.length) used = putEntry(chunk, used, entry);
      else {
        const own = Buffer.allocUnsafe(size);
        putEntry(own, 0, entry);
        await writeOut(own);
      }
      count++;
    }
    await writeOut(chunk.subarray(0, used));
    const header = JSON.stringify({ format: FORMAT, key, entries: count, bytes: bodyBytes, sha1: hash.digest('hex') });
    if (header.length > HEADER_BYTES) throw new Error(`the cache header is ${header.length} bytes, more than ${HEADER_BYTES}`);
    await handle.write(Buffer.from(header.padEnd(HEADER_BYTES), 'latin1'), 0, HEADER_BYTES, MAGIC.length);
    await handle.close();
    await rename(temporary, file);
    return count;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Puts one entry into `target` at `at` (it fits); returns where it ends. */
function putEntry(target: Buffer, at: number, entry: CacheRecord & { encoding: number; pathBytes: number; stringBytes: number }): number {
  const { numbers, strings } = entry.packed;
  [entry.pathBytes, entry.stamp.length, numbers.length, entry.stringBytes].forEach((value, i) => target.writeUInt32LE(value, at + i * 4));
  target[at + 16] = entry.encoding;
  let end = at + ENTRY_HEADER_BYTES;
  end += target.write(entry.path, end, 'utf8');
  end += target.write(entry.stamp, end, 'latin1');
  target.set(numbers, end);
  end += numbers.length;
  return end + target.write(strings, end, STRING_ENCODINGS[entry.encoding]);
}
