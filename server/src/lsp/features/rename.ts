/**
 * Rename an id: the definition(s) and every reference, across files. Invalid
 * ids and ids already in use (a rename would silently merge two) are refused.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { idAt } from '../../core/navigation';
import { referencesTo } from '../../core/retained';
import { SIGIL_OF_KIND, isValidId } from '../../core/syntax';
import type { TextRange } from '../../core/text';
import { toRange } from '../convert';
import { documentAt, throwIfCancelled, type FeatureContext } from '../context';
import { workspaceEdit } from './edits';

export function prepareRename(context: FeatureContext, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const at = documentAt(context, params.textDocument.uri, params.position);
  const id = at && idAt(at.summary, at.offset);
  return at && id ? { range: toRange(at.summary, id.idRange), placeholder: id.id } : null;
}

export function rename(context: FeatureContext, params: RenameParams, token: CancellationToken): WorkspaceEdit | null {
  const at = documentAt(context, params.textDocument.uri, params.position);
  const target = at && idAt(at.summary, at.offset);
  if (!target) return null;
  const { kind, id } = target;
  const sigil = SIGIL_OF_KIND[kind];
  const newId = params.newName.trim().startsWith(sigil) ? params.newName.trim().slice(1) : params.newName.trim();
  if (!isValidId(newId)) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `"${params.newName}" is not a valid id: use lowercase letters a-z, digits, ".", "_" and "-", starting with a letter or digit.`,
    );
  }
  if (newId === id) return { changes: {} };
  if (context.workspace.isDefined(kind, newId) || context.workspace.documentsReferencing(kind, newId).length) {
    throw new ResponseError(LSPErrorCodes.RequestFailed, `${sigil}${newId} is already used in the workspace; renaming ${sigil}${id} to it would merge the two.`);
  }

  const ranges = new Map<string, TextRange[]>();
  const add = (uri: string, range: TextRange) => ranges.set(uri, [...(ranges.get(uri) ?? []), range]);
  for (const { uri, definition } of context.workspace.definitions(kind, id)) add(uri, definition.idRange);
  for (const uri of context.workspace.documentsReferencing(kind, id)) {
    throwIfCancelled(token);
    const summary = context.workspace.summary(uri);
    for (const reference of summary ? referencesTo(summary, kind, id) : []) add(uri, reference.idRange);
  }
  const edits = new Map<string, TextEdit[]>();
  for (const [uri, list] of ranges) {
    const summary = context.workspace.summary(uri)!;
    edits.set(uri, list.sort((a, b) => a.start - b.start).map((range) => ({ range: toRange(summary, range), newText: newId })));
  }
  return workspaceEdit(context, edits);
}
