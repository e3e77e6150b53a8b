// The long fuzz run of the analysis core: feeds parse, recognizeFigures,
// summarize and the workspace diagnostics generated and mutated inputs
// (test/robustness/invariants.ts) and checks every invariant on each.
// `npm test` runs the same properties a few hundred times; this runs them
// a million times. A failure prints the shrunk input and the seed to replay.
// Usage: node scripts/fuzz.mjs [--seed n] [--count n]
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seed: { type: 'string' }, count: { type: 'string', default: '1000000' } } });
const seed = values.seed === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(values.seed);
const count = Number(values.count);
if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('usage: node scripts/fuzz.mjs [--seed <integer>] [--count <positive integer>]');
  process.exit(2);
}

// Bundled into a temporary folder (not out/): a fuzz run must not disturb a test run sharing the checkout.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bundleDir = mkdtempSync(join(tmpdir(), 'factmark-fuzz-'));
const bundle = join(bundleDir, 'invariants.cjs');
try {
  await esbuild.build({ entryPoints: [join(repoRoot, 'test/robustness/invariants.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const { coreViolations, fuzzInput, loadSamples } = createRequire(import.meta.url)(bundle);
  const fc = createRequire(import.meta.url)('fast-check');
  const samples = loadSamples(repoRoot);

  console.log(`fuzzing the core with ${count.toLocaleString('en')} inputs, seed ${seed}`);
  const started = Date.now();
  let done = 0;
  let lastReport = started;
  fc.assert(
    fc.property(fuzzInput(samples.texts), (text) => {
      const violations = coreViolations(text, samples);
      if (++done % 1000 === 0 && Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        const rate = done / ((lastReport - started) / 1000);
        console.log(`${done.toLocaleString('en')} inputs, ${Math.round(rate)}/s, about ${Math.round((count - done) / rate)} s to go`);
      }
      if (violations.length) throw new Error(violations.join('\n'));
    }),
    { seed, numRuns: count, includeErrorInReport: true },
  );
  console.log(`${count.toLocaleString('en')} inputs, no violation, in ${Math.round((Date.now() - started) / 1000)} s (seed ${seed})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
}
