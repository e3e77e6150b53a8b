/**
 * What every feature handler gets: the document state, the client's
 * capabilities and settings, and helpers for the conversions at the edge.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type ClientCapabilities, type Location, type Position } from 'vscode-languageserver';
import type { DocumentSummary } from '../core/summary';
import type { TextRange } from '../core/text';
import type { Workspace } from '../core/workspace';
import { canonicalUri, toOffset, toRange } from './convert';
import type { DocumentState } from './documents';
import type { ServerSettings } from './settings';
import { yieldToEventLoop } from './timeSlices';

export interface FeatureContext {
  readonly documents: DocumentState;
  readonly workspace: Workspace;
  readonly capabilities: ClientCapabilities;
  readonly settings: ServerSettings;
  /** How an article is named to people: its front matter title, else its path in the workspace folder. */
  displayName(uri: string): string;
}

/** The document and cursor offset a position request is about, or undefined when the document is unknown. */
export function documentAt(context: FeatureContext, textDocumentUri: string, position: Position): { uri: string; summary: DocumentSummary; offset: number } | undefined {
  const uri = canonicalUri(textDocumentUri);
  const summary = context.documents.summary(uri);
  return summary && { uri, summary, offset: toOffset(summary, position) };
}

/** An LSP location for a range in any indexed document (undefined when the document is gone). */
export function locationOf(context: FeatureContext, uri: string, range: TextRange): Location | undefined {
  const summary = context.workspace.summary(uri);
  return summary && { uri: context.documents.clientUri(uri), range: toRange(summary, range) };
}

export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** Walks items in chunks, yielding between chunks and stopping with RequestCancelled when asked to. */
export async function forEachCancellable<T>(items: Iterable<T>, token: CancellationToken | undefined, visit: (item: T) => void, chunk = 500): Promise<void> {
  let count = 0;
  for (const item of items) {
    visit(item);
    if (++count % chunk === 0) {
      await yieldToEventLoop();
      throwIfCancelled(token);
    }
  }
  throwIfCancelled(token);
}

/** The index of the first of the sorted `ids` (from `from`) that is not below `value`, in code-unit order. */
export function lowerBound(ids: readonly string[], value: string, from = 0): number {
  let low = from;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ids[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The `limit` smallest items by `compare`, sorted, without sorting them all
 * (workspace symbols keep 200 of maybe 100,000 definitions): a bounded sorted buffer, where most
 * candidates lose one comparison against its last element.
 */
export function smallest<T>(items: Iterable<T>, limit: number, compare: (a: T, b: T) => number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    if (kept.length === limit && compare(item, kept[limit - 1]) >= 0) continue;
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(kept[mid], item) <= 0) low = mid + 1;
      else high = mid;
    }
    kept.splice(low, 0, item);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}
