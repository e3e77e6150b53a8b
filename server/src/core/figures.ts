/**
 * The figure recognizer (design §3): finds money, percentages, counts and
 * quantities with units in prose, and normalizes each to an exact quantity
 * whose interval follows from its qualifier.
 *
 * How it scans: one pass with charCodeAt that stops only at a digit or at a
 * word found in the number-word table. Around each such anchor it looks a few
 * words back (currency prefix, qualifier) and a few words ahead (range, scale
 * words, unit, counted noun, rate, parenthetical conversion). Every look is
 * bounded, so the scan is linear in the length of the text.
 *
 * Decisions the design leaves open:
 * - Counted noun: the first plural-looking word among the next three words
 *   that are not function words ("Thirteen cooperation platforms" →
 *   `count:platform`, "Nearly 5,000 enterprises with…" → `count:enterprise`,
 *   "54 of these projects" → `count`). Singular words are never taken.
 * - Number words below ten are figures only with a scale word, a currency, a
 *   percentage or a length/area/mass unit ("nine billion dollars", "five
 *   percent"). With a noun or a time unit they are narrative ("six countries",
 *   "the next two years", "Five-Year Plan"). From ten up, number words take
 *   nouns and time units too ("Thirteen cooperation platforms"); a bare number
 *   word is never a figure.
 * - A 4-digit integer 1900–2100 is a year unless a currency, a scale word or a
 *   unit makes it an amount; a noun does not ("the 2030 agenda").
 * - "at least", "no less than" → [x, ∞) and "up to", "at most", "no more than"
 *   → [0, x]: the stated bound is included, unlike "more than"/"less than".
 * - A count after a reference word is a name ("Article 5", "page 12", "No. 1",
 *   "#5"), and so is a bare count after a capitalized word in mid-sentence
 *   ("Boeing 737").
 * - Numbers are never negative: a `-` before a digit is a hyphen.
 */
import { AMBIGUOUS_YEN, currencyNameLength, lookupCurrency } from './currency';
import { Decimal } from './decimal';
import type { Figure, Interval, Qualifier, Quantity, RecognizerOptions, Tolerances, UnitCode } from './figureTypes';
import { detached } from './text';

export const DEFAULT_TOLERANCES: Tolerances = {
  exact: Decimal.parse('0.05')!,
  approximate: Decimal.parse('0.10')!,
  nearly: Decimal.parse('0.10')!,
};

export const DEFAULT_RECOGNIZER_OPTIONS: RecognizerOptions = { tolerances: DEFAULT_TOLERANCES, dollarCurrency: 'USD' };

/** Finds the figures in `prose[start, end)`, sorted and non-overlapping. Never throws. */
export function recognizeFigures(prose: string, start: number, end: number, options: RecognizerOptions): Figure[] {
  const high = Math.min(prose.length, Math.max(0, Math.floor(end) || 0));
  const low = Math.min(high, Math.max(0, Math.floor(start) || 0));
  return new FigureScanner(prose, low, high, options).scan();
}

/**
 * Reads a quantity: either the machine form of a `value=` attribute
 * (`95e9 USD`, `35 %`, `10000 count:container`, `0.5 pp`) or prose holding
 * exactly one figure (`US$208 million`, `nearly $100 billion`). Null otherwise.
 */
export function readQuantity(text: string, options: RecognizerOptions): Quantity | null {
  const machine = MACHINE_QUANTITY.exec(text.trim());
  if (machine) {
    const value = Decimal.parse(machine[1]);
    const unit = machine[2] === undefined ? 'count' : normalizeMachineUnit(machine[2], options);
    if (!value || !unit) return null;
    return quantity(value, detached(unit), value.lastDigitExponent(), null, options.tolerances);
  }
  const figures = recognizeFigures(text, 0, text.length, options);
  if (figures.length !== 1) return null;
  const { value, unit, interval, qualifier, qualifierText } = figures[0];
  return { value, unit, interval, qualifier, qualifierText };
}

// A plain number, optionally followed by a unit token (no spaces inside it).
const MACHINE_QUANTITY = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d{1,6})?)(?:\s*([^\s\d]\S*))?$/;
const MACHINE_UNIT = /^(?:%|pp|bp|km2?|m|mi|ha|kg|t|hour|day|week|month|year|count(?::[a-z][a-z-]*)?|[A-Z]{3})(?:\/(?:hour|day|week|month|year))?$/;

function normalizeMachineUnit(token: string, options: RecognizerOptions): UnitCode | null {
  const slash = token.indexOf('/');
  const base = slash < 0 ? token : token.slice(0, slash);
  const currency = lookupCurrency(base, options);
  const normalized = (currency ?? base) + (slash < 0 ? '' : token.slice(slash));
  if (currency === AMBIGUOUS_YEN) return normalized;
  return MACHINE_UNIT.test(normalized) && (!/^[A-Z]{3}/.test(normalized) || currency) ? normalized : null;
}

// ---------------------------------------------------------------------------
// Word tables

const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9],
  ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15], ['sixteen', 16],
  ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50],
  ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
]);
/** `half` reads only as part of a scaled amount: `half-trillion-dollar`, `half a million`. */
const HALF = 'half';
const HALF_VALUE = Decimal.parse('0.5')!;
const LONGEST_NUMBER_WORD = 9; // seventeen

/**
 * Case-folded rolling hash of a word, small enough to stay an integer: the scan hashes every
 * word as it passes over it and compares strings only when the hash is a number word's.
 */
const hashStep = (hash: number, c: number) => (hash * 31 + (c | 32)) & 0xffff;
const NUMBER_WORD_HASHES = new Uint8Array(0x10000);
for (const word of [...NUMBER_WORDS.keys(), HALF]) NUMBER_WORD_HASHES[[...word].reduce((hash, letter) => hashStep(hash, letter.charCodeAt(0)), 0)] = 1;

/** Scale words and abbreviations → power of ten. */
const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['hundred', 2], ['thousand', 3], ['million', 6], ['billion', 9], ['trillion', 12], ['lakh', 5], ['crore', 7],
  ['mn', 6], ['mln', 6], ['bn', 9], ['bln', 9], ['tn', 12], ['trn', 12], ['trln', 12],
]);
/** Scale letters that mean million/billion only after money (`$5m`); `5m` alone is metres. */
const MONEY_SCALE_LETTERS: ReadonlyMap<string, number> = new Map([['m', 6], ['M', 6], ['b', 9], ['B', 9]]);
/** `$50k`, `50K`: thousand, written attached only. */
const ATTACHED_THOUSAND = new Set(['k', 'K']);

