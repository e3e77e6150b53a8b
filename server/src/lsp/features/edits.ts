/** Workspace edits in the form the client understands: versioned documentChanges where supported, else a changes map. */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { FeatureContext } from '../context';

/** `edits` by canonical URI, in document order. */
export function workspaceEdit(context: FeatureContext, edits: ReadonlyMap<string, TextEdit[]>): WorkspaceEdit {
  const uris = [...edits.keys()].sort();
  if (context.capabilities.workspace?.workspaceEdit?.documentChanges) {
    return {
      documentChanges: uris.map((uri) => ({ textDocument: { uri: context.documents.clientUri(uri), version: context.documents.version(uri) }, edits: edits.get(uri)! })),
    };
  }
  return { changes: Object.fromEntries(uris.map((uri) => [context.documents.clientUri(uri), edits.get(uri)!])) };
}
