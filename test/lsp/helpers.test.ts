/**
 * The pure pieces under the server's features, without a server: what is
 * being typed at a cursor (completion), ids suggested for new claims, and
 * quantities written for people.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { Decimal } from '../../server/src/core/decimal';
import { completionContextAt, suggestClaimId } from '../../server/src/core/navigation';
import { summarize } from '../../server/src/core/summary';
import { humanInterval, humanNumber, humanQuantity } from '../../server/src/lsp/format';
import { parseFixture } from '../support/fixture';

describe('what is being typed', () => {
  const cases: [string, string, string][] = [
    ['a claim id in a span', 'Trade [$95 billion]{#tr‸}', 'id claim "tr" definitionHead=false'],
    ['a source id after other items', 'Trade [$95 billion]{#trade ^xin‸}', 'id source "xin" definitionHead=false'],
    ['a speaker', 'Trade [$95 billion]{#trade by=@to‸}', 'id entity "to" definitionHead=false'],
    ['a key other than by takes no id', 'Trade [$95 billion]{note=@to‸}', 'none'],
    ['a citation reference', 'Trade rose.[^‸', 'id source "" definitionHead=false'],
    ['a new definition', '[#gr‸', 'id claim "gr" definitionHead=true'],
    ['an entity in front matter', '---\noutlet: "@ast‸"\n---\n', 'id entity "ast" definitionHead=false'],
    ['a sigil in prose is not completed', 'Email me @jo‸', 'none'],
    ['a span attribute key', 'Trade [$95 billion]{#trade as‸}', 'attribute-key span "as"'],
    ['a definition attribute key', '[@xi]: Xi Jinping {ty‸}', 'attribute-key entity "ty"'],
    ['a key on a continuation line', '[^x]: Xinhua\n  {publisher="Xinhua" ki‸}', 'attribute-key source "ki"'],
    ['an attribute value', '[@xi]: Xi Jinping {type=pe‸}', 'attribute-value entity type "pe"'],
    ['inside a quoted value nothing is completed', '[@xi]: Xi Jinping {aka="Head of ‸', 'none'],
    ['after a closed attribute block nothing is completed', 'Trade [$95 billion]{#trade} and ‸', 'none'],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => {
      const { text, cursors } = parseFixture(source).files[0];
      const typed = completionContextAt(text, summarize(text, DEFAULT_CONFIG), cursors.get('')!);
      const rendered = !typed
        ? 'none'
        : typed.type === 'id'
          ? `id ${typed.kind} "${typed.prefix}" definitionHead=${typed.definitionHead}`
          : typed.type === 'attribute-key'
            ? `attribute-key ${typed.owner} "${typed.prefix}"`
            : `attribute-value ${typed.owner} ${typed.key} "${typed.prefix}"`;
      assert.equal(rendered, expected);
    });
  }
});

describe('ids for new claims', () => {
  const taken = new Set(['trade']);
  const cases: [string, string, string][] = [
    ['content words of the clause before the figure', 'The number of joint ventures has surpassed ⟦10,000⟧.', 'number-joint-ventures'],
    ['markup is not words, and a taken id gets a number', 'Trade reached [nearly $100 billion]{#trade} last year, and ⟦35%⟧ more.', 'trade-2'],
    ['words after the figure when none come before', '⟦1.5 billion yuan⟧ grant for Central Asia.', 'grant-central-asia'],
    ['a fallback when there are no words', '⟦35%⟧.', 'claim'],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => {
      const { text, ranges } = parseFixture(source).files[0];
      assert.equal(suggestClaimId(text, ranges[0], (id) => taken.has(id)), expected);
    });
  }
});

describe('quantities for people', () => {
  const d = (text: string) => Decimal.parse(text)!;
  const cases: [string, string][] = [
    [humanNumber(d('95000000000')), '95 bn'],
    [humanNumber(d('94500000000')), '94.5 bn'],
    [humanNumber(d('208000000')), '208 mn'],
    [humanNumber(d('1389000000000')), '1.389 tn'],
    [humanNumber(d('10000')), '10,000'],
    [humanNumber(d('1234.5')), '1234.5'],
    [humanNumber(d('-35000')), '-35,000'],
    [humanQuantity(d('35'), '%'), '35%'],
    [humanQuantity(d('210000'), 'count:container'), '210,000 containers'],
    [humanQuantity(d('1'), 'count:container'), '1 container'],
    [humanQuantity(d('100'), 'count:flight/week'), '100 flights per week'],
    [humanQuantity(d('7'), 'day'), '7 days'],
    [humanInterval({ low: d('90e9'), high: d('100e9'), lowOpen: false, highOpen: false }, 'USD'), '90 bn – 100 bn USD'],
    [humanInterval({ low: d('10000'), high: null, lowOpen: true, highOpen: false }, 'count'), '> 10,000'],
    [humanInterval({ low: d('0'), high: d('5'), lowOpen: false, highOpen: true }, '%'), '< 5%'],
  ];
  for (const [actual, expected] of cases) test(expected, () => assert.equal(actual, expected));
});
