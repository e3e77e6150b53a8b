/** Go to definition: from a mention (or a tagged span's surface) to its definition, in any file. */
import type { DefinitionParams, Location, LocationLink } from 'vscode-languageserver';
import { symbolAt } from '../../core/navigation';
import { toRange } from '../convert';
import { documentAt, locationOf, type FeatureContext } from '../context';

export function definition(context: FeatureContext, params: DefinitionParams): Location[] | LocationLink[] | null {
  const at = documentAt(context, params.textDocument.uri, params.position);
  const symbol = at && symbolAt(at.summary, at.offset);
  if (!at || !symbol) return null;
  const definitions = context.workspace.definitions(symbol.kind, symbol.id);
  if (!definitions.length) return null;
  if (context.capabilities.textDocument?.definition?.linkSupport) {
    const originSelectionRange = toRange(at.summary, symbol.range);
    return definitions.flatMap(({ uri, definition }) => {
      const summary = context.workspace.summary(uri);
      return summary
        ? [{ originSelectionRange, targetUri: context.documents.clientUri(uri), targetRange: toRange(summary, definition.range), targetSelectionRange: toRange(summary, definition.idRange) }]
        : [];
    });
  }
  return definitions.flatMap(({ uri, definition }) => locationOf(context, uri, definition.idRange) ?? []);
}
