/** Document highlights: the id under the cursor wherever it appears in this document. */
import { DocumentHighlightKind, type DocumentHighlight, type DocumentHighlightParams } from 'vscode-languageserver';
import { symbolAt } from '../../core/navigation';
import { toRange } from '../convert';
import { documentAt, type FeatureContext } from '../context';

export function highlights(context: FeatureContext, params: DocumentHighlightParams): DocumentHighlight[] | null {
  const at = documentAt(context, params.textDocument.uri, params.position);
  const symbol = at && symbolAt(at.summary, at.offset);
  if (!at || !symbol) return null;
  const { summary } = at;
  const found: DocumentHighlight[] = [];
  for (const definition of summary.definitions) {
    if (definition.kind === symbol.kind && definition.id === symbol.id) {
      found.push({ range: toRange(summary, { start: definition.idRange.start - 1, end: definition.idRange.end }), kind: DocumentHighlightKind.Write });
    }
  }
  for (const reference of summary.references) {
    if (reference.kind === symbol.kind && reference.id === symbol.id) found.push({ range: toRange(summary, reference.range), kind: DocumentHighlightKind.Read });
  }
  return found;
}
