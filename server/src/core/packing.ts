/**
 * Packs summary parts into two flat values: numbers in one byte array and
 * strings one after another in one string (their lengths among the
 * numbers). A packed part costs a byte or two per number and one per
 * character where the objects it stands for cost a hundred bytes or more
 * each; it is transferred to another thread without a copy, and read back on
 * demand, front to back.
 *
 * Numbers are zigzag varints: most are lengths, flags and range lengths (a
 * range is its start and its length), one byte each; as 32-bit integers they
 * were a third of a closed file's memory.
 */
import { Decimal } from './decimal';
import type { TextRange } from './text';

export interface Packed {
  readonly numbers: Uint8Array;
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
/** A 32-bit integer takes at most five bytes of seven bits. */
const MAX_VARINT_BYTES = 5;
const MIN_INT32 = -(2n ** 31n);
const MAX_INT32 = 2n ** 31n - 1n;

export class Packer {
  private bytes: Uint8Array;
  private length = 0;
  private readonly strings: string[] = [];
  private stringLength = 0;

  constructor(initialBytes = 256) {
    this.bytes = new Uint8Array(initialBytes);
  }

  /** Where the next part starts. */
  get position(): PackedPosition {
    return { number: this.length, string: this.stringLength };
  }

  /** A 32-bit integer. Zigzag first, so that small negatives (absent, exponents) take one byte too. */
  number(value: number): void {
    if (this.length + MAX_VARINT_BYTES > this.bytes.length) this.grow();
    let rest = ((value << 1) ^ (value >> 31)) >>> 0;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.bytes[this.length++] = rest;
  }

  private grow(): void {
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + MAX_VARINT_BYTES));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
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
    this.number(range.end - range.start);
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

  /** Bytes as they are, after their count. */
  byteArray(value: Uint8Array): void {
    this.number(value.length);
    while (this.length + value.length > this.bytes.length) this.grow();
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  /** Appends what another packer holds. */
  append(other: Packer): void {
    while (this.length + other.length > this.bytes.length) this.grow();
    this.bytes.set(other.bytes.subarray(0, other.length), this.length);
    this.length += other.length;
    for (const value of other.strings) this.strings.push(value);
    this.stringLength += other.stringLength;
  }

  /** The packed value, in arrays of exactly its size. */
  finish(): Packed {
    return { numbers: this.bytes.slice(0, this.length), strings: this.strings.join('') };
  }
}

export class Unpacker {
  private numberAt: number;
  private stringAt: number;

  constructor(
    readonly packed: Packed,
    from: PackedPosition = { number: 0, string: 0 },
  ) {
    this.numberAt = from.number;
    this.stringAt = from.string;
  }

  get position(): PackedPosition {
    return { number: this.numberAt, string: this.stringAt };
  }

  seek(numberAt: number, stringAt: number): void {
    this.numberAt = numberAt;
    this.stringAt = stringAt;
  }

  skipBytes(count: number): void {
    this.numberAt += count;
  }

  number(): number {
    const bytes = this.packed.numbers;
    let byte = bytes[this.numberAt++];
    let zigzag = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      byte = bytes[this.numberAt++];
      zigzag |= (byte & 0x7f) << shift;
    }
    return (zigzag >>> 1) ^ -(zigzag & 1);
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
    const bytes = this.packed.numbers;
    for (let n = count; n > 0; n--) while (bytes[this.numberAt++] >= 0x80);
  }

  /** What Packer.byteArray packed, copied out; throws when fewer bytes are left than its count says. */
  byteArray(): Uint8Array {
    const count = this.number();
    const end = this.numberAt + count;
    if (count < 0 || end > this.packed.numbers.length) throw new RangeError(`${count} bytes packed, ${this.packed.numbers.length - this.numberAt} left`);
    const bytes = this.packed.numbers.slice(this.numberAt, end);
    this.numberAt = end;
    return bytes;
  }

  stringList(): string[] {
    const values: string[] = [];
    for (let n = this.number(); n > 0; n--) values.push(this.string());
    return values;
  }

  range(): TextRange {
    const start = this.number();
    return { start, end: start + this.number() };
  }

  decimal(): Decimal | null {
    const tag = this.number();
    if (tag === ABSENT) return null;
    const mantissa = tag === SMALL_MANTISSA ? BigInt(this.number()) : BigInt(this.string());
    return Decimal.of(mantissa, this.number());
  }
}
