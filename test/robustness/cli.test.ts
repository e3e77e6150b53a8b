/**
 * The CLI (dist/cli.js) on bad input: missing paths, binary files, empty
 * folders, broken configuration, files changing while read, unreadable
 * entries among good ones (as root, permissions do not stop reads: dangling
 * links, a folder named x.fmk, named pipes and devices stand in), and a
 * folder of 20,000 files. Each problem is one `factmark: …` line on stderr,
 * the exit code says what happened, and there is never a stack trace or a hang.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

const CLI = resolve(__dirname, '../../../dist/cli.js');
/** No command here should take long; one that hangs (a pipe read forever) fails instead of stalling the suite. */
const TIMEOUT_MS = 30_000;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cwd: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/** The exit code and stderr; checks that stderr is made of `factmark: …` lines only, with no stack trace. */
function outcome(run: Run): string {
  assert.equal(run.signal, null, `killed by ${run.signal} (a hang?)`);
  assert.doesNotMatch(run.stderr, /^\s+at .+\(.*:\d+:\d+\)$|internal error/m, 'no stack trace, no internal error');
  for (const line of run.stderr.split('\n').filter(Boolean)) assert.match(line, /^factmark: /, 'every stderr line is a factmark message');
  return `exit ${run.code}\n${run.stderr}`;
}