type UnitKind = 'percent' | 'length' | 'area' | 'mass' | 'time';
interface UnitWord {
  readonly unit: UnitCode;
  readonly kind: UnitKind;
}
const unitWords = (kind: UnitKind, unit: UnitCode, words: string[]) => words.map((w): [string, UnitWord] => [w, { unit, kind }]);
/** Unit words (lower case; two-word keys joined by one space). */
const UNIT_WORDS: ReadonlyMap<string, UnitWord> = new Map([
  ...unitWords('percent', '%', ['percent', 'per cent', 'pct']),
  ...unitWords('percent', 'pp', ['percentage point', 'percentage points', 'pp', 'p.p.']),
  ...unitWords('percent', 'bp', ['basis point', 'basis points', 'bp', 'bps']),
  ...unitWords('length', 'km', ['km', 'kilometer', 'kilometers', 'kilometre', 'kilometres']),
  ...unitWords('length', 'm', ['meter', 'meters', 'metre', 'metres']),
  ...unitWords('length', 'mi', ['mi', 'mile', 'miles']),
  ...unitWords('area', 'km2', ['sq km', 'square kilometer', 'square kilometers', 'square kilometre', 'square kilometres']),
  ...unitWords('area', 'ha', ['ha', 'hectare', 'hectares']),
  ...unitWords('mass', 'kg', ['kg', 'kilogram', 'kilograms']),
  ...unitWords('mass', 't', ['ton', 'tons', 'tonne', 'tonnes', 'metric ton', 'metric tons', 'metric tonne', 'metric tonnes']),
  ...unitWords('time', 'hour', ['hour', 'hours']),
  ...unitWords('time', 'day', ['day', 'days']),
  ...unitWords('time', 'week', ['week', 'weeks']),
  ...unitWords('time', 'month', ['month', 'months']),
  ...unitWords('time', 'year', ['year', 'years']),
]);
/** Units written attached to the digits (`900km`, `5kg`, `900m`), case-sensitive. */
const ATTACHED_UNITS: ReadonlyMap<string, UnitWord> = new Map([
  ...unitWords('length', 'km', ['km']),
  ...unitWords('length', 'm', ['m']),
  ...unitWords('length', 'mi', ['mi']),
  ...unitWords('area', 'ha', ['ha']),
  ...unitWords('mass', 'kg', ['kg']),
  ...unitWords('percent', 'pp', ['pp']),
]);
/** First words of the two-word units (`per cent`, `square kilometres`): only these need the next word read. */
const UNIT_FIRST_WORDS: ReadonlySet<string> = new Set([...UNIT_WORDS.keys()].filter((key) => key.includes(' ')).map((key) => key.split(' ')[0]));
const PERCENT = UNIT_WORDS.get('percent')!;
const SQUARE_KILOMETRE = UNIT_WORDS.get('sq km')!;
/** `5 pm`, `10 a.m.`: times of day, not figures. */
const TIME_OF_DAY_WORDS = new Set(['am', 'pm', 'a.m.', 'p.m.']);

/** Period of a rate: `per week`, `a year`, `annually`. */
const PERIOD_WORDS: ReadonlyMap<string, string> = new Map([
  ['hour', 'hour'], ['day', 'day'], ['week', 'week'], ['month', 'month'], ['year', 'year'], ['annum', 'year'],
]);
const RATE_ADVERBS: ReadonlyMap<string, string> = new Map([
  ['hourly', 'hour'], ['daily', 'day'], ['weekly', 'week'], ['monthly', 'month'], ['annually', 'year'], ['yearly', 'year'],
]);
const RATE_WORDS = new Set(['per', 'a', 'an', 'each', 'every']);

/** ISO codes that are also English words; in prose (`ALL 5 COUNTRIES`) they are not currencies. */
const CODES_THAT_ARE_WORDS = new Set(['ALL', 'BAM', 'BOB', 'CUP', 'GEL', 'MAD', 'MOP', 'PEN', 'SOS', 'TOP', 'TRY']);
/** Currency symbols, as character codes (each is one UTF-16 unit). */
const CURRENCY_SYMBOLS: ReadonlySet<number> = new Set([...'$€£¥₸₽₹₩₺₴₼'].map((symbol) => symbol.charCodeAt(0)));

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

interface QualifierSpec {
  readonly kind: Qualifier;
  /** `at least`, `up to`: the stated bound belongs to the interval. */
  readonly inclusive?: boolean;
}
const qualifierWords = (spec: QualifierSpec, phrases: string[]) => phrases.map((p): [string, QualifierSpec] => [p, spec]);
/** Qualifier phrases (lower case, words joined by one space), at most three words. */
const QUALIFIERS: ReadonlyMap<string, QualifierSpec> = new Map([
  ...qualifierWords({ kind: 'approximate' }, ['about', 'around', 'approximately', 'approx', 'roughly', 'some', 'circa', 'an estimated']),
  ...qualifierWords({ kind: 'at-most-nearly' }, [
    'nearly', 'almost', 'approaching', 'approached', 'approaches', 'close to', 'just under', 'just below', 'just shy of',
  ]),
  ...qualifierWords({ kind: 'more-than' }, [
    'more than', 'over', 'exceeded', 'exceeds', 'exceed', 'exceeding', 'surpassing', 'surpassed', 'surpasses', 'surpass',
    'topped', 'topping', 'above', 'greater than', 'in excess of', 'upwards of', 'just over', 'well over', 'well above',
  ]),
  ...qualifierWords({ kind: 'more-than', inclusive: true }, ['at least', 'no less than', 'not less than', 'no fewer than']),
  ...qualifierWords({ kind: 'less-than' }, ['less than', 'fewer than', 'under', 'below']),
  ...qualifierWords({ kind: 'less-than', inclusive: true }, ['up to', 'at most', 'no more than', 'not more than', 'as many as', 'as much as']),
  ...qualifierWords({ kind: 'range' }, ['between']),
]);
const APPROXIMATE_SYMBOLS = new Set([0x7e /* ~ */, 0x2248 /* ≈ */]);
/** Word-final parts of the qualifier phrases (`than`, `more than`, `of`, `excess of`…): reading back stops outside them. */
const QUALIFIER_ENDINGS = new Set(
  [...QUALIFIERS.keys()].flatMap((phrase) => phrase.split(' ').map((_, i, words) => words.slice(i).join(' '))),
);
/** Words of the qualifier phrases: a word that is none of them ends the reading back before a phrase is built. */
const QUALIFIER_WORDS = new Set([...QUALIFIERS.keys()].flatMap((phrase) => phrase.split(' ')));

