/**
 * Quantities and intervals as people read them in hovers, inlay hints and
 * code lenses: `95 bn USD`, `90 bn – 100 bn USD`, `> 10,000 ventures`, `35%`.
 */
import { Decimal } from '../core/decimal';
import type { Interval, Quantity, UnitCode } from '../core/figureTypes';
import { groupThousands } from '../core/format';

const SCALES: readonly [power: number, suffix: string][] = [
  [12, 'tn'],
  [9, 'bn'],
  [6, 'mn'],
];

/** `12345.6` → `12,345.6`; four digits stay together (`5000`), as hovers are read at a glance. */
function groupLongNumber(plain: string): string {
  const [whole, fraction] = plain.split('.');
  const digitCount = whole.length - (whole.startsWith('-') ? 1 : 0);
  return (digitCount > 4 ? groupThousands(whole) : whole) + (fraction ? `.${fraction}` : '');
}

/** `95000000000` → `95 bn`; `10000` → `10,000`; at most 4 significant digits above a million. */
export function humanNumber(value: Decimal): string {
  const magnitude = value.sign() < 0 ? value.neg() : value;
  for (const [power, suffix] of SCALES) {
    if (magnitude.compare(Decimal.of(1n, power)) >= 0) return `${value.mul(Decimal.of(1n, -power)).toSignificant(4).toString()} ${suffix}`;
  }
  return groupLongNumber(value.toSignificant(6).toString());
}

function plural(noun: string): string {
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** The unit as a suffix of a number: `%` joins it, words follow a space; counted nouns agree in number. */
export function unitSuffix(unit: UnitCode, singular = false): string {
  const slash = unit.lastIndexOf('/');
  if (slash > 0 && !/^[A-Z]{3}\/[A-Z]{3}$/.test(unit)) return `${unitSuffix(unit.slice(0, slash), singular)} per ${unit.slice(slash + 1)}`;
  if (unit === '%') return '%';
  if (unit === 'count') return '';
  if (unit.startsWith('count:')) {
    const noun = unit.slice('count:'.length);
    return ` ${singular ? noun : plural(noun)}`;
  }
  if (['day', 'week', 'month', 'year', 'hour'].includes(unit)) return ` ${singular ? unit : plural(unit)}`;
  return ` ${unit}`;
}

export function humanQuantity(value: Decimal, unit: UnitCode): string {
  return humanNumber(value) + unitSuffix(unit, value.equals(Decimal.ONE));
}

/** `90 bn – 100 bn USD`, `> 10,000 ventures`, `< 5%`, `95 bn USD` (a point). */
export function humanInterval(interval: Interval, unit: UnitCode | null): string {
  const suffix = unit ? unitSuffix(unit) : '';
  const { low, high } = interval;
  if (low && high && !low.isZero()) {
    const lowText = humanNumber(low);
    const highText = humanNumber(high);
    return lowText === highText ? lowText + suffix : `${lowText} – ${highText}${suffix}`;
  }
  if (high) return `${interval.highOpen ? '<' : '≤'} ${humanNumber(high)}${suffix}`;
  if (low) return `${interval.lowOpen ? '>' : '≥'} ${humanNumber(low)}${suffix}`;
  return 'any value';
}

/**
 * A quantity with its interval: a point where the text gives one
 * (`95 bn USD (94.5 bn – 95.5 bn USD)`), else the interval first
 * (`90 bn – 100 bn USD (“nearly” 100 bn USD)`).
 */
export function describeQuantity(quantity: Quantity): string {
  const point = humanQuantity(quantity.value, quantity.unit);
  const interval = humanInterval(quantity.interval, quantity.unit);
  const words = quantity.qualifierText ? `“${quantity.qualifierText}”` : undefined;
  if (quantity.qualifier === 'exact' || quantity.qualifier === 'approximate') return `${point} (${[interval, words].filter(Boolean).join(', ')})`;
  if (quantity.qualifier === 'range') return interval;
  return `${interval} (${[words, point].filter(Boolean).join(' ')})`;
}

/** `5 mentions in 3 articles`, `1 citation in 1 article`, `no mentions` (sources are cited, the rest mentioned). */
export function mentionCount(kind: 'entity' | 'claim' | 'source', mentions: number, articles: number): string {
  const noun = kind === 'source' ? 'citation' : 'mention';
  if (mentions === 0) return `no ${noun}s`;
  return `${mentions} ${noun}${mentions === 1 ? '' : 's'} in ${articles} article${articles === 1 ? '' : 's'}`;
}

/** Only http(s) URLs become links (no `file:`, `javascript:` or `command:` from an article). */
export function isHttpUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/\S+$/i.test(url);
}

/**
 * An http(s) URL as a Markdown autolink `<…>` (none for other URLs). The URL parser re-serializes
 * it with `<`, `>` and `"` percent-encoded, so `https://x/>[y](command:…)` cannot end the autolink
 * early and smuggle a link into the hover.
 */
export function httpAutolink(url: string | undefined): string[] {
  if (!isHttpUrl(url)) return [];
  try {
    return [`<${new URL(url).href}>`];
  } catch {
    return [];
  }
}

/** Escapes text for Markdown, on one line (and for a table cell: `|` too); a leading `#` would start a heading. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`)
    .replace(/^#/, '\\#')
    .replace(/\r?\n/g, ' ');
}
