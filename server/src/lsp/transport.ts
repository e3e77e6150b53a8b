/**
 * The connection the command line asks for (`--stdio`, `--node-ipc`, `--socket=N`). Over stdio, the
 * transport most editors use, the message writer gets the encoder that keeps the encoding of an open
 * document's unchanged diagnostics (publishEncoding.ts); the others are vscode-languageserver's own
 * (over node-ipc, Node serializes each message itself).
 */
import { Console } from 'node:console';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { publishDiagnosticsEncoder } from './publishEncoding';

export function connectionFromCommandLine(argv: readonly string[] = process.argv): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: publishDiagnosticsEncoder }),
  );
  // What vscode-languageserver does for `--stdio` when it makes the streams itself: stdout is the
  // protocol's, so console output goes to stderr; and the server ends with its input (exit code 1
  // unless the client asked it to shut down first).
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  let shutdownRequested = false;
  connection.onShutdown(() => {
    shutdownRequested = true;
  });
  const exitWithInput = () => process.exit(shutdownRequested ? 0 : 1);
  process.stdin.on('end', exitWithInput);
  process.stdin.on('close', exitWithInput);
  return connection;
}