/** Words that end a counted-noun phrase: function words, and s-final words that aren't plurals. */
const STOPWORDS = new Set(
  (
    'a an the of and or nor but for to in on at by from with without within into onto over under than as per via about ' +
    'above below between among amongst across after before during since until till up down out off this that these those ' +
    'it its their them they his her our your my whose which who whom what when where while why how is are was were be ' +
    'been being has have had do does did will would shall should can could may might must not no yes also only just even ' +
    'still already more most less least some any each every all both other another such same last next past ago earlier ' +
    'later worth compared respectively total overall thus perhaps always news series species means whereas whether if ' +
    'then so very too plus minus versus vs'
  ).split(' '),
);
const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map([
  ['people', 'person'], ['children', 'child'], ['men', 'man'], ['women', 'woman'], ['feet', 'foot'], ['teeth', 'tooth'],
  ['mice', 'mouse'], ['geese', 'goose'],
]);
const NOUN_PHRASE_WORDS = 3;

/** Words that name what follows by its number: `Article 5`, `page 12`, `phase 2`. */
const REFERENCE_WORDS = new Set(
  'article section chapter paragraph clause annex part page item line table step stage phase round version volume vol issue'.split(' '),
);
/** What comes before the first word of a sentence: nothing, end punctuation, an opening quote or parenthesis. */
const SENTENCE_OPENERS = new Set([-1, ...[...'.!?:"“”«(‘’\''].map((c) => c.charCodeAt(0))]);

/** Whitespace a figure may span: markup blanked to spaces, one line break of a wrapped paragraph. */
const MAX_GAP = 256;

// ---------------------------------------------------------------------------
// Scanner

/** A number as written: `1,234.5`, `nine`, `twenty-five`, `two hundred and fifty`, `half`. */
interface NumberToken {
  readonly start: number;
  readonly end: number;
  readonly value: Decimal;
  /** Power of ten of the last significant written digit (`1.50` → -2, `100` → 2). */
  readonly precision: number;
  readonly fromWords: boolean;
  /** A 4-digit integer 1900–2100 written without grouping. */
  readonly yearLike: boolean;
}

/** A number with its scale words and (if any) the unit written right after it. */
interface Amount {
  readonly number: NumberToken;
  /** Sum of the scale words' powers of ten (`1.5 billion` → 9). */
  readonly exponent: number;
  readonly unit: UnitWord | null;
  readonly end: number;
}

/** The second half of a range, and both bounds with scales shared (`1.5-2 billion`). */
interface RangeEnd {
  readonly amount: Amount;
  readonly low: Decimal;
  readonly high: Decimal;
}

interface Prefix {
  readonly currency: UnitCode;
  readonly start: number;
}

interface QualifierMatch {
  readonly spec: QualifierSpec;
  readonly start: number;
  readonly text: string;
}

interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What an anchor gives: a figure, or (not a figure) the offset where scanning resumes. */
type Outcome = Figure | number;

/** Sentinel for "not a figure here": the caller skips past the token. */
const REJECT = 'reject';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isNonZeroDigit = (c: number) => c >= 49 && c <= 57;
const isAsciiLetter = (c: number) => ((c | 32) - 97) >>> 0 < 26;
/** Letters: ASCII and Latin-1/Latin Extended (`é`, `ş`), looked up in a table because the scan asks for every character. */
const LETTERS = new Uint8Array(0x250).map((_, c) => (isAsciiLetter(c) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) ? 1 : 0));
const isLetter = (c: number) => c >= 0 && c < 0x250 && LETTERS[c] === 1;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isAlnum = (c: number) => isLetter(c) || isDigit(c);
const isLineBreak = (c: number) => c === 10 || c === 13;
const isGapChar = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f;
/** Characters that glue digits into one token: `2025-06-18`, `10:30`, `1/2`, `5+1`, `v1.2.3`. */
const isTokenGlue = (c: number) => c === 45 || c === 0x2013 || c === 46 || c === 44 || c === 58 || c === 47 || c === 43 || c === 95;
/** Thousands separators besides the comma: no-break and thin spaces. */
const isGroupSpace = (c: number) => c === 0xa0 || c === 0x2009 || c === 0x202f;

const HYPHEN = 45;
const EN_DASH = 0x2013;

/** Slots of a WordCache: a figure looks at a handful of words around its anchor. */
const WORD_CACHE_SLOTS = 16;
/** Slots of the skipGap cache: the gaps after a figure's few parts. */
const GAP_CACHE_SLOTS = 8;

/**
 * Words already read, by a key (an offset) and the floor they were read with: a figure's parts look at the
 * same few words again and again. One slot per key (a collision just reads the word again), so nothing is
 * ever cleared and a lookup allocates nothing.
 */
class WordCache {
  // Plain arrays: a scanner is made per recognizeFigures call, and typed arrays are slow to allocate.
  private readonly keys: number[] = new Array<number>(WORD_CACHE_SLOTS).fill(Number.NaN);
  private readonly floors: number[] = new Array<number>(WORD_CACHE_SLOTS).fill(0);
  private readonly words: (Word | null)[] = new Array<Word | null>(WORD_CACHE_SLOTS).fill(null);

  /** The word stored for `key` and `floor`; undefined when there is none. */
  get(key: number, floor: number): Word | null | undefined {
    const slot = key & (WORD_CACHE_SLOTS - 1);
    return this.keys[slot] === key && this.floors[slot] === floor ? this.words[slot] : undefined;
  }

  set(key: number, floor: number, word: Word | null): void {
    const slot = key & (WORD_CACHE_SLOTS - 1);
    this.keys[slot] = key;
    this.floors[slot] = floor;
    this.words[slot] = word;
  }
}

class FigureScanner {
  /** Words after a position, by start (bitwise-not for words read with dots, `U.S.`); they do not depend on a floor. */
  private readonly wordCache = new WordCache();
  /** Words before a position, by that position and the floor they were read down to. */
  private readonly previousWordCache = new WordCache();
  /** skipGap's last results, one slot per start (like WordCache). */
  private readonly gapStarts: number[] = new Array<number>(GAP_CACHE_SLOTS).fill(-1);
  private readonly gapEnds: number[] = new Array<number>(GAP_CACHE_SLOTS).fill(0);

  constructor(
    private readonly text: string,
    private readonly low: number,
    private readonly high: number,
    private readonly options: RecognizerOptions,
  ) {}

  scan(): Figure[] {
    const figures: Figure[] = [];
    let floor = this.low;
    const { text, high } = this;
    let i = this.low;
    while (i < high) {
      const c = text.charCodeAt(i);
      let outcome: Outcome;
      if (isDigit(c)) outcome = this.figureAt(i, floor, true);
      else if (isLetter(c)) {
        let end = i + 1;
        let hash = hashStep(0, c);
        for (let d = text.charCodeAt(end); end < high && isLetter(d); d = text.charCodeAt(++end)) hash = hashStep(hash, d);
        if (NUMBER_WORD_HASHES[hash] === 0 || !this.isNumberWord(i, end) || isAlnum(this.at(i - 1))) {
          i = end;
          continue;
        }
        outcome = this.figureAt(i, floor, true);
      } else {
        i++;
        continue;
      }
      if (typeof outcome === 'number') i = Math.max(i + 1, outcome);
      else {
        figures.push(outcome);
        i = floor = outcome.range.end;
      }
    }
    return figures;
  }

