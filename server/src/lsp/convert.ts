/**
 * The edge between core offsets and LSP positions, and between file paths and
 * URIs. Positions are UTF-16 line/character pairs on both sides, so the
 * conversion is a line-start lookup (summary.lineStarts) and nothing else.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import type { DocumentSummary } from '../core/summary';
import { LineIndex, type TextRange } from '../core/text';

const lineIndexes = new WeakMap<DocumentSummary, LineIndex>();

export function lineIndexOf(summary: DocumentSummary): LineIndex {
  let index = lineIndexes.get(summary);
  if (!index) lineIndexes.set(summary, (index = new LineIndex(summary.lineStarts, summary.length)));
  return index;
}

export function toRange(summary: DocumentSummary, range: TextRange): Range {
  const index = lineIndexOf(summary);
  return { start: index.positionAt(range.start), end: index.positionAt(range.end) };
}

export function toPosition(summary: DocumentSummary, offset: number): Position {
  return lineIndexOf(summary).positionAt(offset);
}

export function toOffset(summary: DocumentSummary, position: Position): number {
  return lineIndexOf(summary).offsetAt(position);
}

/**
 * One spelling per file: clients percent-encode differently (`%40` vs `@`,
 * `c%3A` vs `C:`), so file URIs are normalized before they key anything.
 */
export function canonicalUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
