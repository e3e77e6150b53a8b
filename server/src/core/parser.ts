/**
 * The Factmark markup parser (design §1–2): one left-to-right pass over the
 * text that builds the syntax tree of syntax.ts, the `prose` string and the
 * list of problems. It never throws and stays linear on any input: every
 * lookahead is bounded by a line, a paragraph (a span's surface) or a
 * definition, or is memoized (`spanSearchBlockedUntil`, `findCommentClose`),
 * so no character is rescanned more than a constant number of times.
 * Strings in the tree (ids, surfaces, labels, values, messages) are
 * `detached` from the text: summaries keep them for closed files.
 */
import {
  isValidId,
  KIND_OF_SIGIL,
  SIGIL_OF_KIND,
  type Attribute,
  type CommentNode,
  type DefinitionNode,
  type FmkDocument,
  type FrontMatterField,
  type FrontMatterNode,
  type IdRef,
  type InlineNode,
  type RefKind,
  type SyntaxProblem,
  type SyntaxProblemCode,
} from './syntax';
import { detached, type TextRange } from './text';

export function parse(text: string): FmkDocument {
  return new Parser(text).parseDocument();
}

// ---------------------------------------------------------------------------
// Attribute keys

interface KeyRule {
  /** Allowed values (an enumeration). */
  readonly values?: readonly string[];
  /** May be given more than once (`aka`). */
  readonly repeatable?: boolean;
  readonly format?: { readonly pattern: RegExp; readonly expected: string };
}

const WEB_URL = { pattern: /^https?:\/\/[^\s]+$/, expected: 'an http:// or https:// URL' };

const SPAN_KEYS: ReadonlyMap<string, KeyRule> = new Map([
  ['by', {}],
  ['value', {}],
  ['asof', {}],
  ['note', {}],
]);

const DEFINITION_KEYS: Readonly<Record<RefKind, ReadonlyMap<string, KeyRule>>> = {
  entity: new Map<string, KeyRule>([
    ['type', { values: ['person', 'org', 'place', 'country', 'document', 'event', 'project', 'other'] }],
    ['aka', { repeatable: true }],
    ['wikidata', { format: { pattern: /^Q[1-9][0-9]*$/, expected: 'a Wikidata item id such as Q312781' } }],
    ['url', { format: WEB_URL }],
  ]),
  claim: new Map<string, KeyRule>([
    ['unit', {}],
    ['period', {}],
    ['tolerance', {}],
  ]),
  source: new Map<string, KeyRule>([
    ['date', {}],
    ['publisher', {}],
    ['kind', { values: ['article', 'report', 'statement', 'dataset'] }],
    ['url', { format: WEB_URL }],
  ]),
};

const A_KIND_NAME: Readonly<Record<RefKind, string>> = { entity: 'an entity', claim: 'a claim', source: 'a source' };
const LABEL_NAME: Readonly<Record<RefKind, string>> = { entity: 'a canonical name', claim: 'a description', source: 'a citation text' };

// ---------------------------------------------------------------------------
// Characters

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const APOSTROPHE = 39;
const COLON = 58;
const LESS_THAN = 60;
const EQUALS = 61;
const GREATER_THAN = 62;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const CARET = 94;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const BOM = 0xfeff;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

function isEscapable(c: number): boolean {
  return c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE || c === BACKSLASH;
}

/**
 * `list` with `item` appended, or a new list of one when there is none: an array literal of one item takes one
 * slot, while (in V8) an empty array reserves seventeen on its first push.
 */
function append<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

function isBlankText(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isBlank(c) && !isLineBreak(c)) return false;
  }
  return true;
}

/** The characters that end a bare word inside an attribute block (all ASCII), as a table: ids and values are read a character at a time. */
const WORD_ENDERS = new Uint8Array(0x80);
for (const c of [SPACE, TAB, LF, CR, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET]) WORD_ENDERS[c] = 1;

/** Ends a bare word inside an attribute block. */
function endsWord(c: number): boolean {
  return c < 0x80 && WORD_ENDERS[c] === 1;
}

/** KIND_OF_SIGIL by character code (all sigils are ASCII). */
const KIND_OF_SIGIL_CODE: (RefKind | undefined)[] = new Array<RefKind | undefined>(0x80).fill(undefined);
for (const [sigil, kind] of Object.entries(KIND_OF_SIGIL)) KIND_OF_SIGIL_CODE[sigil.charCodeAt(0)] = kind;

/** The kind of reference a sigil character code starts, if it is one. */
function sigilKind(code: number): RefKind | undefined {
  return code < 0x80 ? KIND_OF_SIGIL_CODE[code] : undefined;
}

// ---------------------------------------------------------------------------
// Messages

function problem(reason: SyntaxProblemCode, start: number, end: number, message: string): SyntaxProblem {
  return { reason, message: detached(message), range: { start, end } };
}

/** A short, single-line excerpt for a message. */
function excerpt(text: string): string {
  const short = text.length > 40 ? text.slice(0, 39) + '…' : text;
  return '`' + short.replace(/[\r\n\t ]+/g, ' ') + '`';
}

function invalidIdMessage(kind: RefKind, id: string): string {
  const suggestion = suggestId(id);
  const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
  return `${excerpt(id)} is not a valid ${kind} id: ids use lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit${hint}`;
}

