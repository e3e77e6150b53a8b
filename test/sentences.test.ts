import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fc } from './support/property';
import { parse } from '../server/src/core/parser';
import { analyzeProse, attributionScopes, findReportingPhrases } from '../server/src/core/sentences';
import type { TextRange } from '../server/src/core/text';
import { annotate, dedent, parseFixture, type Annotation } from './support/fixture';

/** Sentences as s1, s2…; each quotation as `q`, and its attribution as `a`. */
function renderStructure(prose: string): string {
  const { sentences, quotations } = analyzeProse(prose);
  const annotations: Annotation[] = sentences.map((range, i) => ({ range, label: `s${i + 1}` }));
  for (const quotation of quotations) {
    annotations.push({ range: quotation.range, label: 'q' });
    if (quotation.attribution) annotations.push({ range: quotation.attribution, label: 'a' });
  }
  return annotate(prose, annotations);
}

interface SegmentationCase {
  readonly name: string;
  readonly text: string;
  /** The text is markup (`[…]{…}`, `[^id]`): segment the parser's prose view, markup blanked to spaces. */
  readonly markup?: boolean;
  readonly expected: string;
}

const SEGMENTATION: readonly SegmentationCase[] = [
  {
    name: 'decimals, money and dotted abbreviations do not end sentences',
    text: 'Trade between China and Central Asia grew by 10.4% to $95 billion. U.S. and EU envoys followed the talks. A $1.5 billion fund was approved.',
    expected: `
      1: Trade between China and Central Asia grew by 10.4% to $95 billion. U.S. and EU envoys followed the talks. A $1.5 billion fund was approved.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
    `,
  },
  {
    name: 'titles, months before a day, e.g./i.e./vs.; etc. ends a sentence only before a capital',
    text: 'Mr. Tokayev met Dr. Wang on Jun. 17 in Astana. Talks covered energy, transport, etc. The agenda (e.g. transit corridors) ran long, i.e. past midnight. Ports, railways, etc. are included. Freight rail vs. trucking was debated.',
    expected: `
      1: Mr. Tokayev met Dr. Wang on Jun. 17 in Astana. Talks covered energy, transport, etc. The agenda (e.g. transit corridors) ran long, i.e. past midnight. Ports, railways, etc. are included. Freight rail vs. trucking was debated.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
                                                                                                                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s4
                                                                                                                                                                                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s5
    `,
  },
  {
    name: 'initials stay with the name; U.S. ends a sentence only before a typical sentence opener',
    text: 'Kassym-Jomart K. Tokayev welcomed Sh. Mirziyoyev. Prof. J. R. Smith attended. Envoys came from the U.S. The EU sent two more. U.S. President Biden sent a letter.',
    expected: `
      1: Kassym-Jomart K. Tokayev welcomed Sh. Mirziyoyev. Prof. J. R. Smith attended. Envoys came from the U.S. The EU sent two more. U.S. President Biden sent a letter.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^ s3
                                                                                                                 ^^^^^^^^^^^^^^^^^^^^^ s4
                                                                                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s5
    `,
  },
  {
    name: 'company suffixes, No. before a number, a list marker',
    text: 'The line is run by Kazakhstan Temir Zholy Co. Its partner, China Railway Co. Ltd. of Beijing, builds the tunnel. The No. 1 priority is transit. 1. The railway opens in 2027.',
    expected: `
      1: The line is run by Kazakhstan Temir Zholy Co. Its partner, China Railway Co. Ltd. of Beijing, builds the tunnel. The No. 1 priority is transit. 1. The railway opens in 2027.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
                                                                                                                                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s4
    `,
  },
  {
    name: 'ellipses, question and exclamation marks',
    text: 'Trade grew… Then it doubled. Exports rose... and imports fell. Officials paused ... The talks resumed. Will trade top $100 billion? Officials think so! The next summit is in 2027.',
    expected: `
      1: Trade grew… Then it doubled. Exports rose... and imports fell. Officials paused ... The talks resumed. Will trade top $100 billion? Officials think so! The next summit is in 2027.
         ^^^^^^^^^^^ s1
                     ^^^^^^^^^^^^^^^^ s2
                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
                                                                        ^^^^^^^^^^^^^^^^^^^^ s4
                                                                                             ^^^^^^^^^^^^^^^^^^ s5
                                                                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s6
                                                                                                                                             ^^^^^^^^^^^^^^^^^^^ s7
                                                                                                                                                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^ s8
    `,
  },
  {
    name: 'a two-sentence «…» quotation with the attribution after the closing mark',
    text: '«Total turnover reached a record $95 billion. Kazakhstan accounted for 46% of it», Tokayev said. He spoke in Astana.',
    expected: `
      1: «Total turnover reached a record $95 billion. Kazakhstan accounted for 46% of it», Tokayev said. He spoke in Astana.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                          ^^^^^^^^^^^^^^^ a
                                                                                                          ^^^^^^^^^^^^^^^^^^^ s3
    `,
  },
  {
    name: 'curly quotes with the comma inside; an apostrophe is not a quote',
    text: '“China supports the region’s security efforts. It will train 3,000 police officers,” Xi said.',
    expected: `
      1: “China supports the region’s security efforts. It will train 3,000 police officers,” Xi said.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                              ^^^^^^^^ a
    `,
  },
  {
    name: 'closing marks after a full stop stay with their sentence, even stray ones; an opening mark starts the next',
    text: 'Trade grew by 35%.’ Exports doubled.» Imports fell." The talks ended. “Next year,” Xi said.',
    expected: `
      1: Trade grew by 35%.’ Exports doubled.» Imports fell." The talks ended. “Next year,” Xi said.
         ^^^^^^^^^^^^^^^^^^^ s1
                             ^^^^^^^^^^^^^^^^^ s2
                                               ^^^^^^^^^^^^^^ s3
                                                              ^^^^^^^^^^^^^^^^ s4
                                                                               ^^^^^^^^^^^^ q
                                                                               ^^^^^^^^^^^^^^^^^^^^^ s5
                                                                                            ^^^^^^^^ a
    `,
  },
  {
    name: 'a lead-in attributes a quotation that ends its sentence',
    text: 'Xi said: “China will provide a 1.5 billion yuan grant. The money will fund welfare projects.” The grant equals US$208 million.',
    expected: `
      1: Xi said: “China will provide a 1.5 billion yuan grant. The money will fund welfare projects.” The grant equals US$208 million.
         ^^^^^^^^ a
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
    `,
  },
  {
    name: 'after “…!” the reporting clause is its own sentence, and still the attribution',
    text: '“Trade has never been stronger!” Tokayev said. The leaders then signed the treaty.',
    expected: `
      1: “Trade has never been stronger!” Tokayev said. The leaders then signed the treaty.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                          ^^^^^^^^^^^^^ s2
                                          ^^^^^^^^^^^^^ a
                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
    `,
  },
  {
    name: 'a long clause after the quote: the attribution is its first clause',
    text: '“We propose a joint cargo terminal at the port of Kuryk,” he noted, adding that Kazakhstan would modernize its Caspian Sea ports and build new cargo terminals by 2030.',
    expected: `
      1: “We propose a joint cargo terminal at the port of Kuryk,” he noted, adding that Kazakhstan would modernize its Caspian Sea ports and build new cargo terminals by 2030.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                                   ^^^^^^^^ a
    `,
  },
  {
    name: 'a long clause after the quote with no clause break: its first twelve words',
    text: '"Mutual support is the basis of our partnership," Foreign Minister Wang Yi said in an interview on November 23 after visiting Kyrgyzstan and Tajikistan.',
    expected: `
      1: "Mutual support is the basis of our partnership," Foreign Minister Wang Yi said in an interview on November 23 after visiting Kyrgyzstan and Tajikistan.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ a
    `,
  },
  {
    name: 'a quote nested in a quote is part of it; Xi’an and Kyrgyzstan’s are apostrophes',
    text: '“Since the first summit in Xi’an, Kyrgyzstan’s exports have doubled and the ‘China-Central Asia spirit’ keeps growing,” Zhaparov said.',
    expected: `
      1: “Since the first summit in Xi’an, Kyrgyzstan’s exports have doubled and the ‘China-Central Asia spirit’ keeps growing,” Zhaparov said.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                                                                                                 ^^^^^^^^^^^^^^ a
    `,
  },
  {
    name: 'single quotes as quotation marks, next to a plural possessive',
    text: 'The ministers’ statement was brief: ‘Trade will double by 2030.’ Kyrgyzstan’s envoy agreed.',
    expected: `
      1: The ministers’ statement was brief: ‘Trade will double by 2030.’ Kyrgyzstan’s envoy agreed.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ a
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
    `,
  },
  {
    name: '„…“ quotation marks',
    text: '„We expect 210,000 containers this year“, the minister stated.',
    expected: `
      1: „We expect 210,000 containers this year“, the minister stated.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                 ^^^^^^^^^^^^^^^^^^^^^^ a
    `,
  },
  {
    name: 'a quotation interrupted by its attribution',
    text: '“We agree,” Xi said, “and trade will reach $100 billion.” The leaders nodded.',
    expected: `
      1: “We agree,” Xi said, “and trade will reach $100 billion.” The leaders nodded.
         ^^^^^^^^^^^ q
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                     ^^^^^^^^ a
                     ^^^^^^^^ a
                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                                   ^^^^^^^^^^^^^^^^^^^ s2
    `,
  },
  {
    name: 'straight quotes: an inch mark opens nothing, a scare quote is a quotation',
    text: 'The screen measured 15" across. The "Green Minerals" memorandum was signed.',
    expected: `
      1: The screen measured 15" across. The "Green Minerals" memorandum was signed.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
                                             ^^^^^^^^^^^^^^^^ q
                                                              ^^^^^^^^^^^^^^^^^^^^^^ a
    `,
  },
  {
    name: 'one paragraph per line, straight quotes',
    text: 'According to Saifullo Safarov, the treaty reflects diplomatic cohesion.\n"A total of 133 projects worth 35 billion dollars are under way. Another 54 are complete," said Yersaiyn Nagaspayev.',
    expected: `
      1: According to Saifullo Safarov, the treaty reflects diplomatic cohesion.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
      2: "A total of 133 projects worth 35 billion dollars are under way. Another 54 are complete," said Yersaiyn Nagaspayev.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
                                                                                                    ^^^^^^^^^^^^^^^^^^^^^^^^^ a
    `,
  },
  {
    name: 'an unclosed quote ends with its paragraph',
    text: '"The number of joint ventures has passed 10,000. Trade has grown by 35% since 2023.\n\nThe next summit will take place in China in 2027. «It will be held in Xi’an», an official said.',
    expected: `
      1: "The number of joint ventures has passed 10,000. Trade has grown by 35% since 2023.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
      3: The next summit will take place in China in 2027. «It will be held in Xi’an», an official said.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
                                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s4
                                                                                     ^^^^^^^^^^^^^^^^^^^ a
    `,
  },
  {
    name: 'headings, before a blank line or a single line break; a short wrapped line is not one',
    text: 'Summit outcomes\n\nChinese vision\nXi announced a grant of 1.5 billion yuan.\nKyrgyz Republic\nZhaparov named six key areas of cooperation\nwith China.',
    expected: `
      1: Summit outcomes
         ^^^^^^^^^^^^^^^ s1
      3: Chinese vision
         ^^^^^^^^^^^^^^ s2
      4: Xi announced a grant of 1.5 billion yuan.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
      5: Kyrgyz Republic
         ^^^^^^^^^^^^^^^ s4
      6: Zhaparov named six key areas of cooperation
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^… s5
    `,
  },
  {
    name: 'hard-wrapped lines continue the sentence',
    text: 'Since the first summit in Xi’an in 2023, trade between China and the\nCentral Asian countries has surged by 35%, reaching nearly $100 billion\nlast year. The number of joint ventures has passed 10,000.',
    expected: `
      1: Since the first summit in Xi’an in 2023, trade between China and the
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^… s1
      3: last year. The number of joint ventures has passed 10,000.
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
    `,
  },
  {
    name: 'CRLF line breaks',
    text: 'Trade rose 35%.\r\n\r\nTurkmenistan\r\nBerdimuhamedov spoke last.',
    expected: `
      1: Trade rose 35%.
         ^^^^^^^^^^^^^^^ s1
      3: Turkmenistan
         ^^^^^^^^^^^^ s2
      4: Berdimuhamedov spoke last.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^ s3
    `,
  },
  {
    name: 'blanked spans and citations inside a quotation and its attribution',
    text: '«Total turnover reached a record [$95 billion]{#cn-ca-trade-2024 by=@tokayev}», [Tokayev]{@tokayev} said. China will give a [1.5 billion yuan]{#cn-grant-2025}[^xinhua-0617] grant.',
    markup: true,
    expected: `
      1: «Total turnover reached a record  $95 billion                                »,  Tokayev            said. China will give a  1.5 billion yuan                                grant.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
                                                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^ a
                                                                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
    `,
  },
  {
    name: 'a blanked citation between the full stop and the closing mark',
    text: '«Trade with China totaled [$44 billion]{#kz-cn-trade}.[^kazinform-0617]» [Tokayev]{@tokayev} spoke first.',
    markup: true,
    expected: `
      1: «Trade with China totaled  $44 billion               .                 »  Tokayev            spoke first.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s1
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ q
                                                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s2
    `,
  },
];

