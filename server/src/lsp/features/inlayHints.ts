/** Inlay hints: a claim mention's normalized value after its span (`≈ 95 bn USD`), flagged when it conflicts. */
import { MarkupKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { canonicalUri, toOffset, toPosition } from '../convert';
import type { FeatureContext } from '../context';
import { humanInterval, humanQuantity } from '../format';

export function inlayHints(context: FeatureContext, params: InlayHintParams): InlayHint[] | null {
  if (!context.settings.inlayHintsEnabled) return [];
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  if (!summary) return null;
  const start = toOffset(summary, params.range.start);
  const end = toOffset(summary, params.range.end);
  const hints: InlayHint[] = [];
  let previousSpan = -1;
  for (const mention of summary.claimMentions) {
    const q = mention.quantity;
    // One hint per span, even when it tags several claims.
    if (!q || mention.spanRange.start === previousSpan || mention.spanRange.end < start || mention.spanRange.end > end) continue;
    previousSpan = mention.spanRange.start;
    const point = q.qualifier === 'exact' || q.qualifier === 'approximate';
    const reconciliation = context.workspace.isDefined('claim', mention.id) ? context.workspace.reconcile(mention.id) : undefined;
    const mine = reconciliation?.mentions.find((m) => m.uri === uri && m.mention.spanRange.start === mention.spanRange.start);
    const conflict = mine !== undefined && mine.disagreesWith.length > 0;
    hints.push({
      position: toPosition(summary, mention.spanRange.end),
      label: `${point ? `≈ ${humanQuantity(q.value, q.unit)}` : humanInterval(q.interval, q.unit)}${conflict ? ' ⚠ conflict' : ''}`,
      paddingLeft: true,
      tooltip: {
        kind: MarkupKind.Markdown,
        value: `#${mention.id}: ${humanInterval(q.interval, q.unit)}${reconciliation ? ` · reconciled: ${reconciliation.status}` : ''}`,
      },
    });
  }
  return hints;
}
