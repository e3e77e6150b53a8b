/** Packed numbers are zigzag varints: every 32-bit integer, range and decimal must read back as it was written. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Decimal } from '../../server/src/core/decimal';
import { Packer, Unpacker } from '../../server/src/core/packing';

describe('packing', () => {
  const numbers = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, 16383, 16384, 2 ** 21, 2 ** 28, -(2 ** 28), 2 ** 31 - 1, -(2 ** 31)];

  test('numbers read back, and a skip lands where a read would', () => {
    const out = new Packer(1);
    for (const n of numbers) out.number(n);
    out.string('end');
    const packed = out.finish();
    const input = new Unpacker(packed);
    assert.deepEqual(
      numbers.map(() => input.number()),
      numbers,
    );
    assert.equal(input.string(), 'end');
    const skipping = new Unpacker(packed);
    skipping.skipNumbers(numbers.length - 1);
    assert.equal(skipping.number(), numbers.at(-1));
  });

  test('small numbers take one byte each', () => {
    const out = new Packer();
    for (const n of [0, -1, 63, -64]) out.number(n);
    assert.equal(out.finish().numbers.length, 4);
  });

  test('ranges, strings and decimals read back in order', () => {
    const decimals = ['0', '-3.5', '95e9', '123456789012345678901234567890', '-0.000001'].map((d) => Decimal.parse(d));
    const out = new Packer(2);
    out.range({ start: 70_000, end: 70_011 });
    out.string(null);
    out.stringList(['a', '', 'naïve “quoted”']);
    for (const d of decimals) out.decimal(d);
    out.decimal(null);
    out.range({ start: 0, end: 2 ** 31 - 1 });
    const input = new Unpacker(out.finish());
    assert.deepEqual(input.range(), { start: 70_000, end: 70_011 });
    assert.equal(input.optionalString(), undefined);
    assert.deepEqual(input.stringList(), ['a', '', 'naïve “quoted”']);
    for (const d of decimals) assert.equal(input.decimal()?.toString(), d?.toString());
    assert.equal(input.decimal(), null);
    assert.deepEqual(input.range(), { start: 0, end: 2 ** 31 - 1 });
  });
});