describe('analyzeProse', () => {
  for (const { name, text, markup, expected } of SEGMENTATION) {
    test(name, () => {
      assert.equal(renderStructure(markup ? parse(text).prose : text), dedent(expected));
    });
  }
});

/** `⟦…⟧` marks the figure; the scopes are drawn as `scope`. */
const SCOPES: readonly { name: string; fixture: string; expected: string }[] = [
  {
    name: 'a figure outside quotations: its sentence',
    fixture: 'Trade reached ⟦$95 billion⟧ last year. Tokayev said so.',
    expected: `
      1: Trade reached $95 billion last year. Tokayev said so.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ scope
                       ^^^^^^^^^^^ figure
    `,
  },
  {
    name: 'first sentence of a quotation: its sentence and the attribution after the quote',
    fixture: '«Total turnover reached a record ⟦$95 billion⟧. Kazakhstan accounted for 46% of it», Tokayev said.',
    expected: `
      1: «Total turnover reached a record $95 billion. Kazakhstan accounted for 46% of it», Tokayev said.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ scope
                                          ^^^^^^^^^^^ figure
                                                                                          ^^^^^^^^^^^^^^^ scope
    `,
  },
  {
    name: 'last sentence of a quotation: the attribution is inside the sentence already',
    fixture: '«Total turnover reached a record $95 billion. Kazakhstan accounted for ⟦46%⟧ of it», Tokayev said.',
    expected: `
      1: «Total turnover reached a record $95 billion. Kazakhstan accounted for 46% of it», Tokayev said.
                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ scope
                                                                                ^^^ figure
    `,
  },
  {
    name: 'a quotation attributed by its lead-in',
    fixture: 'Xi said: “China will provide a 1.5 billion yuan grant. It equals ⟦US$208 million⟧.” The leaders applauded.',
    expected: `
      1: Xi said: “China will provide a 1.5 billion yuan grant. It equals US$208 million.” The leaders applauded.
         ^^^^^^^^ scope
                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^ scope
                                                                          ^^^^^^^^^^^^^^ figure
    `,
  },
  {
    name: 'a quotation attributed by the short sentence after it',
    fixture: '“Trade rose by ⟦35%⟧!” Tokayev said. The leaders then signed the treaty.',
    expected: `
      1: “Trade rose by 35%!” Tokayev said. The leaders then signed the treaty.
         ^^^^^^^^^^^^^^^^^^^^ scope
                        ^^^ figure
                              ^^^^^^^^^^^^^ scope
    `,
  },
  {
    name: 'an unclosed quotation has no attribution',
    fixture: '"Joint ventures passed 10,000. Trade grew by ⟦35%⟧.\n\nThe next summit is in 2027.',
    expected: `
      1: "Joint ventures passed 10,000. Trade grew by 35%.
                                        ^^^^^^^^^^^^^^^^^^ scope
                                                      ^^^ figure
    `,
  },
  {
    name: 'a figure across a sentence boundary: both sentences',
    fixture: 'Trade grew by ⟦35%. Joint⟧ ventures passed 10,000.',
    expected: `
      1: Trade grew by 35%. Joint ventures passed 10,000.
         ^^^^^^^^^^^^^^^^^^ scope
                       ^^^^^^^^^^ figure
                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ scope
    `,
  },
  {
    name: 'an empty figure range: the sentence at its start',
    fixture: 'Trade grew by ⟦⟧35%. Joint ventures passed 10,000.',
    expected: `
      1: Trade grew by 35%. Joint ventures passed 10,000.
         ^^^^^^^^^^^^^^^^^^ scope
                       ^ figure
    `,
  },
];

