// Generates schemas/factmark.schema.json (the JSON Schema of factmark.json,
// registered with VS Code) from the zod schema in server/src/core/config.ts,
// so the two can never disagree. `--stdout` prints instead of writing (the
// test compares that with the committed file).
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schemas', 'factmark.schema.json');

const scratch = mkdtempSync(join(tmpdir(), 'factmark-schema-'));
let configJsonSchema;
try {
  const bundle = join(scratch, 'config.cjs');
  await esbuild.build({ entryPoints: [join(root, 'server/src/core/config.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  ({ configJsonSchema } = createRequire(import.meta.url)(bundle));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const text = JSON.stringify(configJsonSchema(), null, 2) + '\n';
if (process.argv.includes('--stdout')) process.stdout.write(text);
else writeFileSync(target, text);