  // --- character helpers (everything outside [low, high) reads as -1) ---

  private at(i: number): number {
    return i >= this.low && i < this.high ? this.text.charCodeAt(i) : -1;
  }

  private wordEnd(i: number): number {
    while (isLetter(this.at(i))) i++;
    return i;
  }

  /** Letters with inner dots (`U.S.`, `p.m.`, `p.p.`); a final dot only after an inner one. */
  private wordWithDotsEnd(i: number): number {
    let end = this.wordEnd(i);
    let dotted = false;
    while (this.at(end) === 46 && isAsciiLetter(this.at(end + 1))) {
      end = this.wordEnd(end + 1);
      dotted = true;
    }
    return dotted && this.at(end) === 46 ? end + 1 : end;
  }

  private word(start: number, end: number): Word {
    return { start, end, text: this.text.slice(start, end).toLowerCase() };
  }

  /** The word starting at `i` (after a gap the caller skipped), or null. Cached: a figure's parts look at the same words. */
  private wordAt(i: number, withDots = false): Word | null {
    // A plain reading already made serves a dotted one too when no dot follows it.
    const plain = this.wordCache.get(i, 0);
    if (plain && (!withDots || this.at(plain.end) !== 46)) return plain;
    if (!isLetter(this.at(i))) return null;
    const plainEnd = this.wordEnd(i);
    const end = withDots && this.at(plainEnd) === 46 ? this.wordWithDotsEnd(i) : plainEnd;
    const key = end === plainEnd ? i : ~i; // most words have no dots: then both readings share the entry
    let word = this.wordCache.get(key, 0);
    if (!word) {
      word = this.word(i, end);
      this.wordCache.set(key, 0, word);
    }
    return word;
  }

  /**
   * Skips whitespace forward: at most MAX_GAP characters and one line break. Remembered by start: a figure's
   * parts each skip the same gap after it, often a long one (its span's attribute block, blanked to spaces).
   */
  private skipGap(from: number): number {
    const slot = from & (GAP_CACHE_SLOTS - 1);
    if (this.gapStarts[slot] === from) return this.gapEnds[slot];
    const end = this.readGap(from);
    this.gapStarts[slot] = from;
    this.gapEnds[slot] = end;
    return end;
  }

  private readGap(i: number): number {
    const limit = i + MAX_GAP;
    let breaks = 0;
    for (let c = this.at(i); i < limit && isGapChar(c); c = this.at(++i)) {
      if (c === 10 || (c === 13 && this.at(i + 1) !== 10)) breaks++;
      if (breaks > 1) break;
    }
    return i;
  }

  /** Skips whitespace backward from `i` (exclusive) down to `floor`, same limits as skipGap. */
  private skipGapBack(i: number, floor: number): number {
    const limit = i - MAX_GAP;
    let breaks = 0;
    while (i > floor && i > limit && isGapChar(this.at(i - 1))) {
      if (isLineBreak(this.at(i - 1)) && !(this.at(i - 1) === 13 && this.at(i) === 10) && ++breaks > 1) break;
      i--;
    }
    return i;
  }

  /** Position after a separator before a following word: whitespace, or one hyphen. -1 when neither. */
  private afterSeparator(i: number, hyphenAllowed: boolean): number {
    if (hyphenAllowed && this.at(i) === HYPHEN && isLetter(this.at(i + 1))) return i + 1;
    const next = this.skipGap(i);
    return next > i ? next : -1;
  }

  /**
   * The word ending right before `i` (whitespace between allowed), not below `floor`; keeps a final
   * dot (`approx.`). Cached like wordAt.
   */
  private previousWord(i: number, floor: number): Word | null {
    let word = this.previousWordCache.get(i, floor);
    if (word === undefined) {
      word = this.readPreviousWord(i, floor);
      this.previousWordCache.set(i, floor, word);
    }
    return word;
  }

  private readPreviousWord(i: number, floor: number): Word | null {
    const end = this.skipGapBack(i, floor);
    if (end === i) return null;
    const letters = this.at(end - 1) === 46 ? end - 1 : end;
    let start = letters;
    while (start > floor && isLetter(this.at(start - 1))) start--;
    if (start === letters || isDigit(this.at(start - 1))) return null;
    return { start, end, text: this.text.slice(start, letters).toLowerCase() };
  }

  /** End of a code-like token (`5G`, `2025-06-18`, `5+1`, `1990s`) that starts at `i`. */
  private tokenEnd(i: number): number {
    while (isAlnum(this.at(i)) || (isTokenGlue(this.at(i)) && isAlnum(this.at(i + 1)))) i++;
    return i;
  }

  /** Where scanning resumes when the anchor starts no figure: after its token (a code such as `5G`) or word. */
  private afterToken(anchor: number): number {
    return isDigit(this.at(anchor)) ? this.tokenEnd(anchor) : this.wordEnd(anchor);
  }

  private isNumberWord(start: number, end: number): boolean {
    if (end - start < 3 || end - start > LONGEST_NUMBER_WORD) return false;
    const word = this.text.slice(start, end).toLowerCase();
    return word === HALF || NUMBER_WORDS.has(word);
  }

  // --- one figure ---

