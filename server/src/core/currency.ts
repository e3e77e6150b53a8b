/**
 * Currencies as news text writes them: ISO 4217 codes (generated table,
 * scripts/gen-iso4217.mjs) plus the symbols and names reporters use
 * (`US$`, `RMB`, `yuan`, `tenge`, `som`, `€`…). `$`/`dollar` and `¥` depend on
 * configuration: `$` means USD unless configured; `¥` (yen or yuan) is
 * ambiguous unless configured, and reads as AMBIGUOUS_YEN.
 */
import iso4217 from '../data/iso4217.json';
import type { RecognizerOptions, UnitCode } from './figureTypes';

/** Unit of a `¥` amount when no `yenSymbolCurrency` is configured: not convertible. */
export const AMBIGUOUS_YEN: UnitCode = '¥?';

export type CurrencyConfig = Pick<RecognizerOptions, 'dollarCurrency' | 'yenSymbolCurrency'>;

const NAME_BY_CODE: ReadonlyMap<string, string> = new Map(iso4217.currencies.map((c) => [c.code, c.name]));

/**
 * Names and symbols (lower case, singular) of currencies whose meaning does not
 * depend on configuration. The Central Asian currencies are here because the
 * corpus reports on them: `som` is the Kyrgyz som, `manat` the Turkmen manat,
 * `sum`/`soum` the Uzbek sum.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['us$', 'USD'],
  ['u.s.$', 'USD'],
  ['us dollar', 'USD'],
  ['u.s. dollar', 'USD'],
  ['american dollar', 'USD'],
  ['c$', 'CAD'],
  ['canadian dollar', 'CAD'],
  ['a$', 'AUD'],
  ['australian dollar', 'AUD'],
  ['hk$', 'HKD'],
  ['hong kong dollar', 'HKD'],
  ['s$', 'SGD'],
  ['singapore dollar', 'SGD'],
  ['nz$', 'NZD'],
  ['new zealand dollar', 'NZD'],
  ['rmb', 'CNY'],
  ['yuan', 'CNY'],
  ['renminbi', 'CNY'],
  ['chinese yuan', 'CNY'],
  ['tenge', 'KZT'],
  ['kazakh tenge', 'KZT'],
  ['₸', 'KZT'],
  ['som', 'KGS'],
  ['kyrgyz som', 'KGS'],
  ['somoni', 'TJS'],
  ['tajik somoni', 'TJS'],
  ['manat', 'TMT'],
  ['turkmen manat', 'TMT'],
  ['azerbaijani manat', 'AZN'],
  ['₼', 'AZN'],
  ['sum', 'UZS'],
  ['soum', 'UZS'],
  ['uzbek sum', 'UZS'],
  ['uzbek soum', 'UZS'],
  ['uzbek som', 'UZS'],
  ['ruble', 'RUB'],
  ['rouble', 'RUB'],
  ['russian ruble', 'RUB'],
  ['russian rouble', 'RUB'],
  ['₽', 'RUB'],
  ['euro', 'EUR'],
  ['€', 'EUR'],
  ['pound', 'GBP'],
  ['british pound', 'GBP'],
  ['pound sterling', 'GBP'],
  ['sterling', 'GBP'],
  ['£', 'GBP'],
  ['yen', 'JPY'],
  ['japanese yen', 'JPY'],
  ['rupee', 'INR'],
  ['indian rupee', 'INR'],
  ['₹', 'INR'],
  ['pakistani rupee', 'PKR'],
  ['south korean won', 'KRW'],
  ['₩', 'KRW'],
  ['turkish lira', 'TRY'],
  ['₺', 'TRY'],
  ['hryvnia', 'UAH'],
  ['₴', 'UAH'],
  ['lari', 'GEL'],
  ['dram', 'AMD'],
  ['swiss franc', 'CHF'],
]);

const singular = (word: string) => (word.endsWith('s') ? word.slice(0, -1) : word);
/** First words of the currency names, singular, with the number of words of the longest name each begins. */
const NAME_LENGTH_BY_FIRST_WORD: ReadonlyMap<string, number> = (() => {
  const lengths = new Map<string, number>([['dollar', 1]]);
  for (const name of ALIASES.keys()) {
    const words = name.split(' ');
    lengths.set(words[0], Math.max(lengths.get(words[0]) ?? 0, words.length));
  }
  return lengths;
})();

/**
 * How many words the longest currency name that a (lower-case) word can begin has: `us` → 2 (`US dollar`),
 * `dollars` → 1, `the` → 0. A cheap test before assembling a phrase, and a bound on its length.
 */
export function currencyNameLength(word: string): number {
  return NAME_LENGTH_BY_FIRST_WORD.get(word) ?? NAME_LENGTH_BY_FIRST_WORD.get(singular(word)) ?? 0;
}

/**
 * The currency a word, phrase or symbol names, or null. ISO codes count only
 * in capitals (`USD`, not `usd`: lower-case `all`, `top`, `cup` are words);
 * names are case-insensitive and may be plural (`US dollars`, `Yuan`).
 * Returns a currency code, or AMBIGUOUS_YEN for an unconfigured `¥`.
 */
export function lookupCurrency(word: string, config?: CurrencyConfig): UnitCode | null {
  // Most lookups are of a single symbol or word: no whitespace to normalize.
  const trimmed = /\s/.test(word) ? word.trim().replace(/\s+/g, ' ') : word;
  if (trimmed.length === 3 && /^[A-Z]{3}$/.test(trimmed) && NAME_BY_CODE.has(trimmed)) return trimmed;
  const key = trimmed.toLowerCase();
  if (key === '$' || key === 'dollar' || key === 'dollars') return config?.dollarCurrency ?? 'USD';
  if (key === '¥') return config?.yenSymbolCurrency ?? AMBIGUOUS_YEN;
  return ALIASES.get(key) ?? ALIASES.get(singular(key)) ?? null;
}

/** The ISO 4217 name of a currency code (`KZT` → `Tenge`), or null for anything else. */
export function currencyName(code: UnitCode): string | null {
  if (code === AMBIGUOUS_YEN) return 'yen or yuan (¥, ambiguous)';
  return NAME_BY_CODE.get(code) ?? null;
}
