/**
 * fast-check, seeded once for every property test. CI and `npm test` replay
 * the same inputs (a red run is reproducible, not luck); `npm run
 * test:explore` sets FACTMARK_SEED=random to look for new counterexamples.
 * A failure prints its seed: FACTMARK_SEED=<seed> replays it.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20251122;

function seedFrom(requested: string | undefined): number {
  if (requested === undefined || requested === '') return DEFAULT_SEED;
  if (requested === 'random') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const seed = Number(requested);
  if (!Number.isInteger(seed)) throw new Error(`FACTMARK_SEED must be an integer or "random", not ${JSON.stringify(requested)}`);
  return seed;
}

export const PROPERTY_SEED = seedFrom(process.env.FACTMARK_SEED);
fc.configureGlobal({ seed: PROPERTY_SEED });

export { fc };
