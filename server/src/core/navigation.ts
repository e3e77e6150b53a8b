/**
 * Questions an editor asks about a position in one document: which id, span
 * or figure is under the cursor, what is being typed (for completion), what
 * id a new claim could get, and how the text classifies for highlighting.
 * Pure functions over a DocumentSummary (and the text or tree where the
 * summary does not keep enough); offsets are UTF-16 like everywhere in the core.
 */
import type { ClaimMention, Definition, DocumentSummary, FigureInfo, Reference, SpanInfo } from './summary';
import { KIND_OF_SIGIL, type Attribute, type FmkDocument, type RefKind, type Sigil } from './syntax';
import { contains, type TextRange } from './text';

/** An `@id`/`#id`/`^id` under the cursor: a reference, or the id of a definition head `[@id]:`. */
export interface IdAtOffset {
  readonly kind: RefKind;
  readonly id: string;
  /** Sigil plus id. */
  readonly range: TextRange;
  /** The id alone. */
  readonly idRange: TextRange;
  readonly declaration: boolean;
}

export function idAt(summary: DocumentSummary, offset: number): IdAtOffset | undefined {
  for (const ref of summary.references) {
    if (contains(ref.range, offset)) return { kind: ref.kind, id: ref.id, range: ref.range, idRange: ref.idRange, declaration: false };
  }
  const definition = definitionHeadAt(summary, offset);
  if (definition) {
    return { kind: definition.kind, id: definition.id, range: { start: definition.idRange.start - 1, end: definition.idRange.end }, idRange: definition.idRange, declaration: true };
  }
  return undefined;
}

const KIND_PRIORITY: Readonly<Record<RefKind, number>> = { claim: 0, entity: 1, source: 2 };

/**
 * The id an offset is about: the id under it (`idAt`) or, on a span's
 * surface, what the span tags (its claim, else its entity, else its source).
 */
export function symbolAt(summary: DocumentSummary, offset: number): IdAtOffset | undefined {
  const id = idAt(summary, offset);
  if (id) return id;
  const span = spanAt(summary, offset);
  if (!span || !contains(span.surfaceRange, offset)) return undefined;
  let best: Reference | undefined;
  for (const ref of summary.references) {
    if (ref.context === 'span' && ref.range.start >= span.attrsRange.start && ref.range.end <= span.attrsRange.end) {
      if (!best || KIND_PRIORITY[ref.kind] < KIND_PRIORITY[best.kind]) best = ref;
    }
  }
  return best && { kind: best.kind, id: best.id, range: span.surfaceRange, idRange: best.idRange, declaration: false };
}

/** The definition whose `[@id]` head contains the offset. */
function definitionHeadAt(summary: DocumentSummary, offset: number): Definition | undefined {
  const index = lastStartingAtOrBefore(summary.definitions, offset, (d) => d.range);
  const definition = index >= 0 ? summary.definitions[index] : undefined;
  // `[` sigil id `]`: from the bracket before the sigil to the bracket after the id.
  return definition && offset >= definition.idRange.start - 2 && offset <= definition.idRange.end + 1 ? definition : undefined;
}

/** The definition (head, label, attributes or continuation lines) containing the offset. */
export function definitionAt(summary: DocumentSummary, offset: number): Definition | undefined {
  const index = lastStartingAtOrBefore(summary.definitions, offset, (d) => d.range);
  return index >= 0 && contains(summary.definitions[index].range, offset) ? summary.definitions[index] : undefined;
}

export function spanAt(summary: DocumentSummary, offset: number): SpanInfo | undefined {
  const index = lastStartingAtOrBefore(summary.spans, offset, (s) => s.range);
  return index >= 0 && contains(summary.spans[index].range, offset) ? summary.spans[index] : undefined;
}

/** Figures never overlap each other, so the first containing one is the one. */
export function figureAt(summary: DocumentSummary, offset: number): FigureInfo | undefined {
  const index = lastStartingAtOrBefore(summary.figures, offset, (f) => f.range);
  return index >= 0 && contains(summary.figures[index].range, offset) ? summary.figures[index] : undefined;
}