  /** The figure anchored at the number starting at `anchor`, or where to resume scanning. */
  private figureAt(anchor: number, floor: number, conversionAllowed: boolean): Outcome {
    const fromDigits = isDigit(this.at(anchor));

    const prefix = fromDigits ? this.currencyPrefix(anchor, floor) : null;
    if (prefix === REJECT || (fromDigits && !prefix && this.isDayOfMonth(anchor, floor))) return this.afterToken(anchor);
    const start = prefix?.start ?? anchor;

    const first = this.readAmount(anchor, prefix?.currency ?? null);
    if (first === REJECT || first === null) return this.afterToken(anchor);
    // A second number makes a range: `15-20%`, `2–3%`, `7-8 days`, `5 to 10`, `between 5 and 10`.
    const range = this.readRangeEnd(first, prefix?.currency ?? null, start, floor);
    if (range === REJECT) return this.afterToken(anchor);
    const last = range?.amount ?? first;

    let unit = last.unit ?? first.unit;
    let end = last.end;
    let currency = prefix?.currency ?? null;
    if (!currency && unit === null) {
      const suffix = this.currencySuffix(end);
      if (suffix) [currency, end] = [suffix.currency, suffix.end];
    }
    if (unit === null && !currency && this.isDateOrTimeAfter(last.number.end)) return this.afterToken(anchor);
    const scaled = first.exponent > 0 || (range?.amount.exponent ?? 0) > 0;
    if (first.number.yearLike && !currency && !scaled && unit === null) return last.number.end;
    // A number word with neither scale nor money: see the module comment.
    const plainWords = first.number.fromWords && !scaled && !currency;
    if (plainWords && !wordNumberMayBeFigure(first.number.value, unit)) return last.number.end;

    let unitCode: UnitCode;
    if (currency) unitCode = currency;
    else if (unit) unitCode = unit.unit;
    else {
      const noun = this.countNoun(end);
      if (noun) [unitCode, end] = [`count:${noun.text}`, noun.end];
      else if (plainWords) return last.number.end;
      else unitCode = 'count';
    }
    // `between` belongs to a range only; other qualifiers to a single amount.
    const qualifier = this.qualifierBefore(start, floor);
    const applied = qualifier && (qualifier.spec.kind === 'range') === (range !== null) ? qualifier : null;
    if (unitCode.startsWith('count') && !scaled && !applied && this.isNameBefore(start, floor, unitCode === 'count')) return this.afterToken(anchor);

    const rate = this.ratePeriod(end);
    if (rate) [unitCode, end] = [`${unitCode}/${rate.period}`, rate.end];

    const stated = range
      ? rangeQuantity(range.low, range.high, unitCode, applied?.text ?? null)
      : quantity(scaledValue(first), unitCode, first.number.precision + first.exponent, applied, this.options.tolerances);
    const figureStart = applied?.start ?? start;
    const conversion = conversionAllowed ? this.conversionAfter(end, unitCode) : null;
    const figureEnd = conversion ? conversion.closeEnd : end;
    const { value, interval, qualifierText } = stated;
    // One object shape for every figure (no spread): `conversion` is always present, maybe undefined.
    // Its strings are detached from the prose: summaries keep figures for closed files.
    return {
      value,
      unit: detached(stated.unit),
      interval,
      qualifier: stated.qualifier,
      qualifierText: qualifierText === null ? null : detached(qualifierText),
      range: { start: figureStart, end: figureEnd },
      text: detached(this.text.slice(figureStart, figureEnd)),
      conversion: conversion?.restated,
    };
  }

  /**
   * A currency written before the number: attached symbol (`$95`, `US$208`, `€5`), attached code
   * (`RMB1.5`) or a code word (`USD 80`). REJECT when letters are glued to the digits (`C5`).
   */
  private currencyPrefix(anchor: number, floor: number): Prefix | typeof REJECT | null {
    const isSymbol = (i: number) => i >= floor && CURRENCY_SYMBOLS.has(this.at(i));
    const symbol = isSymbol(anchor - 1) ? anchor - 1 : this.at(anchor - 1) === 32 && isSymbol(anchor - 2) ? anchor - 2 : -1; // `$95`, `US$ 5`
    if (symbol >= 0) {
      if (this.at(symbol) === 36 /* $ */) {
        let lettersStart = symbol;
        while (lettersStart > floor && symbol - lettersStart < 4 && (isUpper(this.at(lettersStart - 1)) || this.at(lettersStart - 1) === 46)) lettersStart--;
        const named = lettersStart < symbol && !isLetter(this.at(lettersStart - 1)) ? lookupCurrency(this.text.slice(lettersStart, symbol + 1)) : null;
        if (named) return { currency: named, start: lettersStart };
      }
      const currency = lookupCurrency(this.text[symbol], this.options);
      return currency ? { currency, start: symbol } : null;
    }
    const before = anchor > floor ? this.at(anchor - 1) : -1;
    if (isLetter(before)) {
      let lettersStart = anchor - 1;
      while (lettersStart > floor && isLetter(this.at(lettersStart - 1))) lettersStart--;
      const currency = this.currencyCode(this.text.slice(lettersStart, anchor));
      return currency ? { currency, start: lettersStart } : REJECT;
    }
    // `v1.2`, `mid-2025`, `10/5`, `#5`: part of a code or a rank; `.5`: a fraction without its integer part.
    if (before === 35 /* # */ || before === 46 /* . */ || (isTokenGlue(before) && isAlnum(this.at(anchor - 2)))) return REJECT;
    const word = this.previousWord(anchor, floor);
    const length = word ? word.end - word.start : 0; // codes have 3–4 letters: shorter or longer words are not sliced
    if (word && length === word.text.length && length >= 3 && length <= 4) {
      const currency = this.currencyCode(this.text.slice(word.start, word.end));
      if (currency) return { currency, start: word.start };
    }
    return null;
  }

  /** An upper-case currency code or abbreviation (`USD`, `RMB`), excluding codes that are English words. */
  private currencyCode(letters: string): UnitCode | null {
    if (letters.length < 3 || letters.length > 4 || !isUpper(letters.charCodeAt(0)) || letters !== letters.toUpperCase()) return null;
    if (CODES_THAT_ARE_WORDS.has(letters)) return null;
    return lookupCurrency(letters, this.options);
  }

  /** `June 17`, `Dec. 29`: a capitalized month name right before the number. */
  private isDayOfMonth(anchor: number, floor: number): boolean {
    const word = this.previousWord(anchor, floor);
    return word !== null && isUpper(this.at(word.start)) && MONTHS.has(word.text);
  }

  /** `17 June`, `5 pm`: a month or time-of-day word right after the number. */
  private isDateOrTimeAfter(numbersEnd: number): boolean {
    const next = this.skipGap(numbersEnd);
    const word = this.wordAt(next, true);
    if (!word) return false;
    return (isUpper(this.at(word.start)) && MONTHS.has(word.text)) || TIME_OF_DAY_WORDS.has(word.text);
  }

  /**
   * A count named rather than counted: after a reference word (`page 12`, `No. 1`, `Phase 2 begins`)
   * or, when no noun follows, after a capitalized word in mid-sentence (`Boeing 737`).
   */
  private isNameBefore(start: number, floor: number, bare: boolean): boolean {
    const word = this.previousWord(start, floor);
    if (!word) return false;
    if (REFERENCE_WORDS.has(word.text)) return true;
    if (word.text === 'no') return word.end > word.start + 2; // `No.`, with its dot
    if (!bare || !isUpper(this.at(word.start))) return false;
    // The gap back stops at a paragraph break (its first line break before it): the word opens a sentence there too.
    const before = this.at(this.skipGapBack(word.start, floor) - 1);
    return !SENTENCE_OPENERS.has(before) && !isLineBreak(before);
  }

