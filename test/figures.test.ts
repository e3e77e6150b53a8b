import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fc } from './support/property';
import { data as currencyCodes } from 'currency-codes';
import iso4217 from '../server/src/data/iso4217.json';
import { DEFAULT_RECOGNIZER_OPTIONS, DEFAULT_TOLERANCES, readQuantity, recognizeFigures } from '../server/src/core/figures';
import { currencyName, lookupCurrency } from '../server/src/core/currency';
import { Decimal } from '../server/src/core/decimal';
import type { Figure, Interval, Quantity, RecognizerOptions } from '../server/src/core/figureTypes';

function formatInterval({ low, high, lowOpen, highOpen }: Interval): string {
  return `${lowOpen ? '(' : '['}${low ?? '-∞'}, ${high ?? '∞'}${highOpen ? ')' : ']'}`;
}

function describeQuantity(q: Quantity): string {
  return `${q.qualifier} ${q.value} ${q.unit} ${formatInterval(q.interval)}`;
}

/** `nearly $100 billion → at-most-nearly 100000000000 USD [90000000000, 100000000000]`; «text» when it differs from the input. */
function renderFigures(input: string, figures: readonly Figure[]): string {
  if (figures.length === 0) return `${input} → none`;
  const parts = figures.map((f) => {
    const text = f.text === input ? '' : `«${f.text}» `;
    const conversion = f.conversion ? ` = «${f.conversion.text}» ${describeQuantity(f.conversion)}` : '';
    return `${text}${describeQuantity(f)}${conversion}`;
  });
  return `${input} → ${parts.join(' ; ')}`;
}

function table(inputs: readonly string[], options: RecognizerOptions = DEFAULT_RECOGNIZER_OPTIONS): string {
  return inputs.map((input) => renderFigures(input, recognizeFigures(input, 0, input.length, options))).join('\n');
}

