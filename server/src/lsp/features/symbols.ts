/**
 * Document symbols (the outline: front matter, definitions grouped by kind,
 * claim mentions) and workspace symbols (definitions whose id or label
 * matches a query).
 */
import {
  SymbolKind,
  type CancellationToken,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type SymbolInformation,
  type WorkspaceSymbol,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import type { Definition, DocumentSummary } from '../../core/summary';
import { SIGIL_OF_KIND, type RefKind } from '../../core/syntax';
import type { TextRange } from '../../core/text';
import { canonicalUri, toRange } from '../convert';
import { forEachCancellable, locationOf, smallest, type FeatureContext } from '../context';

export const MAX_WORKSPACE_SYMBOLS = 200;

const SYMBOL_KIND: Record<RefKind, SymbolKind> = { entity: SymbolKind.Class, claim: SymbolKind.Number, source: SymbolKind.String };
const GROUP_NAME: Record<RefKind, string> = { entity: 'Entities', claim: 'Claims', source: 'Sources' };

export function documentSymbols(context: FeatureContext, params: DocumentSymbolParams): DocumentSymbol[] | SymbolInformation[] | null {
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  if (!summary) return null;
  const tree = outline(summary);
  if (context.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport) return tree;
  const clientUri = context.documents.clientUri(uri);
  return tree.flatMap((group) => [
    { name: group.name, kind: group.kind, location: { uri: clientUri, range: group.range } },
    ...(group.children ?? []).map((child) => ({ name: child.name, kind: child.kind, containerName: group.name, location: { uri: clientUri, range: child.range } })),
  ]);
}

function outline(summary: DocumentSummary): DocumentSymbol[] {
  const symbol = (name: string, kind: SymbolKind, range: TextRange, selection: TextRange, detail?: string): DocumentSymbol => ({
    name,
    kind,
    range: toRange(summary, range),
    selectionRange: toRange(summary, selection),
    ...(detail ? { detail } : {}),
  });
  const group = (name: string, children: DocumentSymbol[], ranges: TextRange[]): DocumentSymbol => {
    const range = { start: Math.min(...ranges.map((r) => r.start)), end: Math.max(...ranges.map((r) => r.end)) };
    return { ...symbol(name, SymbolKind.Namespace, range, { start: range.start, end: range.start }), children };
  };

  const symbols: DocumentSymbol[] = [];
  const frontMatter = summary.frontMatterRange;
  if (frontMatter) symbols.push(symbol('Front matter', SymbolKind.Namespace, frontMatter, { start: frontMatter.start, end: frontMatter.start + 3 }, summary.title));
  for (const kind of ['entity', 'claim', 'source'] as const) {
    const definitions = summary.definitions.filter((d) => d.kind === kind);
    if (!definitions.length) continue;
    const children = definitions.map((d) => symbol(`${SIGIL_OF_KIND[kind]}${d.id}`, SYMBOL_KIND[kind], d.range, d.idRange, d.label));
    symbols.push(group(GROUP_NAME[kind], children, definitions.map((d) => d.range)));
  }
  if (summary.claimMentions.length) {
    const children = summary.claimMentions.map((m) => symbol(`#${m.id}`, SymbolKind.Number, m.spanRange, m.idRange, m.surface));
    symbols.push(group('Claim mentions', children, summary.claimMentions.map((m) => m.spanRange)));
  }
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Rank of a match, lower is better: id prefix, label word prefix, substring, in-order letters; -1 for none. */
function matchRank(query: string, id: string, label: string): number {
  if (!query) return 0;
  if (id.startsWith(query)) return 0;
  const lowerLabel = label.toLowerCase();
  if (lowerLabel.startsWith(query) || lowerLabel.includes(` ${query}`)) return 1;
  if (id.includes(query) || lowerLabel.includes(query)) return 2;
  let next = 0;
  for (const c of id) if (c === query[next]) next++;
  return next === query.length ? 3 : -1;
}

export async function workspaceSymbols(context: FeatureContext, params: WorkspaceSymbolParams, token: CancellationToken): Promise<WorkspaceSymbol[]> {
  const query = params.query.trim().toLowerCase().replace(/^[@#^]/, '');
  const matches: { rank: number; uri: string; definition: Definition }[] = [];
  // Definitions live in few documents, but which ones is not indexed: one pass over the summaries, yielding between chunks.
  await forEachCancellable(context.workspace.uris(), token, (uri) => {
    for (const definition of context.workspace.summary(uri)?.definitions ?? []) {
      const rank = matchRank(query, definition.id, definition.label);
      if (rank >= 0) matches.push({ rank, uri, definition });
    }
  }, 2000);
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const best = smallest(matches, MAX_WORKSPACE_SYMBOLS, (a, b) => a.rank - b.rank || order(a.definition.id, b.definition.id) || order(a.definition.kind, b.definition.kind) || order(a.uri, b.uri));
  return best.flatMap(({ uri, definition }) => {
    const location = locationOf(context, uri, definition.idRange);
    return location ? [{ name: `${SIGIL_OF_KIND[definition.kind]}${definition.id}`, kind: SYMBOL_KIND[definition.kind], containerName: definition.label, location }] : [];
  });
}
