/**
 * Sentences, quotations and attribution scopes of article prose (design §4).
 *
 * Input is the prose view of a document: the text with all markup blanked to
 * spaces (same length, line breaks kept), so offsets are document offsets and
 * runs of spaces can sit where span brackets, attribute blocks or citation
 * references were.
 *
 * Multi-sentence quotations: sentences inside a quotation are split normally
 * (design choice (b)); each quotation carries its attribution range (the
 * `, Tokayev said.` after the closing mark, or the `Xi said:` lead-in) and
 * `attributionScopes` links a figure in any sentence of the quotation to it.
 * Splitting keeps sentences small (a `[^src]` cites one sentence, not a whole
 * quoted paragraph), while the link still makes the speaker count for every
 * sentence of the quote.
 *
 * Single pass over UTF-16 code units: a regular expression jumps from one
 * character that needs a decision (line break, terminator, quotation mark) to
 * the next, and only the whitespace at the ends of the text between them is
 * looked at; look-ahead only over short tokens, over whitespace that is then
 * scanned once more, or once per line, so the cost is linear.
 */
import { range, type TextRange } from './text';

export interface Quotation {
  /** From the opening mark to the closing mark, both included; to the paragraph's end when never closed. */
  readonly range: TextRange;
  /** Where the speaker is named: the clause after the closing mark, else the lead-in before the opening mark. */
  readonly attribution: TextRange | null;
}

export interface ProseStructure {
  /** Trimmed, sorted, non-overlapping; together they cover every non-whitespace character. */
  readonly sentences: readonly TextRange[];
  /** Outermost quotations only (quotes nested in a quote are part of it): sorted, non-overlapping. */
  readonly quotations: readonly Quotation[];
}

export function analyzeProse(prose: string): ProseStructure {
  const segmenter = new Segmenter(prose);
  segmenter.run();
  return {
    sentences: segmenter.sentences,
    quotations: segmenter.quotations.map((quotation, index) => ({
      range: range(quotation.start, quotation.end),
      attribution: attributionOf(prose, segmenter, index),
    })),
  };
}

/**
 * The ranges in which a tagged entity with a reporting phrase attributes `figure`:
 * every sentence the figure touches and, when it sits in a quotation, that
 * quotation's attribution (unless a returned sentence already holds it). Sorted.
 * An empty `figure` range is treated as the character at its start.
 */
export function attributionScopes(structure: ProseStructure, figure: TextRange): TextRange[] {
  const probeEnd = Math.max(figure.end, figure.start + 1);
  const { sentences, quotations } = structure;
  const first = firstEndingAfter(sentences, figure.start, itself);
  let last = first;
  while (last < sentences.length && sentences[last].start < probeEnd) last++;
  // Sliced rather than pushed one by one: an array grown by push reserves room for many more.
  const scopes = sentences.slice(first, last);
  for (let i = firstEndingAfter(quotations, figure.start, rangeOfQuotation); i < quotations.length && quotations[i].range.start < probeEnd; i++) {
    const attribution = quotations[i].attribution;
    if (attribution && !scopes.some((scope) => scope.start <= attribution.start && attribution.end <= scope.end)) {
      scopes.push(attribution);
    }
  }
  return scopes.length > 1 ? scopes.sort(byStart) : scopes;
}

const itself = (range: TextRange) => range;
const rangeOfQuotation = (quotation: Quotation) => quotation.range;
const byStart = (a: TextRange, b: TextRange) => a.start - b.start;

/**
 * Verbs and phrases that report speech. Beyond the design's list: `saying`, `stating`, `noting`, `announcing`
 * (participles that only ever report) and `pointed out`, `confirmed`, `explained`, `wrote` (past tenses with no
 * common non-reporting sense in news copy). Present tenses that are also common nouns in news copy
 * (`states`, `notes`, `reports`, `estimates`) are left out: "the five Central Asian states" reports nothing.
 */
const REPORTING_PHRASES = [
  'according to', 'said', 'says', 'say', 'saying', 'noted', 'noting', 'stated', 'stating',
  'announced', 'announces', 'announcing', 'told', 'tells', 'reported', 'estimated', 'added',
  'adds', 'declared', 'emphasized', 'emphasised', 'highlighted', 'stressed', 'pointed out', 'confirmed', 'explained',
  'wrote',
];

