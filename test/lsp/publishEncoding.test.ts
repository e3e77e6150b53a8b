/**
 * An open document's publishes keep the encoding of unchanged diagnostics: each version of a
 * document (⟦…⟧ marks its diagnostics) is published after the one before; the writer's bytes must
 * be exactly JSON.stringify's, and only the diagnostics an edit changed or moved encoded anew.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic, Message, NotificationMessage } from 'vscode-languageserver/node';
import { LineIndex } from '../../server/src/core/text';
import { sameDiagnostic } from '../../server/src/lsp/features/diagnostics';
import { encodedDiagnostics, publishDiagnosticsEncoder, publishedAfter } from '../../server/src/lsp/publishEncoding';
import { parseFixture } from '../support/fixture';

const URI = 'file:///w/a.fmk';

/** The diagnostics of a document version: one per marked range, quoting it (with an en dash, as real messages do). */
function diagnosticsOf(version: string): Diagnostic[] {
  const { text, ranges } = parseFixture(version).file('/main.fmk');
  const lines = LineIndex.of(text);
  return ranges.map((range, i) => ({
    range: { start: lines.positionAt(range.start), end: lines.positionAt(range.end) },
    severity: 2,
    code: 'claim-conflict',
    source: 'factmark',
    message: `#trade: "${text.slice(range.start, range.end)}" (60.3–67 billion USD) disagrees with "$80 billion".`,
    relatedInformation: [{ location: { uri: 'file:///w/b.fmk', range: { start: { line: i, character: 0 }, end: { line: i, character: 4 } } }, message: '#trade is "$80 billion" here' }],
  }));
}

function publishOf(diagnostics: Diagnostic[]): NotificationMessage {
  return { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: URI, version: 7, diagnostics } };
}

async function encoded(message: Message): Promise<Buffer> {
  return Buffer.from(await publishDiagnosticsEncoder.encode(message, { charset: 'utf-8' }));
}

/** Publishes each version after the one before (`encode: false`: the writer has not encoded it yet) and renders what was encoded. */
async function publishAll(versions: readonly { name: string; text: string; encode?: false }[]): Promise<string> {
  let previous: Diagnostic[] | undefined;
  const lines: string[] = [];
  for (const { name, text, encode } of versions) {
    const diagnostics = diagnosticsOf(text);
    publishedAfter(diagnostics, previous, sameDiagnostic);
    previous = diagnostics;
    if (encode === false) {
      lines.push(`${name}: not encoded yet`);
      continue;
    }
    let fresh = -1;
    encodedDiagnostics(diagnostics, (count) => (fresh = count));
    const message = publishOf(diagnostics);
    const bytes = await encoded(message);
    const exact = bytes.equals(Buffer.from(JSON.stringify(message)));
    lines.push(`${name}: ${diagnostics.length} diagnostics, ${fresh} encoded anew, bytes ${exact ? 'as JSON.stringify' : 'DIFFER'}`);
  }
  return lines.join('\n');
}

describe('encoding of published diagnostics', () => {
  test('an edit re-encodes only the diagnostics it changed or moved', async () => {
    const opened = `
      Trade reached ⟦nearly $100 billion⟧ last year.
      Exports rose ⟦5%⟧ and imports ⟦3%⟧ over the year.
      Grants of ⟦$208 million⟧ were announced.
    `;
    assert.equal(
      await publishAll([
        { name: 'opened', text: opened },
        { name: 'a digit typed inside a figure', text: opened.replace('⟦5%⟧', '⟦15%⟧') },
        { name: 'a word typed after the figures of a line', text: opened.replace('⟦5%⟧', '⟦15%⟧').replace('over the', 'over the whole') },
        { name: 'a line added at the top', text: `\nA new first line.${opened.replace('⟦5%⟧', '⟦15%⟧').replace('over the', 'over the whole')}` },
        { name: 'the last figure deleted', text: `\nA new first line.${opened.replace('⟦5%⟧', '⟦15%⟧').replace('over the', 'over the whole').replace('⟦$208 million⟧', 'a grant')}` },
        { name: 'every figure gone', text: 'No figures at all.' },
      ]),
      `opened: 4 diagnostics, 4 encoded anew, bytes as JSON.stringify
a digit typed inside a figure: 4 diagnostics, 2 encoded anew, bytes as JSON.stringify
a word typed after the figures of a line: 4 diagnostics, 0 encoded anew, bytes as JSON.stringify
a line added at the top: 4 diagnostics, 4 encoded anew, bytes as JSON.stringify
the last figure deleted: 3 diagnostics, 0 encoded anew, bytes as JSON.stringify
every figure gone: 0 diagnostics, 0 encoded anew, bytes as JSON.stringify`,
    );
  });

  test('a list published before the writer encoded the one it follows is encoded whole (no chain of old lists is kept)', async () => {
    const text = 'Exports rose ⟦5%⟧ and imports ⟦3%⟧.';
    assert.equal(
      await publishAll([
        { name: 'opened', text },
        { name: 'typed', text: text.replace('⟦3%⟧', '⟦4%⟧'), encode: false },
        { name: 'typed again', text: text.replace('⟦3%⟧', '⟦40%⟧') },
      ]),
      `opened: 2 diagnostics, 2 encoded anew, bytes as JSON.stringify
typed: not encoded yet
typed again: 2 diagnostics, 2 encoded anew, bytes as JSON.stringify`,
    );
  });

  test('a diagnostic whose data alone changed, or only the order of its keys, is encoded anew', async () => {
    const hint = (data: Record<string, string>): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } }, severity: 4, code: 'untagged-alias', source: 'factmark', message: 'Tokayev is an alias.', data });
    const lists = [[hint({ entity: 'tokayev' })], [hint({ entity: 'tokayev' })], [hint({ entity: 'xi' })], [hint({ entity: 'xi', kind: 'entity' })], [hint({ kind: 'entity', entity: 'xi' })]];
    const rendered: string[] = [];
    lists.forEach((list, i) => {
      publishedAfter(list, lists[i - 1], sameDiagnostic);
      let fresh = -1;
      const bytes = Buffer.concat([...encodedDiagnostics(list, (count) => (fresh = count))!]);
      rendered.push(`${JSON.stringify(list[0].data)}: ${fresh} encoded anew, ${bytes.equals(Buffer.from(JSON.stringify(list[0]))) ? 'as JSON.stringify' : 'DIFFER'}`);
    });
    assert.equal(
      rendered.join('\n'),
      `{"entity":"tokayev"}: 1 encoded anew, as JSON.stringify
{"entity":"tokayev"}: 0 encoded anew, as JSON.stringify
{"entity":"xi"}: 1 encoded anew, as JSON.stringify
{"entity":"xi","kind":"entity"}: 1 encoded anew, as JSON.stringify
{"kind":"entity","entity":"xi"}: 1 encoded anew, as JSON.stringify`,
    );
  });

  test('other messages, and diagnostics nobody noted (closed documents), are encoded as JSON.stringify does', async () => {
    const closed = publishOf(diagnosticsOf('Exports rose ⟦5%⟧.'));
    const response = { jsonrpc: '2.0', id: 3, result: { contents: 'a “quoted” hover – with an en dash' } };
    for (const message of [closed, response]) assert.ok((await encoded(message)).equals(Buffer.from(JSON.stringify(message))));
  });
});