  /** Qualifier words (up to three) or `~` right before the figure. */
  private qualifierBefore(start: number, floor: number): QualifierMatch | null {
    const symbolAt = this.skipGapBack(start, floor) - 1;
    if (symbolAt >= floor && APPROXIMATE_SYMBOLS.has(this.at(symbolAt))) {
      return { spec: { kind: 'approximate' }, start: symbolAt, text: this.text[symbolAt] };
    }
    // Read back word by word while the words read so far end some qualifier phrase; keep the longest match.
    let match: QualifierMatch | null = null;
    let phrase = '';
    let written = '';
    for (let word = this.previousWord(start, floor); word && QUALIFIER_WORDS.has(word.text); word = this.previousWord(word.start, floor)) {
      phrase = phrase ? `${word.text} ${phrase}` : word.text;
      if (!QUALIFIER_ENDINGS.has(phrase)) break;
      const asWritten = this.text.slice(word.start, word.end);
      written = written ? `${asWritten} ${written}` : asWritten;
      const spec = QUALIFIERS.get(phrase);
      if (spec) match = { spec, start: word.start, text: written };
    }
    return match;
  }

  /** A number as digits (`10,000`, `1.5`) or words (`nine`, `twenty-five`, `half`). REJECT for codes and dates. */
  private readNumber(i: number): NumberToken | typeof REJECT | null {
    return isDigit(this.at(i)) ? this.readDigits(i) : this.readNumberWords(i);
  }

  private readDigits(start: number): NumberToken | typeof REJECT {
    let i = start;
    while (isDigit(this.at(i))) i++;
    const integerDigits = i - start;
    if (integerDigits > 1 && this.at(start) === 48) return REJECT; // `06`, `007`: codes and dates
    let grouped = false;
    while ((this.at(i) === 44 || isGroupSpace(this.at(i))) && this.isDigitGroup(i + 1)) {
      i += 4;
      grouped = true;
    }
    if ((grouped && integerDigits > 3) || (this.at(i) === 44 && isDigit(this.at(i + 1)))) return REJECT; // `1,23`, `1234,567`
    let fractionDigits = 0;
    if (this.at(i) === 46 && isDigit(this.at(i + 1))) {
      const fractionStart = i + 1;
      for (i = fractionStart; isDigit(this.at(i)); ) i++;
      fractionDigits = i - fractionStart;
    }
    const next = this.at(i);
    const glued = (next === 46 || next === 58 || next === 47) && isDigit(this.at(i + 1)); // `1.2.3`, `10:30`, `1/2`
    if (glued || (next === 43 && isAlnum(this.at(i + 1)))) return REJECT; // `5+1`
    const value = writtenDecimal(this.text, start, i, fractionDigits);
    const precision = fractionDigits ? -fractionDigits : value.lastDigitExponent();
    const yearLike = !grouped && !fractionDigits && integerDigits === 4 && value.compare(YEAR_MIN) >= 0 && value.compare(YEAR_MAX) <= 0;
    return { start, end: i, value, precision, fromWords: false, yearLike };
  }

  /** Exactly three digits at `i` and no fourth. */
  private isDigitGroup(i: number): boolean {
    return isDigit(this.at(i)) && isDigit(this.at(i + 1)) && isDigit(this.at(i + 2)) && !isDigit(this.at(i + 3));
  }

  /** `nine`, `twenty-five`, `twenty five`, `two hundred and fifty`, `half`. */
  private readNumberWords(start: number): NumberToken | null {
    const first = this.wordAt(start);
    if (!first) return null;
    if (first.text === HALF) return { start, end: first.end, value: HALF_VALUE, precision: -1, fromWords: true, yearLike: false };
    const below100 = this.readBelowHundred(first);
    if (!below100) return null;
    let [value, end] = below100;
    const hundredAt = this.afterSeparator(end, false);
    const hundred = hundredAt > 0 ? this.wordAt(hundredAt) : null;
    if (hundred?.text === 'hundred' && value > 0) {
      value *= 100;
      end = hundred.end;
      const andAt = this.afterSeparator(end, false);
      const and = andAt > 0 ? this.wordAt(andAt) : null;
      const restAt = and?.text === 'and' ? this.afterSeparator(and.end, false) : andAt;
      const restWord = restAt > 0 ? this.wordAt(restAt) : null;
      const rest = restWord ? this.readBelowHundred(restWord) : null;
      if (rest && rest[0] > 0) [value, end] = [value + rest[0], rest[1]];
    }
    const decimal = Decimal.ofSafeInteger(value);
    return { start, end, value: decimal, precision: decimal.lastDigitExponent(), fromWords: true, yearLike: false };
  }

  /** `seven`, `thirteen`, `forty`, `forty-two`, `forty two` → [value, end]. */
  private readBelowHundred(word: Word): [number, number] | null {
    const value = NUMBER_WORDS.get(word.text);
    if (value === undefined) return null;
    if (value < 20 || value % 10 !== 0) return [value, word.end];
    const separator = this.at(word.end);
    if (separator === HYPHEN || separator === 32) {
      const ones = this.wordAt(word.end + 1);
      const onesValue = ones ? NUMBER_WORDS.get(ones.text) : undefined;
      if (ones && onesValue !== undefined && onesValue > 0 && onesValue < 10) return [value + onesValue, ones.end];
    }
    return [value, word.end];
  }

  /**
   * A number with its scale words and a unit written right after it: `1.5 billion`, `$1.2bn`, `75-kilometer`,
   * `15.6 percent`, `half-trillion-dollar` (the currency word is read later). REJECT for `15th`, `5G`, `1990s`.
   */
  private readAmount(i: number, currencyBefore: UnitCode | null): Amount | typeof REJECT | null {
    const number = this.readNumber(i);
    if (number === REJECT || number === null) return number;
    let exponent = 0;
    let unit: UnitWord | null = null;
    let end = number.end;
    if (!number.fromWords && isLetter(this.at(end))) {
      const suffixEnd = this.wordWithDotsEnd(end);
      const suffix = this.text.slice(end, suffixEnd);
      const moneyScale = MONEY_SCALE_LETTERS.get(suffix);
      const scale = moneyScale !== undefined && (currencyBefore || this.currencySuffix(suffixEnd)) ? moneyScale : SCALE_WORDS.get(suffix.toLowerCase());
      if (scale !== undefined) exponent = scale;
      else if (ATTACHED_THOUSAND.has(suffix)) exponent = 3;
      else unit = ATTACHED_UNITS.get(suffix) ?? null;
      if (exponent === 0 && unit === null) return REJECT;
      end = suffixEnd;
      if (unit?.unit === 'km' && this.isSquareMark(end)) [unit, end] = [SQUARE_KILOMETRE, end + 1];
    }
    // Scale words: `100 thousand`, `1.5-billion`, `half a million`.
    for (let steps = 0; steps < 3 && unit === null; steps++) {
      const at = this.afterSeparator(end, true);
      let word = at > 0 ? this.wordAt(at) : null;
      if (word?.text === 'a' && number.fromWords && number.value.equals(HALF_VALUE) && exponent === 0) {
        const next = this.afterSeparator(word.end, false);
        word = next > 0 ? this.wordAt(next) : null;
      }
      if (!word) break;
      const scale = SCALE_WORDS.get(word.text) ?? (currencyBefore ? MONEY_SCALE_LETTERS.get(word.text) : undefined);
      if (scale === undefined) break;
      exponent += scale;
      end = word.end;
    }
    if (unit === null) {
      const found = this.unitAfter(end);
      if (found) [unit, end] = [found.unit, found.end];
    }
    return { number, exponent, unit, end };
  }

