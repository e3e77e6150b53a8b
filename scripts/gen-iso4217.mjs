// Generates server/src/data/iso4217.json from the installed `currency-codes`
// package: one entry per ISO 4217 code (code, name, minor units), sorted by
// code, so the output only changes when the package's data does.
// Usage: node scripts/gen-iso4217.mjs
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { data, publishDate } = require('currency-codes');
const { version } = require('currency-codes/package.json');

const currencies = data
  .map((record) => ({ code: record.code, name: record.currency, minorUnits: Number.isInteger(record.digits) ? record.digits : null }))
  .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

// One currency per line: small, readable diffs when the package data changes.
const source = JSON.stringify(`currency-codes ${version}, ISO 4217 list of ${publishDate}`);
const lines = currencies.map((currency) => `    ${JSON.stringify(currency)}`);
const target = new URL('../server/src/data/iso4217.json', import.meta.url);
writeFileSync(target, `{\n  "source": ${source},\n  "currencies": [\n${lines.join(',\n')}\n  ]\n}\n`);
console.log(`wrote ${currencies.length} currencies to ${target.pathname}`);