describe('recognizeFigures', () => {
  test('the figures the design lists', () => {
    const inputs = [
      '$95 billion',
      'US$208 million',
      'USD 80 billion',
      '35 billion dollars',
      'nine billion dollars',
      '1.5 billion yuan',
      'half-trillion-dollar',
      '35%',
      '15.6 percent',
      '15-20%',
      '2–3%',
      '10,000',
      'Nearly 5,000 enterprises',
      '210,000 containers',
      '100 thousand schoolchildren',
      '900 km',
      '75-kilometer',
      '7-8 days',
      '100 per week',
      'Thirteen cooperation platforms',
      'nearly $100 billion',
      '1.5 billion yuan (US$208 million)',
    ];
    assert.equal(
      table(inputs),
      `$95 billion → exact 95000000000 USD [94500000000, 95500000000]
US$208 million → exact 208000000 USD [207500000, 208500000]
USD 80 billion → exact 80000000000 USD [76000000000, 84000000000]
35 billion dollars → exact 35000000000 USD [34500000000, 35500000000]
nine billion dollars → exact 9000000000 USD [8550000000, 9450000000]
1.5 billion yuan → exact 1500000000 CNY [1450000000, 1550000000]
half-trillion-dollar → exact 500000000000 USD [475000000000, 525000000000]
35% → exact 35 % [34.5, 35.5]
15.6 percent → exact 15.6 % [15.55, 15.65]
15-20% → range 17.5 % [15, 20]
2–3% → range 2.5 % [2, 3]
10,000 → exact 10000 count [9500, 10500]
Nearly 5,000 enterprises → at-most-nearly 5000 count:enterprise [4500, 5000]
210,000 containers → exact 210000 count:container [205000, 215000]
100 thousand schoolchildren → exact 100000 count:schoolchild [95000, 105000]
900 km → exact 900 km [855, 945]
75-kilometer → exact 75 km [74.5, 75.5]
7-8 days → range 7.5 day [7, 8]
100 per week → exact 100 count/week [95, 105]
Thirteen cooperation platforms → exact 13 count:platform [12.5, 13.5]
nearly $100 billion → at-most-nearly 100000000000 USD [90000000000, 100000000000]
1.5 billion yuan (US$208 million) → exact 1500000000 CNY [1450000000, 1550000000] = «US$208 million» exact 208000000 USD [207500000, 208500000]`,
    );
  });

  test('qualifiers, also after a verb, across blanked markup and a line break', () => {
    const inputs = [
      'has exceeded $26 billion',
      'has exceeded          $26 billion',
      'the number has also surpassed 10,000.',
      'turnover approached USD 80 billion',
      'it reached almost 40 billion dollars',
      'more than\n1.5 billion yuan',
      'about 50',
      'around 50',
      'approximately 50',
      'roughly 50',
      'some 50 firms',
      '~50%',
      'approx. 50%',
      'almost 50',
      'approaching 50',
      'close to 50',
      'just under 50',
      'more than 50',
      'over 300 schools',
      'exceeds 100 per week',
      'surpassing 50',
      'topped 50',
      'at least 50',
      'less than 50',
      'under 50',
      'below 50',
      'up to 50',
      'at most 50',
      'between 5 and 10 percent',
      '5 to 10 percent',
      'about 15-20%',
    ];
    assert.equal(
      table(inputs),
      `has exceeded $26 billion → «exceeded $26 billion» more-than 26000000000 USD (26000000000, ∞)
has exceeded          $26 billion → «exceeded          $26 billion» more-than 26000000000 USD (26000000000, ∞)
the number has also surpassed 10,000. → «surpassed 10,000» more-than 10000 count (10000, ∞)
turnover approached USD 80 billion → «approached USD 80 billion» at-most-nearly 80000000000 USD [72000000000, 80000000000]
it reached almost 40 billion dollars → «almost 40 billion dollars» at-most-nearly 40000000000 USD [36000000000, 40000000000]
more than
1.5 billion yuan → more-than 1500000000 CNY (1500000000, ∞)
about 50 → approximate 50 count [45, 55]
around 50 → approximate 50 count [45, 55]
approximately 50 → approximate 50 count [45, 55]
roughly 50 → approximate 50 count [45, 55]
some 50 firms → approximate 50 count:firm [45, 55]
~50% → approximate 50 % [45, 55]
approx. 50% → approximate 50 % [45, 55]
almost 50 → at-most-nearly 50 count [45, 50]
approaching 50 → at-most-nearly 50 count [45, 50]
close to 50 → at-most-nearly 50 count [45, 50]
just under 50 → at-most-nearly 50 count [45, 50]
more than 50 → more-than 50 count (50, ∞)
over 300 schools → more-than 300 count:school (300, ∞)
exceeds 100 per week → more-than 100 count/week (100, ∞)
surpassing 50 → more-than 50 count (50, ∞)
topped 50 → more-than 50 count (50, ∞)
at least 50 → more-than 50 count [50, ∞)
less than 50 → less-than 50 count [0, 50)
under 50 → less-than 50 count [0, 50)
below 50 → less-than 50 count [0, 50)
up to 50 → less-than 50 count [0, 50]
at most 50 → less-than 50 count [0, 50]
between 5 and 10 percent → range 7.5 % [5, 10]
5 to 10 percent → range 7.5 % [5, 10]
about 15-20% → «15-20%» range 17.5 % [15, 20]`,
    );
  });

  test('percentage changes and news phrasing', () => {
    const inputs = [
      'trade has surged by 35%, reaching',
      'an increase of 15.6 percent',
      'turnover has grown by about 10.4%.',
      'by 50 percent',
      '37.7 percent',
      '3.5 per cent',
      '2.5 percentage points',
      'about 200 million dollars a year',
      '850 million dollars',
      'A total of 133 projects worth 35 billion dollars',
      '54 of these projects',
      'the number of sister city pairs has reached 100.',
      'Shares fell 3.2 per cent to 150 pence.',
      'Visits rose from 1.2 million to 1.5 million.',
    ];
    assert.equal(
      table(inputs),
      `trade has surged by 35%, reaching → «35%» exact 35 % [34.5, 35.5]
an increase of 15.6 percent → «15.6 percent» exact 15.6 % [15.55, 15.65]
turnover has grown by about 10.4%. → «about 10.4%» approximate 10.4 % [9.36, 11.44]
by 50 percent → «50 percent» exact 50 % [47.5, 52.5]
37.7 percent → exact 37.7 % [37.65, 37.75]
3.5 per cent → exact 3.5 % [3.45, 3.55]
2.5 percentage points → exact 2.5 pp [2.45, 2.55]
about 200 million dollars a year → approximate 200000000 USD/year [180000000, 220000000]
850 million dollars → exact 850000000 USD [845000000, 855000000]
A total of 133 projects worth 35 billion dollars → «133 projects» exact 133 count:project [132.5, 133.5] ; «35 billion dollars» exact 35000000000 USD [34500000000, 35500000000]
54 of these projects → «54» exact 54 count [53.5, 54.5]
the number of sister city pairs has reached 100. → «100» exact 100 count [95, 105]
Shares fell 3.2 per cent to 150 pence. → «3.2 per cent» exact 3.2 % [3.15, 3.25] ; «150» exact 150 count [145, 155]
Visits rose from 1.2 million to 1.5 million. → «1.2 million to 1.5 million» range 1350000 count [1200000, 1500000]`,
    );
  });

  test('money, scales, units and number words', () => {
    const inputs = [
      '$1.2bn',
      'USD 1,234.5 million',
      'RMB1.5 billion',
      '€5 million',
      '£3bn',
      '¥500 million',
      '$50k',
      'US$ 5 billion',
      '$900m',
      '900m',
      '5 million tenge',
      '10,000 US dollars',
      '2 trillion soum',
      'half a million dollars',
      'two hundred and fifty thousand people',
      'twenty-five percent',
      'five percent',
      'twenty years',
      '20 years',
      '1.50 billion',
      '0.5%',
      '100 flights per week',
      '12 hectares',
      '2,724,900 km2',
      '2.7 million square kilometres',
      '900 km (560 miles)',
      '$5-10 billion',
      '1.5-2 billion yuan',
      'from 5 million to 2 billion',
      '10,000,000,000,000,000,000,001 dollars',
    ];
    assert.equal(
      table(inputs),
      `$1.2bn → exact 1200000000 USD [1150000000, 1250000000]
USD 1,234.5 million → exact 1234500000 USD [1234450000, 1234550000]
RMB1.5 billion → exact 1500000000 CNY [1450000000, 1550000000]
€5 million → exact 5000000 EUR [4750000, 5250000]
£3bn → exact 3000000000 GBP [2850000000, 3150000000]
¥500 million → exact 500000000 ¥? [475000000, 525000000]
$50k → exact 50000 USD [47500, 52500]
US$ 5 billion → exact 5000000000 USD [4750000000, 5250000000]
$900m → exact 900000000 USD [855000000, 945000000]
900m → exact 900 m [855, 945]
5 million tenge → exact 5000000 KZT [4750000, 5250000]
10,000 US dollars → exact 10000 USD [9500, 10500]
2 trillion soum → exact 2000000000000 UZS [1900000000000, 2100000000000]
half a million dollars → exact 500000 USD [475000, 525000]
two hundred and fifty thousand people → exact 250000 count:person [245000, 255000]
twenty-five percent → exact 25 % [24.5, 25.5]
five percent → exact 5 % [4.75, 5.25]
twenty years → exact 20 year [19, 21]
20 years → exact 20 year [19, 21]
1.50 billion → exact 1500000000 count [1495000000, 1505000000]
0.5% → exact 0.5 % [0.475, 0.525]
100 flights per week → exact 100 count:flight/week [95, 105]
12 hectares → exact 12 ha [11.5, 12.5]
2,724,900 km2 → exact 2724900 km2 [2724850, 2724950]
2.7 million square kilometres → exact 2700000 km2 [2650000, 2750000]
900 km (560 miles) → exact 900 km [855, 945] = «560 miles» exact 560 mi [555, 565]
$5-10 billion → range 7500000000 USD [5000000000, 10000000000]
1.5-2 billion yuan → range 1750000000 CNY [1500000000, 2000000000]
from 5 million to 2 billion → «5 million to 2 billion» range 1002500000 count [5000000, 2000000000]
10,000,000,000,000,000,000,001 dollars → exact 10000000000000000000001 USD [10000000000000000000000.5, 10000000000000000000001.5]`,
    );
  });

  test('not figures: dates, years, ordinals, names and codes, small number words', () => {
    const inputs = [
      'June 17',
      'the summit concluded on June 17 with',
      'May 2023',
      'December 29',
      'Beijing, December 29 (Xinhua)',
      'on April 29, 2025',
      'held on June 16-17 in Astana',
      '17 June 2025',
      'Dec. 5',
      '2025-06-18',
      'in 2023',
      '2026 will mark the start',
      '2025-2026',
      '2026–2030',
      'for 2025-2026.',
      'by mid-2025',
      'in the 1990s',
      'the second summit',
      'the 15th Five-Year Plan',
      'C+C5',
      'the 5+1 format',
      '5G networks',
      'COVID-19',
      'as set out in Article 5 of the treaty',
      'Article 5 of the treaty',
      'the Boeing 737 fleet',
      'the No. 1 partner',
      'see page 12, section 4.2',
      'Phase 2 begins',
      'at 10:30',
      'at 5 pm',
      '24/7',
      'a 3-1 win',
      'the five Central Asian states',
      'six countries',
      'the next two years',
      'over the past five years',
      'one of the key sections',
      'ten of them',
      'half the region',
      '007',
    ];
    assert.equal(
      table(inputs),
      `June 17 → none
the summit concluded on June 17 with → none
May 2023 → none
December 29 → none
Beijing, December 29 (Xinhua) → none
on April 29, 2025 → none
held on June 16-17 in Astana → none
17 June 2025 → none
Dec. 5 → none
2025-06-18 → none
in 2023 → none
2026 will mark the start → none
2025-2026 → none
2026–2030 → none
for 2025-2026. → none
by mid-2025 → none
in the 1990s → none
the second summit → none
the 15th Five-Year Plan → none
C+C5 → none
the 5+1 format → none
5G networks → none
COVID-19 → none
as set out in Article 5 of the treaty → none
Article 5 of the treaty → none
the Boeing 737 fleet → none
the No. 1 partner → none
see page 12, section 4.2 → none
Phase 2 begins → none
at 10:30 → none
at 5 pm → none
24/7 → none
a 3-1 win → none
the five Central Asian states → none
six countries → none
the next two years → none
over the past five years → none
one of the key sections → none
ten of them → none
half the region → none
007 → none`,
    );
  });

  test('a paragraph opens a sentence: a capitalized word there does not make the count a name', () => {
    const inputs = ['Boeing 737', 'The fleet\nBoeing 737', 'The fleet\n\nBoeing 737', 'The fleet\r\n\r\nBoeing 737'];
    assert.equal(
      inputs.map((input) => renderFigures(JSON.stringify(input), recognizeFigures(input, 0, input.length, DEFAULT_RECOGNIZER_OPTIONS))).join('\n'),
      `"Boeing 737" → «737» exact 737 count [736.5, 737.5]
"The fleet\\nBoeing 737" → none
"The fleet\\n\\nBoeing 737" → «737» exact 737 count [736.5, 737.5]
"The fleet\\r\\n\\r\\nBoeing 737" → «737» exact 737 count [736.5, 737.5]`,
    );
  });

  test('odd input', () => {
    const inputs = ['', '-5%', '$', '%%%', '1,2345', '1.2.3', '10,0000', '.5', 'US$', '1e9', '$$5', '(((5 km', 'five-', '12,345,678.'];
    assert.equal(
      table(inputs),
      ` → none
-5% → «5%» exact 5 % [4.75, 5.25]
$ → none
%%% → none
1,2345 → none
1.2.3 → none
10,0000 → none
.5 → none
US$ → none
1e9 → none
$$5 → «$5» exact 5 USD [4.75, 5.25]
(((5 km → «5 km» exact 5 km [4.75, 5.25]
five- → none
12,345,678. → «12,345,678» exact 12345678 count [12345677.5, 12345678.5]`,
    );
  });

  test('only [start, end) is read, and offsets are document offsets', () => {
    const prose = 'Trade reached nearly $100 billion last year.';
    const render = (start: number, end: number) =>
      recognizeFigures(prose, start, end, DEFAULT_RECOGNIZER_OPTIONS)
        .map((f) => `${f.range.start}-${f.range.end} ${f.text} → ${describeQuantity(f)}`)
        .join('; ') || 'none';
    const dollar = prose.indexOf('$');
    const rows = [
      [0, prose.length],
      [dollar, prose.length],
      [0, dollar + 4],
      [dollar + 1, dollar + 2],
      [30, 10],
      [-5, 1e9],
      [Number.NaN, Number.NaN],
    ].map(([start, end]) => `${start},${end}: ${render(start, end)}`);
    assert.equal(
      rows.join('\n'),
      `0,44: 14-33 nearly $100 billion → at-most-nearly 100000000000 USD [90000000000, 100000000000]
21,44: 21-33 $100 billion → exact 100000000000 USD [95000000000, 105000000000]
0,25: 14-25 nearly $100 → at-most-nearly 100 USD [90, 100]
22,23: 22-23 1 → exact 1 count [0.95, 1.05]
30,10: none
-5,1000000000: 14-33 nearly $100 billion → at-most-nearly 100000000000 USD [90000000000, 100000000000]
NaN,NaN: none`,
    );
  });

  test('options: tolerances, the dollar and the yen sign', () => {
    const options: RecognizerOptions = {
      tolerances: { exact: Decimal.parse('0.01')!, approximate: Decimal.parse('0.2')!, nearly: Decimal.parse('0.05')! },
      dollarCurrency: 'HKD',
      yenSymbolCurrency: 'JPY',
    };
    assert.equal(
      table(['$95 billion', 'US$5', 'about 100 dollars', 'nearly 100', '100', '¥5 billion'], options),
      `$95 billion → exact 95000000000 HKD [94500000000, 95500000000]
US$5 → exact 5 USD [4.95, 5.05]
about 100 dollars → approximate 100 HKD [80, 120]
nearly 100 → at-most-nearly 100 count [95, 100]
100 → exact 100 count [99, 101]
¥5 billion → exact 5000000000 JPY [4950000000, 5050000000]`,
    );
    assert.equal(DEFAULT_TOLERANCES.exact.toString(), '0.05');
    assert.equal(DEFAULT_RECOGNIZER_OPTIONS.dollarCurrency, 'USD');
  });

  test('property: never throws; ranges sorted, in bounds, non-overlapping; bounds around the value', () => {
    const tokens = [
      ...['$', 'US$', 'USD', '€', '¥', '(', ')', '%', '-', '–', ',', '.', ' ', '  ', '\n', '~'],
      ...['1', '5', '15', '95', '100', '2025', '10,000', '1.5', '0', '007', '15th', '5G'],
      ...['nearly', 'about', 'more than', 'up to', 'between', 'and', 'to', 'per', 'a', 'week', 'year', 'June'],
      ...['billion', 'million', 'thousand', 'bn', 'k', 'dollars', 'yuan', 'percent', 'km', 'days', 'half', 'nine', 'Thirteen'],
      ...['twenty-five', 'hundred', 'schools', 'platforms', 'the', 'Article'],
    ];
    const prose = fc.oneof(
      fc.array(fc.constantFrom(...tokens), { maxLength: 30 }).map((parts) => parts.join('')),
      fc.array(fc.constantFrom(...tokens), { maxLength: 20 }).map((parts) => parts.join(' ')),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(prose, fc.nat(50), fc.nat(50), (text, a, b) => {
        const [start, end] = [Math.min(a, b, text.length), Math.min(Math.max(a, b), text.length)];
        let previousEnd = start;
        for (const figure of recognizeFigures(text, start, end, DEFAULT_RECOGNIZER_OPTIONS)) {
          const { range, interval, value } = figure;
          assert.ok(range.start >= previousEnd && range.start < range.end && range.end <= end, `range ${range.start}-${range.end} in "${text}"`);
          assert.equal(figure.text, text.slice(range.start, range.end));
          if (interval.low) assert.ok(!value.lt(interval.low), `low ≤ value for "${figure.text}"`);
          if (interval.high) assert.ok(!value.gt(interval.high), `value ≤ high for "${figure.text}"`);
          if (figure.conversion) assert.ok(figure.conversion.range.start >= range.start && figure.conversion.range.end <= range.end);
          previousEnd = range.end;
        }
        readQuantity(text, DEFAULT_RECOGNIZER_OPTIONS);
      }),
      { numRuns: 300 },
    );
  });
});