  /** `%`, `percent`, `per cent`, `percentage points`, `km`, `-kilometer`, `days`… right after `end`. */
  private unitAfter(end: number): { unit: UnitWord; end: number } | null {
    const at = this.skipGap(end);
    if (this.at(at) === 37 /* % */) return { unit: PERCENT, end: at + 1 };
    const start = this.afterSeparator(end, true);
    const first = start > 0 ? this.wordAt(start, true) : null;
    if (!first) return null;
    const secondAt = UNIT_FIRST_WORDS.has(first.text) ? this.afterSeparator(first.end, false) : -1;
    const second = secondAt > 0 ? this.wordAt(secondAt, true) : null;
    const twoWords = second ? UNIT_WORDS.get(`${first.text} ${second.text}`) : undefined;
    if (twoWords && second) return { unit: twoWords, end: second.end };
    const oneWord = UNIT_WORDS.get(first.text);
    if (oneWord?.unit === 'km' && this.isSquareMark(first.end)) return { unit: SQUARE_KILOMETRE, end: first.end + 1 };
    return oneWord ? { unit: oneWord, end: first.end } : null;
  }

  /** `km2`, `km²`. */
  private isSquareMark(i: number): boolean {
    return (this.at(i) === 50 /* 2 */ || this.at(i) === 0xb2 /* ² */) && !isAlnum(this.at(i + 1));
  }

  /** A currency named after the amount: `dollars`, `yuan`, `US dollars`, `USD`, `-dollar`. */
  private currencySuffix(end: number): { currency: UnitCode; end: number } | null {
    const start = this.afterSeparator(end, true);
    const first = start > 0 ? this.wordAt(start, true) : null;
    if (!first) return null;
    const length = first.end - first.start;
    const code = length >= 3 && length <= 4 ? this.currencyCode(this.text.slice(first.start, first.end)) : null;
    if (code) return { currency: code, end: first.end };
    // Only as many words as the longest name this word begins: no name is longer, so no longer phrase can match.
    const nameLength = currencyNameLength(first.text);
    if (nameLength === 0) return null;
    const words = [first];
    for (let at = this.afterSeparator(first.end, false); at > 0 && words.length < nameLength; ) {
      const word = this.wordAt(at, true);
      if (!word) break;
      words.push(word);
      at = this.afterSeparator(word.end, false);
    }
    for (let count = words.length; count > 0; count--) {
      const currency = lookupCurrency(count === 1 ? first.text : words.slice(0, count).map((w) => w.text).join(' '), this.options);
      if (currency) return { currency, end: words[count - 1].end };
    }
    return null;
  }

  /** The second number of a range: after `-`, `–`, `to`, or `and` after `between` (read back from `start`, not below `floor`). */
  private readRangeEnd(first: Amount, currency: UnitCode | null, start: number, floor: number): RangeEnd | typeof REJECT | null {
    const end = first.end;
    let next = -1;
    let joined = false; // a dash joins one token: if that is not a range, it is a code, a score or a date
    if (this.at(end) === HYPHEN && (isDigit(this.at(end + 1)) || (currency && !isAlnum(this.at(end + 1))))) [next, joined] = [end + 1, true];
    else {
      const gapEnd = this.skipGap(end);
      if (this.at(gapEnd) === EN_DASH) [next, joined] = [this.skipGap(gapEnd + 1), true];
      else if (gapEnd > end) {
        const word = this.wordAt(gapEnd);
        if (word && (word.text === 'to' || (word.text === 'and' && this.previousWord(start, floor)?.text === 'between'))) next = this.skipGap(word.end);
      }
    }
    if (next < 0) return null;
    const failed = joined ? REJECT : null;
    const repeatsCurrency = currency !== null && lookupCurrency(String.fromCharCode(this.at(next)), this.options) === currency;
    const numberAt = repeatsCurrency ? next + 1 : next;
    const fromWords = !isDigit(this.at(numberAt));
    if (fromWords !== first.number.fromWords || (fromWords && !this.isNumberWord(numberAt, this.wordEnd(numberAt)))) return failed;
    const second = this.readAmount(numberAt, currency);
    if (second === null || second === REJECT) return failed;
    const after = second.number.end;
    if (joined && (this.at(after) === HYPHEN || this.at(after) === EN_DASH) && isDigit(this.at(after + 1))) return REJECT; // `1-2-3`
    // `5 to 10 percent`, `5% to 10%`, `15%-20%`; but `3.2% to 150 pence` is a change, not a range.
    if (first.unit && (second.unit ? second.unit.unit !== first.unit.unit : !joined)) return failed;
    const low = scaledValue(first, first.exponent || second.exponent);
    const high = scaledValue(second, second.exponent || first.exponent);
    if (!low.lt(high)) return failed;
    return { amount: { ...second, unit: second.unit ?? first.unit }, low, high };
  }

  /** `enterprises`, `cooperation platforms`: the first plural word of a short noun phrase, singular. */
  private countNoun(end: number): Word | null {
    let at = this.afterSeparator(end, true);
    for (let words = 0; at > 0 && words < NOUN_PHRASE_WORDS; words++) {
      if (!isAsciiLetter(this.at(at))) return null;
      let wordEnd = this.wordEnd(at);
      while ((this.at(wordEnd) === HYPHEN || this.at(wordEnd) === 39 || this.at(wordEnd) === 0x2019) && isAsciiLetter(this.at(wordEnd + 1))) {
        wordEnd = this.wordEnd(wordEnd + 1);
      }
      const word = this.word(at, wordEnd);
      if (STOPWORDS.has(word.text) || MONTHS.has(word.text) || UNIT_WORDS.has(word.text)) return null;
      const singular = singularOf(word.text);
      if (singular) return { ...word, text: singular };
      at = this.afterSeparator(wordEnd, false);
    }
    return null;
  }

