/**
 * The `factmark` command (bundled to dist/cli.js). Problems the user can
 * fix print one `factmark: …` line and exit 2; a bug prints
 * `factmark: internal error: …` (the stack with FACTMARK_DEBUG=1), exit 2.
 */
import { version } from '../../../package.json';
import { runCheck } from './check';
import { runClaims } from './claims';
import { runFigures } from './figures';
import { Output } from './format';
import { loadWorkspace } from './load';
import { CliError, parseCommandLine } from './usage';

function warn(line: string): void {
  process.stderr.write(`factmark: ${line}\n`);
}

/** Runs one command; resolves to its exit code, or undefined while the language server runs. */
async function main(argv: readonly string[]): Promise<number | undefined> {
  const invocation = parseCommandLine(argv);
  switch (invocation.command) {
    case 'help':
      process.stdout.write(invocation.text);
      return 0;
    case 'version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'lsp': {
      // Loaded only here: check/claims/figures never pay for the server's modules.
      const { startServer } = await import('../lsp/server');
      startServer();
      return undefined;
    }
  }

  // `factmark check | head`: a reader that leaves early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const loaded = await loadWorkspace(invocation, process.cwd(), invocation.command === 'figures');
  for (const { file, message } of loaded.unreadable) warn(`${file}: cannot read: ${message}`);
  for (const problem of loaded.cacheProblems) warn(problem);
  const out = new Output(process.stdout);
  let code = 0;
  switch (invocation.command) {
    case 'check':
      code = runCheck(loaded, { ...invocation, version }, out, warn);
      break;
    case 'claims':
      runClaims(loaded, invocation.format, out);
      break;
    case 'figures':
      runFigures(loaded, invocation.format, out);
      break;
  }
  out.flush();
  return loaded.unreadable.length ? 2 : code;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      for (const line of error.message.split('\n')) warn(line);
      process.stderr.write(error.help);
      process.exitCode = 2;
      return;
    }
    warn(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.FACTMARK_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
