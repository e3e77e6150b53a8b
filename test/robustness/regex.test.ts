/**
 * Every regular expression of the product (server/src, client/src) is safe
 * from catastrophic backtracking, as `recheck` proves it (status 'safe').
 *
 * How the regexes are collected, from the JavaScript the build made of each
 * TypeScript file (out/…, types stripped, so nothing TypeScript-specific can
 * confuse the scan):
 * - regex literals and `RegExp('…', '…')` calls with literal arguments, by
 *   the tokenizer of regexScan.ts, whose regex-or-division answers V8 checks;
 * - `RegExp(…)` calls with a computed pattern, by running them: the global
 *   RegExp is wrapped while every server module loads and the core analyses
 *   the samples, and each construction is recorded with its caller's line.
 *   A computed call site that never ran fails the test (its pattern would be
 *   unknown), so none can slip through.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { check } from 'recheck';
import { scanJavaScript, verifyClassification, type ScannedFile } from './regexScan';

const OUT = resolve(__dirname, '../..');
const SCANNED_FOLDERS = ['server/src', 'client/src'];
/** Runs `main()` when loaded: the CLI entry point is scanned but not loaded. */
const NOT_LOADED = new Set(['server/src/cli/main.js']);
/**
 * Deterministic verdicts: a fixed seed for the fuzz checker (used where automata cannot go, e.g.
 * lookarounds) and step limits instead of time limits, so a busy machine cannot change an answer.
 * The overall timeout only bounds a pattern recheck cannot decide: it reports 'unknown', and fails.
 */
const RECHECK_PARAMETERS = { randomSeed: 1, attackTimeout: null, incubationTimeout: null, recallTimeout: null, seedingTimeout: null, timeout: 30_000 };

function jsFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsFilesUnder(path) : name.endsWith('.js') ? [path] : [];
    });
}

interface Pattern {
  readonly source: string;
  readonly flags: string;
  /** `server/src/core/x.js:12` (a line of the built file), where it was found. */
  readonly where: string;
}

const files = SCANNED_FOLDERS.flatMap((folder) => jsFilesUnder(join(OUT, folder))).map((path) => ({ path, name: relative(OUT, path), code: readFileSync(path, 'utf8') }));
const scans = new Map<string, ScannedFile>(files.map((file) => [file.name, scanJavaScript(file.code)]));

/** A RegExp our code constructed, with the built file and line that called the constructor. */
interface Construction {
  readonly source: string;
  readonly flags: string;
  readonly file: string;
  readonly line: number;
}

