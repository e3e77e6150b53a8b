/**
 * One article from disk to what is kept of it (a retained summary), the unit of work that indexing
 * spreads over threads (summarizePool.ts). The same function runs in a worker thread and, for a few
 * files or when no thread can run, on the caller's.
 */
import type { FactmarkConfig } from '../core/config';
import { retainedSummary } from '../core/retained';
import { summarize, type DocumentSummary } from '../core/summary';
import { currentStamp, readArticleSync } from './files';
import { contentStamp } from './summaryCache';

/** `knownStamp`: the stamp a cached summary was made at; a file still at it is not read again (`unchanged`). */
export interface ArticleFile {
  readonly path: string;
  readonly knownStamp?: string;
  /** Hand back the text too (what the CLI shows in code frames). */
  readonly wantText?: boolean;
}

/**
 * How a file is stamped for the summary cache: by its metadata (the server: size, times, inode), by its
 * text (the CLI: a fresh clone has new times), or not at all (no cache).
 */
export type StampKind = 'file' | 'content' | 'none';

export type SummarizedFile =
  | { readonly kind: 'summarized'; readonly path: string; readonly summary: DocumentSummary; readonly stamp?: string; readonly text?: string }
  | { readonly kind: 'unchanged'; readonly path: string; readonly stamp: string; readonly text?: string }
  | { readonly kind: 'unreadable'; readonly path: string; readonly message: string };

/** Whether the file's metadata alone may show it unchanged: then it is read only if they show otherwise. */
export function checkedByMetadata(file: ArticleFile, stamps: StampKind): boolean {
  return stamps === 'file' && file.knownStamp !== undefined && !file.wantText;
}

export function summarizeFile(file: ArticleFile, config: FactmarkConfig, stamps: StampKind): SummarizedFile {
  const { path, knownStamp, wantText } = file;
  if (checkedByMetadata(file, stamps) && currentStamp(path) === knownStamp) return { kind: 'unchanged', path, stamp: knownStamp! };
  const read = readArticleSync(path);
  if (!read.ok) return { kind: 'unreadable', path, message: read.message };
  const text = wantText ? read.text : undefined;
  const stamp = stamps === 'content' ? contentStamp(read.text) : stamps === 'file' ? read.stamp : undefined;
  if (stamp !== undefined && stamp === knownStamp) return { kind: 'unchanged', path, stamp, text };
  return { kind: 'summarized', path, summary: retainedSummary(summarize(read.text, config)), stamp, text };
}