describe('attributionScopes', () => {
  for (const { name, fixture, expected } of SCOPES) {
    test(name, () => {
      const { text, ranges } = parseFixture(fixture).files[0];
      const scopes = attributionScopes(analyzeProse(text), ranges[0]).map((range) => ({ range, label: 'scope' }));
      assert.equal(annotate(text, [{ range: ranges[0], label: 'figure' }, ...scopes]), dedent(expected));
    });
  }
});

/** `⟦…⟧` marks the scope; the matches are drawn as `phrase`. */
const PHRASES: readonly { name: string; fixture: string; expected: string }[] = [
  {
    name: 'any case, two-word phrases',
    fixture: '⟦According to Tokayev, trade rose; Xi says it will keep rising, officials SAID.⟧',
    expected: `
      1: According to Tokayev, trade rose; Xi says it will keep rising, officials SAID.
         ^^^^^^^^^^^^ phrase
                                              ^^^^ phrase
                                                                                  ^^^^ phrase
    `,
  },
  {
    name: 'whole words only',
    fixture: '⟦The unsaid sayings of the statesman were reportedly noted.⟧',
    expected: `
      1: The unsaid sayings of the statesman were reportedly noted.
                                                             ^^^^^ phrase
    `,
  },
  {
    name: 'a line break or blanked markup between the words of a phrase; the documented additions',
    fixture: '⟦Figures, according\nto the ministry, were later pointed   out by Xi, saying so.⟧',
    expected: `
      1: Figures, according
                  ^^^^^^^^^… phrase
      2: to the ministry, were later pointed   out by Xi, saying so.
                                     ^^^^^^^^^^^^^ phrase
                                                          ^^^^^^ phrase
    `,
  },
  {
    name: 'the rest of the design list, and nothing outside the scope',
    fixture: '⟦Zhaparov stressed, emphasised, highlighted; he added: it adds up.⟧ He declared.',
    expected: `
      1: Zhaparov stressed, emphasised, highlighted; he added: it adds up. He declared.
                  ^^^^^^^^ phrase
                            ^^^^^^^^^^ phrase
                                        ^^^^^^^^^^^ phrase
                                                        ^^^^^ phrase
                                                                  ^^^^ phrase
    `,
  },
  {
    name: 'a word joined to a digit is not a match; punctuation separates words',
    fixture: '⟦Xi\'s aide said2 and said-so, then noted.⟧',
    expected: `
      1: Xi's aide said2 and said-so, then noted.
                             ^^^^ phrase
                                           ^^^^^ phrase
    `,
  },
];

