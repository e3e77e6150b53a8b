/**
 * Human-readable quantities, shared by every adapter (hover, inlay hints,
 * CLI tables, messages): `95 billion USD`, `35 %`, `≥ 10,000`, `90–100 billion USD`.
 */
import { Decimal } from './decimal';
import type { Interval, UnitCode } from './figureTypes';

/** The scale words numbers are written with, largest first, by power of ten. */
export const SCALE_WORDS: readonly (readonly [number, string])[] = [
  [12, 'trillion'],
  [9, 'billion'],
  [6, 'million'],
];
const SCALES = SCALE_WORDS.map(([power, word]) => [Decimal.of(1n, power), word] as const);

/** `95000000000` → `95 billion`; `10000` → `10,000`; at most 4 significant digits. */
export function formatNumber(value: Decimal): string {
  const abs = value.sign() < 0 ? value.neg() : value;
  for (const [scale, word] of SCALES) {
    if (!abs.lt(scale)) return `${value.div(scale).toSignificant(4).toString()} ${word}`;
  }
  const [whole, fraction] = value.toSignificant(Math.max(4, value.digitCount() + value.exponent)).toString().split('.');
  const grouped = groupThousands(whole);
  return fraction ? `${grouped}.${fraction.slice(0, 3)}` : grouped;
}

/** `-1234567` → `-1,234,567`. A loop: the usual lookahead regex for this backtracks quadratically. */
export function groupThousands(whole: string): string {
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.slice(sign.length);
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return sign + grouped;
}

/** Unit as people write it after a number. */
export function formatUnit(unit: UnitCode): string {
  if (unit === '%') return '%';
  if (unit === 'pp') return 'percentage points';
  if (unit === 'count') return '';
  return unit.replace(/^count:/, '').replace(/\/(\w+)$/, ' per $1');
}

/** An amount whose number is already formatted. */
function withUnit(number: string, unit: UnitCode): string {
  const u = formatUnit(unit);
  return unit === '%' ? `${number}%` : u ? `${number} ${u}` : number;
}

export function formatAmount(value: Decimal, unit: UnitCode): string {
  return withUnit(formatNumber(value), unit);
}

/** `90–100 billion USD`, `> 26 billion USD`, `< 5%`. */
export function formatIntervalAmount(interval: Interval, unit: UnitCode): string {
  const { low, high } = interval;
  if (low && high) {
    if (low.equals(high)) return formatAmount(low, unit);
    // `94.5–95.5 billion USD` rather than `94.5 billion USD – 95.5 billion USD` when the scale words agree.
    const lowText = formatNumber(low);
    const highText = formatNumber(high);
    const [lowNumber, lowScale = ''] = lowText.split(' ');
    const highScale = highText.split(' ')[1] ?? '';
    if (lowScale === highScale) return `${lowNumber}–${withUnit(highText, unit)}`;
    return `${withUnit(lowText, unit)} – ${withUnit(highText, unit)}`;
  }
  if (low) return `${interval.lowOpen ? '>' : '≥'} ${formatAmount(low, unit)}`;
  if (high) return `${interval.highOpen ? '<' : '≤'} ${formatAmount(high, unit)}`;
  return 'any value';
}