/** Case-folded letters a–z, then whitespace between the words of a phrase. */
interface PhraseTrieNode {
  readonly next: (PhraseTrieNode | undefined)[];
  endsPhrase: boolean;
}
const PHRASE_SEPARATOR = 26;
const REPORTING_TRIE = buildPhraseTrie(REPORTING_PHRASES);

function buildPhraseTrie(phrases: readonly string[]): PhraseTrieNode {
  const root: PhraseTrieNode = { next: [], endsPhrase: false };
  for (const phrase of phrases) {
    let node = root;
    for (let k = 0; k < phrase.length; k++) {
      const edge = phrase[k] === ' ' ? PHRASE_SEPARATOR : asciiLetterIndex(phrase.charCodeAt(k));
      node = node.next[edge] ??= { next: [], endsPhrase: false };
    }
    node.endsPhrase = true;
  }
  return root;
}

/**
 * Reporting phrases lying wholly inside `scope`, in order: whole words, any case; whitespace (a line break,
 * blanked markup) may separate the words of a phrase. A word scan with a trie rather than a regular expression,
 * as callers run it over whole documents.
 */
export function findReportingPhrases(prose: string, scope: TextRange): TextRange[] {
  const found: TextRange[] = [];
  scanReportingPhrases(prose, scope, found);
  return found;
}

/** Whether findReportingPhrases would find any: stops at the first phrase. */
export function containsReportingPhrase(prose: string, scope: TextRange): boolean {
  return scanReportingPhrases(prose, scope, null);
}

/** Collects the phrases of `scope` into `found`, or with `found` null stops at the first; whether there was one. */
function scanReportingPhrases(prose: string, scope: TextRange, found: TextRange[] | null): boolean {
  let any = false;
  let k = scope.start;
  // A word cut by the scope's start ("un|said") is not a word of the scope.
  while (k > 0 && k < scope.end && isWordChar(prose.charCodeAt(k - 1))) k++;
  while (k < scope.end) {
    if (!isWordChar(prose.charCodeAt(k))) {
      k++;
      continue;
    }
    const end = reportingPhraseEnd(prose, k, scope.end);
    if (end >= 0) {
      if (!found) return true;
      found.push(range(k, end));
      any = true;
      k = end;
    } else {
      while (k < scope.end && isWordChar(prose.charCodeAt(k))) k++;
    }
  }
  return any;
}

/** End of the reporting phrase whose first word starts at `start`, if it ends by `limit`; else -1. */
function reportingPhraseEnd(prose: string, start: number, limit: number): number {
  let node = REPORTING_TRIE;
  let k = start;
  for (;;) {
    const c = prose.charCodeAt(k); // NaN past the end of the text
    const letter = k < limit ? asciiLetterIndex(c) : -1;
    if (letter >= 0) {
      const next = node.next[letter];
      if (!next) return -1;
      node = next;
      k++;
      continue;
    }
    if (isWordChar(c)) return -1; // the word goes on (past the phrase, or past `limit`)
    if (node.endsPhrase) return k;
    const afterSeparator = node.next[PHRASE_SEPARATOR];
    let nextWord = k;
    while (nextWord < limit && isWhitespace(prose.charCodeAt(nextWord))) nextWord++;
    if (!afterSeparator || nextWord === k) return -1;
    node = afterSeparator;
    k = nextWord;
  }
}

// ---------------------------------------------------------------------------
// Segmentation

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34; // "
const SINGLE_QUOTE = 39; // '
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const DOT = 46;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LEFT_GUILLEMET = 0xab; // «
const RIGHT_GUILLEMET = 0xbb; // »
const LEFT_SINGLE = 0x2018; // ‘
const RIGHT_SINGLE = 0x2019; // ’ (also the apostrophe)
const LEFT_DOUBLE = 0x201c; // “ (also the German closing mark)
const RIGHT_DOUBLE = 0x201d; // ”
const LOW_DOUBLE = 0x201e; // „
const ELLIPSIS = 0x2026; // …

