/**
 * The `factmark` CLI, run as users run it: the built dist/cli.js as a child
 * process in small workspaces written to a temporary folder. Results are
 * rendered as transcripts (exit code, stdout, stderr) and compared as text.
 * Also: the Node file layer (server/src/node/files.ts) and the generated
 * factmark.json schema.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../server/src/core/config';
import { discoverArticles, findConfig, loadConfig, readArticle, readArticleSync, type ReadResult } from '../server/src/node/files';
import { dedent, parseFixture } from './support/fixture';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'factmark-cli-test-'));

before(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO });
});
after(() => rmSync(scratch, { recursive: true, force: true }));

let workspaceCount = 0;

/** Writes a multi-file fixture (`//- /path` headers) to a fresh folder and returns it. */
function writeWorkspace(source: string): string {
  const dir = join(scratch, `ws${workspaceCount++}`);
  mkdirSync(dir);
  for (const file of parseFixture(source).files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  return dir;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI (asynchronously, so a suite's cases run side by side). */
function run(cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, FACTMARK_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}

/** Exit code, stdout, then stderr after a marker; temporary paths replaced by <tmp>. */
function transcript(result: Run): string {
  const parts = [`exit ${result.status}`];
  if (result.stdout) parts.push(result.stdout.trimEnd());
  if (result.stderr) parts.push('--- stderr', result.stderr.trimEnd());
  return parts.join('\n').replaceAll(scratch, '<tmp>') + '\n';
}

/** Exit code, stderr and only the last stdout line (the summary): for cases about exit codes. */
function outcome(result: Run): string {
  const lastLine = result.stdout.trimEnd().split('\n').pop() ?? '';
  return transcript({ ...result, stdout: lastLine });
}

const WORKSPACE = `
  //- /factmark.json
  { "rates": { "CNY/USD": 0.14 } }
  //- /registry.fmk
  [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
  [#trade]: Trade in 2024 {unit=USD}
  [#grant]: Grant {unit=USD}
  [^xinhua]: Xinhua report <https://example.org/x>
  [^unused]: Unused source <https://example.org/u>
  //- /a.fmk
  Trade reached [nearly $100 billion]{#trade ^xinhua} last year.
  «It hit [$95 billion]{#trade}», [Tokayev]{@tokayev} said.
  The grant is [1 billion yuan (US$140 million)]{#grant ^xinhua}.
  //- /b.fmk
  Trade was [$60 billion]{#trade ^xinhua}. Tokayev was there.
  Exports grew\t12% in May, [a lot]{#missing}.
`;

describe('factmark check', { concurrency: true }, () => {
  let dir: string;
  before(() => (dir = writeWorkspace(WORKSPACE)));

  const cases: { name: string; args: string[]; expected: string }[] = [
    {
      name: 'pretty: location, severity, code, message, excerpt with carets, related places, summary; hints counted but hidden',
      args: ['check'],
      expected: `
        exit 1
        a.fmk:1:15 warning claim-conflict #trade: "nearly $100 billion" (90–100 billion USD) disagrees with "$60 billion" (57–63 billion USD).
         1 | Trade reached [nearly $100 billion]{#trade ^xinhua} last year.
           |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = b.fmk:1:11: #trade is "$60 billion" here

        a.fmk:2:9 warning claim-conflict #trade: "$95 billion" (94.5–95.5 billion USD) disagrees with "$60 billion" (57–63 billion USD).
         2 | «It hit [$95 billion]{#trade}», [Tokayev]{@tokayev} said.
           |         ^^^^^^^^^^^^^^^^^^^^^
           = b.fmk:1:11: #trade is "$60 billion" here

        a.fmk:2:10 info uncited-figure Figure "$95 billion" is attributed to @tokayev but not cited.
         2 | «It hit [$95 billion]{#trade}», [Tokayev]{@tokayev} said.
           |          ^^^^^^^^^^^

        b.fmk:1:11 warning claim-conflict #trade: "$60 billion" (57–63 billion USD) disagrees with "nearly $100 billion" (90–100 billion USD), "$95 billion" (94.5–95.5 billion USD).
         1 | Trade was [$60 billion]{#trade ^xinhua}. Tokayev was there.
           |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = a.fmk:1:15: #trade is "nearly $100 billion" here
           = a.fmk:2:9: #trade is "$95 billion" here

        b.fmk:2:14 warning unsourced-figure Unsourced figure "12%": cite a source (^id) or attribute it (by=@id).
         2 | Exports grew 12% in May, [a lot]{#missing}.
           |              ^^^

        b.fmk:2:27 error claim-no-value "a lot" is tagged as claim #missing but has no recognizable figure; add value="…".
         2 | Exports grew 12% in May, [a lot]{#missing}.
           |                           ^^^^^

        b.fmk:2:34 error undefined-claim #missing is not defined in the workspace (add [#missing]: Description {unit=…}).
         2 | Exports grew 12% in May, [a lot]{#missing}.
           |                                  ^^^^^^^^

        2 errors, 4 warnings, 1 info, 2 hints in 3 files (hints not shown; --verbose shows them)
      `,
    },
    {
      name: 'one file: ids resolve against the whole workspace, only that file is reported; --verbose prints hints',
      args: ['check', '--verbose', 'registry.fmk'],
      expected: `
        exit 0
        registry.fmk:5:1 hint unused-definition source ^unused is never referenced.
         5 | [^unused]: Unused source <https://example.org/u>
           | ^^^^^^^^^^

        0 errors, 0 warnings, 0 infos, 1 hint in 1 file
      `,
    },
    {
      name: 'json: every reported file, positions 1-based and end-exclusive, related places, summary',
      args: ['check', '--format', 'json', 'a.fmk', 'registry.fmk'],
      expected: `
        exit 0
        {
          "version": 1,
          "files": [
            {
              "file": "a.fmk",
              "diagnostics": [
                {
                  "code": "claim-conflict",
                  "severity": "warning",
                  "message": "#trade: \\"nearly $100 billion\\" (90–100 billion USD) disagrees with \\"$60 billion\\" (57–63 billion USD).",
                  "line": 1,
                  "column": 15,
                  "endLine": 1,
                  "endColumn": 52,
                  "related": [
                    {
                      "file": "b.fmk",
                      "line": 1,
                      "column": 11,
                      "endLine": 1,
                      "endColumn": 40,
                      "message": "#trade is \\"$60 billion\\" here"
                    }
                  ]
                },
                {
                  "code": "claim-conflict",
                  "severity": "warning",
                  "message": "#trade: \\"$95 billion\\" (94.5–95.5 billion USD) disagrees with \\"$60 billion\\" (57–63 billion USD).",
                  "line": 2,
                  "column": 9,
                  "endLine": 2,
                  "endColumn": 30,
                  "related": [
                    {
                      "file": "b.fmk",
                      "line": 1,
                      "column": 11,
                      "endLine": 1,
                      "endColumn": 40,
                      "message": "#trade is \\"$60 billion\\" here"
                    }
                  ]
                },
                {
                  "code": "uncited-figure",
                  "severity": "info",
                  "message": "Figure \\"$95 billion\\" is attributed to @tokayev but not cited.",
                  "line": 2,
                  "column": 10,
                  "endLine": 2,
                  "endColumn": 21,
                  "related": []
                }
              ]
            },
            {
              "file": "registry.fmk",
              "diagnostics": [
                {
                  "code": "unused-definition",
                  "severity": "hint",
                  "message": "source ^unused is never referenced.",
                  "line": 5,
                  "column": 1,
                  "endLine": 5,
                  "endColumn": 11,
                  "related": []
                }
              ]
            }
          ],
          "summary": {
            "errors": 0,
            "warnings": 2,
            "infos": 1,
            "hints": 1
          }
        }
      `,
    },
    {
      name: 'github: workflow commands by severity (hints only with --verbose), then the summary',
      args: ['check', '--format', 'github', 'b.fmk'],
      expected: `
        exit 1
        ::warning file=b.fmk,line=1,col=11,endLine=1,endColumn=40,title=factmark claim-conflict::#trade: "$60 billion" (57–63 billion USD) disagrees with "nearly $100 billion" (90–100 billion USD), "$95 billion" (94.5–95.5 billion USD).
        ::warning file=b.fmk,line=2,col=14,endLine=2,endColumn=17,title=factmark unsourced-figure::Unsourced figure "12%25": cite a source (^id) or attribute it (by=@id).
        ::error file=b.fmk,line=2,col=27,endLine=2,endColumn=32,title=factmark claim-no-value::"a lot" is tagged as claim #missing but has no recognizable figure; add value="…".
        ::error file=b.fmk,line=2,col=34,endLine=2,endColumn=42,title=factmark undefined-claim::#missing is not defined in the workspace (add [#missing]: Description {unit=…}).
        2 errors, 2 warnings, 0 infos, 1 hint in 1 file (hints not shown; --verbose shows them)
      `,
    },
  ];
  for (const { name, args, expected } of cases) {
    test(name, async () => assert.equal(transcript(await run(dir, args)), dedent(expected)));
  }

  test('pretty excerpts: a range over two lines is marked to the end of its first; long lines are cut around the range', async () => {
    const excerpts = writeWorkspace(`
      //- /a.fmk
      Exports reached [a record
      level]{#missing}.
      ${'Filler words and more filler words, '.repeat(5)}then growth of 12% came, ${'and the rest of a long paragraph goes on, '.repeat(3)}
    `);
    assert.equal(
      transcript(await run(excerpts, ['check', '--rule', 'undefined-claim=off'])),
      dedent(`
        exit 1
        a.fmk:1:18 error claim-no-value "a record level" is tagged as claim #missing but has no recognizable figure; add value="…".
         1 | Exports reached [a record
           |                  ^^^^^^^^

        a.fmk:3:196 warning unsourced-figure Unsourced figure "12%": cite a source (^id) or attribute it (by=@id).
         3 | … filler words, then growth of 12% came, and the rest of a long paragraph goes on, and the rest of a …
           |                                ^^^

        1 error, 1 warning, 0 infos, 0 hints in 1 file
      `),
    );
  });

  test('github: file names and messages are escaped as GitHub requires (% CR LF, and : , in properties)', async () => {
    const escaping = writeWorkspace(`
      //- /50%,a:b.fmk
      Growth was 35% in May.
    `);
    assert.equal(
      transcript(await run(escaping, ['check', '--format', 'github'])),
      dedent(`
        exit 0
        ::warning file=50%25%2Ca%3Ab.fmk,line=1,col=12,endLine=1,endColumn=15,title=factmark unsourced-figure::Unsourced figure "35%25": cite a source (^id) or attribute it (by=@id).
        0 errors, 1 warning, 0 infos, 0 hints in 1 file
      `),
    );
  });

  test('sarif: valid against the official SARIF 2.1.0 schema, with rules, levels, regions and related locations', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(REPO, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')));
    const result = await run(dir, ['check', '--format', 'sarif']);
    const log = JSON.parse(result.stdout);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'the schema must reject a driver without a name');

    const run0 = log.runs[0];
    const rules = run0.tool.driver.rules.map((r: { id: string; defaultConfiguration: { level: string } }) => `${r.id}=${r.defaultConfiguration.level}`);
    const results = run0.results.map(
      (r: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }) => {
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        const related = (r.relatedLocations ?? []).map((l) => ` → ${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}:${l.physicalLocation.region.startColumn}`);
        return `${r.level} ${r.ruleId} ${artifactLocation.uriBaseId}/${artifactLocation.uri}:${region.startLine}:${region.startColumn}-${region.endLine}:${region.endColumn}${related.join('')}`;
      },
    );
    assert.equal(
      [`exit ${result.status}`, `${run0.tool.driver.name} ${run0.columnKind}`, rules.join(' '), ...results].join('\n') + '\n',
      dedent(`
        exit 1
        factmark utf16CodeUnits
        syntax=error undefined-entity=error undefined-claim=error undefined-source=error duplicate-definition=error unused-definition=note unsourced-figure=warning uncited-figure=note claim-conflict=warning claim-no-value=error unit-mismatch=warning conversion-mismatch=warning untagged-alias=note front-matter=error config=error
        warning claim-conflict %SRCROOT%/a.fmk:1:15-1:52 → b.fmk:1:11
        warning claim-conflict %SRCROOT%/a.fmk:2:9-2:30 → b.fmk:1:11
        note uncited-figure %SRCROOT%/a.fmk:2:10-2:21
        warning claim-conflict %SRCROOT%/b.fmk:1:11-1:40 → a.fmk:1:15 → a.fmk:2:9
        note untagged-alias %SRCROOT%/b.fmk:1:42-1:49
        warning unsourced-figure %SRCROOT%/b.fmk:2:14-2:17
        error claim-no-value %SRCROOT%/b.fmk:2:27-2:32
        error undefined-claim %SRCROOT%/b.fmk:2:34-2:42
        note unused-definition %SRCROOT%/registry.fmk:5:1-5:11
      `),
    );
  });
});

describe('which files are analysed and which reported', { concurrency: true }, () => {
  let dir: string;
  before(
    () =>
      (dir = writeWorkspace(`
        //- /project/factmark.json
        { "exclude": ["articles/drafts", "archive"] }
        //- /project/registry.fmk
        [#trade]: Trade {unit=USD}
        [^s]: Source <https://example.org/s>
        //- /project/articles/a.fmk
        Trade hit [$95 billion]{#trade ^s}.
        //- /project/articles/drafts/d.fmk
        Trade hit [$96 billion]{#trade ^s}.
        //- /project/archive/old.fmk
        Trade hit [$1 billion]{#trade ^s}.
        //- /loose/a.fmk
        Trade hit [$2 billion]{#trade}.
        //- /loose/defs.fmk
        [#trade]: Trade {unit=USD}
      `)),
  );

  /** The reported files and the problems found, from the JSON output. */
  async function reported(cwd: string, args: string[]): Promise<string> {
    const result = await run(join(dir, cwd), ['check', '--format', 'json', ...args]);
    const files = (JSON.parse(result.stdout).files as { file: string; diagnostics: { code: string }[] }[]).map(
      (f) => `${f.file}${f.diagnostics.length ? ` (${f.diagnostics.map((d) => d.code).join(', ')})` : ''}`,
    );
    return `exit ${result.status}: ${files.join(', ')}\n`;
  }

  const cases: [string, string, string[], string][] = [
    ['the workspace of factmark.json, without its excluded entries', 'project', [], 'exit 0: articles/a.fmk, registry.fmk'],
    ['a subfolder: only its files are reported, excludes still relative to factmark.json', 'project', ['articles'], 'exit 0: articles/a.fmk'],
    ['an excluded folder named explicitly is checked', 'project', ['articles/drafts'], 'exit 0: articles/drafts/d.fmk'],
    ['the workspace is found from the first path, wherever the command runs', '.', ['project/articles/a.fmk'], 'exit 0: project/articles/a.fmk'],
    ['no factmark.json: the given folder is the workspace', 'loose', ['.'], 'exit 0: a.fmk (unsourced-figure), defs.fmk'],
    ['no factmark.json: a file resolves ids against its own folder', '.', ['loose/a.fmk'], 'exit 0: loose/a.fmk (unsourced-figure)'],
  ];
  for (const [name, cwd, args, expected] of cases) test(name, async () => assert.equal(await reported(cwd, args), expected + '\n'));
});

describe('--cache: unchanged articles read from the cache file, with the same output', () => {
  let dir: string;
  before(() => (dir = writeWorkspace(WORKSPACE)));
  const cacheFile = () => join(dir, '.factmark-cache');
  const check = (...args: string[]) => run(dir, ['check', '--format', 'json', ...args]);

  test('the first run writes the cache beside factmark.json; a second reads every article from it (and leaves it as it was)', async () => {
    const plain = transcript(await check());
    assert.equal(transcript(await check('--cache')), plain);
    const written = statSync(cacheFile()).mtimeMs;
    assert.equal(transcript(await check('--cache')), plain);
    // Written again only when an article was summarized afresh.
    assert.equal(statSync(cacheFile()).mtimeMs, written);
  });

  test('an article changed since is read again: the output is that of a run without the cache', async () => {
    await check('--cache');
    writeFileSync(join(dir, 'b.fmk'), 'Trade was [$95 billion]{#trade ^xinhua}.\n');
    try {
      const cached = transcript(await check('--cache'));
      assert.doesNotMatch(cached, /claim-conflict/);
      assert.equal(cached, transcript(await check()));
    } finally {
      writeFileSync(join(dir, 'b.fmk'), parseFixture(WORKSPACE).files.find((f) => f.path === '/b.fmk')!.text);
    }
  });

  test('a damaged cache is not used, and said so on stderr; the output is the same, and the cache is written anew', async () => {
    await check('--cache-location', 'elsewhere.cache');
    const bytes = readFileSync(join(dir, 'elsewhere.cache'));
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(join(dir, 'elsewhere.cache'), bytes);
    const damaged = await check('--cache-location', 'elsewhere.cache');
    assert.equal(damaged.stderr, 'factmark: cache elsewhere.cache not used: its checksum does not match\n');
    assert.equal(transcript({ ...damaged, stderr: '' }), transcript(await check()));
    assert.equal((await check('--cache-location', 'elsewhere.cache')).stderr, '');
  });

  test('a cache that can be neither read nor written is said so in plain words, and changes nothing else', async () => {
    const result = await check('--cache-location', 'a.fmk/cache');
    assert.equal(
      result.stderr,
      'factmark: cache a.fmk/cache not used: cannot read it: a part of the path is not a directory\nfactmark: cache a.fmk/cache not written: file already exists\n',
    );
    assert.equal(transcript({ ...result, stderr: '' }), transcript(await check()));
  });
});

describe('exit codes follow errors, --max-warnings and rule severities', { concurrency: true }, () => {
  let dir: string;
  before(
    () =>
      (dir = writeWorkspace(`
        //- /factmark.json
        {}
        //- /a.fmk
        Trade grew 12% in May and 15% in June.
      `)),
  );
  const cases: [string, string[], string][] = [
    ['warnings alone pass', ['check'], 'exit 0\n0 errors, 2 warnings, 0 infos, 0 hints in 1 file'],
    ['warnings within --max-warnings pass', ['check', '--max-warnings', '2'], 'exit 0\n0 errors, 2 warnings, 0 infos, 0 hints in 1 file'],
    [
      'more warnings than --max-warnings fail',
      ['check', '--max-warnings', '1'],
      'exit 1\n0 errors, 2 warnings, 0 infos, 0 hints in 1 file\n--- stderr\nfactmark: 2 warnings, more than --max-warnings 1',
    ],
    ['--rule raises a code to error', ['check', '--rule', 'unsourced-figure=error'], 'exit 1\n2 errors, 0 warnings, 0 infos, 0 hints in 1 file'],
    ['--rule off silences a code', ['check', '--rule', 'unsourced-figure=off', '--max-warnings=0'], 'exit 0\n0 errors, 0 warnings, 0 infos, 0 hints in 1 file'],
    ['the last --rule for a code wins', ['check', '--rule', 'unsourced-figure=error', '--rule', 'unsourced-figure=info'], 'exit 0\n0 errors, 0 warnings, 2 infos, 0 hints in 1 file'],
  ];
  for (const [name, args, expected] of cases) test(name, async () => assert.equal(outcome(await run(dir, args)), expected + '\n'));

  test('factmark.json rules apply, and --rule wins over them', async () => {
    const configured = writeWorkspace(`
      //- /factmark.json
      { "rules": { "unsourced-figure": "error" } }
      //- /a.fmk
      Trade grew 12% in May.
    `);
    assert.equal(outcome(await run(configured, ['check'])), 'exit 1\n1 error, 0 warnings, 0 infos, 0 hints in 1 file\n');
    assert.equal(outcome(await run(configured, ['check', '--rule', 'unsourced-figure=hint'])), 'exit 0\n0 errors, 0 warnings, 0 infos, 1 hint in 1 file (hints not shown; --verbose shows them)\n');
  });
});

const CLAIMS_WORKSPACE = `
  //- /factmark.json
  {}
  //- /registry.fmk
  [#budget]: Budget & "costs" {unit=USD}
  [#rate]: Rate {unit=%}
  [^s]: Source <https://example.org/s>
  //- /a.fmk
  The budget was [$5 million]{#budget ^s} in one report.
  Another gave [about $2 billion <script>alert(1)</script>]{#budget ^s}.
  //- /b.fmk
  A third said [more than $1 billion]{#budget ^s}. Growth was [2-3%]{#rate ^s} or [2.5%]{#rate ^s}.
`;

/**
 * What the claims page draws, one line per claim and per row: status,
 * scale, row attributes, and every mark (class@x+width for bars, class@x
 * for end points, arrows), plus the axis labels.
 */
function htmlDigest(html: string): string {
  const lines: string[] = [];
  for (const line of html.split('\n')) {
    const section = /^<section class="claim" id="([^"]*)" data-status="([^"]*)">/.exec(line);
    if (section) lines.push(`${section[1]} ${section[2]}`);
    const header = /<th>Interval([^<]*)<\/th>/.exec(line);
    if (header) lines.push(`  axis${header[1]}`);
    const row = /^<tr data-mention="(\d+)"((?: data-conflict="[^"]*")?)><td class="where">([^<]*)<\/td>/.exec(line);
    if (row) {
      const bars = [...line.matchAll(/<rect class="(\w+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => `${m[1]}@${m[2]}+${m[3]}`);
      const ends = [...line.matchAll(/<circle class="(\w+)" cx="([\d.]+)"/g)].map((m) => `${m[1]}@${m[2]}`);
      const arrows = [...line.matchAll(/<polygon class="(\w+)" points="([\d.]+),/g)].map((m) => `arrow ${m[1]}@${m[2]}`);
      const plotCell = line.slice(line.indexOf('<td class="plot-cell">') + '<td class="plot-cell">'.length, line.indexOf('</td><td class="source">'));
      lines.push(`  row ${row[1]}${row[2]} ${row[3]}: ${[...bars, ...ends, ...arrows].join(' ') || plotCell}`);
    }
    const ticks = [...line.matchAll(/<text x="([\d.]+)" y="20">([^<]*)<\/text>/g)].map((m) => `${m[2]}@${m[1]}`);
    if (ticks.length) lines.push(`  ticks ${ticks.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

describe('factmark claims', { concurrency: true }, () => {
  let dir: string;
  before(() => (dir = writeWorkspace(CLAIMS_WORKSPACE)));

  test('table: claim line (status, reconciled value and interval, description), then one line per mention', async () => {
    assert.equal(
      transcript(await run(dir, ['claims'])),
      dedent(`
        exit 0
        #budget  conflict    no common value                Budget & "costs"
          a.fmk:1  "$5 million"                                  [4.75 million, 5.25 million]  ^s  conflicts with a.fmk:2, b.fmk:1
          a.fmk:2  "about $2 billion <script>alert(1)</script>"  [1.8 billion, 2.2 billion]    ^s  conflicts with a.fmk:1
          b.fmk:1  "more than $1 billion"                        (1 billion, ∞)                ^s  conflicts with a.fmk:1

        #rate    consistent  ≈ 2.5%           [2.45, 2.55]  Rate
          b.fmk:1  "2-3%"  [2, 3]        ^s
          b.fmk:1  "2.5%"  [2.45, 2.55]  ^s
      `),
    );
  });

  test('claims of the given files only, with their mentions from the whole workspace', async () => {
    assert.equal(
      transcript(await run(dir, ['claims', 'a.fmk'])),
      dedent(`
        exit 0
        #budget  conflict  no common value    Budget & "costs"
          a.fmk:1  "$5 million"                                  [4.75 million, 5.25 million]  ^s  conflicts with a.fmk:2, b.fmk:1
          a.fmk:2  "about $2 billion <script>alert(1)</script>"  [1.8 billion, 2.2 billion]    ^s  conflicts with a.fmk:1
          b.fmk:1  "more than $1 billion"                        (1 billion, ∞)                ^s  conflicts with a.fmk:1
      `),
    );
  });

  test('csv: RFC 4180 quoting and CRLF, one row per mention', async () => {
    const result = await run(dir, ['claims', '--format', 'csv']);
    assert.equal(
      result.stdout,
      [
        'claim,description,claim_unit,status,reconciled,point,file,line,column,text,value,unit,interval,low,high,excluded,sourcing,sources,speakers,disagrees_with',
        'budget,"Budget & ""costs""",USD,conflict,,,a.fmk,1,16,$5 million,5000000,USD,"[4750000, 5250000]",4750000,5250000,,cited,s,,a.fmk:2 b.fmk:1',
        'budget,"Budget & ""costs""",USD,conflict,,,a.fmk,2,14,about $2 billion <script>alert(1)</script>,2000000000,USD,"[1800000000, 2200000000]",1800000000,2200000000,,cited,s,,a.fmk:1',
        'budget,"Budget & ""costs""",USD,conflict,,,b.fmk,1,14,more than $1 billion,1000000000,USD,"(1000000000, ∞)",1000000000,,,cited,s,,a.fmk:1',
        'rate,Rate,%,consistent,"[2.45, 2.55]",2.5,b.fmk,1,61,2-3%,2.5,%,"[2, 3]",2,3,,cited,s,,',
        'rate,Rate,%,consistent,"[2.45, 2.55]",2.5,b.fmk,1,81,2.5%,2.5,%,"[2.45, 2.55]",2.45,2.55,,cited,s,,',
        '',
      ].join('\r\n'),
    );
  });

  test('json: the claims report with relative file locations', async () => {
    const document = JSON.parse((await run(dir, ['claims', '--format', 'json'])).stdout);
    const rate = document.claims[1];
    assert.equal(
      JSON.stringify({ version: document.version, ids: document.claims.map((c: { id: string }) => c.id), rate: { ...rate, mentions: rate.mentions.slice(0, 1) } }, null, 2) + '\n',
      dedent(`
        {
          "version": 1,
          "ids": [
            "budget",
            "rate"
          ],
          "rate": {
            "id": "rate",
            "description": "Rate",
            "definition": {
              "file": "registry.fmk",
              "line": 2,
              "column": 1,
              "endLine": 2,
              "endColumn": 9
            },
            "unit": "%",
            "status": "consistent",
            "reconciled": {
              "low": "2.45",
              "high": "2.55",
              "lowOpen": false,
              "highOpen": false
            },
            "point": "2.5",
            "mentions": [
              {
                "location": {
                  "file": "b.fmk",
                  "line": 1,
                  "column": 61,
                  "endLine": 1,
                  "endColumn": 77
                },
                "text": "2-3%",
                "value": "2.5",
                "unit": "%",
                "interval": {
                  "low": "2",
                  "high": "3",
                  "lowOpen": false,
                  "highOpen": false
                },
                "excluded": null,
                "status": "cited",
                "sources": [
                  "s"
                ],
                "speakers": [],
                "disagreesWith": []
              }
            ]
          }
        }
      `),
    );
  });

  test('html: one row per mention on a shared axis (log scale over two orders of magnitude), band, conflicts marked', async () => {
    const html = (await run(dir, ['claims', '--format', 'html'])).stdout;
    assert.equal(
      htmlDigest(html),
      dedent(`
        claim-budget conflict
          axis (USD, log scale)
          row 0 data-conflict="1 2" a.fmk:1: conflict@25.5+5 conflict@25.5 conflict@30.5
          row 1 data-conflict="0" a.fmk:2: conflict@324.4+10.1 conflict@324.4 conflict@334.5
          row 2 data-conflict="0" b.fmk:1: conflict@294.8+49.2 open@294.8 arrow conflict@344
          ticks 10 million@62.9, 100 million@178.9, 1 billion@294.8
        claim-rate consistent
          axis (%)
          row 0 b.fmk:1: band@164.5+31 interval@25.5+309 interval@25.5 interval@334.5
          row 1 b.fmk:1: band@164.5+31 interval@164.5+31 interval@164.5 interval@195.5
          ticks 2@25.5, 2.5@180, 3@334.5
      `),
    );
  });

  test('html: self-contained and escaped (no scripts, no external resources; document text escaped)', async () => {
    const html = (await run(dir, ['claims', '--format', 'html'])).stdout;
    const findings = [
      `script tags: ${(html.match(/<script/g) ?? []).length}`,
      `src/href attributes: ${(html.match(/\s(?:src|href)=/g) ?? []).length}`,
      `escaped text: ${html.includes('about $2 billion &lt;script&gt;alert(1)&lt;/script&gt;')}`,
      `escaped description: ${html.includes('Budget &amp; &quot;costs&quot;')}`,
      `legend: ${html.includes('class="legend"')}`,
    ];
    assert.equal(findings.join('\n'), 'script tags: 0\nsrc/href attributes: 0\nescaped text: true\nescaped description: true\nlegend: true');
  });
});

describe('factmark figures', { concurrency: true }, () => {
  test('json: exactly the design fields (1-based, UTF-16 columns, end exclusive; decimal strings or null)', async () => {
    const dir = writeWorkspace(`
      //- /registry.fmk
      [#trade]: Trade {unit=USD}
      [^s]: Source <https://example.org/s>
      //- /a.fmk
      😀 Trade: [nearly $100 billion]{#trade ^s}; exports topped 5,000 containers.
    `);
    assert.equal(
      transcript(await run(dir, ['figures', '--format', 'json', 'a.fmk'])),
      dedent(`
        exit 0
        [
          {
            "file": "a.fmk",
            "line": 1,
            "column": 12,
            "endLine": 1,
            "endColumn": 31,
            "text": "nearly $100 billion",
            "qualifier": "nearly",
            "value": "100000000000",
            "low": "90000000000",
            "high": "100000000000",
            "unit": "USD",
            "claim": "trade",
            "status": "cited"
          },
          {
            "file": "a.fmk",
            "line": 1,
            "column": 53,
            "endLine": 1,
            "endColumn": 76,
            "text": "topped 5,000 containers",
            "qualifier": "topped",
            "value": "5000",
            "low": "5000",
            "high": null,
            "unit": "count:container",
            "claim": null,
            "status": "unsourced"
          }
        ]
      `),
    );
    assert.equal(
      transcript(await run(dir, ['figures', 'a.fmk'])),
      dedent(`
        exit 0
        a.fmk:1:12  "nearly $100 billion"      100 billion USD  90 billion – 100 billion  #trade  cited
        a.fmk:1:53  "topped 5,000 containers"  5,000 container  5,000 – ∞                 -       unsourced
      `),
    );
  });
});

describe('broken inputs: one clear line on stderr, exit 2, no stack trace', { concurrency: true }, () => {
  let dir: string;
  before(() => {
    dir = writeWorkspace(`
      //- /good/a.fmk
      Nothing to see.
      //- /bad-json/factmark.json
      { "rules": {
      //- /bad-json/a.fmk
      Text.
      //- /bad-schema/factmark.json
      { "rules": { "unsourced-figure": "loud" }, "rates": { "CNY/USD": -1 }, "colour": true }
      //- /bad-schema/a.fmk
      Text.
    `);
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'mixed'));
    writeFileSync(join(dir, 'mixed', 'a.fmk'), 'Growth was 12% in May.\n');
    writeFileSync(join(dir, 'mixed', 'image.fmk'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    symlinkSync('missing-target.fmk', join(dir, 'mixed', 'z-broken-link.fmk'));
  });

  const cases: [string, string[], string][] = [
    ['a path that does not exist', ['check', 'nope'], 'factmark: nope: no such file or directory'],
    ['a folder without .fmk files', ['check', 'empty'], 'factmark: empty: no .fmk files in this folder'],
    ['factmark.json that is not JSON', ['check', 'bad-json'], `factmark: bad-json/factmark.json: not valid JSON: ${jsonParseMessage('{ "rules": {\n')}`],
    [
      'factmark.json that breaks the schema: every field and why',
      ['check', 'bad-schema'],
      [
        'factmark: bad-schema/factmark.json: rules.unsourced-figure: expected one of "off", "hint", "info", "warning", "error"',
        'factmark: bad-schema/factmark.json: rates.CNY/USD: a rate must be a positive number',
        'factmark: bad-schema/factmark.json: unknown field "colour"',
      ].join('\n'),
    ],
    ['--config naming a missing file', ['check', 'good', '--config', 'nope.json'], 'factmark: nope.json: no such file (given with --config)'],
    ['an unknown rule code', ['check', 'good', '--rule', 'nonsense=error'], `factmark: --rule nonsense=error: unknown diagnostic code "nonsense" (codes: syntax, undefined-entity, undefined-claim, undefined-source, duplicate-definition, unused-definition, unsourced-figure, uncited-figure, claim-conflict, claim-no-value, unit-mismatch, conversion-mismatch, untagged-alias, front-matter, config)`],
    ['an unknown severity', ['check', 'good', '--rule', 'syntax=fatal'], 'factmark: --rule syntax=fatal: unknown severity "fatal" (expected off, hint, info, warning, error)'],
    ['a rule without a severity', ['check', 'good', '--rule', 'syntax'], 'factmark: --rule syntax: expected code=severity, e.g. --rule unsourced-figure=error'],
    ['an unknown format', ['check', 'good', '--format', 'xml'], 'factmark: unknown format "xml" (expected pretty, json, sarif, github)'],
    ['a format of another command', ['figures', 'good', '--format', 'csv'], 'factmark: unknown format "csv" (expected table, json)'],
    ['an unknown option', ['check', '--colour'], 'factmark: unknown option --colour for factmark check (see factmark check --help)'],
    ['an option without its value', ['claims', '--format'], 'factmark: option --format needs a value (write --format=<value> if it starts with "-") (see factmark claims --help)'],
    ['a flag given a value', ['check', '--verbose=yes'], 'factmark: option --verbose does not take a value (see factmark check --help)'],
    ['a bad --max-warnings', ['check', '--max-warnings', 'many'], 'factmark: --max-warnings expects a whole number of 0 or more, not "many"'],
    ['a bad --threads', ['claims', '--threads=-1'], 'factmark: --threads expects auto or a whole number from 0 to 64, not "-1"'],
    ['too many --threads', ['check', '--threads', '65'], 'factmark: --threads expects auto or a whole number from 0 to 64, not "65"'],
    ['an unknown command', ['lint'], 'factmark: unknown command "lint" (commands: check, claims, figures, lsp)'],
    ['lsp without a transport', ['lsp'], 'factmark: factmark lsp needs exactly one transport: --stdio, --node-ipc or --socket=<port>'],
    ['lsp given paths', ['lsp', '--stdio', 'x.fmk'], 'factmark: factmark lsp takes no paths (see factmark lsp --help)'],
  ];
  for (const [name, args, stderr] of cases) {
    test(name, async () => assert.equal(transcript(await run(dir, args)), `exit 2\n--- stderr\n${stderr}\n`));
  }

  test('no command: the error, then the help', async () => {
    const result = await run(dir, []);
    assert.equal(`${result.status} ${result.stderr.split('\n')[0]} | ${result.stderr.split('\n')[2]}`, '2 factmark: no command given | Usage: factmark <command> [options]');
  });

  test('unreadable files among good ones: each reported, the rest still checked, exit 2 at the end', async () => {
    assert.equal(
      transcript(await run(dir, ['check', 'mixed'])),
      dedent(`
        exit 2
        mixed/a.fmk:1:12 warning unsourced-figure Unsourced figure "12%": cite a source (^id) or attribute it (by=@id).
         1 | Growth was 12% in May.
           |            ^^^

        0 errors, 1 warning, 0 infos, 0 hints in 1 file
        --- stderr
        factmark: mixed/image.fmk: cannot read: binary file (it contains NUL bytes)
        factmark: mixed/z-broken-link.fmk: cannot read: no such file or directory
      `),
    );
  });

  test('on worker threads (--threads), every command gives the same output, unreadable files included', async () => {
    for (const args of [['check', 'mixed', '--format', 'json'], ['claims', 'mixed', '--format', 'json'], ['figures', 'mixed', '--format', 'json'], ['check', 'mixed', '--cache-location', 'threads.cache']]) {
      const alone = transcript(await run(dir, args));
      assert.match(alone, /image\.fmk: cannot read: binary file/);
      for (const threads of ['2', 'auto']) assert.equal(transcript(await run(dir, [...args, '--threads', threads])), alone, `${args.join(' ')} --threads ${threads}`);
    }
  });

  test('a binary file named on the command line (its folder, the workspace, is read too)', async () => {
    assert.equal(
      transcript(await run(dir, ['figures', 'mixed/image.fmk'])),
      dedent(`
        exit 2
        No figures.
        --- stderr
        factmark: mixed/image.fmk: cannot read: binary file (it contains NUL bytes)
        factmark: mixed/z-broken-link.fmk: cannot read: no such file or directory
      `),
    );
  });
});

/** What JSON.parse says about a text (the config message quotes it; it varies between Node versions). */
function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('help, version and the language server', { concurrency: true }, () => {
  test('--help lists the commands; <command> --help describes one', async () => {
    const main = await run(scratch, ['--help']);
    const check = await run(scratch, ['check', '--help']);
    assert.equal(`${main.status} ${main.stdout.split('\n')[0]}\n${check.status} ${check.stdout.split('\n')[0]}\n`, '0 Usage: factmark <command> [options]\n0 Usage: factmark check [paths…] [options]\n');
    assert.equal(main.stdout.match(/^ {2}(\w+) /gm)?.join('|'), '  check |  claims |  figures |  lsp ');
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    assert.equal(transcript(await run(scratch, ['--version'])), `exit 0\n${version}\n`);
  });

  test('lsp --stdio answers initialize', async () => {
    const server = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let received = '';
    const reply = await new Promise<string>((resolveReply, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        const start = received.indexOf('\r\n\r\n');
        const length = Number(/Content-Length: (\d+)/.exec(received)?.[1]);
        if (start >= 0 && Buffer.byteLength(received.slice(start + 4)) >= length) resolveReply(received.slice(start + 4));
      });
      server.on('exit', (code) => reject(new Error(`server exited with ${code} before answering`)));
    });
    server.kill();
    const message = JSON.parse(reply);
    assert.equal(`${message.id} ${typeof message.result?.capabilities}`, '1 object');
  });
});

describe('Node file layer (server/src/node/files.ts)', { concurrency: true }, () => {
  let dir: string;
  before(() => {
    dir = join(scratch, 'files');
    mkdirSync(dir);
  });
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };

  test('readArticle (and readArticleSync, alike): decoding, BOM dropped, binary and size limits, OS reasons in plain words', async () => {
    const nulLate = Buffer.alloc(9000, 0x61);
    nulLate[8500] = 0;
    const huge = write('huge.fmk', '');
    truncateSync(huge, 20 * 1024 * 1024 + 1);
    const cases: [string, string][] = [
      ['plain', write('plain.fmk', 'Trade: $95 billion.\n')],
      ['BOM dropped', write('bom.fmk', '\uFEFFText')],
      ['invalid UTF-8 becomes U+FFFD', write('latin1.fmk', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x21]))],
      ['NUL in the first 8 KB', write('nul.fmk', Buffer.from('ab\0cd'))],
      ['NUL after the first 8 KB', write('nul-late.fmk', nulLate)],
      ['over 20 MB', huge],
      ['a directory', dirname(write('folder.fmk/inner.txt', 'x'))],
      ['missing', join(dir, 'missing.fmk')],
    ];
    const lines: string[] = [];
    const describe = (result: ReadResult) => (result.ok ? `ok ${JSON.stringify(result.text.slice(0, 24))}` : result.message);
    for (const [name, path] of cases) {
      const asynchronous = describe(await readArticle(path));
      const synchronous = describe(readArticleSync(path));
      lines.push(`${name}: ${asynchronous}${synchronous === asynchronous ? '' : ` (readArticleSync: ${synchronous})`}`);
    }
    assert.equal(
      lines.join('\n') + '\n',
      dedent(`
        plain: ok "Trade: $95 billion.\\n"
        BOM dropped: ok "Text"
        invalid UTF-8 becomes U+FFFD: ok "caf\uFFFD!"
        NUL in the first 8 KB: binary file (it contains NUL bytes)
        NUL after the first 8 KB: ok "aaaaaaaaaaaaaaaaaaaaaaaa"
        over 20 MB: too large (20.0 MB; articles are limited to 20 MB)
        a directory: is a directory
        missing: no such file or directory
      `),
    );
  });

  test('discoverArticles: sorted, skips node_modules/.git/excluded, follows directory links once, lists dangling links', async () => {
    const root = join(dir, 'tree');
    for (const name of ['b.fmk', 'a.fmk', 'notes.txt', 'sub/c.fmk', 'sub/deeper/d.fmk', 'node_modules/pkg/x.fmk', '.git/y.fmk', 'drafts/draft.fmk', 'archive/old.fmk', 'archive/kept.fmk', 'sub/drafts/nested.fmk']) {
      write(`tree/${name}`, 'Text.\n');
    }
    write('outside/linked.fmk', 'Text.\n');
    symlinkSync('..', join(root, 'sub', 'loop'));
    symlinkSync(join(dir, 'outside'), join(root, 'outside-link'));
    symlinkSync('b.fmk', join(root, 'same-as-b.fmk'));
    symlinkSync('gone.fmk', join(root, 'dangling.fmk'));
    const found = await discoverArticles(root, ['drafts', './archive/old.fmk/']);
    assert.equal(
      found.map((p) => relative(root, p)).join('\n') + '\n',
      dedent(`
        a.fmk
        archive/kept.fmk
        b.fmk
        dangling.fmk
        outside-link/linked.fmk
        sub/c.fmk
        sub/deeper/d.fmk
      `),
    );
    assert.equal(JSON.stringify((await discoverArticles(join(root, 'notes.txt'), [])).map((p) => relative(root, p))), '["notes.txt"]');
    assert.equal(JSON.stringify(await discoverArticles(join(root, 'missing'), [])), '[]');
  });

  test('findConfig: the nearest factmark.json at or above a folder', async () => {
    write('project/factmark.json', '{}');
    write('project/articles/deep/a.fmk', 'Text.\n');
    write('project/articles/factmark.json', '{}');
    const lines = [
      relative(dir, (await findConfig(join(dir, 'project/articles/deep')))!),
      relative(dir, (await findConfig(join(dir, 'project')))!),
    ];
    assert.equal(lines.join('\n'), 'project/articles/factmark.json\nproject/factmark.json');
  });

  test('loadConfig: defaults without a file, messages naming fields, unreadable files', async () => {
    const results = [
      await loadConfig(null),
      await loadConfig(write('configs/ok.json', '{ "currency": { "dollar": "CAD" } }')),
      await loadConfig(write('configs/bad.json', '{ "tolerances": { "exact": "five" } }')),
      await loadConfig(join(dir, 'configs/missing.json')),
    ];
    const lines = results.map((r) => (r.ok ? `ok ${r.config === DEFAULT_CONFIG ? 'defaults' : r.config.dollarCurrency}` : r.message));
    assert.equal(
      lines.join('\n') + '\n',
      dedent(`
        ok defaults
        ok CAD
        tolerances.exact: expected a percentage such as "5%"
        cannot read missing.json: no such file or directory
      `),
    );
  });
});

describe('schemas/factmark.schema.json', { concurrency: true }, () => {
  test('the committed schema is what scripts/gen-schema.mjs generates from config.ts', async () => {
    const generated = execFileSync(process.execPath, ['scripts/gen-schema.mjs', '--stdout'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(readFileSync(join(REPO, 'schemas/factmark.schema.json'), 'utf8'), generated);
  });
});

describe('the samples folder', { concurrency: true }, () => {
  const samples = join(REPO, 'samples');

  test('factmark check samples: passes with no errors over the seven articles', async () => {
    const result = await run(REPO, ['check', 'samples']);
    const summary = /^(\d+) errors?, \d+ warnings?, \d+ infos?, \d+ hints? in (\d+) files?/m.exec(result.stdout);
    assert.equal(`exit ${result.status}, ${summary?.[1]} errors, ${summary?.[2]} files, stderr: ${JSON.stringify(result.stderr)}`, 'exit 0, 0 errors, 7 files, stderr: ""');
  });

  test('factmark claims samples: the 2024 China–Central Asia trade claim is consistent at about $95 billion', async () => {
    const { claims } = JSON.parse((await run(samples, ['claims', '--format', 'json'])).stdout);
    const trade = claims.find((c: { id: string }) => c.id === 'cn-ca-trade-2024');
    const mentions = trade.mentions.map((m: { location: { file: string }; text: string }) => `${m.location.file} "${m.text}"`);
    assert.equal(
      [`${trade.status} ${trade.point} ${trade.unit} [${trade.reconciled.low}, ${trade.reconciled.high}]`, ...mentions].join('\n') + '\n',
      dedent(`
        consistent 95000000000 USD [94500000000, 95500000000]
        astana-times-summit.fmk "nearly $100 billion"
        kazpravda-tokayev-speech.fmk "$95 billion"
      `),
    );
  });
});