/** `Tokayev` → `tokayev`, `Bad Id` → `bad-id`; undefined when nothing sensible comes out. */
function suggestId(written: string): string | undefined {
  if (written.length > 64) return undefined; // a long run of text is no mistyped id
  const slug = written.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  const isAlphanumeric = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  let start = 0;
  let end = slug.length;
  while (start < end && !isAlphanumeric(slug.charCodeAt(start))) start++;
  while (end > start && !isAlphanumeric(slug.charCodeAt(end - 1))) end--;
  const suggestion = slug.slice(start, end);
  return suggestion && suggestion !== written && isValidId(suggestion) ? suggestion : undefined;
}

function missingIdMessage(kind: RefKind): string {
  const sigil = SIGIL_OF_KIND[kind];
  const example = kind === 'entity' ? 'tokayev' : kind === 'claim' ? 'cn-ca-trade-2024' : 'xinhua-0617';
  return `\`${sigil}\` must be followed by ${A_KIND_NAME[kind]} id, such as \`${sigil}${example}\``;
}

function listKeys(rules: ReadonlyMap<string, KeyRule>): string {
  const keys = [...rules.keys()];
  return keys.slice(0, -1).join(', ') + ' or ' + keys[keys.length - 1];
}

// ---------------------------------------------------------------------------
// Prose

/** Runs of spaces, cached: most blanked runs are short (`[`, `]{@id}`, a backslash). */
const SPACE_RUNS: string[] = [];
function spaces(count: number): string {
  if (count >= 64) return ' '.repeat(count);
  return (SPACE_RUNS[count] ??= ' '.repeat(count));
}

/**
 * Builds `prose` as chunks joined once: verbatim slices of the text between
 * blanked regions. Regions must be blanked in increasing, non-overlapping order.
 */
class ProseBuilder {
  private readonly chunks: string[] = [];
  private copiedUpTo = 0;

  constructor(private readonly text: string) {}

  /** Replaces [start, end) by spaces, keeping line breaks as they are. */
  blank(start: number, end: number): void {
    const text = this.text;
    if (start > this.copiedUpTo) this.chunks.push(text.slice(this.copiedUpTo, start));
    let runStart = start;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isLineBreak(c)) {
        if (i > runStart) this.chunks.push(spaces(i - runStart));
        this.chunks.push(c === LF ? '\n' : '\r');
        runStart = i + 1;
      }
    }
    if (end > runStart) this.chunks.push(spaces(end - runStart));
    this.copiedUpTo = end;
  }

  /**
   * blank() for a region the caller knows holds no line break (markup that never crosses one: span brackets
   * and attribute blocks, citations, escapes): no character to look at.
   */
  blankInline(start: number, end: number): void {
    if (start > this.copiedUpTo) this.chunks.push(this.text.slice(this.copiedUpTo, start));
    if (end > start) this.chunks.push(spaces(end - start));
    this.copiedUpTo = end;
  }

  build(): string {
    if (this.copiedUpTo < this.text.length) this.chunks.push(this.text.slice(this.copiedUpTo));
    return this.chunks.join('');
  }
}

// ---------------------------------------------------------------------------
// Attribute blocks

interface AttributeBlock {
  readonly refs: IdRef[];
  readonly attributes: Attribute[];
  /** The `}` or, when left open, where recovery ended the block. */
  readonly contentEnd: number;
  /** After the `}` or the recovery point. */
  readonly end: number;
  readonly closed: boolean;
}

interface DefinitionText {
  /** Whitespace-collapsed, escapes resolved, comments removed. */
  readonly text: string;
  /** First to last non-blank character (empty at `from` when there is none). */
  readonly range: TextRange;
  /** Where reading stopped. */
  readonly end: number;
}

/** The lines of a definition; `end` shrinks when a comment opened inside runs past them. */
interface DefinitionRegion {
  end: number;
}

class Parser {
  private readonly length: number;
  private readonly inlines: InlineNode[] = [];
  private readonly definitions: DefinitionNode[] = [];
  private readonly malformedDefinitions: TextRange[] = [];
  private readonly comments: CommentNode[] = [];
  private readonly problems: SyntaxProblem[] = [];
  private readonly prose: ProseBuilder;
  /**
   * A `[` before this offset cannot open a span: an earlier `[` already
   * searched past it and met a terminator (a `]` not followed by `{`, a blank
   * line, the end) that every `[` in between would meet too. This keeps
   * `[[[[…` linear.
   */
  private spanSearchBlockedUntil = 0;
  /** Whether the surface findSurfaceEnd last read holds an escape or a comment: only then has readSurface work to do. */
  private surfaceHasMarkup = false;
  /** Memo of the last `-->` search: the first `-->` at or after `from` is at `at` (-1: none). */
  private commentCloseMemo = { from: Number.POSITIVE_INFINITY, at: -1 };

  constructor(private readonly text: string) {
    this.length = text.length;
    this.prose = new ProseBuilder(text);
  }

  parseDocument(): FmkDocument {
    const bodyStart = this.text.charCodeAt(0) === BOM ? 1 : 0;
    if (bodyStart) this.prose.blankInline(0, 1);
    const frontMatter = this.parseFrontMatter(bodyStart);
    if (frontMatter) this.parseBody(frontMatter.range.end);
    else this.parseBody(this.afterLineStart(bodyStart));
    this.problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    return {
      length: this.length,
      bodyStart,
      frontMatter,
      inlines: this.inlines,
      definitions: this.definitions,
      malformedDefinitions: this.malformedDefinitions,
      comments: this.comments,
      problems: this.problems,
      prose: this.prose.build(),
    };
  }

  // -------------------------------------------------------------------------
  // Lines

  /** Offset of the line break (or end of text) ending the line that contains `from`. */
  private lineEnd(from: number): number {
    const text = this.text;
    let p = from;
    while (p < this.length && !isLineBreak(text.charCodeAt(p))) p++;
    return p;
  }

