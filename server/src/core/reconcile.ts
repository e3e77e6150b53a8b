/**
 * Reconciliation of one claim across the workspace: convert every mention's
 * interval to the claim's unit, intersect, and say which mentions disagree.
 * On a line, intervals that meet pairwise share a common point (Helly), so
 * the intersection is empty exactly when some pair is disjoint.
 */
import type { FactmarkConfig } from './config';
import { Decimal } from './decimal';
import type { Interval, UnitCode } from './figureTypes';
import type { ClaimMention, Definition } from './summary';
import { conversionFactor, intersect, relativeWidth, scaleInterval, widen } from './units';

export type ReconciledStatus = 'consistent' | 'conflict' | 'single' | 'unparsed';

export interface LocatedMention {
  readonly uri: string;
  readonly mention: ClaimMention;
}

export interface ReconciledMention extends LocatedMention {
  /** Interval in the claim's unit (tolerance applied), or null when left out. */
  readonly interval: Interval | null;
  /** Point value in the claim's unit. */
  readonly value: Decimal | null;
  readonly excluded: 'no-value' | 'unit-mismatch' | null;
  /** Indexes (into `mentions`) of the mentions whose intervals are disjoint from this one. */
  readonly disagreesWith: readonly number[];
}

export interface Reconciliation {
  readonly id: string;
  readonly unit: UnitCode | null;
  readonly status: ReconciledStatus;
  /** Intersection of the included intervals (consistent) or null. */
  readonly interval: Interval | null;
  /** Value of the most precise included mention, in the claim's unit. */
  readonly point: Decimal | null;
  readonly mentions: readonly ReconciledMention[];
}

function unitOfDefinition(definition: Definition | undefined): string | undefined {
  return definition?.attributes.find((a) => a.key === 'unit')?.value;
}

/** `unit=USD`, `unit=%`, `unit=km`, rates like `unit=USD/year`; anything else names a counted noun. */
function normalizeDefinedUnit(unit: string): UnitCode {
  const slash = unit.lastIndexOf('/');
  if (slash > 0) return `${normalizeDefinedUnit(unit.slice(0, slash))}/${unit.slice(slash + 1)}`;
  if (/^[A-Z]{3}$/.test(unit)) return unit;
  if (['%', 'pp', 'km', 'm', 'mi', 'day', 'week', 'hour'].includes(unit)) return unit;
  if (unit === 'percent') return '%';
  return unit.startsWith('count') ? unit : `count:${unit}`;
}

function toleranceOf(definition: Definition | undefined): Decimal | null {
  const raw = definition?.attributes.find((a) => a.key === 'tolerance')?.value;
  const match = raw ? /^(\d+(?:\.\d+)?)%$/.exec(raw) : null;
  return match ? Decimal.parse(match[1])!.div(Decimal.of(100n)) : null;
}

interface Converted {
  readonly interval: Interval | null;
  readonly value: Decimal | null;
  readonly excluded: ReconciledMention['excluded'];
}

/** A mention in the claim's unit (a factor of one keeps the mention's own interval and value). */
function convert(quantity: ClaimMention['quantity'], unit: UnitCode | null, tolerance: Decimal | null, config: FactmarkConfig): Converted {
  if (!quantity || !unit) return { interval: null, value: null, excluded: 'no-value' };
  const factor = conversionFactor(quantity.unit, unit, config.rates);
  if (!factor) return { interval: null, value: null, excluded: 'unit-mismatch' };
  const same = factor === Decimal.ONE;
  const interval = same ? quantity.interval : scaleInterval(quantity.interval, factor);
  return { interval: tolerance ? widen(interval, tolerance) : interval, value: same ? quantity.value : quantity.value.mul(factor), excluded: null };
}

export function reconcileClaim(
  id: string,
  definition: Definition | undefined,
  located: readonly LocatedMention[],
  config: FactmarkConfig,
): Reconciliation {
  const definedUnit = unitOfDefinition(definition);
  const firstValued = located.find((l) => l.mention.quantity);
  const unit = definedUnit ? normalizeDefinedUnit(definedUnit) : (firstValued?.mention.quantity?.unit ?? null);
  const tolerance = toleranceOf(definition);

  const converted = located.map((l) => convert(l.mention.quantity, unit, tolerance, config));
  const reconciled = (disagreesWith: (i: number) => readonly number[]): ReconciledMention[] =>
    located.map((l, i) => {
      const { interval, value, excluded } = converted[i];
      return { uri: l.uri, mention: l.mention, interval, value, excluded, disagreesWith: disagreesWith(i) };
    });
  const agreeing = () => [];

  const included = converted.filter((m) => m.interval);
  if (included.length === 0) return { id, unit, status: 'unparsed', interval: null, point: null, mentions: reconciled(agreeing) };
  const interval = included.slice(1).reduce<Interval | null>((acc, m) => acc && intersect(acc, m.interval!), included[0].interval);
  if (interval) {
    // The first of the narrowest (relative widths computed once each: a claim may have thousands of mentions).
    let mostPrecise = included[0];
    let narrowest = relativeWidth(mostPrecise.interval!, mostPrecise.value!);
    for (const m of included) {
      const width = relativeWidth(m.interval!, m.value!);
      if (width < narrowest) [mostPrecise, narrowest] = [m, width];
    }
    const status = included.length === 1 ? 'single' : 'consistent';
    return { id, unit, status, interval, point: mostPrecise.value, mentions: reconciled(agreeing) };
  }
  // Only a conflict needs the pairwise picture (quadratic, but conflicts are small).
  const disjoint = disjointness(converted.map((m) => m.interval));
  const disjointFrom = (i: number): number[] => {
    const indexes: number[] = [];
    if (converted[i].interval) for (let j = 0; j < converted.length; j++) if (j !== i && converted[j].interval && disjoint(i, j)) indexes.push(j);
    return indexes;
  };
  return { id, unit, status: 'conflict', interval: null, point: null, mentions: reconciled(disjointFrom) };
}

/**
 * Whether two of the intervals are disjoint (`intersect` gives null), decided by the ranks of their
 * bounds among all the bounds: the decimals are sorted once instead of compared again for every pair.
 * Intervals meet unless one ends before another begins (or at its beginning, with either bound open).
 */
function disjointness(intervals: readonly (Interval | null)[]): (i: number, j: number) => boolean {
  const bounds: Decimal[] = [];
  for (const interval of intervals) {
    if (interval?.low) bounds.push(interval.low);
    if (interval?.high) bounds.push(interval.high);
  }
  bounds.sort((a, b) => a.compare(b));
  const rank = new Map<Decimal, number>();
  bounds.forEach((bound, k) => rank.set(bound, k > 0 && bound.compare(bounds[k - 1]) === 0 ? rank.get(bounds[k - 1])! : k));
  // An unbounded end ranks beyond every bound.
  const lowRank = intervals.map((interval) => (interval?.low ? rank.get(interval.low)! : Number.NEGATIVE_INFINITY));
  const highRank = intervals.map((interval) => (interval?.high ? rank.get(interval.high)! : Number.POSITIVE_INFINITY));
  const endsBefore = (x: number, y: number) =>
    highRank[x] < lowRank[y] || (highRank[x] === lowRank[y] && (intervals[x]!.highOpen || intervals[y]!.lowOpen));
  return (i, j) => endsBefore(i, j) || endsBefore(j, i) || endsBefore(i, i) || endsBefore(j, j);
}
