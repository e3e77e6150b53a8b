/**
 * `node out/bench/markdownItParse.js <folder>`: tokenizes every article of the folder with
 * markdown-it (parse only: no rendering, no rules). What a widely used JavaScript tokenizer alone
 * costs on the bench's bytes, start-up and reading included, beside `factmark check`, which
 * parses, recognizes figures, indexes, reconciles and writes a report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// markdown-it ships no types (it is a devDependency: test/robustness/security.test.ts renders hovers with it).
const MarkdownIt = require('markdown-it') as new () => { parse(source: string, env: object): unknown[] };

const folder = process.argv[2];
if (!folder) throw new Error('usage: markdownItParse.js <folder>');
const parser = new MarkdownIt();
let tokens = 0;
for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
  if (entry.endsWith('.fmk')) tokens += parser.parse(readFileSync(join(folder, entry), 'utf8'), {}).length;
}
console.log(`${tokens} tokens`);