describe('findReportingPhrases', () => {
  for (const { name, fixture, expected } of PHRASES) {
    test(name, () => {
      const { text, ranges } = parseFixture(fixture).files[0];
      const phrases = findReportingPhrases(text, ranges[0]).map((range) => ({ range, label: 'phrase' }));
      assert.equal(annotate(text, phrases), dedent(expected));
    });
  }

  test('words cut by the edges of the scope are not matched', () => {
    const { text, ranges } = parseFixture('Officials un⟦said it, then Xi sa⟧id it.').files[0];
    assert.deepEqual(findReportingPhrases(text, ranges[0]), []);
  });
});

/** Pieces of news prose that exercise the segmenter's decisions, and odd characters. */
const FRAGMENTS = [
  'Trade', 'rose', 'said', 'Tokayev said', 'The', 'U.S.', 'Mr.', 'J.', 'No.', 'Jan.', 'etc.', 'Co.', '1.', '10.4%',
  '$1.5', 'Xi’an', '.', '!', '?', '…', '...', ',', ':', '(', ')', ' ', '  ', '\t', '\u00a0', '\n', '\n\n', '\r\n', '\r',
  '"', '“', '”', '«', '»', '„', '‘', '’', "'", 'é', '😀',
];

function checkSentences(prose: string, sentences: readonly TextRange[]): void {
  let previousEnd = 0;
  for (const { start, end } of sentences) {
    assert.ok(start >= previousEnd && start < end && end <= prose.length, `sorted, non-overlapping, in bounds: ${start}-${end}`);
    assert.ok(/\S/.test(prose[start]) && /\S/.test(prose[end - 1]), `trimmed: ${JSON.stringify(prose.slice(start, end))}`);
    assert.ok(!/\S/.test(prose.slice(previousEnd, start)), `non-blank text between sentences before ${start}`);
    previousEnd = end;
  }
  assert.ok(!/\S/.test(prose.slice(previousEnd)), 'non-blank text after the last sentence');
}

