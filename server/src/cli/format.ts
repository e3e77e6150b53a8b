/**
 * Small text helpers shared by the CLI's renderers: readable exact numbers,
 * intervals, aligned columns, plurals, and an output sink that streams.
 */
import { Decimal } from '../core/decimal';
import { groupThousands, SCALE_WORDS } from '../core/format';
import type { ReportInterval } from '../core/reports';

/**
 * An exact decimal string for people: `95000000000` → `95 billion`,
 * `94500000000` → `94.5 billion`, `10000` → `10,000`. Exact: only the
 * decimal point moves, nothing is rounded.
 */
export function readableNumber(decimal: string): string {
  const value = Decimal.parse(decimal);
  if (!value) return decimal;
  const negative = value.sign() < 0;
  const magnitude = negative ? value.neg() : value;
  let body: string | undefined;
  for (const [power, word] of SCALE_WORDS) {
    if (magnitude.compare(Decimal.of(1n, power)) >= 0) {
      body = `${Decimal.of(magnitude.mantissa, magnitude.exponent - power).toString()} ${word}`;
      break;
    }
  }
  if (body === undefined) {
    const [whole, fraction] = magnitude.toString().split('.');
    body = groupThousands(whole) + (fraction === undefined ? '' : `.${fraction}`);
  }
  return negative ? `-${body}` : body;
}

/** `[94.5 billion, 95.5 billion]`, `(10,000, ∞)`; `readable: false` keeps the exact decimal strings. */
export function formatReportInterval(interval: ReportInterval, readable = true): string {
  const show = (bound: string) => (readable ? readableNumber(bound) : bound);
  const low = interval.low === null ? '-∞' : show(interval.low);
  const high = interval.high === null ? '∞' : show(interval.high);
  const open = interval.lowOpen || interval.low === null ? '(' : '[';
  const close = interval.highOpen || interval.high === null ? ')' : ']';
  return `${open}${low}, ${high}${close}`;
}

/**
 * A quantity with its unit code for people: `95 billion USD`, `35%`,
 * `5,000 enterprise` (counted nouns lose their `count:` prefix).
 */
export function quantityText(decimal: string, unit: string | null): string {
  const number = readableNumber(decimal);
  if (unit === null || unit === 'count') return number;
  if (unit === '%') return `${number}%`;
  return `${number} ${unit.startsWith('count:') ? unit.slice('count:'.length) : unit}`;
}

/** Whether a text holds a UTF-16 surrogate: only then do its code points and code units differ. */
export const SURROGATE = /[\uD800-\uDFFF]/;

/** Length in code points, so columns line up for text outside the BMP too. */
export function displayWidth(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let width = 0;
  for (const _ of text) width++;
  return width;
}

/** Pads every column but the last to its widest cell, two spaces apart; trailing spaces trimmed. */
export function alignColumns(rows: readonly (readonly string[])[], widths = columnWidths(rows)): string[] {
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - displayWidth(cell))))
      .join('  ')
      .trimEnd(),
  );
}

export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return widths;
}

/** `1 error`, `3 errors`, `2 infos`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What oneLine changes: white space other than single spaces between words. */
const NOT_ONE_LINE = /[^\S ]| {2}|^ | $/;

/** Collapses line breaks and runs of white space: report cells are one line. */
export function oneLine(text: string): string {
  // Most texts are one line already: a test is much cheaper than a replace that rebuilds them.
  return NOT_ONE_LINE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

const OUTPUT_CHUNK_BYTES = 1 << 20;

/**
 * Buffers output as UTF-8 and hands it to the stream in large chunks, so a
 * report over thousands of files streams without one write per line (and
 * without building one huge string: texts are encoded as they come).
 */
export class Output {
  private buffer = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
  private used = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.stream.write(text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  line(text = ''): void {
    this.write(text + '\n');
  }

  flush(): void {
    if (this.used === 0) return;
    // The stream may keep the chunk (a pipe's pending write): hand it over and start a new one.
    this.stream.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(OUTPUT_CHUNK_BYTES);
    this.used = 0;
  }
}

/** Starts each item of a list (a file's JSON entry, a printed diagnostic, a claim), writing the separator between consecutive ones. */
export class Items {
  count = 0;

  constructor(private readonly out: Output, private readonly separator: string) {}

  /** Where the next item is written. */
  next(): Output {
    if (this.count++ > 0) this.out.write(this.separator);
    return this.out;
  }
}
