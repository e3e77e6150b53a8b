/**
 * An open document's figures, remembered by paragraph between versions, must
 * be exactly what recognizing the whole prose finds: on the samples, on
 * texts whose figures sit against blank lines of every kind, and along
 * random edit sequences (one memo across all versions, as while typing).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_RECOGNIZER_OPTIONS, recognizeFigures } from '../../server/src/core/figures';
import type { Figure } from '../../server/src/core/figureTypes';
import { ParagraphFigures } from '../../server/src/core/paragraphFigures';
import { parse } from '../../server/src/core/parser';
import { recognizerOptions } from '../../server/src/core/summary';
import { fc } from '../support/property';
import { arbitraryText, loadSamples, mutate, mutatedSample } from '../robustness/invariants';

const samples = loadSamples(resolve(__dirname, '../../..'));
const options = recognizerOptions(samples.config);

/** Each figure as `start-end «text» value unit qualifier [interval]` (+ its conversion), one per line. */
function render(figures: readonly Figure[]): string {
  return figures
    .map((f) => {
      const conversion = f.conversion ? ` = ${f.conversion.range.start}-${f.conversion.range.end} «${f.conversion.text}» ${f.conversion.value} ${f.conversion.unit}` : '';
      const { low, high, lowOpen, highOpen } = f.interval;
      return `${f.range.start}-${f.range.end} «${f.text}» ${f.value} ${f.unit} ${f.qualifier} ${lowOpen ? '(' : '['}${low}, ${high}${highOpen ? ')' : ']'}${conversion}`;
    })
    .join('\n');
}

function wholeProse(prose: string): string {
  return render(recognizeFigures(prose, 0, prose.length, options));
}

describe('ParagraphFigures', () => {
  test('finds what recognizing the whole prose finds, on every sample', () => {
    for (const text of samples.texts) {
      const { prose } = parse(text);
      assert.equal(render(new ParagraphFigures().recognize(prose, options)), wholeProse(prose));
    }
  });

  test('figures against blank lines of every kind (CRLF, spaces, no-break spaces, lone CR, runs of three)', () => {
    const texts = [
      'Trade grew 5\n\nmillion tonnes were shipped.',
      'It was nearly\n\n$100 billion.',
      'about $95 billion\r\n\r\n35% more',
      'up 12%\n \t\n\u00a0\n40 km\n\n\n\n7 days',
      'from 5\n\u2009\nto 9 percent',
      'lone \r\r CR 15,000\rcontainers',
      '\n\n$5m at the start, and at the end 10,000\n\n',
      '1.5 billion yuan\n\n(US$208 million)',
    ];
    for (const text of texts) assert.equal(render(new ParagraphFigures().recognize(text, options)), wholeProse(text), JSON.stringify(text));
  });

  test('along random edits, one memo for every version', () => {
    const versions = fc.tuple(fc.oneof(mutatedSample(samples.texts, { window: 3000 }), arbitraryText(400)), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('', '1', '\n', '\n\n', ' $', '5 billion', '%', '\r\n\r\n')), { maxLength: 12 }));
    fc.assert(
      fc.property(versions, ([first, edits]) => {
        const memo = new ParagraphFigures();
        let text = first;
        for (const [at, removed, inserted] of [[0, 0, ''] as const, ...edits]) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + inserted + text.slice(start + removed);
          const { prose } = parse(text);
          assert.equal(render(memo.recognize(prose, options)), wholeProse(prose));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('an edit re-reads only its paragraph: an untouched first paragraph keeps its figure objects', () => {
    const first = 'Trade reached $95 billion in 2024.\n\nThe share rose to 35%.\n\nSome 10,000 containers moved.';
    const memo = new ParagraphFigures();
    const before = memo.recognize(first, options);
    const after = memo.recognize(mutate(first, [{ kind: 'insert', at: first.indexOf('35%'), text: '1' }]), options);
    assert.equal(render(after), ['14-25 «$95 billion» 95000000000 USD exact [94500000000, 95500000000]', '54-58 «135%» 135 % exact [134.5, 135.5]', '61-83 «Some 10,000 containers» 10000 count:container approximate [9000, 11000]'].join('\n'));
    assert.equal(after[0], before[0]);
    assert.notEqual(after[1], before[1]);
  });

  test('a change of recognizer options reads every paragraph again', () => {
    const text = 'It cost $5 million.\n\nThen $7 million.';
    const memo = new ParagraphFigures();
    memo.recognize(text, DEFAULT_RECOGNIZER_OPTIONS);
    const inCad = { ...DEFAULT_RECOGNIZER_OPTIONS, dollarCurrency: 'CAD' };
    assert.equal(render(memo.recognize(text, inCad)), render(recognizeFigures(text, 0, text.length, inCad)));
    assert.match(render(memo.recognize(text, inCad)), /CAD[^]*CAD/);
  });
});
