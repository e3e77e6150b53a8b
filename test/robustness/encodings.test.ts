/**
 * Positions survive awkward text: a BOM, CRLF and lone CR line ends, emoji
 * (surrogate pairs, a skin-tone modifier, a flag) and combining marks before
 * figures, invalid UTF-8, a NUL byte past the binary sniff, lone surrogates.
 * Every figure's position is computed here independently (the file decoded
 * as an editor decodes it, lines split at CRLF/CR/LF, UTF-16 columns) and
 * compared with `factmark figures --format json` and with the language
 * server's diagnostics, for the file read from disk and for it opened.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from '../lsp/client';

const CLI = resolve(__dirname, '../../../dist/cli.js');

/** Each line holds figures written `<digits>%` and nothing else that looks like one. */
const FILES: readonly (readonly [name: string, bytes: Buffer])[] = [
  ['bom-crlf.fmk', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Up 5%.\r\nGrew 7%.\r\n\r\nThen 8%.\r\n')])],
  ['lone-cr.fmk', Buffer.from('One 1%.\rTwo 9%.\r\rThree 3%.')],
  ['emoji.fmk', Buffer.from('😀 Rose [3%]{#c}.\n👍🏽 Fell 4%.\n🇰🇿 and 👨‍👩‍👧 Flag 6%, then 7%.\n')],
  ['combining.fmk', Buffer.from('Caf\u0065\u0301 prices: up 3%.\nZalgo z\u0336\u0335a\u0337 fell 2%.\n')],
  ['invalid-utf8.fmk', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(' Up 6%.\n'), Buffer.from([0xc3]), Buffer.from(' Down 8%.\n'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' Fell 2%.\n')])],
  ['late-nul.fmk', Buffer.from(`${'x'.repeat(9000)}\u0000 Up 5%.\nNext 4%.\n`)],
];

/** Text only the protocol can carry: lone surrogates (no UTF-8 file can hold one). */
const LONE_SURROGATES = '\ud800 Up 5%.\n\udc00\ud800 Down 6%. \udfff 7%.\n';

/** `line:column-endLine:endColumn text` (1-based, UTF-16 columns, end exclusive) of every `<digits>%`, as an editor numbers them. */
function expectedFigures(text: string): string[] {
  const found: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (const match of line.matchAll(/\d+%/g)) found.push(`${index + 1}:${match.index! + 1}-${index + 1}:${match.index! + 1 + match[0].length} ${match[0]}`);
  });
  return found;
}

/** The text an editor shows for the bytes: UTF-8 with replacement characters, the BOM dropped. */
const editorText = (bytes: Buffer) => new TextDecoder('utf-8').decode(bytes);

/** Unsourced-figure diagnostics in the same notation. */
function diagnosedFigures(diagnostics: readonly Diagnostic[], text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  return diagnostics
    .filter((d) => d.code === 'unsourced-figure')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)}`)
    .sort();
}

describe('positions in awkward text', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factmark-encodings-'));
    for (const [name, bytes] of FILES) writeFileSync(join(dir, name), bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, bytes] of FILES) {
    test(`factmark figures --format json: ${name}`, () => {
      const result = spawnSync(process.execPath, [CLI, 'figures', name, '--format', 'json'], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.stderr, '');
      const figures = JSON.parse(result.stdout) as { line: number; column: number; endLine: number; endColumn: number; text: string }[];
      assert.deepEqual(
        figures.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.text}`),
        expectedFigures(editorText(bytes)),
      );
    });
  }

  describe('the language server', () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ fixture: '//- /registry.fmk\n[@nobody]: Nobody\n' });
      const mark = client.mark();
      for (const [name, bytes] of FILES) writeFileSync(join(client.root, name), bytes);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: FILES.map(([name]) => ({ uri: client.uri(`/${name}`), type: 1 })) });
      for (const [name] of FILES) await client.diagnosticsFor(`/${name}`, mark);
    });
    after(() => client.shutdown());

    for (const [name, bytes] of FILES) {
      test(`read from disk, then opened: ${name}`, async () => {
        const text = editorText(bytes);
        assert.deepEqual(diagnosedFigures(client.latestDiagnostics(`/${name}`), text), expectedFigures(text).sort(), 'read from disk');
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: client.uri(`/${name}`), languageId: 'factmark', version: 1, text } });
        await client.request('factmark/status');
        assert.deepEqual(diagnosedFigures(client.latestDiagnostics(`/${name}`), text), expectedFigures(text).sort(), 'opened');
      });
    }

    test('opened with lone surrogates', async () => {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: client.uri('/lone.fmk'), languageId: 'factmark', version: 1, text: LONE_SURROGATES } });
      await client.request('factmark/status');
      assert.deepEqual(diagnosedFigures(client.latestDiagnostics('/lone.fmk'), LONE_SURROGATES), expectedFigures(LONE_SURROGATES).sort());
    });
  });
});
