/**
 * Pathological inputs take time linear in their size. Each input is analysed
 * the way the CLI and the server do (summarize, then the workspace's
 * diagnostics next to the samples' registry, whose aliases make alias
 * matching run too) at a size n and at 8n: linear code takes about 8× as
 * long, quadratic code 64×; the bound is 16× plus a little slack, which
 * catches a quadratic part from a seventh of the time at n up. Times are
 * CPU time of this process (process.cpuUsage), not wall time, so other
 * processes on a busy machine do not count; n is doubled until the analysis
 * takes long enough to measure. The brief's named inputs also get an
 * absolute ceiling at their named sizes. Measured times are reported as test
 * diagnostics (docs/robustness.md has a table of them).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { documentDiagnostics } from '../../server/src/core/analysis';
import { summarize } from '../../server/src/core/summary';
import { Workspace } from '../../server/src/core/workspace';
import { loadSamples } from './invariants';

const samples = loadSamples(resolve(__dirname, '../../..'));
const registry = summarize(samples.registry, samples.config);

/** Linear: t(8n) ≤ 16·t(n) + slack (quadratic would be 64·t(n)). */
const SIZE_FACTOR = 8;
const GROWTH_BOUND = 16;
const SLACK_MS = 30;
/**
 * n doubles until one analysis takes at least this long, or 8n reaches the largest size. Below ~40 ms a
 * run's time varied ×2–3 between runs (an input of emoji and lone surrogates: 17–47 ms at 8,192
 * characters), and a lucky small run failed a linear input at ×18 in CI.
 */
const MEASURABLE_MS = 40;
const SMALLEST = 8_192;
const LARGEST = 1 << 18;

function analyze(text: string): number {
  const workspace = new Workspace(samples.config);
  workspace.update('file:///registry.fmk', registry, false);
  workspace.update('file:///pathological.fmk', summarize(text, samples.config));
  return documentDiagnostics(workspace, 'file:///pathological.fmk', text).length;
}

// A full collection before each run, so garbage of one run is not collected on another's time.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The least CPU time of `runs` analyses of `text` (the least is the one with the least interference). */
function measure(text: string, runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const start = cpuMs();
    analyze(text);
    best = Math.min(best, cpuMs() - start);
  }
  return best;
}

/** `unit` repeated to exactly `n` characters. */
const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Inputs by size, each stressing one part of the parser, recognizer, segmenter, summary or workspace. */
const SCALING: readonly (readonly [name: string, make: (n: number) => string])[] = [
  ['the sample articles, repeated', (n) => fill(samples.texts.join('\n'), n)],
  ['one line of prose full of figures', (n) => fill('The fund grew by 5% to $3 billion, officials said; ', n)],
  ['[ repeated', (n) => '['.repeat(n)],
  ['{ repeated', (n) => '{'.repeat(n)],
  ['span openers never closed: [a]{', (n) => fill('[a]{', n)],
  ['a run of digits', (n) => '1'.repeat(n)],
  ['a number with thousands of digit groups', (n) => `1${fill(',000', n - 1)}`],
  ['a decimal with a long fraction', (n) => `0.${'5'.repeat(n - 2)}%`],
  ['repeated qualifiers: nearly nearly … 5', (n) => `${fill('nearly ', n - 6)} $5 bn`],
  ['mixed qualifiers: more than about almost … 5%', (n) => `${fill('more than about almost ', n - 3)}5%`],
  ['backslashes', (n) => '\\'.repeat(n)],
  ['escaped brackets', (n) => fill('\\[\\]\\{\\}', n)],
  ['comment openers', (n) => fill('<!--', n)],
  ['tag soup in one sentence', (n) => fill('[x]{@a #b ^c key="v', n)],
  ['citations and figures in one sentence', (n) => fill('[^s] 5% ', n)],
  ['tagged speakers and figures in one sentence', (n) => fill('[A]{@a} said 5% ', n)],
  ['one id defined again and again', (n) => fill('[@a]: x\n', n)],
  ['many mentions of one consistent claim', (n) => `[#c]: C {unit=%}\n${fill('[5%]{#c ^s} ', n)}`],
  ['unclosed quotation marks', (n) => fill('“5% «6% "7% ', n)],
  ['CRLF lines', (n) => fill('Up 5%.\r\n', n)],
  ['lone CRs', (n) => fill('Up 5%.\r', n)],
  ['emoji and lone surrogates around spans', (n) => fill('😀[5%]{#c}\ud800 \udfff', n)],
  ['a long run of hyphens inside a word, next to aliases', (n) => `[Tokayev]{@tokayev} said a${'-'.repeat(n)}b.`],
  ['front matter never closed', (n) => `---\n${fill('key: value\n', n)}`],
  ['one definition with endless continuation lines', (n) => `[@a]: x\n${fill('  more of the name\n', n)}`],
  ['one attribute block with endless attributes', (n) => `[x]{${fill('k=v ', n)}}`],
  ['one endless quoted attribute value', (n) => `[x]{note="${'a'.repeat(n)}"}`],
  ['abbreviations and initials', (n) => fill('U.S. e.g. J. R. R. Mr. 5%. ', n)],
  ['number words', (n) => fill('one hundred and twenty-five thousand ', n)],
  ['distinct entities with aliases, each mentioned', (n) => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < n; i++, size += lines[lines.length - 1].length + 1) lines.push(`[@e${i}]: Name${i} {aka="Alias${i}"} Alias${i} said [${i}%]{#c${i} by=@e${i}}.`);
    return lines.join('\n');
  }],
];

