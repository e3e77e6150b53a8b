/**
 * Exact decimal numbers: `mantissa × 10^exponent` with a BigInt mantissa.
 * Figures are compared and intersected exactly ("95" never becomes 94.99999);
 * only division (unit conversion in the inverse direction) rounds, to
 * DIVISION_DIGITS significant digits.
 */
const DIVISION_DIGITS = 30;

const POWERS_OF_TEN: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) return (POWERS_OF_TEN[n] ??= 10n ** BigInt(n));
  return 10n ** BigInt(n);
}

/** Mantissas up to this magnitude convert to a double exactly. */
const MAX_EXACT_DOUBLE = BigInt(Number.MAX_SAFE_INTEGER);
/** Powers of ten a double holds exactly (10^0 … 10^22). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, n) => 10 ** n);
/** Relative difference of two approximations beyond any rounding error they carry. */
const CLEARLY_APART = 1e-9;

export class Decimal {
  private constructor(readonly mantissa: bigint, readonly exponent: number) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  static of(mantissa: bigint, exponent = 0): Decimal {
    if (mantissa === 0n) return Decimal.ZERO;
    // A mantissa a double holds exactly loses its trailing zeros there: no BigInt division per digit.
    if (mantissa <= MAX_EXACT_DOUBLE && mantissa >= -MAX_EXACT_DOUBLE) {
      let exact = Number(mantissa);
      if (exact % 10 !== 0) return new Decimal(mantissa, exponent);
      do {
        exact /= 10;
        exponent++;
      } while (exact % 10 === 0);
      return new Decimal(BigInt(exact), exponent);
    }
    while (mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    return new Decimal(mantissa, exponent);
  }

  /** Parses `-12.5`, `1e9`, `95e9`, `0.1389`; returns null for anything else. */
  static parse(text: string): Decimal | null {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/.exec(text.trim());
    if (!match) return null;
    const [, sign, whole, fraction = '', exp = '0'] = match;
    if (whole === '' && fraction === '') return null;
    const mantissa = BigInt(whole + fraction); // leading zeros are fine: BigInt('007') is 7n
    return Decimal.of(sign === '-' ? -mantissa : mantissa, Number(exp) - fraction.length);
  }

  static fromNumber(value: number): Decimal {
    const parsed = Number.isFinite(value) ? Decimal.parse(String(value)) : null;
    if (!parsed) throw new RangeError(`not a finite number: ${value}`);
    return parsed;
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.mantissa === 0n ? 0 : this.mantissa < 0n ? -1 : 1;
  }

  /**
   * `of` for a mantissa that is a safe integer (|m| < 2^53) held in a double. Sums and products of figures mostly
   * stay within 2^53: done in doubles they are still exact, with one BigInt made at the end.
   */
  static ofSafeInteger(mantissa: number, exponent = 0): Decimal {
    if (mantissa === 0) return Decimal.ZERO;
    while (mantissa % 10 === 0) {
      mantissa /= 10;
      exponent++;
    }
    return new Decimal(BigInt(mantissa), exponent);
  }

  private static align(a: Decimal, b: Decimal): [bigint, bigint, number] {
    const exponent = Math.min(a.exponent, b.exponent);
    return [a.mantissa * pow10(a.exponent - exponent), b.mantissa * pow10(b.exponent - exponent), exponent];
  }

  /**
   * `this + sign·other` with exact doubles when both aligned mantissas and their sum are safe integers
   * (an integer product or sum beyond 2^53 never rounds back below it, so the test itself is exact).
   */
  private addSigned(other: Decimal, sign: 1 | -1): Decimal {
    const exponent = Math.min(this.exponent, other.exponent);
    const a = Number(this.mantissa) * (EXACT_POWERS_OF_TEN[this.exponent - exponent] ?? Number.POSITIVE_INFINITY);
    const b = Number(other.mantissa) * (EXACT_POWERS_OF_TEN[other.exponent - exponent] ?? Number.POSITIVE_INFINITY);
    if (Math.abs(a) + Math.abs(b) <= Number.MAX_SAFE_INTEGER) return Decimal.ofSafeInteger(a + sign * b, exponent);
    const [x, y, e] = Decimal.align(this, other);
    return Decimal.of(sign === 1 ? x + y : x - y, e);
  }

  add(other: Decimal): Decimal {
    return this.addSigned(other, 1);
  }

  sub(other: Decimal): Decimal {
    return this.addSigned(other, -1);
  }

  mul(other: Decimal): Decimal {
    const product = Number(this.mantissa) * Number(other.mantissa);
    if (Math.abs(product) <= Number.MAX_SAFE_INTEGER) return Decimal.ofSafeInteger(product, this.exponent + other.exponent);
    return Decimal.of(this.mantissa * other.mantissa, this.exponent + other.exponent);
  }

  /** Division rounded (half away from zero) to DIVISION_DIGITS significant digits. */
  div(other: Decimal): Decimal {
    if (other.isZero()) throw new RangeError('division by zero');
    if (this.isZero()) return Decimal.ZERO;
    // By a power of ten (scales, percent), a mantissa of at most 16 digits is the exact quotient: only the exponent moves.
    if (other.mantissa === 1n && this.mantissa <= MAX_EXACT_DOUBLE && this.mantissa >= -MAX_EXACT_DOUBLE) {
      return new Decimal(this.mantissa, this.exponent - other.exponent);
    }
    const scale = DIVISION_DIGITS + other.digitCount() - this.digitCount() + 1;
    const shifted = this.mantissa * pow10(Math.max(0, scale));
    let quotient = shifted / other.mantissa;
    const remainder = shifted % other.mantissa;
    const absRemainder2 = (remainder < 0n ? -remainder : remainder) * 2n;
    const absDivisor = other.mantissa < 0n ? -other.mantissa : other.mantissa;
    if (absRemainder2 >= absDivisor) quotient += (shifted < 0n) !== (other.mantissa < 0n) ? -1n : 1n;
    return Decimal.of(quotient, this.exponent - other.exponent - Math.max(0, scale));
  }

  neg(): Decimal {
    return Decimal.of(-this.mantissa, this.exponent);
  }

  compare(other: Decimal): -1 | 0 | 1 {
    if (this.exponent === other.exponent) return this.mantissa === other.mantissa ? 0 : this.mantissa < other.mantissa ? -1 : 1;
    // Doubles are within a few ulps of the exact values: when they differ by far more, their order is the exact order.
    const x = this.approximate();
    const y = other.approximate();
    if (Math.abs(x - y) > CLEARLY_APART * Math.max(Math.abs(x), Math.abs(y))) return x < y ? -1 : 1;
    const [a, b] = Decimal.align(this, other);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  lt(other: Decimal): boolean {
    return this.compare(other) < 0;
  }

  gt(other: Decimal): boolean {
    return this.compare(other) > 0;
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.compare(b) <= 0 ? a : b;
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.compare(b) >= 0 ? a : b;
  }

  /** Number of digits in the mantissa (1 for zero). */
  digitCount(): number {
    const abs = this.mantissa < 0n ? -this.mantissa : this.mantissa;
    return abs.toString().length;
  }

  /** Power of ten of the last significant digit (e.g. 95 → 0, 1.5 → -1, 100 → 2). */
  lastDigitExponent(): number {
    return this.exponent;
  }

  /** Within a few ulps of the value (exactly rounded mantissa, one exactly rounded scaling); NaN when the exponent is out of the table. */
  private approximate(): number {
    const e = this.exponent;
    if (e >= 0) return e < EXACT_POWERS_OF_TEN.length ? Number(this.mantissa) * EXACT_POWERS_OF_TEN[e] : Number.NaN;
    return -e < EXACT_POWERS_OF_TEN.length ? Number(this.mantissa) / EXACT_POWERS_OF_TEN[-e] : Number.NaN;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Plain decimal notation, never exponent notation: `95000000000`, `0.1389`, `-2.5`. */
  toString(): string {
    if (this.mantissa === 0n) return '0';
    const negative = this.mantissa < 0n;
    const digits = (negative ? -this.mantissa : this.mantissa).toString();
    let body: string;
    if (this.exponent >= 0) body = digits + '0'.repeat(this.exponent);
    else {
      const point = digits.length + this.exponent;
      body = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
    }
    return negative ? `-${body}` : body;
  }

  /** Rounds to `digits` significant digits (half away from zero). */
  toSignificant(digits: number): Decimal {
    const excess = this.digitCount() - digits;
    if (excess <= 0) return this;
    const divisor = pow10(excess);
    const abs = this.mantissa < 0n ? -this.mantissa : this.mantissa;
    let rounded = abs / divisor;
    if ((abs % divisor) * 2n >= divisor) rounded += 1n;
    return Decimal.of(this.mantissa < 0n ? -rounded : rounded, this.exponent + excess);
  }
}
