/**
 * The analysis core on any input: parse, recognizeFigures, summarize and the
 * workspace diagnostics never throw, every range lies inside the text and is
 * ordered, every problem has a message, and the prose is as long as the text
 * (invariants.ts lists them all). Bounded runs here; `npm run fuzz` runs the
 * same properties a million times.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fc } from '../support/property';
import { arbitraryText, coreViolations, loadSamples, mutatedSample } from './invariants';

const samples = loadSamples(resolve(__dirname, '../../..'));
const keepsInvariants = (text: string) => assert.equal(coreViolations(text, samples).join('\n'), '', `input: ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '…' : text)}`);

/** Inputs that once were (or could easily be) edge cases: empty, unterminated, encoding oddities. */
const EDGE_CASES: readonly (readonly [name: string, text: string])[] = [
  ['empty', ''],
  ['a BOM alone', '\ufeff'],
  ['a BOM before front matter', '\ufeff---\ntitle: x\n---\nA [5%]{#c} rise.'],
  ['an unclosed front matter', '---\ntitle: x\n'],
  ['an open bracket at the end', 'Trade rose ['],
  ['an open attribute block at the end', '[5%]{'],
  ['an open quote at the end', '[5%]{note="'],
  ['an escape at the end', 'Trade\\'],
  ['an open comment', '<!-- never closed [5%]{#c}'],
  ['a citation with no id', '[^]'],
  ['a definition with no id', '[@]: Nobody'],
  ['a definition head alone', '[#c]:'],
  ['CRLF everywhere', '[@a]: A {aka="Aa"}\r\n\r\nAa said [5%]{#c}.\r\n[#c]: C\r\n'],
  ['lone CRs', 'One\rtwo [5%]{#c}\r[#c]: C'],
  ['a lone high surrogate before a span', '\ud800[5%]{#c}'],
  ['a lone low surrogate inside a span', '[5\udc00%]{#c}'],
  ['emoji around a figure', '😀 $5 billion 😀'],
  ['NUL characters', 'a\u0000[5%]{#c\u0000}\u0000'],
  ['only line breaks', '\n\r\n\r'],
  ['nested-looking spans', '[[a]{@x}]{@y}'],
  ['a span across a paragraph break', '[a\n\nb]{@x}'],
  ['an attribute key with no value', '[a]{key=}'],
  ['by with no id', '[5%]{by=@}'],
  ['a figure made of separators', '1,,,,....----%%%%'],
  ['a huge exponent', '[x]{#c value="1e999999 USD"}'],
];

describe('the core keeps its invariants', () => {
  for (const [name, text] of EDGE_CASES) test(`on ${name}`, () => keepsInvariants(text));

  test('on every sample article as it is', () => {
    for (const text of samples.texts) keepsInvariants(text);
  });

  test('on arbitrary strings (any code point, lone surrogates, markup soup)', () => {
    fc.assert(fc.property(arbitraryText(300), keepsInvariants), { numRuns: 1000, includeErrorInReport: true });
  });

  test('on stretches of sample articles with markup characters and digits inserted and text deleted', () => {
    fc.assert(fc.property(mutatedSample(samples.texts, { window: 1500 }), keepsInvariants), { numRuns: 1000, includeErrorInReport: true });
  });

  test('on whole sample articles with up to 30 mutations', () => {
    fc.assert(fc.property(mutatedSample(samples.texts), keepsInvariants), { numRuns: 80, includeErrorInReport: true });
  });
});