  /** `per week`, `a year`, `annually` after the figure. */
  private ratePeriod(end: number): { period: string; end: number } | null {
    const at = this.afterSeparator(end, false);
    const word = at > 0 ? this.wordAt(at) : null;
    if (!word) return null;
    const adverb = RATE_ADVERBS.get(word.text);
    if (adverb) return { period: adverb, end: word.end };
    if (!RATE_WORDS.has(word.text)) return null;
    const periodAt = this.afterSeparator(word.end, false);
    const periodWord = periodAt > 0 ? this.wordAt(periodAt) : null;
    const period = periodWord ? PERIOD_WORDS.get(periodWord.text) : undefined;
    return period && periodWord ? { period, end: periodWord.end } : null;
  }

  /** `1.5 billion yuan (US$208 million)`: the same amount restated in another unit, in parentheses. */
  private conversionAfter(end: number, unit: UnitCode): { restated: NonNullable<Figure['conversion']>; closeEnd: number } | null {
    if (!isConvertibleUnit(unit)) return null;
    const open = this.skipGap(end);
    if (this.at(open) !== 40 /* ( */) return null;
    const inner = this.skipGap(open + 1);
    let anchor = inner;
    while (anchor < inner + 16 && anchor < this.high && !isDigit(this.at(anchor)) && this.at(anchor) !== 41) anchor++;
    if (!isDigit(this.at(anchor))) return null;
    const outcome = this.figureAt(anchor, inner, false);
    if (typeof outcome === 'number') return null;
    const { value, unit: restatedUnit, interval, qualifier, qualifierText, range, text } = outcome;
    const close = this.skipGap(range.end);
    if (range.start !== inner || this.at(close) !== 41 /* ) */) return null;
    if (!isConvertibleUnit(restatedUnit) || restatedUnit === unit) return null;
    return { restated: { value, unit: restatedUnit, interval, qualifier, qualifierText, range, text }, closeEnd: close + 1 };
  }
}

/**
 * Whether an unscaled number word without a currency can be a figure (see the module comment):
 * below ten only with a unit that is not a time; from ten up with any unit, or with a noun (checked later).
 */
function wordNumberMayBeFigure(value: Decimal, unit: UnitWord | null): boolean {
  if (value.equals(HALF_VALUE)) return false;
  return !value.lt(TEN) || (unit !== null && unit.kind !== 'time');
}

/** Mantissas of at most this many digits are read as doubles, exactly (10^15 < 2^53): no string to build. */
const MAX_DOUBLE_DIGITS = 15;
const NON_DIGITS = /[^0-9]/g;

/**
 * The number written in text[start, end): its digits (digit-group separators and the point are the only other
 * characters), the last `fractionDigits` of them after the point. Trailing zeros are not significant
 * (`100` → 1e2): the mantissa ends at the last non-zero digit.
 */
function writtenDecimal(text: string, start: number, end: number, fractionDigits: number): Decimal {
  let lastNonZero = end - 1;
  while (lastNonZero >= start && !isNonZeroDigit(text.charCodeAt(lastNonZero))) lastNonZero--;
  if (lastNonZero < start) return Decimal.ZERO;
  let trailingZeros = 0;
  for (let k = lastNonZero + 1; k < end; k++) if (isDigit(text.charCodeAt(k))) trailingZeros++;
  let digits = 0;
  let mantissa = 0;
  for (let k = start; k <= lastNonZero && digits <= MAX_DOUBLE_DIGITS; k++) {
    const c = text.charCodeAt(k);
    if (isDigit(c)) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    }
  }
  const exponent = trailingZeros - fractionDigits;
  if (digits <= MAX_DOUBLE_DIGITS) return Decimal.ofSafeInteger(mantissa, exponent);
  return Decimal.of(BigInt(text.slice(start, lastNonZero + 1).replace(NON_DIGITS, '')), exponent);
}

function scaledValue(amount: Amount, exponent = amount.exponent): Decimal {
  return exponent === 0 ? amount.number.value : amount.number.value.mul(Decimal.ofSafeInteger(1, exponent));
}

const YEAR_MIN = Decimal.of(1900n);
const YEAR_MAX = Decimal.of(2100n);
const TEN = Decimal.of(10n);

/** Units a parenthetical can restate an amount in: money and measures, not counts or percentages. */
function isConvertibleUnit(unit: UnitCode): boolean {
  return !unit.startsWith('count') && unit !== '%' && unit !== 'pp' && unit !== 'bp';
}

/** Singular of a plural-looking word, or null when it does not look plural. */
function singularOf(word: string): string | null {
  const irregular = IRREGULAR_PLURALS.get(word);
  if (irregular) return irregular;
  if (word.endsWith('children')) return word.slice(0, -3);
  if (word.length < 4 || !word.endsWith('s') || /(?:ss|us|is|'s|’s)$/.test(word)) return null;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(?:sses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** A single amount: interval from the qualifier (exact: ± half a unit of the last written digit, capped). */
function quantity(value: Decimal, unit: UnitCode, precision: number, qualifier: QualifierMatch | null, tolerances: Tolerances): Quantity {
  const kind = qualifier?.spec.kind ?? 'exact';
  const inclusive = qualifier?.spec.inclusive ?? false;
  const magnitude = value.sign() < 0 ? value.neg() : value;
  let interval: Interval;
  switch (kind) {
    case 'approximate': {
      const delta = magnitude.mul(tolerances.approximate);
      interval = closed(value.sub(delta), value.add(delta));
      break;
    }
    case 'at-most-nearly':
      interval = closed(value.sub(magnitude.mul(tolerances.nearly)), value);
      break;
    case 'more-than':
      interval = { low: value, high: null, lowOpen: !inclusive, highOpen: true };
      break;
    case 'less-than':
      interval = { low: Decimal.ZERO, high: value, lowOpen: false, highOpen: !inclusive };
      break;
    default: {
      const delta = Decimal.min(Decimal.ofSafeInteger(5, precision - 1), magnitude.mul(tolerances.exact));
      interval = closed(value.sub(delta), value.add(delta));
    }
  }
  return { value, unit, interval, qualifier: kind, qualifierText: qualifier?.text ?? null };
}

/** `a-b`: the interval [a, b] with its midpoint as the value. */
function rangeQuantity(low: Decimal, high: Decimal, unit: UnitCode, qualifierText: string | null): Quantity {
  return { value: low.add(high).mul(HALF_VALUE), unit, interval: closed(low, high), qualifier: 'range', qualifierText };
}

function closed(low: Decimal, high: Decimal): Interval {
  return { low, high, lowOpen: false, highOpen: false };
}
