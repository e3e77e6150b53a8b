// Placeholder entry point; the CLI is built in server/src/cli/.
process.stderr.write('factmark: not built yet\n');
process.exitCode = 2;