  /** Start of the next line, given the offset of a line break (or the end of text). */
  private nextLineStart(lineBreak: number): number {
    if (lineBreak >= this.length) return this.length;
    return this.text.charCodeAt(lineBreak) === CR && this.text.charCodeAt(lineBreak + 1) === LF ? lineBreak + 2 : lineBreak + 1;
  }

  private skipBlanks(from: number, limit: number): number {
    let p = from;
    while (p < limit && isBlank(this.text.charCodeAt(p))) p++;
    return p;
  }

  /** Moves `end` back over blanks, not before `start`. */
  private trimBlanksBefore(end: number, start: number): number {
    let p = end;
    while (p > start && isBlank(this.text.charCodeAt(p - 1))) p--;
    return p;
  }

  private isBlankLineAt(lineStart: number): boolean {
    const p = this.skipBlanks(lineStart, this.length);
    return p >= this.length || isLineBreak(this.text.charCodeAt(p));
  }

  // -------------------------------------------------------------------------
  // Front matter

  /** `---` alone on its line (trailing blanks allowed). */
  private isFenceAt(lineStart: number): boolean {
    if (!this.text.startsWith('---', lineStart)) return false;
    const p = this.skipBlanks(lineStart + 3, this.length);
    return p >= this.length || isLineBreak(this.text.charCodeAt(p));
  }

  private parseFrontMatter(start: number): FrontMatterNode | undefined {
    if (!this.isFenceAt(start)) return undefined;
    const contentStart = this.nextLineStart(this.lineEnd(start));
    let lineStart = contentStart;
    while (lineStart < this.length && !this.isFenceAt(lineStart)) lineStart = this.nextLineStart(this.lineEnd(lineStart));
    if (lineStart >= this.length) {
      this.problems.push(
        problem('unclosed-front-matter', start, start + 3, 'front matter is not closed: add a `---` line after its last field (the file is read as if it had no front matter)'),
      );
      return undefined;
    }
    const end = this.lineEnd(lineStart);
    const fields = this.readFrontMatterFields(contentStart, lineStart);
    this.prose.blank(start, end);
    return { type: 'frontMatter', range: { start, end }, contentRange: { start: contentStart, end: lineStart }, fields };
  }

  /** Reads `key: value` lines; other YAML (lists, nested maps) is reported once per block of consecutive such lines. */
  private readFrontMatterFields(start: number, end: number): FrontMatterField[] {
    const fields: FrontMatterField[] = [];
    const seen = new Set<string>();
    let unsupported: { start: number; end: number } | undefined;
    const flushUnsupported = () => {
      if (!unsupported) return;
      this.problems.push(
        problem('bad-attribute', unsupported.start, unsupported.end, 'front matter lines must be `key: value` fields with a single-line value; lists and nested values are not read'),
      );
      unsupported = undefined;
    };
    for (let lineStart = start; lineStart < end; ) {
      const lineEnd = this.lineEnd(lineStart);
      const first = this.skipBlanks(lineStart, lineEnd);
      const isSkippable = first === lineEnd || this.text.charCodeAt(first) === HASH;
      if (isSkippable) flushUnsupported();
      else {
        const field = first === lineStart ? this.readFrontMatterField(lineStart, lineEnd) : undefined;
        if (!field) {
          const lineContentEnd = this.trimBlanksBefore(lineEnd, first);
          unsupported = { start: unsupported?.start ?? first, end: lineContentEnd };
        } else {
          flushUnsupported();
          if (seen.has(field.key)) {
            this.problems.push(problem('duplicate-attribute', field.keyRange.start, field.valueRange.end, `front matter field \`${field.key}\` is given twice; the first one is used`));
          } else {
            seen.add(field.key);
            fields.push(field);
          }
        }
      }
      lineStart = this.nextLineStart(lineEnd);
    }
    flushUnsupported();
    return fields;
  }

  private readFrontMatterField(lineStart: number, lineEnd: number): FrontMatterField | undefined {
    const text = this.text;
    let keyEnd = lineStart;
    while (keyEnd < lineEnd && text.charCodeAt(keyEnd) !== COLON && !isBlank(text.charCodeAt(keyEnd))) keyEnd++;
    // YAML needs a blank (or the end of line) after the colon: `http://x` is not a key.
    if (keyEnd === lineStart || text.charCodeAt(keyEnd) !== COLON || (keyEnd + 1 < lineEnd && !isBlank(text.charCodeAt(keyEnd + 1)))) return undefined;
    const key = detached(text.slice(lineStart, keyEnd));
    const keyRange = { start: lineStart, end: keyEnd };
    const valueStart = this.skipBlanks(keyEnd + 1, lineEnd);
    const quote = text.charCodeAt(valueStart);
    if (valueStart < lineEnd && (quote === QUOTE || quote === APOSTROPHE)) {
      return { key, keyRange, ...this.readYamlQuoted(valueStart, lineEnd) };
    }
    // A plain scalar ends before ` #comment`.
    let valueEnd = valueStart;
    while (valueEnd < lineEnd && !(text.charCodeAt(valueEnd) === HASH && valueEnd > valueStart && isBlank(text.charCodeAt(valueEnd - 1)))) valueEnd++;
    valueEnd = this.trimBlanksBefore(valueEnd, valueStart);
    return { key, keyRange, value: detached(text.slice(valueStart, valueEnd)), valueRange: { start: valueStart, end: valueEnd } };
  }