function checkQuotations(prose: string, quotations: ReturnType<typeof analyzeProse>['quotations']): void {
  let previousEnd = 0;
  for (const { range, attribution } of quotations) {
    assert.ok(range.start >= previousEnd && range.start < range.end && range.end <= prose.length, 'quotations sorted, in bounds');
    if (attribution) {
      assert.ok(attribution.start < attribution.end && attribution.end <= prose.length, 'attribution in bounds');
      assert.ok(attribution.end <= range.start || attribution.start >= range.end, 'attribution outside its quotation');
    }
    previousEnd = range.end;
  }
}

describe('analyzeProse properties', () => {
  test('never throws; sentences are sorted, trimmed, in bounds, disjoint and cover every non-blank character', () => {
    const prose = fc.oneof(
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((pieces) => pieces.join('')),
      fc.string({ unit: 'binary', maxLength: 120 }),
    );
    fc.assert(
      fc.property(prose, fc.nat(), fc.nat(20), (text, figureStart, figureLength) => {
        const structure = analyzeProse(text);
        checkSentences(text, structure.sentences);
        checkQuotations(text, structure.quotations);
        const start = text.length === 0 ? 0 : figureStart % text.length;
        const figure = { start, end: Math.min(text.length, start + figureLength) };
        let previousStart = 0;
        for (const scope of attributionScopes(structure, figure)) {
          assert.ok(scope.start >= previousStart && scope.end <= text.length, 'scopes sorted, in bounds');
          previousStart = scope.start;
        }
        for (const phrase of findReportingPhrases(text, figure)) {
          assert.ok(phrase.start >= figure.start && phrase.end <= figure.end, 'phrases inside the scope');
        }
      }),
      { numRuns: 300 },
    );
  });
});
