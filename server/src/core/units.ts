/**
 * Unit conversion for reconciliation. Exact decimal factors; currencies go
 * through the configured rates (direct pair, inverse pair, or one hop through
 * a common currency).
 */
import { Decimal } from './decimal';
import type { Interval, UnitCode } from './figureTypes';

const LENGTH_IN_METRES: Record<string, Decimal> = {
  m: Decimal.ONE,
  km: Decimal.of(1000n),
  mi: Decimal.parse('1609.344')!,
};
const TIME_IN_HOURS: Record<string, Decimal> = {
  hour: Decimal.ONE,
  day: Decimal.of(24n),
  week: Decimal.of(168n),
};

const isCurrency = (unit: UnitCode) => /^[A-Z]{3}$/.test(unit);
const isCount = (unit: UnitCode) => unit === 'count' || unit.startsWith('count:');

/** The per-period part of a rate unit (`count:flight/week` → ['count:flight', 'week']). */
function splitRate(unit: UnitCode): [UnitCode, string | null] {
  const slash = unit.lastIndexOf('/');
  return slash > 0 ? [unit.slice(0, slash), unit.slice(slash + 1)] : [unit, null];
}

function currencyRate(from: string, to: string, rates: ReadonlyMap<string, Decimal>): Decimal | null {
  if (from === to) return Decimal.ONE;
  const direct = rates.get(`${from}/${to}`);
  if (direct) return direct;
  const inverse = rates.get(`${to}/${from}`);
  if (inverse) return Decimal.ONE.div(inverse);
  for (const pair of rates.keys()) {
    const [a, b] = pair.split('/');
    const pivot = a === from ? b : b === from ? a : null;
    if (!pivot || pivot === to) continue;
    const first = a === from ? rates.get(pair)! : Decimal.ONE.div(rates.get(pair)!);
    const second = rates.get(`${pivot}/${to}`) ?? (rates.get(`${to}/${pivot}`) ? Decimal.ONE.div(rates.get(`${to}/${pivot}`)!) : null);
    if (second) return first.mul(second);
  }
  return null;
}

/**
 * How many `to` one `from` is worth, or null when the units can't be converted.
 * Counted nouns are interchangeable: the noun describes, it does not measure.
 */
export function conversionFactor(from: UnitCode, to: UnitCode, rates: ReadonlyMap<string, Decimal>): Decimal | null {
  if (from === to) return Decimal.ONE;
  const [fromBase, fromPeriod] = splitRate(from);
  const [toBase, toPeriod] = splitRate(to);
  if (fromPeriod !== toPeriod) return null;
  if (fromPeriod !== null) return conversionFactor(fromBase, toBase, rates);
  if (isCurrency(from) && isCurrency(to)) return currencyRate(from, to, rates);
  if (isCount(from) && isCount(to)) return Decimal.ONE;
  for (const table of [LENGTH_IN_METRES, TIME_IN_HOURS]) {
    if (table[from] && table[to]) return table[from].div(table[to]);
  }
  return null;
}

export function scaleInterval(interval: Interval, factor: Decimal): Interval {
  return {
    low: interval.low && interval.low.mul(factor),
    high: interval.high && interval.high.mul(factor),
    lowOpen: interval.lowOpen,
    highOpen: interval.highOpen,
  };
}

/** Intersection of intervals, or null when it is empty. */
export function intersect(a: Interval, b: Interval): Interval | null {
  let low = a.low;
  let lowOpen = a.lowOpen;
  if (b.low && (!low || b.low.gt(low) || (b.low.equals(low) && b.lowOpen))) {
    low = b.low;
    lowOpen = b.lowOpen || (a.low !== null && b.low.equals(a.low) && a.lowOpen);
  }
  let high = a.high;
  let highOpen = a.highOpen;
  if (b.high && (!high || b.high.lt(high) || (b.high.equals(high) && b.highOpen))) {
    high = b.high;
    highOpen = b.highOpen || (a.high !== null && b.high.equals(a.high) && a.highOpen);
  }
  if (low && high) {
    const order = low.compare(high);
    if (order > 0 || (order === 0 && (lowOpen || highOpen))) return null;
  }
  return { low, high, lowOpen, highOpen };
}

/** Widens both bounds by a relative tolerance (for a claim's `tolerance=`). */
export function widen(interval: Interval, tolerance: Decimal): Interval {
  const down = Decimal.ONE.sub(tolerance);
  const up = Decimal.ONE.add(tolerance);
  const stretch = (bound: Decimal | null, towardsZero: boolean) =>
    bound && bound.mul(bound.sign() >= 0 === towardsZero ? down : up);
  return { ...interval, low: stretch(interval.low, true), high: stretch(interval.high, false) };
}

/** Relative width (high − low) / |value|; unbounded intervals are infinitely wide. */
export function relativeWidth(interval: Interval, value: Decimal): number {
  if (!interval.low || !interval.high) return Number.POSITIVE_INFINITY;
  const width = interval.high.sub(interval.low).toNumber();
  const magnitude = Math.abs(value.toNumber());
  return magnitude === 0 ? width : width / magnitude;
}