  /** A YAML `"double"` (backslash escapes) or `'single'` (`''` escape) quoted scalar. */
  private readYamlQuoted(open: number, lineEnd: number): { value: string; valueRange: TextRange } {
    const text = this.text;
    const quote = text.charCodeAt(open);
    const parts: string[] = [];
    let runStart = open + 1;
    let p = open + 1;
    while (p < lineEnd) {
      const c = text.charCodeAt(p);
      if (quote === QUOTE && c === BACKSLASH && p + 1 < lineEnd) {
        parts.push(text.slice(runStart, p));
        const escaped = text[p + 1];
        parts.push(escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped);
        p += 2;
        runStart = p;
      } else if (c === quote && quote === APOSTROPHE && text.charCodeAt(p + 1) === APOSTROPHE) {
        parts.push(text.slice(runStart, p + 1));
        p += 2;
        runStart = p;
      } else if (c === quote) break;
      else p++;
    }
    if (p >= lineEnd) {
      const end = this.trimBlanksBefore(lineEnd, open + 1);
      parts.push(text.slice(runStart, end));
      this.problems.push(problem('unclosed-quote', open, end, `quoted value is not closed: add \`${text[open]}\` at its end`));
      return { value: detached(parts.join('')), valueRange: { start: open, end } };
    }
    parts.push(text.slice(runStart, p));
    const after = this.skipBlanks(p + 1, lineEnd);
    if (after < lineEnd && text.charCodeAt(after) !== HASH) {
      const strayEnd = this.trimBlanksBefore(lineEnd, after);
      this.problems.push(problem('bad-attribute', after, strayEnd, `unexpected ${excerpt(text.slice(after, strayEnd))} after the closing quote`));
    }
    return { value: detached(parts.join('')), valueRange: { start: open, end: p + 1 } };
  }

  // -------------------------------------------------------------------------
  // Body

  private parseBody(start: number): void {
    const text = this.text;
    // The only characters the body loop must look at. Jumping between them with
    // one sticky left-to-right search is a single pass, and V8's compiled
    // character-class scan is 2–3× faster than a charCodeAt loop on long prose.
    const nextSpecial = /[\n\r\\[\]<]/g;
    let pos = start;
    while (pos < this.length) {
      nextSpecial.lastIndex = pos;
      if (!nextSpecial.test(text)) return;
      pos = nextSpecial.lastIndex - 1;
      switch (text.charCodeAt(pos)) {
        case LF:
        case CR:
          pos = this.afterLineStart(this.nextLineStart(pos));
          break;
        case BACKSLASH:
          if (isEscapable(text.charCodeAt(pos + 1))) {
            this.prose.blankInline(pos, pos + 1);
            pos += 2;
          } else pos++;
          break;
        case OPEN_BRACKET:
          pos = this.parseBracket(pos);
          break;
        case CLOSE_BRACKET:
          pos = text.charCodeAt(pos + 1) === OPEN_BRACE ? this.parseStrayAttributes(pos) : pos + 1;
          break;
        default: // LESS_THAN
          pos = text.startsWith('<!--', pos) ? this.parseComment(pos) : pos + 1;
      }
    }
  }

  /** At a line start: parses a definition if one starts here and returns where the body resumes. */
  private afterLineStart(lineStart: number): number {
    return this.text.charCodeAt(lineStart) === OPEN_BRACKET ? (this.parseDefinitionAt(lineStart) ?? lineStart) : lineStart;
  }

  // -------------------------------------------------------------------------
  // Comments

  private findCommentClose(from: number): number {
    const memo = this.commentCloseMemo;
    if (from >= memo.from && (memo.at < 0 || from <= memo.at)) return memo.at;
    const at = this.text.indexOf('-->', from);
    this.commentCloseMemo = { from, at };
    return at;
  }

  private parseComment(open: number): number {
    const close = this.findCommentClose(open + 4);
    const end = close < 0 ? this.length : close + 3;
    if (close < 0) {
      this.problems.push(problem('unclosed-comment', open, open + 4, 'comment is not closed: add `-->` (everything after `<!--` is ignored)'));
    }
    this.comments.push({ type: 'comment', range: { start: open, end } });
    this.prose.blank(open, end);
    return end;
  }

  // -------------------------------------------------------------------------
  // Inline: `[^id]` and `[surface]{attrs}`

  private parseBracket(open: number): number {
    if (this.text.charCodeAt(open + 1) === CARET) {
      const citationEnd = this.parseCitation(open);
      if (citationEnd >= 0) return citationEnd;
    }
    if (open < this.spanSearchBlockedUntil) return open + 1;
    const close = this.findSurfaceEnd(open + 1);
    if (this.text.charCodeAt(close) === CLOSE_BRACKET && this.text.charCodeAt(close + 1) === OPEN_BRACE) return this.parseSpan(open, close);
    this.spanSearchBlockedUntil = close;
    return open + 1;
  }

  /** `[^id]` not followed by `{`; returns its end, or -1 when this is not a citation. */
  private parseCitation(open: number): number {
    const text = this.text;
    let close = open + 2;
    while (close < this.length) {
      const c = text.charCodeAt(close);
      if (c === CLOSE_BRACKET || c === OPEN_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE || isBlank(c) || isLineBreak(c)) break;
      close++;
    }
    // `[^id]{…}` is a span (whose surface is `^id`), like any `[…]{`.
    if (text.charCodeAt(close) !== CLOSE_BRACKET || text.charCodeAt(close + 1) === OPEN_BRACE) return -1;
    const ref = this.readIdRef(open + 1, close);
    if (ref) this.inlines.push({ type: 'citation', range: { start: open, end: close + 1 }, ref });
    this.prose.blankInline(open, close + 1);
    return close + 1;
  }