/** Claim mentions made by one span (a span may carry several `#id`s). */
export function claimMentionsOf(summary: DocumentSummary, span: SpanInfo): ClaimMention[] {
  return summary.claimMentions.filter((m) => m.spanRange.start === span.range.start);
}

/** Figures overlapping a range (e.g. a diagnostic's), in document order. */
export function figuresIn(summary: DocumentSummary, range: TextRange): FigureInfo[] {
  const first = Math.max(0, lastStartingAtOrBefore(summary.figures, range.start, (f) => f.range));
  const result: FigureInfo[] = [];
  for (let i = first; i < summary.figures.length && summary.figures[i].range.start <= range.end; i++) {
    const figure = summary.figures[i];
    if (figure.range.end >= range.start) result.push(figure);
  }
  return result;
}

function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, rangeOf: (item: T) => TextRange): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (rangeOf(items[mid]).start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Completion context

/** Who owns an attribute block: a span, or a definition of a kind. */
export type AttributeOwner = 'span' | RefKind;

export type CompletionContext =
  /** An id after a sigil; `definitionHead` for `[@…` at column 0 (a new definition). */
  | { readonly type: 'id'; readonly kind: RefKind; readonly prefix: string; readonly range: TextRange; readonly definitionHead: boolean }
  | { readonly type: 'attribute-key'; readonly owner: AttributeOwner; readonly prefix: string; readonly range: TextRange }
  | { readonly type: 'attribute-value'; readonly owner: AttributeOwner; readonly key: string; readonly prefix: string; readonly range: TextRange };

const isIdChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45; // a-z 0-9 . _ -
const isKeyChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 45; // letters _ -
const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

/** Start of the run of characters satisfying `accept` that ends at `end`. */
function runStart(text: string, end: number, floor: number, accept: (c: number) => boolean): number {
  let start = end;
  while (start > floor && accept(text.charCodeAt(start - 1))) start--;
  return start;
}

const DEFINITION_HEAD = /^\[([@#^])[a-z0-9][a-z0-9._-]*\]:/;

/**
 * What is being typed at `offset`: an id after `@`/`#`/`^` inside `{…}`, after
 * `by=@`, in `[^…` or a definition head, or in a front matter value; an
 * attribute key or value inside `{…}`. Looks at the current line only.
 */
export function completionContextAt(text: string, summary: DocumentSummary, offset: number): CompletionContext | undefined {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const line = text.slice(lineStart, offset);
  const headMatch = DEFINITION_HEAD.exec(text.slice(lineStart, Math.min(text.length, lineStart + 200)));
  const definitionKind = headMatch ? KIND_OF_SIGIL[headMatch[1] as Sigil] : undefined;

  // Inside an attribute block: the last `{` on the line is not closed yet and no quoted value is open.
  const open = line.lastIndexOf('{');
  const inBraces = open >= 0 && line.indexOf('}', open) < 0 && countUnescapedQuotes(line, open + 1) % 2 === 0;
  // Attributes on a definition's continuation line belong to that definition.
  const owner: AttributeOwner = definitionKind ?? definitionAt(summary, offset)?.kind ?? 'span';

  const idStart = runStart(text, offset, lineStart, isIdChar);
  const sigil = text[idStart - 1];
  const prefix = text.slice(idStart, offset);
  const idRange = { start: idStart, end: offset };
  if (idStart > lineStart && (sigil === '@' || sigil === '#' || sigil === '^')) {
    const kind = KIND_OF_SIGIL[sigil];
    const before = idStart - 1 > lineStart ? text[idStart - 2] : undefined;
    if (before === '[' && idStart - 2 === lineStart) return { type: 'id', kind, prefix, range: idRange, definitionHead: true };
    if (before === '[' && sigil === '^') return { type: 'id', kind, prefix, range: idRange, definitionHead: false };
    if (inBraces && owner === 'span') {
      if (before === '=') {
        const keyStart = runStart(text, idStart - 2, lineStart, isKeyChar);
        return text.slice(keyStart, idStart - 2) === 'by' && sigil === '@' ? { type: 'id', kind, prefix, range: idRange, definitionHead: false } : undefined;
      }
      if (before === '{' || isBlank(before)) return { type: 'id', kind, prefix, range: idRange, definitionHead: false };
    }
    if (sigil === '@' && summary.frontMatterRange && contains(summary.frontMatterRange, offset) && /^[A-Za-z_-]+:\s*["']?$/.test(line.slice(0, idStart - 1 - lineStart).trimStart())) {
      return { type: 'id', kind, prefix, range: idRange, definitionHead: false };
    }
    return undefined;
  }
  if (!inBraces) return undefined;

  const keyStart = runStart(text, offset, lineStart, isKeyChar);
  const beforeKey = text[keyStart - 1];
  if (beforeKey === '{' || isBlank(beforeKey)) {
    return { type: 'attribute-key', owner, prefix: text.slice(keyStart, offset), range: { start: keyStart, end: offset } };
  }
  // `key=val` or `key="val` (an unquoted or just-opened value).
  const valueStart = runStart(text, offset, lineStart, (c) => isKeyChar(c) || (c >= 48 && c <= 57) || c === 37 || c === 46); // also digits % .
  const quoted = text[valueStart - 1] === '"';
  const equals = quoted ? valueStart - 2 : valueStart - 1;
  if (text[equals] === '=') {
    const nameStart = runStart(text, equals, lineStart, isKeyChar);
    if (nameStart < equals) {
      return { type: 'attribute-value', owner, key: text.slice(nameStart, equals), prefix: text.slice(valueStart, offset), range: { start: valueStart, end: offset } };
    }
  }
  return undefined;
}

function countUnescapedQuotes(line: string, from: number): number {
  let count = 0;
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') count++;
  }
  return count;
}

// ---------------------------------------------------------------------------
// Claim ids for untagged figures

const STOP_WORDS = new Set(
  (
    'a an the of in on at to for by from with and or but as is are was were be been being has have had will would could should may might ' +
    'this that these those its it their his her our your than then there here which who whom whose what when where while since after before ' +
    'about around approximately roughly some nearly almost approaching approached close just under over more less least most exceeded ' +
    'surpassing surpassed topped below up also last first next year years reached reach reaching rose grew grown increased totaled totalled ' +
    'amounted stood hit said says noted stated announced told reported estimated added according high low historic record new'
  ).split(' '),
);

/**
 * An id for a new claim on the figure at `figure`: the first few content
 * words of the clause before it (`Trade reached nearly $100 billion` →
 * `trade`), else after it, made unique with `-2`, `-3`… against `isTaken`.
 */
export function suggestClaimId(text: string, figure: TextRange, isTaken: (id: string) => boolean): string {
  let clauseStart = figure.start;
  while (clauseStart > 0 && figure.start - clauseStart < 200 && !/[.!?;:\n\r]/.test(text[clauseStart - 1])) clauseStart--;
  let clauseEnd = figure.end;
  while (clauseEnd < text.length && clauseEnd - figure.end < 200 && !/[.!?;:,\n\r]/.test(text[clauseEnd])) clauseEnd++;
  // Words of the prose only: attribute blocks (`{#trade ^xinhua}`) are markup.
  const contentWords = (s: string) =>
    (s.replace(/\{[^{}]*\}/g, ' ').toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []).filter(
      (w) => w.length > 2 && !STOP_WORDS.has(w) && !/^(billion|million|thousand|trillion|percent|dollars?|yuan)$/.test(w),
    );
  const words = [...contentWords(text.slice(clauseStart, figure.start)), ...contentWords(text.slice(figure.end, clauseEnd))].slice(0, 3);
  const base = words.length ? words.join('-') : 'claim';
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) if (!isTaken(`${base}-${n}`)) return `${base}-${n}`;
}

// ---------------------------------------------------------------------------
// Highlighting

export type SyntaxTokenType =
  | 'sigil'
  | 'entity'
  | 'claim'
  | 'source'
  | 'attributeKey'
  | 'attributeValue'
  | 'spanText'
  | 'figure'
  | 'definitionLabel'
  | 'frontMatterKey'
  | 'frontMatterValue'
  | 'comment';
export type SyntaxTokenModifier = 'declaration' | 'unsourced' | 'sourced';

export const SYNTAX_TOKEN_TYPES: readonly SyntaxTokenType[] = [
  'sigil',
  'entity',
  'claim',
  'source',
  'attributeKey',
  'attributeValue',
  'spanText',
  'figure',
  'definitionLabel',
  'frontMatterKey',
  'frontMatterValue',
  'comment',
];
export const SYNTAX_TOKEN_MODIFIERS: readonly SyntaxTokenModifier[] = ['declaration', 'unsourced', 'sourced'];

export interface SyntaxToken {
  readonly range: TextRange;
  readonly type: SyntaxTokenType;
  readonly modifiers: readonly SyntaxTokenModifier[];
}

/**
 * The document classified for highlighting: sorted, non-overlapping tokens.
 * Layers are painted in order (span surface, then figures over it, then
 * markup), so a figure inside a span's surface splits the surface token.
 */
export function syntaxTokens(tree: FmkDocument, summary: DocumentSummary): SyntaxToken[] {
  const styles: { type: SyntaxTokenType; modifiers: readonly SyntaxTokenModifier[] }[] = [];
  const styleIds = new Map<string, number>();
  const paint = new Int32Array(tree.length).fill(-1);
  const fill = (range: TextRange, type: SyntaxTokenType, modifiers: readonly SyntaxTokenModifier[] = []) => {
    const key = `${type}:${modifiers.join(',')}`;
    let id = styleIds.get(key);
    if (id === undefined) {
      id = styles.length;
      styles.push({ type, modifiers });
      styleIds.set(key, id);
    }
    paint.fill(id, Math.max(0, range.start), Math.min(tree.length, range.end));
  };
  const fillRef = (ref: { kind: RefKind; range: TextRange; idRange: TextRange }, modifiers: readonly SyntaxTokenModifier[] = []) => {
    fill({ start: ref.range.start, end: ref.idRange.start }, 'sigil', modifiers);
    fill(ref.idRange, ref.kind, modifiers);
  };
  const fillAttributes = (attributes: readonly Attribute[]) => {
    for (const attribute of attributes) {
      fill(attribute.keyRange, 'attributeKey');
      fill(attribute.valueRange, 'attributeValue');
    }
  };

  for (const node of tree.inlines) if (node.type === 'span') fill(node.surfaceRange, 'spanText');
  for (const figure of summary.figures) fill(figure.range, 'figure', [figure.status === 'unsourced' ? 'unsourced' : 'sourced']);
  for (const comment of tree.comments) fill(comment.range, 'comment');
  if (tree.frontMatter) {
    for (const field of tree.frontMatter.fields) {
      fill(field.keyRange, 'frontMatterKey');
      fill(field.valueRange, 'frontMatterValue');
    }
  }
  for (const node of tree.inlines) {
    if (node.type === 'citation') {
      fillRef(node.ref);
      continue;
    }
    fillAttributes(node.attributes);
    for (const ref of node.refs) fillRef(ref);
    if (node.by) fillRef(node.by);
  }
  for (const definition of tree.definitions) {
    fill(definition.labelRange, 'definitionLabel');
    fillAttributes(definition.attributes);
    fillRef(definition.ref, ['declaration']);
  }

  const tokens: SyntaxToken[] = [];
  for (let i = 0; i < paint.length; ) {
    const id = paint[i];
    let end = i + 1;
    while (end < paint.length && paint[end] === id) end++;
    if (id >= 0) tokens.push({ range: { start: i, end }, ...styles[id] });
    i = end;
  }
  return tokens;
}
