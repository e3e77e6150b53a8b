/**
 * The syntax tree of one `.fmk` document. Produced by `parse()` (parser.ts),
 * which never throws: any input yields a tree plus `SyntaxProblem`s, every node
 * carrying exact UTF-16 offset ranges into the original text.
 */
import type { TextRange } from './text';

export type RefKind = 'entity' | 'claim' | 'source';
export type Sigil = '@' | '#' | '^';

export const KIND_OF_SIGIL: Readonly<Record<Sigil, RefKind>> = { '@': 'entity', '#': 'claim', '^': 'source' };
export const SIGIL_OF_KIND: Readonly<Record<RefKind, Sigil>> = { entity: '@', claim: '#', source: '^' };

/** IDs: `[a-z0-9][a-z0-9._-]*` */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** `@id`, `#id` or `^id`, wherever it appears (span attrs, `by=@id`, `[^id]`, definition heads). */
export interface IdRef {
  readonly kind: RefKind;
  readonly id: string;
  /** Sigil plus id. */
  readonly range: TextRange;
  /** The id alone (what rename replaces). */
  readonly idRange: TextRange;
}

/** `key=value` or `key="quoted value"` inside `{…}`. */
export interface Attribute {
  readonly key: string;
  readonly keyRange: TextRange;
  /** Unescaped value (quotes removed). */
  readonly value: string;
  /** Range of the value as written (including quotes). */
  readonly valueRange: TextRange;
  readonly range: TextRange;
}

/** `[surface text]{attrs}` */
export interface SpanNode {
  readonly type: 'span';
  readonly range: TextRange;
  /** Between `[` and `]`. */
  readonly surfaceRange: TextRange;
  /** Surface text with escapes resolved. */
  readonly surface: string;
  /** Between `{` and `}` (or to where recovery stopped). */
  readonly attrsRange: TextRange;
  /** Bare `@id`, `#id`, `^id` items, in order. */
  readonly refs: readonly IdRef[];
  /** `key=value` items, in order (including `by=@x`, whose ref is also in `by`). */
  readonly attributes: readonly Attribute[];
  /** The speaker of `by=@x`, when well formed. */
  readonly by?: IdRef;
}

/** `[^id]` standalone: cites the sentence it ends. */
export interface CitationNode {
  readonly type: 'citation';
  readonly range: TextRange;
  readonly ref: IdRef;
}

/**
 * `[@id]: Canonical name {attrs}` / `[#id]: Description {attrs}` /
 * `[^id]: Citation text <https://url> {attrs}` at column 0, with continuation
 * lines indented by 2+ spaces.
 */
export interface DefinitionNode {
  readonly type: 'definition';
  readonly kind: RefKind;
  /** The whole definition including continuation lines (without the final line break). */
  readonly range: TextRange;
  /** The `[@id]` head's id. */
  readonly ref: IdRef;
  /** Name / description / citation text, whitespace-collapsed, escapes resolved. */
  readonly label: string;
  readonly labelRange: TextRange;
  /** `<https://…>` in a source definition (or `url=` attribute value). */
  readonly url?: { readonly value: string; readonly range: TextRange };
  readonly attributes: readonly Attribute[];
  /** The `{…}` block, when present. */
  readonly attrsRange?: TextRange;
}

export interface FrontMatterField {
  readonly key: string;
  readonly keyRange: TextRange;
  /** Scalar value with YAML quotes removed. */
  readonly value: string;
  readonly valueRange: TextRange;
}

/** `---` … `---` at the very top. */
export interface FrontMatterNode {
  readonly type: 'frontMatter';
  readonly range: TextRange;
  /** Between the fences. */
  readonly contentRange: TextRange;
  readonly fields: readonly FrontMatterField[];
}

/** `<!-- … -->` */
export interface CommentNode {
  readonly type: 'comment';
  readonly range: TextRange;
}

export type InlineNode = SpanNode | CitationNode;

export type SyntaxProblemCode =
  | 'unclosed-attributes'
  | 'unclosed-span'
  | 'invalid-id'
  | 'missing-id'
  | 'bad-attribute'
  | 'unknown-attribute'
  | 'duplicate-attribute'
  | 'unclosed-quote'
  | 'unclosed-comment'
  | 'unclosed-front-matter'
  | 'bad-definition'
  | 'empty-span';

export interface SyntaxProblem {
  /** Fine-grained reason; the diagnostic code shown to users is `syntax` (or `unknown-attribute` → still `syntax`). */
  readonly reason: SyntaxProblemCode;
  readonly message: string;
  readonly range: TextRange;
}

export interface FmkDocument {
  /** Length of the text (UTF-16 units) the tree was built from. */
  readonly length: number;
  /** Offset after a leading BOM (0 or 1). */
  readonly bodyStart: number;
  readonly frontMatter?: FrontMatterNode;
  /** Spans and citation refs in source order. */
  readonly inlines: readonly InlineNode[];
  readonly definitions: readonly DefinitionNode[];
  /** Definition lines left out of `definitions` because the head's id is invalid (its problem is reported): not prose either. */
  readonly malformedDefinitions: readonly TextRange[];
  readonly comments: readonly CommentNode[];
  readonly problems: readonly SyntaxProblem[];
  /**
   * The prose of the document: a string of exactly the same length as the
   * input where every character that is not prose (front matter, comments,
   * definitions, span brackets and attribute blocks, citation refs, escape
   * backslashes) is replaced by a space and line breaks are kept. The figure
   * recognizer and the sentence segmenter run on it, so their offsets are
   * offsets into the original text.
   */
  readonly prose: string;
}
