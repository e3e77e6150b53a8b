/**
 * Editor settings (`workspace/configuration` section `factmark`), validated
 * with zod field by field: an invalid value is reported by name and dropped,
 * every valid value still applies.
 */
import { z } from 'zod';
import { isDiagnosticCode, type DiagnosticCode, type RuleSetting } from '../core/diagnosticCodes';
import type { RuleOverrides } from '../core/analysis';
import { MAX_INDEXING_THREADS, type ThreadSetting } from '../node/summarizePool';
import { defaultCacheDirectory } from '../node/summaryCache';

export interface ServerSettings {
  /** Severity per diagnostic code; wins over `factmark.json` `rules`. */
  readonly rules: RuleOverrides;
  readonly inlayHintsEnabled: boolean;
  readonly codeLensEnabled: boolean;
  /** How long after the last keystroke diagnostics are recomputed. */
  readonly debounceMs: number;
  /** Worker threads that summarize articles while indexing (`auto`: one per core; 0: none). */
  readonly indexingThreads: ThreadSetting;
}

export const DEFAULT_SETTINGS: ServerSettings = { rules: {}, inlayHintsEnabled: true, codeLensEnabled: true, debounceMs: 50, indexingThreads: 'auto' };

const RuleSettingSchema = z.enum(['off', 'hint', 'info', 'warning', 'error']);
const EnabledSchema = z.boolean();
const DebounceSchema = z.number().int('must be a whole number of milliseconds').min(0, 'must be at least 0').max(2000, 'must be at most 2000');
const ThreadsSchema = z.number().int('must be a whole number').min(0, 'must be at least 0').max(MAX_INDEXING_THREADS, `must be at most ${MAX_INDEXING_THREADS}`);

export interface SettingsResult {
  readonly settings: ServerSettings;
  /** One line per rejected value, naming the setting: `factmark.rules.syntax: expected one of …`. */
  readonly problems: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.code === 'invalid_value' ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : issue.message)).join('; ');
}

/** Reads the `factmark` section as sent by the client (any shape; missing values take their defaults). */
export function parseSettings(raw: unknown): SettingsResult {
  const problems: string[] = [];
  const section = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) problems.push('factmark: expected an object of settings');

  const rules: Partial<Record<DiagnosticCode, RuleSetting>> = {};
  if (section.rules !== undefined && section.rules !== null) {
    if (!isRecord(section.rules)) problems.push('factmark.rules: expected an object mapping diagnostic codes to off, hint, info, warning or error');
    else {
      for (const [code, value] of Object.entries(section.rules)) {
        if (!isDiagnosticCode(code)) {
          problems.push(`factmark.rules.${code}: not a Factmark diagnostic code`);
          continue;
        }
        const parsed = RuleSettingSchema.safeParse(value);
        if (parsed.success) rules[code] = parsed.data;
        else problems.push(`factmark.rules.${code}: ${describe(parsed.error)}`);
      }
    }
  }

  const read = <T>(name: string, value: unknown, schema: z.ZodType<T>, fallback: T): T => {
    if (value === undefined || value === null) return fallback;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`factmark.${name}: ${describe(parsed.error)}`);
    return fallback;
  };
  const inlayHints = isRecord(section.inlayHints) ? section.inlayHints : {};
  const codeLens = isRecord(section.codeLens) ? section.codeLens : {};
  const diagnostics = isRecord(section.diagnostics) ? section.diagnostics : {};
  const indexing = isRecord(section.indexing) ? section.indexing : {};

  return {
    settings: {
      rules,
      inlayHintsEnabled: read('inlayHints.enabled', inlayHints.enabled, EnabledSchema, DEFAULT_SETTINGS.inlayHintsEnabled),
      codeLensEnabled: read('codeLens.enabled', codeLens.enabled, EnabledSchema, DEFAULT_SETTINGS.codeLensEnabled),
      debounceMs: read('diagnostics.debounceMs', diagnostics.debounceMs, DebounceSchema, DEFAULT_SETTINGS.debounceMs),
      // null (the default in VS Code's settings) is `auto`.
      indexingThreads: read<ThreadSetting>('indexing.threads', indexing.threads, ThreadsSchema, DEFAULT_SETTINGS.indexingThreads),
    },
    problems,
  };
}

const SummaryCacheSchema = z.union([z.literal(false), z.object({ directory: z.string().min(1, 'must not be empty').optional() }).strict()]);

/**
 * The `summaryCache` initialization option: `false` keeps no cache; `{ "directory": "…" }` keeps it
 * there (VS Code passes the workspace's storage folder); absent, `$XDG_CACHE_HOME/factmark`. An
 * invalid value is reported and the default applies.
 */
export function parseSummaryCacheOption(raw: unknown): { directory: string | undefined; problem?: string } {
  const parsed = SummaryCacheSchema.safeParse(raw ?? {});
  if (!parsed.success) return { directory: defaultCacheDirectory(), problem: `initializationOptions.summaryCache: ${describe(parsed.error)} (expected false or { "directory": "…" })` };
  return { directory: parsed.data === false ? undefined : parsed.data.directory ?? defaultCacheDirectory() };
}
