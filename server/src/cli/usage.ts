/**
 * Command-line parsing (node:util parseArgs) and help texts. Every mistake
 * becomes a CliError: one line on stderr, exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ALL_CODES, isDiagnosticCode, type DiagnosticCode, type RuleSetting } from '../core/diagnosticCodes';
import { MAX_INDEXING_THREADS, type ThreadSetting } from '../node/summarizePool';

/**
 * A problem the user can fix (usage, configuration, files): exit code 2,
 * each line printed as `factmark: <line>`, then `help` if given.
 */
export class CliError extends Error {
  constructor(message: string, readonly help = '') {
    super(message);
  }
}

export const CHECK_FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export const CLAIMS_FORMATS = ['table', 'json', 'csv', 'html'] as const;
export const FIGURES_FORMATS = ['table', 'json'] as const;
const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export type CheckFormat = (typeof CHECK_FORMATS)[number];
export type ClaimsFormat = (typeof CLAIMS_FORMATS)[number];
export type FiguresFormat = (typeof FIGURES_FORMATS)[number];

/** What every analysing command needs to load the workspace. */
export interface InputOptions {
  readonly paths: readonly string[];
  readonly configPath: string | undefined;
  /** `--cache`: read unchanged articles from the cache file (`location`, else the default) and update it. */
  readonly cache: false | { readonly location: string | undefined };
  /** `--threads`: worker threads that read and summarize the articles. */
  readonly threads: ThreadSetting;
}

export type Invocation =
  | { readonly command: 'help'; readonly text: string }
  | { readonly command: 'version' }
  | (InputOptions & {
      readonly command: 'check';
      readonly format: CheckFormat;
      readonly maxWarnings: number | undefined;
      readonly rules: Partial<Record<DiagnosticCode, RuleSetting>>;
      readonly verbose: boolean;
    })
  | (InputOptions & { readonly command: 'claims'; readonly format: ClaimsFormat })
  | (InputOptions & { readonly command: 'figures'; readonly format: FiguresFormat })
  | { readonly command: 'lsp' };

/** Greedy word wrap for help text. */
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

export const MAIN_HELP = `Usage: factmark <command> [options]

Checks the entities, claims (figures) and citations of Factmark (.fmk) articles.

Commands:
  check [paths…]     report problems: unsourced figures, conflicting claims, bad markup
  claims [paths…]    the reconciliation report: every claim, its mentions and status
  figures [paths…]   every figure the recognizer finds, for auditing an article
  lsp                run the language server (--stdio, --node-ipc or --socket=N)

Options:
  -h, --help         show this help; \`factmark <command> --help\` shows a command's
  -v, --version      print the version

Paths default to the current directory. Exit codes: 0 clean, 1 problems found,
2 usage, configuration or file errors.
`;

const WORKSPACE_NOTE = `Every .fmk file of the workspace is analysed, so ids defined in other files
resolve: the workspace is the folder of the nearest factmark.json (searched
upwards from the first path), else the given folders (a file's own folder).
Only files under the given paths (default: .) are reported.`;

/** The cache and thread options of every analysing command (the default file: load.ts DEFAULT_CACHE_FILE). */
const CACHE_AND_THREAD_OPTIONS = `  --cache                  read unchanged articles from a cache file and keep
                           it up to date (.factmark-cache beside factmark.json,
                           else in the current folder)
  --cache-location <file>  the cache file (implies --cache)
  --threads <n|auto>       worker threads that read and summarize articles
                           (default 0: none; auto: one per core, 2,000
                           articles or more each)`;

export const COMMAND_HELP = {
  check: `Usage: factmark check [paths…] [options]

Reports the problems of every .fmk article under the paths.

${WORKSPACE_NOTE}

Options:
  --format <name>          pretty (default), json, sarif or github
  --config <file>          use this factmark.json instead of searching for one
  --max-warnings <n>       also fail when there are more than n warnings
  --rule <code=severity>   set a rule's severity: off, hint, info, warning or
                           error (repeatable; wins over factmark.json)
  --verbose                also print hints (pretty and github formats)
${CACHE_AND_THREAD_OPTIONS}
  -h, --help               show this help

Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings),
2 usage, configuration or file errors.

${wrapWords(`Codes: ${ALL_CODES.join(', ')}.`, 78)}
`,
  claims: `Usage: factmark claims [paths…] [options]

The reconciliation report: every claim defined or mentioned under the paths,
with all its mentions in the workspace, their intervals, sources and status.

${WORKSPACE_NOTE}

Options:
  --format <name>          table (default), json, csv or html (a page that
                           draws each claim's intervals)
  --config <file>          use this factmark.json instead of searching for one
${CACHE_AND_THREAD_OPTIONS}
  -h, --help               show this help
`,
  figures: `Usage: factmark figures [paths…] [options]

Every figure the recognizer finds in the articles under the paths, with its
normalized value, interval, claim and sourcing status.

${WORKSPACE_NOTE}

Options:
  --format <name>          table (default) or json
  --config <file>          use this factmark.json instead of searching for one
${CACHE_AND_THREAD_OPTIONS}
  -h, --help               show this help
`,
  lsp: `Usage: factmark lsp --stdio | --node-ipc | --socket=<port>

Runs the Factmark language server over the chosen transport.

Options:
  --stdio            talk over stdin/stdout
  --node-ipc         talk over Node's IPC channel
  --socket <port>    connect to a socket on this port
  -h, --help         show this help
`,
} as const;