function recordConstructions(): Construction[] {
  const recorded: Construction[] = [];
  const OriginalRegExp = globalThis.RegExp;
  const record = (args: unknown[]) => {
    const original = Error.prepareStackTrace;
    Error.prepareStackTrace = (_, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    Error.prepareStackTrace = original;
    const caller = sites[2]; // [record, the trap, the caller]
    const file = caller?.getFileName() ?? '';
    if (!file.startsWith(OUT)) return;
    const pattern = args[0] instanceof OriginalRegExp ? args[0].source : String(args[0] ?? '(?:)');
    const flags = args[1] === undefined ? (args[0] instanceof OriginalRegExp ? args[0].flags : '') : String(args[1]);
    recorded.push({ source: pattern, flags, file: relative(OUT, file), line: caller.getLineNumber() ?? 0 });
  };
  globalThis.RegExp = new Proxy(OriginalRegExp, {
    construct(target, args, newTarget) {
      record(args);
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, thisArg, args) {
      record(args);
      return Reflect.apply(target, thisArg, args) as unknown;
    },
  });
  // Stack positions must be those of the built files, as the scan read them.
  process.setSourceMapsEnabled(false);
  try {
    for (const file of files) if (file.name.startsWith('server/') && !NOT_LOADED.has(file.name)) require(file.path);
    // Required only now, with RegExp wrapped, like the modules above.
    const { coreViolations, loadSamples } = require('./invariants') as typeof import('./invariants');
    const samples = loadSamples(resolve(OUT, '..'));
    for (const text of samples.texts) assert.deepEqual(coreViolations(text, samples), []);
  } finally {
    globalThis.RegExp = OriginalRegExp;
  }
  return recorded;
}

/** Tricky code and what the scan must make of it: regex literals, `RegExp(` calls, the count of divisions. */
const SCANNER_CASES: readonly (readonly [code: string, expected: string])[] = [
  ['const x = a / b / c;', 'divisions 2'],
  ['const y = /[/]\\//g.test(s) / 2;', 'literal /[/]\\//g; divisions 1'],
  ['f(`${a / 2}${/x/.source}` / 3);', 'literal /x/; divisions 2'],
  ['return /a/i.test(s);', 'literal /a/i'],
  ['x = y++ / 2; z = --w / 2;', 'divisions 2'],
  ['const s = "/not/" + \'//nor\' + `/this/`; // /nor this/', ''],
  ['/* /a/ */ const r = new RegExp("a+" + b, "g");', 'computed RegExp( call'],
  ['const t = RegExp("\\\\d+", "u"), u = obj.RegExp("x");', 'literal RegExp("\\\\d+", "u")'],
  ['if (a) { b(); } /c/.test(d);', 'literal /c/'],
];

function renderScan(scan: ScannedFile): string {
  return [
    ...scan.literals.map((l) => `literal /${l.source}/${l.flags}`),
    ...scan.calls.map((c) => (c.literal ? `literal RegExp(${JSON.stringify(c.literal.source)}, ${JSON.stringify(c.literal.flags)})` : 'computed RegExp( call')),
    ...(scan.divisions.length ? [`divisions ${scan.divisions.length}`] : []),
  ].join('; ');
}

describe('the regex scanner', () => {
  for (const [code, expected] of SCANNER_CASES) {
    test(code, () => {
      const scan = scanJavaScript(code);
      assert.equal(renderScan(scan), expected);
      assert.equal(verifyClassification(code, scan), '');
    });
  }
});

describe('regular expressions', () => {
  const patterns: Pattern[] = [];
  const unexercised: string[] = [];

  before(() => {
    const constructions = recordConstructions();
    for (const [name, scan] of scans) {
      for (const literal of scan.literals) patterns.push({ source: literal.source, flags: literal.flags, where: `${name}:${literal.line}` });
      for (const call of scan.calls) {
        if (call.literal) {
          patterns.push({ ...call.literal, where: `${name}:${call.line}` });
          continue;
        }
        const made = constructions.filter((c) => c.file === name && c.line === call.line);
        if (made.length === 0) unexercised.push(`${name}:${call.line}`);
        for (const c of made) patterns.push({ source: c.source, flags: c.flags, where: `${name}:${call.line}` });
      }
    }
  });

  test('the scan classifies every `/` of every file as V8 does', () => {
    const errors = files.map((file) => [file.name, verifyClassification(file.code, scans.get(file.name)!)]).filter(([, error]) => error !== '');
    assert.equal(errors.map(([name, error]) => `${name}: ${error}`).join('\n'), '');
  });

  test('the scan finds regexes everywhere in the code base', () => {
    const literalsIn = (file: string) => scans.get(file)?.literals.map((l) => `/${l.source}/${l.flags}`) ?? [];
    assert.ok(literalsIn('server/src/core/syntax.js').includes('/^[a-z0-9][a-z0-9._-]*$/'), 'ID_PATTERN of syntax.ts');
    assert.ok(patterns.length >= 50, `only ${patterns.length} regexes found`);
  });

  test('every RegExp(…) call with a computed pattern ran while the samples were analysed', () => {
    assert.equal(unexercised.join('\n'), '');
  });

  test('every regex is safe according to recheck', async () => {
    const unique = new Map<string, Pattern[]>();
    for (const p of patterns) unique.set(`/${p.source}/${p.flags}`, [...(unique.get(`/${p.source}/${p.flags}`) ?? []), p]);
    const verdicts = await Promise.all(
      [...unique.values()].map(async ([first, ...rest]) => {
        const result = await check(first.source, first.flags, RECHECK_PARAMETERS);
        if (result.status === 'safe') return '';
        const places = [first, ...rest].map((p) => p.where).join(', ');
        const detail =
          result.status === 'vulnerable'
            ? `${result.complexity.type} (attack: ${JSON.stringify(result.attack.pattern).slice(0, 80)})`
            : `could not be decided: ${result.error.kind}`;
        return `${places}: /${first.source}/${first.flags} is ${result.status}, ${detail}`;
      }),
    );
    assert.equal(verdicts.filter(Boolean).join('\n'), '');
  });
});