/** Longest heading (in UTF-16 units) recognised when only a single line break follows it; hard-wrapped lines are longer. */
const HEADING_MAX_LENGTH = 60;
/** Quotes nested deeper than this are ignored (keeps closing-mark search constant-time). */
const MAX_QUOTE_DEPTH = 4;
/** Abbreviations are short; a longer run of letters before a period is an ordinary word. */
const MAX_ABBREVIATION_LENGTH = 8;
/** An attribution clause after a closing quote (`, said Yersaiyn Nagaspayev, Kazakhstan's minister.`) is short. */
const MAX_ATTRIBUTION_WORDS = 12;

/** Which mark closes an open quotation: `»`; `”`; `“` or `”` (after `„`); `’`; `"`. */
type QuoteKind = 'guillemet' | 'curly' | 'low' | 'single' | 'straight';

/**
 * How a period after an abbreviation is judged (one map, so a period costs one lookup):
 * - `never-final`: never ends a sentence: titles before a name, and `e.g.`-like connectives;
 * - `before-number`: precedes a number (`No. 1`, `Jan. 17`) and ends a sentence otherwise;
 * - `ambiguous`: may or may not end one (`Apple Inc. Chief Executive…` vs `…shares of Apple Inc. The company…`);
 *   like initials and dotted acronyms (`U.S.`), it ends one only before a word that typically opens one.
 */
type AbbreviationKind = 'never-final' | 'before-number' | 'ambiguous';
const abbreviations = (kind: AbbreviationKind, tokens: string[]) => tokens.map((token): [string, AbbreviationKind] => [token, kind]);
const ABBREVIATIONS: ReadonlyMap<string, AbbreviationKind> = new Map([
  ...abbreviations('never-final', [
    'Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Gen', 'Sen', 'Rep', 'St', 'Gov', 'Lt', 'Col', 'Capt', 'Sgt', 'Rev', 'Hon', 'Pres',
    'Amb', 'Mt', 'vs', 'e.g', 'i.e', 'approx', 'cf',
  ]),
  ...abbreviations('before-number', [
    'No', 'Nos', 'Art', 'Vol', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  ]),
  ...abbreviations('ambiguous', ['Inc', 'Ltd', 'Co', 'Corp', 'Jr', 'Sr', 'Bros', 'Plc']),
]);
/** Lengths of the abbreviations that start lower-case and hold no dot (`vs`, `approx`). */
const LOWER_CASE_ABBREVIATION_LENGTHS: ReadonlySet<number> = new Set(
  [...ABBREVIATIONS.keys()].filter((token) => /^[a-z][^.]*$/.test(token)).map((token) => token.length),
);
/** Capitalised words that open sentences far more often than they continue a name or title. */
const SENTENCE_OPENERS = new Set([
  'The', 'An', 'It', 'Its', 'He', 'She', 'His', 'Her', 'They', 'Their', 'We', 'Our', 'This', 'That', 'These', 'Those',
  'There', 'In', 'On', 'At', 'By', 'For', 'From', 'But', 'And', 'As', 'If', 'When', 'While', 'After', 'Before', 'Since',
  'However', 'Meanwhile', 'According', 'Last', 'Earlier', 'Later', 'Also', 'Both', 'Such', 'Some', 'Many', 'Most', 'All',
]);