describe('the CLI on bad input', { concurrency: true }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factmark-cli-abuse-'));
    const write = (path: string, content: string | Buffer) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    };
    write('binary/bin.fmk', Buffer.from([0x55, 0x70, 0x00, 0x35, 0x25]));
    mkdirSync(join(dir, 'empty'));
    write('empty-ish/notes.txt', 'Up 5%.');
    write('broken-json/factmark.json', '{ "rules": ');
    write('broken-json/a.fmk', 'Up 5%.');
    write('bad-fields/factmark.json', '{ "rules": { "syntax": "loud" }, "rates": { "CNY/USD": -1 }, "extra": true }');
    write('bad-fields/a.fmk', 'Up 5%.');
    write('config-is-folder/a.fmk', 'Up 5%.');
    mkdirSync(join(dir, 'config-is-folder/factmark.json'));
    write('mixed/good.fmk', 'Trade rose [5%]{^src}.\n\n[^src]: Source <https://example.org>\n');
    write('mixed/x.fmk/inside.fmk', 'Inside a folder named x.fmk, up 6%.\n');
    symlinkSync('nowhere.fmk', join(dir, 'mixed/dangling.fmk'));
    symlinkSync('dangling.fmk', join(dir, 'mixed/chain.fmk'));
    symlinkSync('loop-b.fmk', join(dir, 'mixed/loop-a.fmk'));
    symlinkSync('loop-a.fmk', join(dir, 'mixed/loop-b.fmk'));
    mkdirSync(join(dir, 'pipes'));
    write('pipes/good.fmk', 'Up 5%.\n');
    spawnSync('mkfifo', [join(dir, 'pipes/fifo')]);
    symlinkSync('fifo', join(dir, 'pipes/pipe.fmk'));
    symlinkSync('/dev/zero', join(dir, 'pipes/zero.fmk'));
    write('late-nul/a.fmk', `${'Plain prose. '.repeat(1000)}\u0000 Up 5%.\n`);
    write('invalid-utf8/a.fmk', Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' Up 5%.\n'), Buffer.from([0xed, 0xa0, 0x80, 0x0a])]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: readonly (readonly [name: string, args: readonly string[], expected: string | RegExp])[] = [
    ['a missing path', ['check', 'missing.fmk'], 'exit 2\nfactmark: missing.fmk: no such file or directory\n'],
    ['a binary file', ['check', 'binary/bin.fmk'], 'exit 2\nfactmark: binary/bin.fmk: cannot read: binary file (it contains NUL bytes)\n'],
    ['an empty folder', ['check', 'empty'], 'exit 2\nfactmark: empty: no .fmk files in this folder\n'],
    ['a folder with no .fmk file', ['figures', 'empty-ish'], 'exit 2\nfactmark: empty-ish: no .fmk files in this folder\n'],
    ['a factmark.json that is not JSON', ['check', 'broken-json'], /^exit 2\nfactmark: broken-json\/factmark\.json: not valid JSON: [^\n]+\n$/],
    [
      'a factmark.json with wrong fields',
      ['claims', 'bad-fields'],
      /^exit 2\n(factmark: bad-fields\/factmark\.json: [^\n]*(rules\.syntax|rates\.CNY\/USD|"extra")[^\n]*\n){3}$/,
    ],
    ['a factmark.json that is a folder', ['check', 'config-is-folder'], /^exit [01]\n$/],
    ['--config naming a missing file', ['check', 'mixed', '--config', 'nope.json'], 'exit 2\nfactmark: nope.json: no such file (given with --config)\n'],
    [
      'unreadable entries among good files: dangling links, a link loop, a folder named x.fmk',
      ['check', 'mixed', '--format', 'json'],
      'exit 2\nfactmark: mixed/chain.fmk: cannot read: no such file or directory\nfactmark: mixed/dangling.fmk: cannot read: no such file or directory\nfactmark: mixed/loop-a.fmk: cannot read: too many levels of symbolic links\nfactmark: mixed/loop-b.fmk: cannot read: too many levels of symbolic links\n',
    ],
    ['links to a named pipe and to /dev/zero among good files: refused, not read forever', ['check', 'pipes'], /^exit 2\n(factmark: pipes\/(pipe|zero)\.fmk: cannot read: [^\n]+\n){2}$/],
    ['a named pipe given on the command line: refused, not read forever', ['check', 'pipes/pipe.fmk'], /^exit 2\nfactmark: pipes\/pipe\.fmk: cannot read: [^\n]+\n/],
    ['a NUL byte after the first 8 KB: read as text', ['check', 'late-nul'], 'exit 0\n'],
    ['invalid UTF-8: decoded with replacement characters', ['check', 'invalid-utf8'], 'exit 0\n'],
    ['an unknown option', ['check', '--no-such-option'], /^exit 2\nfactmark: [^\n]+\n$/],
    ['a bad format', ['figures', '.', '--format', 'xml'], /^exit 2\nfactmark: [^\n]+\n$/],
  ];

  for (const [name, args, expected] of cases) {
    test(name, async () => {
      const actual = outcome(await run(dir, args));
      if (typeof expected === 'string') assert.equal(actual, expected);
      else assert.match(actual, expected);
    });
  }

  test('a file rewritten over and over while the CLI reads it: a consistent answer every time', async () => {
    const path = join(dir, 'changing/a.fmk');
    mkdirSync(join(dir, 'changing'), { recursive: true });
    const versions = ['Up 5%.\n', `${'Long prose before the figure. '.repeat(1000)}Down 7%.\n`, '', '[5%]{#c ^s}\n'];
    writeFileSync(path, versions[0]);
    let writes = 0;
    const writer = setInterval(() => writeFileSync(path, versions[++writes % versions.length]), 3);
    try {
      for (let i = 0; i < 8; i++) {
        const result = await run(dir, ['figures', 'changing', '--format', 'json']);
        assert.match(outcome(result), /^exit [0-2]\n/);
        if (result.code !== 2) assert.ok(Array.isArray(JSON.parse(result.stdout)), 'the JSON output is whole');
      }
    } finally {
      clearInterval(writer);
    }
    assert.ok(writes > 10, `the file was rewritten ${writes} times`);
  });

  test('a folder of 20,000 tiny articles', async (t) => {
    // On a RAM disk when there is one: writing 20,000 files to a slow disk would take longer than checking them.
    const ramDisk = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const folder = mkdtempSync(join(ramDisk, 'factmark-many-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    for (let i = 0; i < 200; i++) {
      mkdirSync(join(folder, `d${i}`), { recursive: true });
      for (let j = 0; j < 100; j++) writeFileSync(join(folder, `d${i}`, `a${j}.fmk`), `Article ${i}-${j} says trade rose [${j}%]{#c${j} ^s${i}}.\n`);
    }
    writeFileSync(join(folder, 'registry.fmk'), Array.from({ length: 100 }, (_, j) => `[#c${j}]: Claim ${j} {unit=%}\n`).join('') + Array.from({ length: 200 }, (_, i) => `[^s${i}]: Source ${i}\n`).join(''));
    const started = Date.now();
    const result = await run(folder, ['check', '.', '--format', 'json']);
    t.diagnostic(`factmark check over 20,001 files: ${Date.now() - started} ms`);
    assert.equal(outcome(result), 'exit 0\n');
    assert.deepEqual((JSON.parse(result.stdout) as { summary: unknown }).summary, { errors: 0, warnings: 0, infos: 0, hints: 0 });
  });
});
