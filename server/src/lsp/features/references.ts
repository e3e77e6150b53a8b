/** Find all references: every mention of the id under the cursor, workspace-wide (plus its definitions when asked). */
import type { CancellationToken, Location, ReferenceParams } from 'vscode-languageserver';
import { symbolAt } from '../../core/navigation';
import { referencesTo } from '../../core/retained';
import { documentAt, forEachCancellable, locationOf, type FeatureContext } from '../context';

export async function references(context: FeatureContext, params: ReferenceParams, token: CancellationToken): Promise<Location[] | null> {
  const at = documentAt(context, params.textDocument.uri, params.position);
  const symbol = at && symbolAt(at.summary, at.offset);
  if (!symbol) return null;
  const { kind, id } = symbol;
  const locations: Location[] = [];
  if (params.context.includeDeclaration) {
    for (const { uri, definition } of context.workspace.definitions(kind, id)) {
      const location = locationOf(context, uri, definition.idRange);
      if (location) locations.push(location);
    }
  }
  // Only the documents that mention the id are read; a snapshot, since edits may land while we yield.
  await forEachCancellable([...context.workspace.documentsReferencing(kind, id)].sort(), token, (uri) => {
    const summary = context.workspace.summary(uri);
    for (const reference of summary ? referencesTo(summary, kind, id) : []) {
      const location = locationOf(context, uri, reference.range);
      if (location) locations.push(location);
    }
  }, 200);
  return locations;
}