describe('readQuantity', () => {
  test('machine values and single figures', () => {
    const inputs = [
      '95e9 USD',
      '95000000000 USD',
      '95e9',
      '35 %',
      '0.5 pp',
      '10000 count:container',
      '100 count:flight/week',
      '1e3 km',
      '5 yuan',
      '5 $',
      '5 ¥',
      '95e9 XYZ',
      '95e9 widgets',
      'US$208 million',
      'nearly $100 billion',
      '1.5 billion yuan (US$208 million)',
      '$5 and $6',
      'hello',
      '',
    ];
    const rows = inputs.map((input) => {
      const quantity = readQuantity(input, DEFAULT_RECOGNIZER_OPTIONS);
      return `${input} → ${quantity ? describeQuantity(quantity) : 'null'}`;
    });
    assert.equal(
      rows.join('\n'),
      `95e9 USD → exact 95000000000 USD [94500000000, 95500000000]
95000000000 USD → exact 95000000000 USD [94500000000, 95500000000]
95e9 → exact 95000000000 count [94500000000, 95500000000]
35 % → exact 35 % [34.5, 35.5]
0.5 pp → exact 0.5 pp [0.475, 0.525]
10000 count:container → exact 10000 count:container [9500, 10500]
100 count:flight/week → exact 100 count:flight/week [95, 105]
1e3 km → exact 1000 km [950, 1050]
5 yuan → exact 5 CNY [4.75, 5.25]
5 $ → exact 5 USD [4.75, 5.25]
5 ¥ → exact 5 ¥? [4.75, 5.25]
95e9 XYZ → null
95e9 widgets → null
US$208 million → exact 208000000 USD [207500000, 208500000]
nearly $100 billion → at-most-nearly 100000000000 USD [90000000000, 100000000000]
1.5 billion yuan (US$208 million) → exact 1500000000 CNY [1450000000, 1550000000]
$5 and $6 → null
hello → null
 → null`,
    );
  });
});

