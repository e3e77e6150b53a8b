/**
 * Incremental sync never drifts: random sequences of edits (several changes
 * per didChange, line breaks, CRLF, surrogate pairs, markup characters) sent
 * to the server running on the sample workspace leave every file's published
 * diagnostics exactly equal to the core's analysis of the final texts.
 * Once with every keystroke analysed at once (debounce 0), once with edits
 * arriving faster than the debounce, so they are coalesced.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fc } from '../support/property';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text';
import { TestClient } from '../lsp/client';
import { loadSamples, MARKUP_TOKENS } from './invariants';
import { expectedDiagnostics, renderDiagnostics, samplesFixture } from './lspSupport';

const ROOT = resolve(__dirname, '../../..');
const samples = loadSamples(ROOT);

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
  insert: fc.oneof(fc.constant(''), fc.constantFrom(...MARKUP_TOKENS), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('\r\n', '😀', 'Tokayev', ' said ', '[$95 billion]{#cn-ca-trade-2024}')),
});

/** An offset at which an LSP position can point: never between the `\r` and `\n` of a CRLF. */
function addressable(text: string, offset: number): number {
  return text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
}

/**
 * Turns edits into content changes against a mirror of the text, applied one
 * after the other as the protocol says (each change sees the previous one's result).
 */
function toChanges(text: string, edits: readonly Edit[]): { changes: TextDocumentContentChangeEvent[]; text: string } {
  const changes: TextDocumentContentChangeEvent[] = [];
  for (const e of edits) {
    const start = addressable(text, e.at % (text.length + 1));
    const end = addressable(text, Math.min(text.length, start + e.remove));
    const index = LineIndex.of(text);
    changes.push({ range: { start: index.positionAt(start), end: index.positionAt(end) }, text: e.insert });
    text = text.slice(0, start) + e.insert + text.slice(end);
  }
  return { changes, text };
}

function describeSync(title: string, debounceMs: number, numRuns: number): void {
  describe(title, () => {
    let client: TestClient;
    let paths: string[];
    before(async () => {
      client = await TestClient.start({ fixture: samplesFixture(ROOT), settings: { diagnostics: { debounceMs } } });
      paths = client.fixture.files.map((f) => f.path).filter((p) => p.endsWith('.fmk'));
    });
    after(() => client.shutdown());

    /** Every file's last published diagnostics against the core's analysis of the current texts (`open`: the path open in the editor). */
    const mismatches = (texts: Map<string, string>, open?: string, only: readonly string[] = paths): string => {
      const openUris = new Set(open === undefined ? [] : [client.uri(open)]);
      const expected = expectedDiagnostics(new Map([...texts].map(([path, text]) => [client.uri(path), text])), samples.config, openUris);
      return only
        .flatMap((path) => {
          const published = renderDiagnostics(client.latestDiagnostics(path), (uri) => client.pathOf(uri));
          const computed = renderDiagnostics(expected.get(client.uri(path))!, (uri) => client.pathOf(uri));
          return published === computed ? [] : [`${path}\n--- published\n${published}\n--- expected\n${computed}`];
        })
        .join('\n');
    };

    const onDisk = () => new Map(client.fixture.files.filter((f) => f.path.endsWith('.fmk')).map((f) => [f.path, f.text]));

    /**
     * The mismatches left once the server has settled (boundedly): after a close it re-reads the file
     * from disk in the background, and documents that only point at moved mentions (a conflict's
     * related location) are refreshed once typing pauses.
     */
    const settled = async (texts: () => Map<string, string>, open?: string): Promise<string> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        await client.request('factmark/status');
        const problems = mismatches(texts(), open);
        if (problems === '' || Date.now() > deadline) return problems;
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
    };

    test('edit sequences leave exactly the diagnostics of the final texts', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 25 }), async (pick, batches) => {
          const path = paths[pick % paths.length];
          const uri = client.uri(path);
          const texts = onDisk();
          await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'factmark', version: 1, text: texts.get(path) } });
          let version = 1;
          for (const batch of batches) {
            const { changes, text } = toChanges(texts.get(path)!, batch);
            texts.set(path, text);
            // Not awaited one by one: with a debounce, edits arrive faster than it and are coalesced.
            void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: changes });
          }
          await client.request('factmark/status'); // a barrier: pending edits are analysed and published first
          const inEdited = mismatches(texts, path, [path]);
          const problems = await settled(() => texts, path);
          await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
          assert.equal(inEdited, '', 'the edited document, as soon as its edits are analysed');
          assert.equal(problems, '', 'every document, once typing has paused');
          assert.equal(await settled(onDisk), '', 'after closing the document');
        }),
        // No shrinking (every step costs server round trips): a failure reports its input, error and seed at once.
        { numRuns, endOnFailure: true, includeErrorInReport: true },
      );
    });

  });
}

describeSync('incremental sync, every edit analysed at once', 0, 12);
describeSync('incremental sync, edits coalesced by the debounce', 30, 8);