/** Where the segmenter has something to decide: line breaks, terminators and quotation marks (see isTerminator, isQuoteMark). */
const DECISION_CHARS = /[\n\r.!?\u2026"\u00ab\u00bb\u2018-\u201e]/g;

interface RawQuotation {
  readonly start: number;
  readonly end: number;
  readonly closed: boolean;
}

class Segmenter {
  readonly sentences: TextRange[] = [];
  /** Paragraph number of each sentence (headings count as paragraphs). */
  readonly sentenceParagraphs: number[] = [];
  readonly quotations: RawQuotation[] = [];

  private readonly length: number;
  /** Start of the open sentence, or -1. */
  private sentenceStart = -1;
  /** End of the last non-whitespace character seen. */
  private contentEnd = 0;
  private paragraph = 0;
  private lineHasContent = false;
  /** Offset of the line break that ends a heading line, or -1. */
  private headingBreak = -1;
  /** Whether the prose holds a `\r` (else line breaks are found by indexOf). */
  private readonly hasCarriageReturn: boolean;
  /** Open quotations, outermost first. */
  private readonly openKinds: QuoteKind[] = [];
  private readonly openStarts: number[] = [];

  constructor(private readonly prose: string) {
    this.length = prose.length;
    this.hasCarriageReturn = prose.indexOf('\r') >= 0;
  }

  run(): void {
    const prose = this.prose;
    const length = this.length;
    const decisionChars = DECISION_CHARS;
    let i = 0;
    while (i < length) {
      // Text between decision characters only opens sentences and extends content: jump over it.
      decisionChars.lastIndex = i;
      const at = decisionChars.test(prose) ? decisionChars.lastIndex - 1 : length;
      if (at > i) this.readText(i, at);
      if (at === length) break;
      const c = prose.charCodeAt(at);
      if (c === LF || c === CR) {
        // A line with nothing on it is a blank line: the paragraph ends.
        if (!this.lineHasContent || at === this.headingBreak) this.endParagraph();
        this.lineHasContent = false;
        i = at + (c === CR && prose.charCodeAt(at + 1) === LF ? 2 : 1);
        continue;
      }
      if (this.sentenceStart < 0) this.openSentence(at);
      this.lineHasContent = true;
      if (isTerminator(c)) {
        i = this.afterTerminator(at);
        continue;
      }
      this.quoteMark(at, c); // the remaining decision characters are quotation marks
      i = this.contentEnd = at + 1;
    }
    this.endParagraph();
  }

  /** Text with no decision character in it: a sentence opens at its first non-whitespace character, content ends after its last. */
  private readText(from: number, to: number): void {
    const prose = this.prose;
    let first = from;
    while (first < to && isWhitespace(prose.charCodeAt(first))) first++;
    if (first === to) return;
    if (this.sentenceStart < 0) this.openSentence(first);
    this.lineHasContent = true;
    let last = to;
    while (isWhitespace(prose.charCodeAt(last - 1))) last--;
    this.contentEnd = last;
  }

  private openSentence(start: number): void {
    this.sentenceStart = start;
    if (!this.lineHasContent && this.openKinds.length === 0) this.headingBreak = this.headingLineBreak(start);
  }

  private endSentence(end: number): void {
    this.sentences.push(range(this.sentenceStart, end));
    this.sentenceParagraphs.push(this.paragraph);
    this.sentenceStart = -1;
  }

  /** Ends the open sentence and bounds any unclosed quotation at the paragraph's last character. */
  private endParagraph(): void {
    if (this.sentenceStart >= 0) this.endSentence(this.contentEnd);
    if (this.openStarts.length > 0) {
      this.quotations.push({ start: this.openStarts[0], end: this.contentEnd, closed: false });
      this.openStarts.length = 0;
      this.openKinds.length = 0;
    }
    this.paragraph++;
  }

  /**
   * Handles a run of terminators at `start` (`.`, `?!`, `...`, `…`) with the closing quotes and brackets after it,
   * ends the sentence there when a sentence can begin next, and returns where scanning resumes.
   */
  private afterTerminator(start: number): number {
    const prose = this.prose;
    let runEnd = start + 1;
    while (runEnd < this.length && isTerminator(prose.charCodeAt(runEnd))) runEnd++;
    // Closing brackets and quotes belong to the ending sentence, even with blanked markup before them
    // (`billion.[^x]”`), and so do stray closing quotes; an opening quote begins the next sentence.
    let end = runEnd;
    for (let k = runEnd; k < this.length; ) {
      const c = prose.charCodeAt(k);
      if (isHorizontalWhitespace(c)) {
        k++;
        continue;
      }
      if (isQuoteMark(c)) {
        const depth = this.closingDepth(k, c);
        if (depth >= 0) this.closeQuotation(depth, k);
        else if (this.openingKind(k, c)) break;
      } else if (c !== CLOSE_PAREN && c !== CLOSE_BRACKET) {
        break;
      }
      end = ++k;
    }
    this.contentEnd = end;
    if (end < this.length && !isWhitespace(prose.charCodeAt(end))) return end;
    let next = end;
    while (next < this.length && isWhitespace(prose.charCodeAt(next))) next++;
    const endsSentence =
      next === this.length ||
      (this.startsSentence(next) && (runEnd > start + 1 || prose.charCodeAt(start) !== DOT || this.periodEndsSentence(start, next)));
    if (endsSentence) this.endSentence(end);
    return end;
  }

  /** Whether the single period at `dot`, followed by a sentence start at `next`, is a full stop. */
  private periodEndsSentence(dot: number, next: number): boolean {
    const prose = this.prose;
    let start = dot;
    while (start > 0 && dot - start < MAX_ABBREVIATION_LENGTH && isAsciiLetterOrDot(prose.charCodeAt(start - 1))) start--;
    if (start === dot) {
      // A list marker (`1. The summit…`) is not a sentence of its own.
      let digits = dot;
      while (digits > 0 && dot - digits < 3 && isDigit(prose.charCodeAt(digits - 1))) digits--;
      return !(digits < dot && digits === this.sentenceStart);
    }
    if (start > 0 && isWordChar(prose.charCodeAt(start - 1))) return true; // the end of a longer word
    while (prose.charCodeAt(start) === DOT) start++; // `...Mr` is an ellipsis then a word
    // Most sentences end in a lower-case word. Initials start upper-case and acronyms hold dots: such a word
    // can only be one of the few undotted lower-case abbreviations, and only when it is as long as one of them.
    const lowerCaseWord = isLowerCaseAsciiLetter(prose.charCodeAt(start)) && prose.indexOf('.', start) === dot;
    if (lowerCaseWord && !LOWER_CASE_ABBREVIATION_LENGTHS.has(dot - start)) return true;
    const token = prose.slice(start, dot);
    const abbreviation = ABBREVIATIONS.get(token);
    if (abbreviation === 'never-final') return false;
    if (abbreviation === 'before-number') return !isDigit(prose.charCodeAt(next));
    if (abbreviation === 'ambiguous' || isInitial(token) || isDottedAcronym(token)) return this.startsWithOpenerWord(next);
    return true;
  }

  private startsWithOpenerWord(start: number): boolean {
    let end = start;
    while (end < this.length && end - start <= 10 && isAsciiLetter(this.prose.charCodeAt(end))) end++;
    return end > start && !isWordChar(this.prose.charCodeAt(end)) && SENTENCE_OPENERS.has(this.prose.slice(start, end));
  }

  /** An uppercase or uncased letter, a digit, a currency sign, an opening quote or bracket. */
  private startsSentence(offset: number): boolean {
    const c = this.prose.charCodeAt(offset);
    if (c < 0x80) {
      return (
        (c >= 65 && c <= 90) || isDigit(c) || c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === OPEN_PAREN || c === OPEN_BRACKET || c === 36 /* $ */
      );
    }
    return /^[\p{Lu}\p{Lt}\p{Lo}«“„‘€£¥]/u.test(this.prose.slice(offset, offset + 2));
  }

  /**
   * When the line starting at `start` looks like a heading followed by a single line break (short, no final
   * punctuation, the next line starting a sentence), the offset of that line break; else -1. Headings followed by
   * a blank line need no help: the blank line ends them.
   */
  private headingLineBreak(start: number): number {
    const prose = this.prose;
    const k = this.lineBreakAfter(start);
    if (k === this.length) return -1;
    let lastContent = k - 1;
    while (isWhitespace(prose.charCodeAt(lastContent))) lastContent--; // stops at `start` at the latest
    if (lastContent - start >= HEADING_MAX_LENGTH || isHeadingFinalMark(prose.charCodeAt(lastContent))) return -1;
    let next = k + (prose.charCodeAt(k) === CR && prose.charCodeAt(k + 1) === LF ? 2 : 1);
    while (next < this.length && isHorizontalWhitespace(prose.charCodeAt(next))) next++;
    return next < this.length && this.startsSentence(next) ? k : -1;
  }

  /** The line break ending the line that holds `from`, or the end of the prose. */
  private lineBreakAfter(from: number): number {
    // Without carriage returns, indexOf (a native search, far faster than a loop) finds it.
    if (!this.hasCarriageReturn) {
      const lineFeed = this.prose.indexOf('\n', from);
      return lineFeed < 0 ? this.length : lineFeed;
    }
    let k = from;
    while (k < this.length) {
      const c = this.prose.charCodeAt(k);
      if (c === LF || c === CR) break;
      k++;
    }
    return k;
  }

  // Quotation marks -----------------------------------------------------------

  private quoteMark(offset: number, c: number): void {
    const depth = this.closingDepth(offset, c);
    if (depth >= 0) {
      this.closeQuotation(depth, offset);
      return;
    }
    const kind = this.openingKind(offset, c);
    if (kind && this.openKinds.length < MAX_QUOTE_DEPTH) {
      this.openKinds.push(kind);
      this.openStarts.push(offset);
    }
  }

  /** The depth of the open quotation the mark at `offset` closes, or -1. */
  private closingDepth(offset: number, c: number): number {
    switch (c) {
      case RIGHT_GUILLEMET:
        return this.innermostOpen('guillemet');
      case RIGHT_DOUBLE:
        return Math.max(this.innermostOpen('curly'), this.innermostOpen('low'));
      case LEFT_DOUBLE: {
        const top = this.openKinds.length - 1;
        return top >= 0 && this.openKinds[top] === 'low' ? top : -1;
      }
      case RIGHT_SINGLE:
        // `Kyrgyzstan’s`, `Xi’an`: an apostrophe inside a word closes nothing.
        if (isWordChar(this.prose.charCodeAt(offset + 1)) || this.followsSpace(offset)) return -1;
        return this.innermostOpen('single');
      case DOUBLE_QUOTE:
        return this.straightQuoteOpens(offset) ? -1 : this.innermostOpen('straight');
      default:
        return -1;
    }
  }

  private openingKind(offset: number, c: number): QuoteKind | null {
    switch (c) {
      case LEFT_GUILLEMET:
        return 'guillemet';
      case LEFT_DOUBLE:
        return 'curly';
      case LOW_DOUBLE:
        return 'low';
      case LEFT_SINGLE:
        // Only a clear opening quote: after a space or opening mark, before a letter (not `‘90s`).
        return this.afterOpeningContext(offset) && isWordChar(this.prose.charCodeAt(offset + 1)) && !isDigit(this.prose.charCodeAt(offset + 1))
          ? 'single'
          : null;
      case DOUBLE_QUOTE:
        // A `"` that can only close and has nothing to close is an inch mark or a stray.
        return this.straightClosingContext(offset) && !this.afterOpeningContext(offset) ? null : 'straight';
      default:
        return null;
    }
  }

  /** A straight `"` that clearly opens (space before, text after) even while another `"` is open: a nested quote. */
  private straightQuoteOpens(offset: number): boolean {
    return this.afterOpeningContext(offset) && !this.straightClosingContext(offset);
  }

  private afterOpeningContext(offset: number): boolean {
    if (offset === 0) return true;
    const before = this.prose.charCodeAt(offset - 1);
    return isWhitespace(before) || isOpeningPunctuation(before);
  }

  private straightClosingContext(offset: number): boolean {
    if (offset + 1 >= this.length) return true;
    const after = this.prose.charCodeAt(offset + 1);
    return isWhitespace(after) || isClosingPunctuation(after);
  }

  private followsSpace(offset: number): boolean {
    return offset === 0 || isWhitespace(this.prose.charCodeAt(offset - 1));
  }

  private innermostOpen(kind: QuoteKind): number {
    return this.openKinds.lastIndexOf(kind);
  }

  /** Closes the quotation at `depth` (and any unclosed ones inside it) with the mark at `offset`. */
  private closeQuotation(depth: number, offset: number): void {
    if (depth === 0) this.quotations.push({ start: this.openStarts[0], end: offset + 1, closed: true });
    this.openKinds.length = depth;
    this.openStarts.length = depth;
  }
}

// ---------------------------------------------------------------------------
// Attribution of quotations

/**
 * In order: the clause after the closing mark up to the end of its sentence (`», Tokayev said.`); when the
 * quotation ends its sentence, a short next sentence of the same paragraph with a reporting phrase
 * (`“…!” Tokayev said.`, which the segmenter splits off); else the lead-in before the opening mark
 * (`Xi said: “…`); else null. Neither the clause nor the lead-in reaches into a neighbouring quotation, which also
 * keeps the work linear when one sentence holds many quotations.
 */
function attributionOf(prose: string, segmenter: Segmenter, index: number): TextRange | null {
  const { sentences, sentenceParagraphs, quotations } = segmenter;
  const quotation = quotations[index];
  if (quotation.closed) {
    const closing = sentenceIndexAt(sentences, quotation.end - 1);
    const sentenceEnd = sentences[closing].end;
    const trailingEnd = Math.min(sentenceEnd, quotations[index + 1]?.start ?? sentenceEnd);
    if (exceedsWords(prose, quotation.end, trailingEnd, 0)) return trailingClause(prose, quotation.end, trailingEnd);
    const next = sentences[closing + 1];
    if (
      trailingEnd === sentenceEnd &&
      next &&
      sentenceParagraphs[closing + 1] === sentenceParagraphs[closing] &&
      !exceedsWords(prose, next.start, next.end, MAX_ATTRIBUTION_WORDS) &&
      findReportingPhrases(prose, next).length > 0
    ) {
      return next;
    }
  }
  const opening = sentences[sentenceIndexAt(sentences, quotation.start)];
  const leadStart = Math.max(opening.start, quotations[index - 1]?.end ?? 0);
  return exceedsWords(prose, leadStart, quotation.start, 0) ? trimmed(prose, leadStart, quotation.start) : null;
}

/**
 * The text after a closing mark (`from`) to `to`, trimmed. When it is longer than MAX_ATTRIBUTION_WORDS words,
 * only its start, where news style names the speaker: up to the first clause break (`”, he noted, adding that…`
 * → `, he noted`) or else its first MAX_ATTRIBUTION_WORDS words.
 */
function trailingClause(prose: string, from: number, to: number): TextRange {
  if (!exceedsWords(prose, from, to, MAX_ATTRIBUTION_WORDS)) return trimmed(prose, from, to);
  let words = 0;
  let tokenStart = from;
  let tokenCounted = false;
  for (let k = from; k < to; k++) {
    const c = prose.charCodeAt(k);
    if (isWhitespace(c)) {
      tokenStart = k + 1;
      tokenCounted = false;
    } else if (isWordChar(c)) {
      if (tokenCounted) continue;
      if (words === MAX_ATTRIBUTION_WORDS) return trimmed(prose, from, tokenStart);
      words++;
      tokenCounted = true;
    } else if (words > 0 && isClauseBreak(c)) {
      return trimmed(prose, from, k);
    }
  }
  return trimmed(prose, from, to);
}

/** Whether [from, to) holds more than `max` words (whitespace-separated tokens with a letter or digit). */
function exceedsWords(prose: string, from: number, to: number, max: number): boolean {
  let words = 0;
  let tokenCounted = false;
  for (let k = from; k < to; k++) {
    const c = prose.charCodeAt(k);
    if (isWhitespace(c)) tokenCounted = false;
    else if (!tokenCounted && isWordChar(c)) {
      if (++words > max) return true;
      tokenCounted = true;
    }
  }
  return false;
}

function trimmed(prose: string, from: number, to: number): TextRange {
  while (from < to && isWhitespace(prose.charCodeAt(from))) from++;
  return range(from, trimmedEnd(prose, from, to));
}

function trimmedEnd(prose: string, start: number, end: number): number {
  while (end > start && isWhitespace(prose.charCodeAt(end - 1))) end--;
  return end;
}

/** Index of the last sentence starting at or before `offset` (the one holding it, for a non-blank offset). */
function sentenceIndexAt(sentences: readonly TextRange[], offset: number): number {
  let low = 0;
  let high = sentences.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sentences[mid].start <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Index of the first item (sorted, non-overlapping ranges) ending after `offset`; `items.length` if none. */
function firstEndingAfter<T>(items: readonly T[], offset: number, rangeOf: (item: T) => TextRange): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (rangeOf(items[mid]).end > offset) high = mid;
    else low = mid + 1;
  }
  return low;
}