type Command = keyof typeof COMMAND_HELP;

const INPUT_OPTIONS = {
  config: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  threads: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const OPTIONS = {
  check: {
    ...INPUT_OPTIONS,
    'max-warnings': { type: 'string' },
    rule: { type: 'string', multiple: true },
    verbose: { type: 'boolean' },
  },
  claims: INPUT_OPTIONS,
  figures: INPUT_OPTIONS,
  lsp: {
    stdio: { type: 'boolean' },
    'node-ipc': { type: 'boolean' },
    socket: { type: 'string' },
    // Passed by language clients that start the server; the server reads it from argv.
    clientProcessId: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
} as const satisfies Record<Command, ParseArgsConfig['options']>;

function isCommand(word: string): word is Command {
  return Object.prototype.hasOwnProperty.call(COMMAND_HELP, word);
}

/** node:util's messages, reworded into one short line that points at the help. */
function describeParseError(error: Error & { code?: string }, command: Command): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  const seeHelp = `(see factmark ${command} --help)`;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option} for factmark ${command} ${seeHelp}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('does not take')
        ? `option ${option} does not take a value ${seeHelp}`
        : `option ${option} needs a value (write ${option}=<value> if it starts with "-") ${seeHelp}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `factmark ${command} takes no paths ${seeHelp}`;
    default:
      return `${error.message} ${seeHelp}`;
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`unknown ${what} "${value}" (expected ${allowed.join(', ')})`);
}

function parseRules(specs: readonly string[]): Partial<Record<DiagnosticCode, RuleSetting>> {
  const rules: Partial<Record<DiagnosticCode, RuleSetting>> = {};
  for (const spec of specs) {
    const equals = spec.indexOf('=');
    if (equals < 0) throw new CliError(`--rule ${spec}: expected code=severity, e.g. --rule unsourced-figure=error`);
    const code = spec.slice(0, equals).trim();
    const severity = spec.slice(equals + 1).trim();
    if (!isDiagnosticCode(code)) throw new CliError(`--rule ${spec}: unknown diagnostic code "${code}" (codes: ${ALL_CODES.join(', ')})`);
    if (!(RULE_SETTINGS as readonly string[]).includes(severity)) {
      throw new CliError(`--rule ${spec}: unknown severity "${severity}" (expected ${RULE_SETTINGS.join(', ')})`);
    }
    rules[code] = severity as RuleSetting;
  }
  return rules;
}

/**
 * `--threads`: none by default. On a 2-core machine two threads summarizing 10,000 articles made `check`
 * no faster (9.9 s either way: the caller only waits, and packing the summaries to cross threads costs
 * what the second core saves) for twice the peak memory; the server, whose own thread must stay free to
 * answer requests, uses them by default (lsp/settings.ts).
 */
function parseThreads(value: string | undefined): ThreadSetting {
  if (value === undefined) return 0;
  if (value === 'auto') return 'auto';
  if (!/^\d{1,2}$/.test(value) || Number(value) > MAX_INDEXING_THREADS) throw new CliError(`--threads expects auto or a whole number from 0 to ${MAX_INDEXING_THREADS}, not "${value}"`);
  return Number(value);
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new CliError(`--max-warnings expects a whole number of 0 or more, not "${value}"`);
  return Number(value);
}

export function parseCommandLine(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new CliError('no command given', `\n${MAIN_HELP}`);
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = rest[0];
    return { command: 'help', text: topic !== undefined && isCommand(topic) ? COMMAND_HELP[topic] : MAIN_HELP };
  }
  if (first === '-v' || first === '--version') return { command: 'version' };
  if (!isCommand(first)) {
    throw new CliError(first.startsWith('-') ? `unknown option ${first} (try factmark --help)` : `unknown command "${first}" (commands: ${Object.keys(COMMAND_HELP).join(', ')})`);
  }

  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS[first], allowPositionals: first !== 'lsp', strict: true });
  } catch (error) {
    throw new CliError(describeParseError(error as Error, first));
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help) return { command: 'help', text: COMMAND_HELP[first] };

  if (first === 'lsp') {
    const transports = [values.stdio, values['node-ipc'], values.socket !== undefined].filter(Boolean).length;
    if (transports !== 1) throw new CliError('factmark lsp needs exactly one transport: --stdio, --node-ipc or --socket=<port>');
    if (values.socket !== undefined && !/^\d{1,5}$/.test(values.socket as string)) throw new CliError(`--socket expects a port number, not "${values.socket}"`);
    return { command: 'lsp' };
  }

  const input: InputOptions = {
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    configPath: values.config as string | undefined,
    cache: values.cache || values['cache-location'] !== undefined ? { location: values['cache-location'] as string | undefined } : false,
    threads: parseThreads(values.threads as string | undefined),
  };
  const format = values.format as string | undefined;
  switch (first) {
    case 'check':
      return {
        ...input,
        command: 'check',
        format: oneOf(format, CHECK_FORMATS, 'pretty', 'format'),
        maxWarnings: parseMaxWarnings(values['max-warnings'] as string | undefined),
        rules: parseRules((values.rule as string[] | undefined) ?? []),
        verbose: Boolean(values.verbose),
      };
    case 'claims':
      return { ...input, command: 'claims', format: oneOf(format, CLAIMS_FORMATS, 'table', 'format') };
    case 'figures':
      return { ...input, command: 'figures', format: oneOf(format, FIGURES_FORMATS, 'table', 'format') };
  }
}
