/** Cursor movement between diagnostics, wrapping at either end of the document. Pure. */

/** A diagnostic's code as VS Code hands it over: a string, a number, or `{ value, target }` when it links to docs. */
export type DiagnosticCodeField = string | number | { readonly value: string | number } | undefined;

export function codeValue(code: DiagnosticCodeField): string | undefined {
  if (code === undefined) return undefined;
  return String(typeof code === 'object' ? code.value : code);
}

export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

export type Direction = 'next' | 'previous';

function compare(a: LinePosition, b: LinePosition): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * The target among `starts` (any order) for a move from `cursor`: the first
 * start after the cursor (`next`) or the last one before it (`previous`),
 * wrapping round when there is none. Undefined when `starts` is empty.
 */
export function pickWrapping<T extends LinePosition>(starts: readonly T[], cursor: LinePosition, direction: Direction): T | undefined {
  const sorted = [...starts].sort(compare);
  if (direction === 'next') return sorted.find((start) => compare(start, cursor) > 0) ?? sorted[0];
  return sorted.filter((start) => compare(start, cursor) < 0).at(-1) ?? sorted.at(-1);
}