// ---------------------------------------------------------------------------
// Character classes

/** Exactly the characters of JavaScript's `\s`. */
function isWhitespace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isHorizontalWhitespace(c: number): boolean {
  return c === SPACE || c === TAB || (c !== LF && c !== CR && isWhitespace(c));
}

function isTerminator(c: number): boolean {
  return c === DOT || c === 33 /* ! */ || c === 63 /* ? */ || c === ELLIPSIS;
}

function isQuoteMark(c: number): boolean {
  return c === DOUBLE_QUOTE || c === LEFT_GUILLEMET || c === RIGHT_GUILLEMET || (c >= LEFT_SINGLE && c <= LOW_DOUBLE);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** 0–25 for `a`–`z` in either case, else -1. */
function asciiLetterIndex(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 65 && c <= 90) return c - 65;
  return -1;
}

function isLowerCaseAsciiLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isAsciiLetterOrDot(c: number): boolean {
  return c === DOT || isAsciiLetter(c);
}

/** A letter or digit of any script (NaN, past the end of the text, is not). */
function isWordChar(c: number): boolean {
  if (c < 0x80) return isAsciiLetter(c) || isDigit(c);
  // Latin-1 and Latin Extended letters and Cyrillic without a regular expression, for non-English text.
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0x400 && c <= 0x52f) return c <= 0x481 || c >= 0x48a;
  return !Number.isNaN(c) && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