describe('currency', () => {
  test('ISO codes, news aliases and symbols', () => {
    const words = [
      'US$', '$', 'USD', 'usd', 'dollar', 'dollars', 'US dollars', 'U.S. dollar', 'Hong Kong dollars', 'RMB', 'yuan', 'renminbi',
      'tenge', 'som', 'somoni', 'manat', 'sum', 'soum', 'ruble', 'roubles', 'euro', '€', 'pound', '£', 'yen', '¥', 'rupee',
      'Rupees', 'KZT', 'XYZ', 'widget', '',
    ];
    const render = (config?: Parameters<typeof lookupCurrency>[1]) => words.map((w) => `${w}=${lookupCurrency(w, config)}`).join(' ');
    assert.equal(
      render(),
      'US$=USD $=USD USD=USD usd=null dollar=USD dollars=USD US dollars=USD U.S. dollar=USD Hong Kong dollars=HKD RMB=CNY ' +
        'yuan=CNY renminbi=CNY tenge=KZT som=KGS somoni=TJS manat=TMT sum=UZS soum=UZS ruble=RUB roubles=RUB euro=EUR €=EUR ' +
        'pound=GBP £=GBP yen=JPY ¥=¥? rupee=INR Rupees=INR KZT=KZT XYZ=null widget=null =null',
    );
    assert.equal(
      render({ dollarCurrency: 'CAD', yenSymbolCurrency: 'CNY' }),
      'US$=USD $=CAD USD=USD usd=null dollar=CAD dollars=CAD US dollars=USD U.S. dollar=USD Hong Kong dollars=HKD RMB=CNY ' +
        'yuan=CNY renminbi=CNY tenge=KZT som=KGS somoni=TJS manat=TMT sum=UZS soum=UZS ruble=RUB roubles=RUB euro=EUR €=EUR ' +
        'pound=GBP £=GBP yen=JPY ¥=CNY rupee=INR Rupees=INR KZT=KZT XYZ=null widget=null =null',
    );
  });

  test('currency names', () => {
    assert.equal(['KZT', 'CNY', 'USD', '¥?', 'XYZ', '%'].map((code) => `${code}=${currencyName(code)}`).join(' '), 'KZT=Tenge CNY=Yuan Renminbi USD=US Dollar ¥?=yen or yuan (¥, ambiguous) XYZ=null %=null');
  });

  test('the generated ISO 4217 table matches the installed currency-codes package', () => {
    const expected = currencyCodes
      .map((c) => ({ code: c.code, name: c.currency, minorUnits: c.digits }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    assert.deepEqual(iso4217.currencies, expected);
  });
});