/** The inputs the brief names, at the sizes it names: each within an absolute ceiling of CPU time. */
const NAMED: readonly (readonly [name: string, make: () => string, ceilingMs: number])[] = [
  ['a 5 MB article', () => fill(samples.texts.join('\n'), 5 * 1024 * 1024), 15_000],
  ['a 1 MB single line', () => fill('The fund grew by 5% to $3 billion, officials said; ', 1024 * 1024), 3_000],
  ['100,000 [', () => '['.repeat(100_000), 1_000],
  ['100,000 {', () => '{'.repeat(100_000), 1_000],
  ['a 10,000-digit number', () => `$${'7'.repeat(10_000)} billion`, 1_000],
  ['a 10,000-digit number in digit groups', () => `$7${',777'.repeat(3_333)}`, 1_000],
  ['5,000 repeated qualifiers', () => `${'nearly '.repeat(5_000)}5%`, 1_000],
  ['100,000 backslashes', () => '\\'.repeat(100_000), 1_000],
  ['50,000 escaped brackets', () => '\\['.repeat(50_000), 1_000],
];

describe('pathological inputs take linear time', () => {
  for (const [name, make] of SCALING) {
    test(name, (t) => {
      let n = SMALLEST;
      let small = measure(make(n), 2);
      while (small < MEASURABLE_MS && n * SIZE_FACTOR < LARGEST) small = measure(make((n *= 2)), 2);
      const largeText = make(n * SIZE_FACTOR);
      let large = measure(largeText, 1);
      // Measured again only when it looks too slow, both sizes in turn (a stray pause on a busy machine, or a
      // lucky small run, should not fail the test): each keeps its least time.
      const smallText = make(n);
      for (let retry = 0; retry < 3 && large > GROWTH_BOUND * small + SLACK_MS; retry++) {
        small = Math.min(small, measure(smallText, 1));
        large = Math.min(large, measure(largeText, 1));
      }
      t.diagnostic(`${n} chars: ${small.toFixed(1)} ms; ${largeText.length} chars: ${large.toFixed(1)} ms (×${(large / small).toFixed(1)})`);
      assert.ok(large <= GROWTH_BOUND * small + SLACK_MS, `${largeText.length} chars took ${large.toFixed(1)} ms, ${n} chars ${small.toFixed(1)} ms: more than ×${GROWTH_BOUND}`);
    });
  }
});

describe('the named pathological inputs finish within their ceilings', () => {
  for (const [name, make, ceilingMs] of NAMED) {
    test(name, (t) => {
      const text = make();
      const took = measure(text, 1);
      t.diagnostic(`${text.length} chars: ${took.toFixed(0)} ms CPU (ceiling ${ceilingMs} ms)`);
      assert.ok(took <= ceilingMs, `${took.toFixed(0)} ms`);
    });
  }
});
