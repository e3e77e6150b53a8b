// Runs the property tests again and again, each round from a fresh random
// seed (npm test replays one fixed seed). Stops at the first failing round
// and prints how to replay it. Usage: node scripts/explore.mjs [--rounds n]
// (after a build: npm run test:explore builds first).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PROPERTY_TESTS = [
  'out/test/robustness/edits.test.js',
  'out/test/robustness/incremental.test.js',
  'out/test/robustness/core.test.js',
  'out/test/parser.test.js',
  'out/test/figures.test.js',
  'out/test/core/paragraphFigures.test.js',
  'out/test/sentences.test.js',
];

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node scripts/explore.mjs [--rounds <positive integer>]');
  process.exit(2);
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
for (let round = 1; round <= rounds; round++) {
  const seed = randomInt(2 ** 31 - 1);
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...PROPERTY_TESTS], {
    cwd: repoRoot,
    env: { ...process.env, FACTMARK_SEED: String(seed) },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stdout.write(run.stdout + run.stderr);
    console.error(`round ${round}/${rounds} failed. Replay: FACTMARK_SEED=${seed} node --test ${PROPERTY_TESTS.join(' ')}`);
    process.exit(1);
  }
  console.log(`round ${round}/${rounds}: seed ${seed} passed`);
}