/** Brackets, dashes and opening quotes: a straight quote right after one of them opens. */
function isOpeningPunctuation(c: number): boolean {
  return (
    c === OPEN_PAREN || c === OPEN_BRACKET || c === 123 /* { */ || c === 45 /* - */ || c === 0x2013 || c === 0x2014 ||
    c === LEFT_GUILLEMET || c === LEFT_DOUBLE || c === LOW_DOUBLE || c === LEFT_SINGLE
  );
}

/** Sentence and clause punctuation, closing brackets and closing quotes: a straight quote before one of them closes. */
function isClosingPunctuation(c: number): boolean {
  return (
    isTerminator(c) || c === 44 /* , */ || c === 59 /* ; */ || c === 58 /* : */ || c === CLOSE_PAREN || c === CLOSE_BRACKET ||
    c === 125 /* } */ || c === 45 /* - */ || c === 0x2013 || c === 0x2014 || c === RIGHT_GUILLEMET || c === RIGHT_DOUBLE ||
    c === RIGHT_SINGLE
  );
}

/** Punctuation that marks the end of a clause after an attribution (`, he noted, adding…`). */
function isClauseBreak(c: number): boolean {
  return c === 44 /* , */ || c === 59 /* ; */ || c === 58 /* : */ || c === OPEN_PAREN || c === 0x2013 || c === 0x2014;
}

/** A line ending in one of these continues or ends a sentence, so it is not a heading. */
function isHeadingFinalMark(c: number): boolean {
  return isTerminator(c) || isClauseBreak(c) || c === 45 /* - */ || c === DOUBLE_QUOTE || c === RIGHT_DOUBLE || c === RIGHT_GUILLEMET || c === RIGHT_SINGLE;
}

/** `K` in `K. Tokayev`, and the Central Asian digraph initials `Sh.`, `Zh.`, `Kh.`, `Ch.`. */
function isInitial(token: string): boolean {
  const first = token.charCodeAt(0);
  return first >= 65 && first <= 90 && (token.length === 1 || token === `${token[0]}h`);
}

/** Single letters joined by dots: `U.S`, `U.K`, `a.m` (the final dot is the one being judged). */
function isDottedAcronym(token: string): boolean {
  if (token.length < 3 || token.length % 2 === 0) return false;
  for (let k = 0; k < token.length; k++) {
    if ((k % 2 === 1) !== (token.charCodeAt(k) === DOT)) return false;
  }
  return true;
}
