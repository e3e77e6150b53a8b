// Builds the shipped bundles (dist/) and, with --tests, a transpiled copy of
// the sources and tests (out/) for node's test runner. Type checking is `tsc`.
import * as esbuild from 'esbuild';
import { cpSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const withTests = process.argv.includes('--tests');
const production = process.argv.includes('--production');

function tsFilesUnder(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...tsFilesUnder(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // Started by the server and the CLI from their own folder (node/summarizePool.ts).
  esbuild.build({ ...common, entryPoints: ['server/src/node/summarizeWorker.ts'], outfile: 'dist/summarizeWorker.js' }),
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);

if (withTests) {
  rmSync('out', { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [...tsFilesUnder('server/src'), ...tsFilesUnder('test'), ...tsFilesUnder('client/src'), ...tsFilesUnder('bench')],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // Transpiled (unbundled) modules still require their JSON data at run time.
  cpSync('server/src/data', 'out/server/src/data', { recursive: true });
}
