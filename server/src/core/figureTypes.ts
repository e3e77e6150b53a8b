/**
 * What the figure recognizer produces. A figure is a quantity in prose
 * (money, percentage, count, quantity with a unit), normalized to an exact
 * decimal value, a unit and an interval derived from its qualifier.
 */
import type { Decimal } from './decimal';
import type { TextRange } from './text';

/**
 * Unit codes:
 * - ISO 4217 currency code: `USD`, `CNY`, `KZT`, …
 * - `%` percent, `pp` percentage points
 * - lengths `km`, `m`, `mi`; times `day`, `week`, `month`, `year`, `hour`
 * - counted nouns `count:<noun>` (singular, lower case: `count:container`, `count:enterprise`)
 * - `count` for a bare number with no recognizable noun
 * - rate units `<unit>/<period>`, e.g. `count:flight/week` for "100 per week" (noun may be `count`)
 */
export type UnitCode = string;

export type Qualifier =
  | 'exact'
  | 'approximate' // about, around, approximately, roughly, some, ~
  | 'at-most-nearly' // nearly, almost, approaching, approached, close to, just under
  | 'more-than' // more than, over, exceeded, surpassing, surpassed, at least, topped
  | 'less-than' // less than, under, below, up to, at most
  | 'range'; // a-b, a–b, a to b

/**
 * Interval of plausible true values. `null` bound = unbounded.
 * Open bounds are exclusive (`more than x` → (x, ∞)).
 */
export interface Interval {
  readonly low: Decimal | null;
  readonly high: Decimal | null;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
}

export interface Quantity {
  /** Point value (for ranges: the midpoint), exact. */
  readonly value: Decimal;
  readonly unit: UnitCode;
  readonly interval: Interval;
  readonly qualifier: Qualifier;
  /** The qualifier words as written (`nearly`, `more than`), or null for exact. */
  readonly qualifierText: string | null;
}

export interface Figure extends Quantity {
  /** Whole figure as written, including its qualifier words. */
  readonly range: TextRange;
  readonly text: string;
  /**
   * A parenthetical restatement in another unit: `1.5 billion yuan (US$208 million)`.
   * One figure stated twice: `range` covers both parts; `conversion` describes the second.
   */
  readonly conversion?: Quantity & { readonly range: TextRange; readonly text: string };
}

/** Tolerances (fractions, e.g. 0.05) the recognizer applies per qualifier. */
export interface Tolerances {
  /** Cap for an exact figure's ± half-unit interval (default 0.05). */
  readonly exact: Decimal;
  /** ± for about/around/… (default 0.10). */
  readonly approximate: Decimal;
  /** `nearly x` → [x·(1−nearly), x] (default 0.10). */
  readonly nearly: Decimal;
}

export interface RecognizerOptions {
  readonly tolerances: Tolerances;
  /** What a bare `$` means (default USD). `¥` without configuration is ambiguous → unit `¥?` left unconvertible. */
  readonly dollarCurrency: string;
  readonly yenSymbolCurrency?: string;
}
