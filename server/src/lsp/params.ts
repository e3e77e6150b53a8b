/**
 * The shapes of request params, checked with zod before a handler runs: a
 * client that sends `{}` or a string where a position goes gets InvalidParams
 * naming the field, not an internal error from deep inside a feature. Only
 * what the handlers read is checked; other fields pass through.
 */
import { z } from 'zod';

const position = z.object({ line: z.number().int().nonnegative(), character: z.number().int().nonnegative() });
const range = z.object({ start: position, end: position });
const textDocument = z.object({ uri: z.string() });

export const DOCUMENT_PARAMS = z.object({ textDocument });
export const POSITION_PARAMS = z.object({ textDocument, position });
export const RANGE_PARAMS = z.object({ textDocument, range });
export const RENAME_PARAMS = POSITION_PARAMS.extend({ newName: z.string() });
export const CODE_ACTION_PARAMS = RANGE_PARAMS.extend({ context: z.object({ diagnostics: z.array(z.unknown()), only: z.array(z.string()).optional() }) });
export const CODE_LENS = z.object({ range });
export const WORKSPACE_SYMBOL_PARAMS = z.object({ query: z.string() });
/** `factmark/claims` (may come without params): only claims whose mentions conflict, only these claim ids. */
export const CLAIMS_PARAMS = z.object({ onlyConflicts: z.boolean().optional(), ids: z.array(z.string()).optional() }).optional();

/** Why params do not fit a shape (`position.line: Expected number, received string`), or undefined when they do. */
export function paramsProblem(shape: z.ZodTypeAny, params: unknown): string | undefined {
  const checked = shape.safeParse(params);
  if (checked.success) return undefined;
  const issue = checked.error.issues[0];
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}
