/**
 * Code lens on definitions: "5 mentions in 3 articles · consistent". Lenses
 * are listed cheaply and counted on resolve, so only the visible ones cost.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { RefKind } from '../../core/syntax';
import { canonicalUri, toPosition, toRange } from '../convert';
import type { FeatureContext } from '../context';
import { mentionCount } from '../format';

/** The client command a lens runs: show the references of the id at (uri, position). */
export const SHOW_REFERENCES_COMMAND = 'factmark.showReferences';

interface LensData {
  readonly uri: string;
  readonly kind: RefKind;
  readonly id: string;
}

const STATUS_TEXT = { consistent: 'consistent', conflict: 'conflict', single: 'single value', unparsed: 'no values' } as const;

export function codeLenses(context: FeatureContext, params: CodeLensParams): CodeLens[] | null {
  if (!context.settings.codeLensEnabled) return [];
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  if (!summary) return null;
  return summary.definitions.map((definition) => ({
    range: toRange(summary, definition.headRange),
    data: { uri, kind: definition.kind, id: definition.id } satisfies LensData,
  }));
}

export function resolveCodeLens(context: FeatureContext, lens: CodeLens): CodeLens {
  const { uri, kind, id } = lens.data as LensData;
  const { workspace } = context;
  const mentions = workspace.references(kind, id).length;
  let title = mentionCount(kind, mentions, workspace.documentsReferencing(kind, id).length);
  if (kind === 'claim' && mentions > 0) title += ` · ${STATUS_TEXT[workspace.reconcile(id).status]}`;
  const definition = workspace.summary(uri)?.definitions.find((d) => d.kind === kind && d.id === id);
  const summary = workspace.summary(uri);
  const position = summary && definition ? toPosition(summary, definition.idRange.start) : lens.range.start;
  return { ...lens, command: { title, command: SHOW_REFERENCES_COMMAND, arguments: [context.documents.clientUri(uri), position] } };
}
