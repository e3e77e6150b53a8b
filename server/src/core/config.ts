/**
 * `factmark.json`: the workspace configuration. JSON only (never code),
 * validated with zod; the shipped JSON Schema (schemas/factmark.schema.json)
 * is generated from the same schema (`npm run gen:schema`, checked by a test).
 */
import { z } from 'zod';
import { Decimal } from './decimal';
import { ALL_CODES, type DiagnosticCode, type RuleSetting } from './diagnosticCodes';
import type { Tolerances } from './figureTypes';

const RuleSettingSchema = z.enum(['off', 'hint', 'info', 'warning', 'error']);
const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "USD"');
const Percentage = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,6})?%$/, 'expected a percentage such as "5%"')
  .describe('A percentage written as a string, e.g. "5%".');

export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z
      .partialRecord(z.enum(ALL_CODES as [DiagnosticCode, ...DiagnosticCode[]]), RuleSettingSchema)
      .optional()
      .describe('Severity per diagnostic code: off, hint, info, warning or error.'),
    rates: z
      .record(
        z.string().regex(/^[A-Z]{3}\/[A-Z]{3}$/, 'expected a currency pair such as "CNY/USD"'),
        z.number().positive('a rate must be a positive number'),
      )
      .optional()
      .describe('Currency rates: "CNY/USD": 0.1389 means 1 CNY = 0.1389 USD. Used to reconcile claims and check stated conversions.'),
    tolerances: z
      .object({
        exact: Percentage.describe('Largest ± interval for an exact figure (default "5%").'),
        approximate: Percentage.describe('± for about/around/approximately/roughly/some (default "10%").'),
        nearly: Percentage.describe('How far below x "nearly x" reaches (default "10%").'),
        conversion: Percentage.describe('How far a stated conversion may stray from the configured rate (default "2%").'),
      })
      .partial()
      .strict()
      .optional(),
    currency: z
      .object({
        dollar: CurrencyCode.describe('What a bare "$" means (default "USD").'),
        yen: CurrencyCode.describe('What "¥" means (ambiguous between JPY and CNY unless set).'),
      })
      .partial()
      .strict()
      .optional(),
    exclude: z
      .array(z.string())
      .optional()
      .describe('Folder or file names (relative to this file) that are not articles, e.g. ["drafts", "archive/old.fmk"].'),
  })
  .strict()
  .describe('Factmark workspace configuration.');

export type ConfigInput = z.infer<typeof ConfigSchema>;

/** The resolved configuration the core works with. */
export interface FactmarkConfig {
  readonly rules: Partial<Record<DiagnosticCode, RuleSetting>>;
  /** Pair "FROM/TO" → how many TO one FROM is worth. */
  readonly rates: ReadonlyMap<string, Decimal>;
  readonly tolerances: Tolerances;
  readonly conversionTolerance: Decimal;
  readonly dollarCurrency: string;
  readonly yenCurrency: string | undefined;
  readonly exclude: readonly string[];
}

function fraction(percent: string | undefined, fallback: string): Decimal {
  return Decimal.parse((percent ?? fallback).replace('%', ''))!.div(Decimal.of(100n));
}

export function resolveConfig(input: ConfigInput = {}): FactmarkConfig {
  return {
    rules: input.rules ?? {},
    rates: new Map(Object.entries(input.rates ?? {}).map(([pair, rate]) => [pair, Decimal.fromNumber(rate)])),
    tolerances: {
      exact: fraction(input.tolerances?.exact, '5%'),
      approximate: fraction(input.tolerances?.approximate, '10%'),
      nearly: fraction(input.tolerances?.nearly, '10%'),
    },
    conversionTolerance: fraction(input.tolerances?.conversion, '2%'),
    dollarCurrency: input.currency?.dollar ?? 'USD',
    yenCurrency: input.currency?.yen,
    exclude: input.exclude ?? [],
  };
}

export const DEFAULT_CONFIG: FactmarkConfig = resolveConfig();

/** Whether two configurations analyse articles alike: every setting but `exclude`, which is per folder. */
export function sameAnalysis(a: FactmarkConfig, b: FactmarkConfig): boolean {
  return analysisKey(a) === analysisKey(b);
}

/** Everything of a configuration that changes what articles are found to say (not which files are read). */
export function analysisKey(config: FactmarkConfig): string {
  return JSON.stringify([
    Object.entries(config.rules).sort(),
    [...config.rates].map(([pair, rate]) => [pair, rate.toString()]).sort(),
    [config.tolerances.exact, config.tolerances.approximate, config.tolerances.nearly, config.conversionTolerance].map(String),
    config.dollarCurrency,
    config.yenCurrency ?? null,
  ]);
}

const AnalysisKeySchema = z.tuple([
  z.array(z.tuple([z.enum(ALL_CODES as [DiagnosticCode, ...DiagnosticCode[]]), RuleSettingSchema])),
  z.array(z.tuple([z.string(), z.string()])),
  z.tuple([z.string(), z.string(), z.string(), z.string()]),
  z.string(),
  z.string().nullable(),
]);

/**
 * The configuration an `analysisKey` stands for (no `exclude`: analyses never read it): how a worker thread
 * is given the settings, as text. Undefined for any text that is not exactly such a key.
 */
export function configOfAnalysisKey(key: string): FactmarkConfig | undefined {
  let parsed;
  try {
    parsed = AnalysisKeySchema.safeParse(JSON.parse(key));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const [rules, rates, tolerances, dollarCurrency, yenCurrency] = parsed.data;
  const [exact, approximate, nearly, conversionTolerance] = tolerances.map((t) => Decimal.parse(t));
  const rateDecimals = rates.map(([pair, rate]) => [pair, Decimal.parse(rate)] as const);
  if (!exact || !approximate || !nearly || !conversionTolerance || rateDecimals.some(([, rate]) => !rate)) return undefined;
  const config: FactmarkConfig = {
    rules: Object.fromEntries(rules),
    rates: new Map(rateDecimals as (readonly [string, Decimal])[]),
    tolerances: { exact, approximate, nearly },
    conversionTolerance,
    dollarCurrency,
    yenCurrency: yenCurrency ?? undefined,
    exclude: [],
  };
  // Decimals print one way: anything the key does not give back exactly is not taken for it.
  return analysisKey(config) === key ? config : undefined;
}

export interface ConfigProblem {
  /** Dotted path of the offending field (`rates.CNY/USD`), or '' for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type ConfigResult = { ok: true; config: FactmarkConfig } | { ok: false; problems: ConfigProblem[] };

/** Parses and validates the text of a `factmark.json`. Never throws. */
export function parseConfig(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const result = ConfigSchema.safeParse(json);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: describeIssue(issue) })),
    };
  }
  return { ok: true, config: resolveConfig(result.data) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_key') return `invalid key: ${issue.issues.map(describeIssue).join('; ')}`;
  return issue.message;
}

export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n');
}

/** The JSON Schema shipped for editors (`contributes.jsonValidation`). */
export function configJsonSchema(): object {
  return { ...z.toJSONSchema(ConfigSchema, { target: 'draft-7' }), title: 'factmark.json' };
}