  /**
   * The first unescaped `]` after a `[` (comments skipped), or the line break
   * before a blank line, or the end of text: a surface never crosses a blank line.
   */
  private findSurfaceEnd(from: number): number {
    const text = this.text;
    this.surfaceHasMarkup = false;
    let p = from;
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c === CLOSE_BRACKET) return p;
      if (c === BACKSLASH) {
        const escapes = isEscapable(text.charCodeAt(p + 1));
        if (escapes) this.surfaceHasMarkup = true;
        p += escapes ? 2 : 1;
      } else if (isLineBreak(c)) {
        const next = this.nextLineStart(p);
        if (this.isBlankLineAt(next)) return p;
        p = next;
      } else if (c === LESS_THAN && text.startsWith('<!--', p)) {
        this.surfaceHasMarkup = true;
        const close = this.findCommentClose(p + 4);
        if (close < 0) return this.length;
        p = close + 3;
      } else p++;
    }
    return this.length;
  }

  private parseSpan(open: number, close: number): number {
    this.prose.blankInline(open, open + 1);
    const surface = detached(this.surfaceHasMarkup ? this.readSurface(open + 1, close) : this.text.slice(open + 1, close));
    const block = this.readAttributeBlock(close + 1, this.length, true, '@entity, #claim, ^source or key=value');
    this.checkKeys(block.attributes, SPAN_KEYS, 'a span');
    let by: IdRef | undefined;
    for (const attribute of block.attributes) {
      if (attribute.key === 'by') {
        by = this.readSpeaker(attribute);
        break;
      }
    }
    if (isBlankText(surface)) {
      this.problems.push(problem('empty-span', open, close + 1, 'span has no surface text: put the words it tags between `[` and `]`'));
    }
    this.prose.blankInline(close, block.end); // a span's block ends at its line's end
    this.inlines.push({
      type: 'span',
      range: { start: open, end: block.end },
      surfaceRange: { start: open + 1, end: close },
      surface,
      attrsRange: { start: close + 2, end: block.contentEnd },
      refs: block.refs,
      attributes: block.attributes,
      by,
    });
    return block.end;
  }

  /** Surface text with escapes resolved and comments removed; blanks their markup in prose. */
  private readSurface(start: number, end: number): string {
    const text = this.text;
    let parts: string[] | undefined;
    let runStart = start;
    let p = start;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === BACKSLASH && isEscapable(text.charCodeAt(p + 1))) {
        (parts ??= []).push(text.slice(runStart, p));
        this.prose.blankInline(p, p + 1);
        runStart = p + 1;
        p += 2;
      } else if (c === LESS_THAN && text.startsWith('<!--', p)) {
        // findSurfaceEnd skipped this comment, so it closes before `end`.
        const commentEnd = this.findCommentClose(p + 4) + 3;
        (parts ??= []).push(text.slice(runStart, p));
        this.comments.push({ type: 'comment', range: { start: p, end: commentEnd } });
        this.prose.blank(p, commentEnd);
        runStart = p = commentEnd;
      } else p++;
    }
    if (!parts) return text.slice(start, end);
    parts.push(text.slice(runStart, end));
    return parts.join('');
  }

  /** `by=@id`: the speaker, or a problem. */
  private readSpeaker(attribute: Attribute): IdRef | undefined {
    const quoted = this.text.charCodeAt(attribute.valueRange.start) === QUOTE;
    const start = attribute.valueRange.start + (quoted ? 1 : 0);
    if (!attribute.value.startsWith('@')) {
      this.problems.push(
        problem('bad-attribute', attribute.valueRange.start, attribute.valueRange.end, `\`by\` names the speaker as an entity reference, such as \`by=@tokayev\`, not ${excerpt(attribute.value)}`),
      );
      return undefined;
    }
    return this.readIdRef(start, start + attribute.value.length);
  }

  /** `]{…}` that no `[` opened: one problem, and the block is consumed so it cannot cascade. */
  private parseStrayAttributes(close: number): number {
    const firstProblem = this.problems.length;
    const block = this.readAttributeBlock(close + 1, this.length, true, '');
    this.problems.length = firstProblem;
    this.problems.push(
      problem(
        'unclosed-span',
        close,
        block.end,
        'this `]{` closes no span: no `[` opens it in the same paragraph (inside a span\'s surface, write brackets as `\\[` and `\\]`)',
      ),
    );
    this.prose.blankInline(close, block.end); // a span's block ends at its line's end
    return block.end;
  }

  // -------------------------------------------------------------------------
  // Ids and attribute blocks

  /** The sigil at `sigilAt`, the id up to `end`; a problem instead when the id is missing or invalid. */
  private readIdRef(sigilAt: number, end: number): IdRef | undefined {
    const kind = sigilKind(this.text.charCodeAt(sigilAt))!;
    const id = detached(this.text.slice(sigilAt + 1, end));
    if (id === '') {
      this.problems.push(problem('missing-id', sigilAt, end, missingIdMessage(kind)));
      return undefined;
    }
    if (!isValidId(id)) {
      this.problems.push(problem('invalid-id', sigilAt + 1, end, invalidIdMessage(kind, id)));
      return undefined;
    }
    return { kind, id, range: { start: sigilAt, end }, idRange: { start: sigilAt + 1, end } };
  }

  private wordEnd(from: number, limit: number): number {
    let p = from;
    while (p < limit && !endsWord(this.text.charCodeAt(p))) p++;
    return p;
  }

  /**
   * `{…}` from the `{` at `open`: `@id #id ^id key=value key="quoted \" value"`.
   * A span's block stops at the end of its line (`singleLine`); a definition's
   * at `limit`. A block left open (end of line, or a `[`, `]`, `{` that
   * belongs to the prose) ends after its leading well-formed items, so the
   * prose after it is read normally and only one problem is reported.
   * `expected` describes the items for messages ('' for a block whose
   * problems are dropped anyway).
   */
  private readAttributeBlock(open: number, limit: number, singleLine: boolean, expected: string): AttributeBlock {
    const text = this.text;
    const problems = this.problems;
    const firstProblem = problems.length;
    // Made on the first item (most blocks hold one ref or attribute): see append.
    let refs: IdRef[] | undefined;
    let attributes: Attribute[] | undefined;
    let lastItemEnd = open + 1;
    // Where the block ends if it turns out to be left open: before the first unexpected word.
    let cutEnd = -1;
    let cutRefs = 0;
    let cutAttributes = 0;
    let cutProblems = 0;
    // The current run of unexpected words, reported as one problem.
    let junkStart = -1;
    let junkEnd = -1;
    // Index of an unclosed-quote problem whose quote ran to the end of its line: it already explains an open block.
    let quoteToLineEnd = -1;

    let p = open + 1;
    for (;;) {
      while (p < limit && (isBlank(text.charCodeAt(p)) || (!singleLine && isLineBreak(text.charCodeAt(p))))) p++;
      const c = text.charCodeAt(p);
      const isItem = p < limit && c !== CLOSE_BRACE && c !== OPEN_BRACE && c !== OPEN_BRACKET && c !== CLOSE_BRACKET && !isLineBreak(c);
      const isRef = isItem && sigilKind(c) !== undefined;
      let keyEnd = p;
      if (isItem && !isRef) {
        while (keyEnd < limit && !endsWord(text.charCodeAt(keyEnd)) && text.charCodeAt(keyEnd) !== EQUALS && text.charCodeAt(keyEnd) !== QUOTE) keyEnd++;
      }
      const isJunk = isItem && !isRef && (keyEnd === p || text.charCodeAt(keyEnd) !== EQUALS);
      if (isJunk) {
        if (cutEnd < 0) {
          cutEnd = lastItemEnd;
          cutRefs = refs?.length ?? 0;
          cutAttributes = attributes?.length ?? 0;
          cutProblems = problems.length;
        }
        if (junkStart < 0) junkStart = p;
        p = junkEnd = this.wordEnd(p, limit);
        continue;
      }
      if (junkStart >= 0) {
        const junk = text.slice(junkStart, junkEnd);
        problems.push(problem('bad-attribute', junkStart, junkEnd, `unexpected ${excerpt(junk)} in the attribute block: expected ${expected}`));
        junkStart = -1;
      }
      if (!isItem) break;
      if (isRef) {
        const end = this.wordEnd(p + 1, limit);
        const ref = this.readIdRef(p, end);
        if (ref) refs = append(refs, ref);
        p = lastItemEnd = end;
      } else {
        const { attribute, end, ranToLineEnd } = this.readAttribute(p, keyEnd, limit);
        if (attribute) attributes = append(attributes, attribute);
        if (ranToLineEnd) quoteToLineEnd = problems.length - 1;
        p = lastItemEnd = end;
      }
    }

    if (text.charCodeAt(p) === CLOSE_BRACE && p < limit) {
      if (!refs && !attributes && problems.length === firstProblem) {
        problems.push(problem('bad-attribute', open, p + 1, `empty attribute block: write ${expected} inside \`{}\``));
      }
      return { refs: refs ?? [], attributes: attributes ?? [], contentEnd: p, end: p + 1, closed: true };
    }
    // Left open.
    if (cutEnd >= 0) {
      if (refs) refs.length = cutRefs;
      if (attributes) attributes.length = cutAttributes;
      problems.length = cutProblems;
    } else cutEnd = lastItemEnd;
    if (quoteToLineEnd < 0 || quoteToLineEnd >= problems.length) {
      problems.push(problem('unclosed-attributes', open, cutEnd, 'attribute block is not closed: add `}`'));
    }
    return { refs: refs ?? [], attributes: attributes ?? [], contentEnd: cutEnd, end: cutEnd, closed: false };
  }

  /** `key=value` / `key="quoted"` with the `=` at `equals`. */
  private readAttribute(
    keyStart: number,
    equals: number,
    limit: number,
  ): { attribute?: Attribute; end: number; ranToLineEnd: boolean } {
    const text = this.text;
    const key = detached(text.slice(keyStart, equals));
    const keyRange = { start: keyStart, end: equals };
    const valueStart = equals + 1;
    if (text.charCodeAt(valueStart) !== QUOTE) {
      const end = this.wordEnd(valueStart, limit);
      if (end === valueStart) {
        this.problems.push(problem('bad-attribute', keyStart, end, `\`${key}=\` has no value: write ${key}=value or ${key}="quoted value"`));
        return { end, ranToLineEnd: false };
      }
      const valueRange = { start: valueStart, end };
      return { attribute: { key, keyRange, value: detached(text.slice(valueStart, end)), valueRange, range: { start: keyStart, end } }, end, ranToLineEnd: false };
    }
    // Quoted: ends at an unescaped `"` on the same line.
    let p = valueStart + 1;
    let firstBrace = -1;
    while (p < limit) {
      const c = text.charCodeAt(p);
      if (c === QUOTE || isLineBreak(c)) break;
      if (c === CLOSE_BRACE && firstBrace < 0) firstBrace = p;
      p += c === BACKSLASH && (text.charCodeAt(p + 1) === QUOTE || text.charCodeAt(p + 1) === BACKSLASH) ? 2 : 1;
    }
    if (text.charCodeAt(p) === QUOTE && p < limit) {
      const valueRange = { start: valueStart, end: p + 1 };
      const value = detached(this.unescapeQuoted(valueStart + 1, p));
      return { attribute: { key, keyRange, value, valueRange, range: { start: keyStart, end: p + 1 } }, end: p + 1, ranToLineEnd: false };
    }
    // Unclosed: the value most likely ends at the block's `}`, if the line has one.
    const end = firstBrace >= 0 ? firstBrace : this.trimBlanksBefore(p, valueStart + 1);
    this.problems.push(problem('unclosed-quote', valueStart, end, 'quoted value is not closed: add `"` at its end'));
    const valueRange = { start: valueStart, end };
    const value = detached(this.unescapeQuoted(valueStart + 1, end));
    return { attribute: { key, keyRange, value, valueRange, range: { start: keyStart, end } }, end, ranToLineEnd: firstBrace < 0 };
  }

  /** Resolves `\"` and `\\` in an attribute's quoted value. */
  private unescapeQuoted(start: number, end: number): string {
    const text = this.text;
    let parts: string[] | undefined;
    let runStart = start;
    for (let p = start; p < end; p++) {
      const next = text.charCodeAt(p + 1);
      if (text.charCodeAt(p) === BACKSLASH && p + 1 < end && (next === QUOTE || next === BACKSLASH)) {
        (parts ??= []).push(text.slice(runStart, p));
        runStart = ++p;
      }
    }
    if (!parts) return text.slice(start, end);
    parts.push(text.slice(runStart, end));
    return parts.join('');
  }

  /** Unknown keys, duplicates, enumerations and formats. */
  private checkKeys(attributes: readonly Attribute[], rules: ReadonlyMap<string, KeyRule>, owner: string): void {
    if (attributes.length === 0) return;
    // One attribute (the usual `by=`) cannot repeat a key: no set to build.
    const seen = attributes.length > 1 ? new Set<string>() : undefined;
    for (const attribute of attributes) {
      const { key, value, keyRange, valueRange, range } = attribute;
      const rule = rules.get(key);
      if (!rule) {
        this.problems.push(problem('unknown-attribute', keyRange.start, keyRange.end, `unknown attribute ${excerpt(key)} on ${owner}: use ${listKeys(rules)}`));
        continue;
      }
      if (seen?.has(key) && !rule.repeatable) {
        this.problems.push(problem('duplicate-attribute', range.start, range.end, `\`${key}\` is given twice on ${owner}; only the first one counts`));
        continue;
      }
      seen?.add(key);
      if (rule.values && !rule.values.includes(value)) {
        this.problems.push(problem('bad-attribute', valueRange.start, valueRange.end, `${excerpt(value)} is not a valid \`${key}\`: use ${rule.values.join(', ')}`));
      } else if (rule.format && !rule.format.pattern.test(value)) {
        this.problems.push(problem('bad-attribute', valueRange.start, valueRange.end, `${excerpt(value)} is not a valid \`${key}\`: expected ${rule.format.expected}`));
      }
    }
  }

  // -------------------------------------------------------------------------
  // Definitions

  /**
   * `[@id]: label <url> {attrs}` at a line start, with continuation lines
   * indented by two spaces or a tab. Returns where the body resumes (the line
   * break after the definition, or a comment that runs past it), or undefined
   * when the line is not a definition.
   */
  private parseDefinitionAt(start: number): number | undefined {
    const text = this.text;
    const kind = sigilKind(text.charCodeAt(start + 1));
    if (!kind) return undefined;
    let headClose = start + 2;
    while (headClose < this.length) {
      const c = text.charCodeAt(headClose);
      if (c === CLOSE_BRACKET || c === OPEN_BRACKET || isLineBreak(c)) break;
      headClose++;
    }
    if (text.charCodeAt(headClose) !== CLOSE_BRACKET || text.charCodeAt(headClose + 1) !== COLON) return undefined;

    const region: DefinitionRegion = { end: this.definitionLinesEnd(headClose + 2) };
    const ref = this.readIdRef(start + 1, headClose);
    let label = this.readDefinitionText(headClose + 2, region, true, true);
    let p = label.end;
    let url: { value: string; range: TextRange } | undefined;
    if (p < region.end && text.charCodeAt(p) === LESS_THAN) {
      // readDefinitionText stops at `<` only for an autolink.
      const urlEnd = this.autolinkEnd(p, region.end);
      url = { value: detached(text.slice(p + 1, urlEnd - 1)), range: { start: p + 1, end: urlEnd - 1 } };
      if (!WEB_URL.pattern.test(url.value)) {
        this.problems.push(problem('bad-definition', url.range.start, url.range.end, `${excerpt(url.value)} is not ${WEB_URL.expected}`));
      }
      const afterUrl = this.readDefinitionText(urlEnd, region, true, false);
      if (afterUrl.text && !label.text) label = afterUrl;
      else if (afterUrl.text) {
        this.problems.push(
          problem('bad-definition', afterUrl.range.start, afterUrl.range.end, `unexpected ${excerpt(afterUrl.text)} after the URL: the ${kind}'s text goes before \`<…>\``),
        );
      }
      p = afterUrl.end;
    }
    let attributes: Attribute[] = [];
    let attrsRange: TextRange | undefined;
    if (p < region.end && text.charCodeAt(p) === OPEN_BRACE) {
      const block = this.readAttributeBlock(p, region.end, false, 'key=value attributes');
      attributes = block.attributes;
      attrsRange = { start: p + 1, end: block.contentEnd };
      for (const stray of block.refs) {
        this.problems.push(
          problem('bad-attribute', stray.range.start, stray.range.end, `a definition's attribute block takes key=value attributes only, not \`${text.slice(stray.range.start, stray.range.end)}\``),
        );
      }
      this.checkKeys(attributes, DEFINITION_KEYS[kind], `${A_KIND_NAME[kind]} definition`);
      if (block.closed) {
        const trailing = this.readDefinitionText(block.end, region, false, false);
        if (trailing.text) {
          this.problems.push(problem('bad-definition', trailing.range.start, trailing.range.end, `unexpected ${excerpt(trailing.text)} after the attribute block`));
        }
      }
    }
    const urlAttribute = attributes.find((a) => a.key === 'url');
    if (url && urlAttribute) {
      this.problems.push(problem('duplicate-attribute', urlAttribute.range.start, urlAttribute.range.end, 'the URL is given twice: as `<…>` and as `url=`; only `<…>` counts'));
    } else if (urlAttribute) {
      const quoted = text.charCodeAt(urlAttribute.valueRange.start) === QUOTE;
      url = { value: urlAttribute.value, range: { start: urlAttribute.valueRange.start + (quoted ? 1 : 0), end: urlAttribute.valueRange.end - (quoted ? 1 : 0) } };
    }
    if (!label.text) {
      this.problems.push(problem('bad-definition', start, headClose + 2, `definition has no label: write ${LABEL_NAME[kind]} after \`${text.slice(start, headClose + 2)}\``));
    }

    const end = this.trimBlanksBefore(region.end, headClose + 2);
    this.prose.blank(start, end);
    if (ref) {
      this.definitions.push({
        type: 'definition',
        kind,
        range: { start, end },
        ref,
        label: detached(label.text),
        labelRange: label.range,
        url,
        attributes,
        attrsRange,
      });
    } else {
      this.malformedDefinitions.push({ start, end });
    }
    return region.end;
  }

  /** End of the definition's last line (the head line plus continuation lines). */
  private definitionLinesEnd(from: number): number {
    const text = this.text;
    let end = this.lineEnd(from);
    for (;;) {
      const next = this.nextLineStart(end);
      if (next >= this.length) return end;
      const indented = text.charCodeAt(next) === TAB || (text.charCodeAt(next) === SPACE && text.charCodeAt(next + 1) === SPACE);
      if (!indented || this.isBlankLineAt(next)) return end;
      end = this.lineEnd(next);
    }
  }

  /**
   * Label-like text in a definition from `from`: escapes resolved, comments
   * dropped, whitespace collapsed. Stops at `{` (`stopAtBrace`), at an
   * autolink `<scheme:…>` (`stopAtUrl`) or at the region end. A comment that
   * does not close inside the region ends the definition there.
   */
  private readDefinitionText(from: number, region: DefinitionRegion, stopAtBrace: boolean, stopAtUrl: boolean): DefinitionText {
    const text = this.text;
    let parts: string[] | undefined;
    let runStart = from;
    let first = -1;
    let last = -1;
    // Plain: no escape, comment or whitespace other than single spaces between
    // the first and last character, so the text is the slice as written.
    let plain = true;
    let blankRun = 0;
    let irregularGap = false;
    let p = from;
    while (p < region.end) {
      const c = text.charCodeAt(p);
      if (c === OPEN_BRACE && stopAtBrace) break;
      if (c === LESS_THAN && text.startsWith('<!--', p)) {
        const close = this.findCommentClose(p + 4);
        if (close < 0 || close + 3 > region.end) {
          region.end = p;
          break;
        }
        (parts ??= []).push(text.slice(runStart, p), ' ');
        this.comments.push({ type: 'comment', range: { start: p, end: close + 3 } });
        plain = false;
        runStart = p = close + 3;
        continue;
      }
      if (c === LESS_THAN && stopAtUrl && this.autolinkEnd(p, region.end) > 0) break;
      if (c === SPACE || c === TAB || isLineBreak(c)) {
        if (first >= 0 && (c !== SPACE || blankRun > 0)) irregularGap = true;
        blankRun++;
        p++;
        continue;
      }
      if (irregularGap) plain = false;
      irregularGap = false;
      blankRun = 0;
      if (first < 0) first = p;
      if (c === BACKSLASH && isEscapable(text.charCodeAt(p + 1))) {
        (parts ??= []).push(text.slice(runStart, p));
        plain = false;
        runStart = p + 1;
        p += 2;
      } else p++;
      last = p;
    }
    if (first < 0) return { text: '', range: { start: from, end: from }, end: p };
    const range = { start: first, end: last };
    if (plain) return { text: text.slice(first, last), range, end: p };
    const written = (parts ?? []).join('') + text.slice(runStart, p);
    return { text: written.replace(/[ \t\r\n]+/g, ' ').trim(), range, end: p };
  }

  /** End (after `>`) of an autolink `<scheme:non-blank…>` at `open`, or -1. */
  private autolinkEnd(open: number, limit: number): number {
    const text = this.text;
    let p = open + 1;
    const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!isLetter(text.charCodeAt(p))) return -1;
    while (p < limit) {
      const c = text.charCodeAt(p);
      if (!isLetter(c) && !(c >= 48 && c <= 57) && c !== 43 /* + */ && c !== 45 /* - */ && c !== 46 /* . */) break;
      p++;
    }
    if (text.charCodeAt(p) !== COLON) return -1;
    for (p++; p < limit; p++) {
      const c = text.charCodeAt(p);
      if (c === GREATER_THAN) return p + 1;
      if (c === LESS_THAN || isBlank(c) || isLineBreak(c)) return -1;
    }
    return -1;
  }
}
