/**
 * Packs summary parts into two flat values: numbers in one Int32Array and
 * strings one after another in one string (their lengths among the
 * numbers). A packed part costs a few bytes per number and per character
 * where the objects it stands for cost a hundred bytes or more each; it is
 * transferred to another thread without a copy, and read back on demand.
 */
import { Decimal } from './decimal';
import type { TextRange } from './text';

export interface Packed {
  readonly numbers: Int32Array;
  readonly strings: string;
}

/** Where a reader starts: a part packed among others. */
export interface PackedPosition {
  readonly number: number;
  readonly string: number;
}

/** The length of an absent string or list, or the tag of an absent decimal. */
export const ABSENT = -1;
/** Decimal tags: the mantissa follows as a number, or as a string of digits (too large for one). */
const SMALL_MANTISSA = 0;
const LARGE_MANTISSA = 1;
const MIN_INT32 = -(2n ** 31n);
const MAX_INT32 = 2n ** 31n - 1n;

export class Packer {
  private numbers: Int32Array;
  private length = 0;
  private readonly strings: string[] = [];
  private stringLength = 0;

  constructor(initialNumbers = 256) {
    this.numbers = new Int32Array(initialNumbers);
  }

  /** Where the next part starts. */
  get position(): PackedPosition {
    return { number: this.length, string: this.stringLength };
  }

  number(value: number): void {
    if (this.length === this.numbers.length) this.reserve(1);
    this.numbers[this.length++] = value;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.numbers.length) return;
    const grown = new Int32Array(Math.max(this.numbers.length * 2, this.length + count));
    grown.set(this.numbers.subarray(0, this.length));
    this.numbers = grown;
  }

  string(value: string | null | undefined): void {
    if (value === null || value === undefined) return this.number(ABSENT);
    this.number(value.length);
    this.strings.push(value);
    this.stringLength += value.length;
  }

  stringList(values: readonly string[]): void {
    this.number(values.length);
    for (const value of values) this.string(value);
  }

  range(range: TextRange): void {
    this.number(range.start);
    this.number(range.end);
  }

  /** Mantissa and exponent exactly as stored (a Decimal is kept normalized, so unpacking gives the same one). */
  decimal(value: Decimal | null): void {
    if (value === null) return this.number(ABSENT);
    if (value.mantissa >= MIN_INT32 && value.mantissa <= MAX_INT32) {
      this.number(SMALL_MANTISSA);
      this.number(Number(value.mantissa));
    } else {
      this.number(LARGE_MANTISSA);
      this.string(value.mantissa.toString());
    }
    this.number(value.exponent);
  }

  /** The packed value, in arrays of exactly its size. */
  finish(): Packed {
    return { numbers: this.numbers.slice(0, this.length), strings: this.strings.join('') };
  }
}

export class Unpacker {
  private numberAt: number;
  private stringAt: number;

  constructor(
    private readonly packed: Packed,
    from: PackedPosition = { number: 0, string: 0 },
  ) {
    this.numberAt = from.number;
    this.stringAt = from.string;
  }

  number(): number {
    return this.packed.numbers[this.numberAt++];
  }

  string(): string {
    return this.optionalString()!;
  }

  optionalString(): string | undefined {
    const length = this.number();
    if (length === ABSENT) return undefined;
    const start = this.stringAt;
    this.stringAt += length;
    return this.packed.strings.slice(start, this.stringAt);
  }

  /** Reads a string and tells whether it is `value`, without building it. */
  stringEquals(value: string): boolean {
    const length = this.number();
    if (length === ABSENT) return false;
    const start = this.stringAt;
    this.stringAt += length;
    return length === value.length && this.packed.strings.startsWith(value, start);
  }

  skipString(): void {
    const length = this.number();
    if (length !== ABSENT) this.stringAt += length;
  }

  skipNumbers(count: number): void {
    this.numberAt += count;
  }

  stringList(): string[] {
    const values: string[] = [];
    for (let n = this.number(); n > 0; n--) values.push(this.string());
    return values;
  }

  range(): TextRange {
    const start = this.number();
    return { start, end: this.number() };
  }

  decimal(): Decimal | null {
    const tag = this.number();
    if (tag === ABSENT) return null;
    const mantissa = tag === SMALL_MANTISSA ? BigInt(this.number()) : BigInt(this.string());
    return Decimal.of(mantissa, this.number());
  }
}
