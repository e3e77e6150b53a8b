/**
 * Edits the server proposes are safe to apply: every code action it offers
 * anywhere in the sample workspace, and renames of every kind of id, give
 * in-range, non-overlapping edits for the documents' current versions;
 * applied, they leave every touched file with no new syntax problem; and a
 * rename followed by the rename back restores every file byte for byte.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fc } from '../support/property';
import type { CodeAction, Command, Diagnostic, PrepareRenameResult, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { summarize } from '../../server/src/core/summary';
import { SIGIL_OF_KIND, type RefKind } from '../../server/src/core/syntax';
import { LineIndex } from '../../server/src/core/text';
import { Workspace } from '../../server/src/core/workspace';
import { TestClient } from '../lsp/client';
import { loadSamples, mutatedSample } from './invariants';
import { applyTextEdits, editProblems, newSyntaxProblems, samplesFixture } from './lspSupport';

const ROOT = resolve(__dirname, '../../..');
const samples = loadSamples(ROOT);
const TAG_ALL_ALIASES = 'source.factmark.tagAllAliases';
/** No shrinking (every step costs server round trips): a failure reports its input, error and seed at once. */
const SERVER_PROPERTY_OPTIONS = (numRuns: number) => ({ numRuns, endOnFailure: true, includeErrorInReport: true });

describe('proposed edits', () => {
  let client: TestClient;
  let paths: string[];
  const versions = new Map<string, number>();

  before(async () => {
    client = await TestClient.start({ fixture: samplesFixture(ROOT) });
    paths = client.fixture.files.map((f) => f.path).filter((p) => p.endsWith('.fmk'));
    for (const path of paths) {
      await client.open(path);
      versions.set(path, 1);
    }
    await client.request('factmark/status');
  });
  after(() => client.shutdown());

  /** Edits by path, checked against the protocol's rules and the documents' versions; problems collected. */
  function editsOf(edit: WorkspaceEdit, problems: string[]): Map<string, TextEdit[]> {
    const byPath = new Map<string, TextEdit[]>();
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) {
        problems.push(`unexpected resource operation ${JSON.stringify(change)}`);
        continue;
      }
      const path = client.pathOf(change.textDocument.uri);
      if (!client.texts.has(path)) problems.push(`edit for a file not in the workspace: ${change.textDocument.uri}`);
      else if (change.textDocument.version !== versions.get(path)) problems.push(`${path}: edit for version ${change.textDocument.version}, the document is at ${versions.get(path)}`);
      byPath.set(path, [...(byPath.get(path) ?? []), ...(change as TextDocumentEdit).edits.map((e) => e as TextEdit)]);
    }
    if (edit.changes) problems.push('a changes map although the client supports documentChanges');
    for (const [path, edits] of byPath) if (client.texts.has(path)) for (const p of editProblems(client.text(path), edits)) problems.push(`${path}: ${p}`);
    return byPath;
  }

  /** Applies edits to the mirror and reports new syntax problems; returns the new texts (not yet sent). */
  function applied(byPath: ReadonlyMap<string, TextEdit[]>, problems: string[]): Map<string, string> {
    const result = new Map<string, string>();
    for (const [path, edits] of byPath) {
      const before = client.text(path);
      const afterEdit = applyTextEdits(before, edits);
      for (const p of newSyntaxProblems(before, afterEdit)) problems.push(`${path}: new syntax problem ${p}`);
      result.set(path, afterEdit);
    }
    return result;
  }

  /** Sends applied edits to the server as incremental changes (in reverse document order, so each applies as written). */
  async function send(byPath: ReadonlyMap<string, TextEdit[]>): Promise<void> {
    for (const [path, edits] of byPath) {
      const index = LineIndex.of(client.text(path));
      const ordered = [...edits].map((e, order) => ({ e, order, at: index.offsetAt(e.range.start) })).sort((a, b) => b.at - a.at || b.order - a.order);
      const version = versions.get(path)! + 1;
      versions.set(path, version);
      client.texts.set(path, applyTextEdits(client.text(path), edits));
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: client.uri(path), version },
        contentChanges: ordered.map(({ e }) => ({ range: e.range, text: e.newText })),
      });
    }
    await client.request('factmark/status');
  }

  /** Asks for code actions on every diagnostic and every line of `path` (and the whole file), checks each one's edit; returns how many. */
  async function checkCodeActions(path: string, problems: string[]): Promise<number> {
    let actionCount = 0;
    const text = client.text(path);
    const index = LineIndex.of(text);
    const diagnostics = client.latestDiagnostics(path);
    const overlapping = (range: Range) =>
      diagnostics.filter((d) => index.offsetAt(d.range.start) <= index.offsetAt(range.end) && index.offsetAt(range.start) <= index.offsetAt(d.range.end));
    const requests: { range: Range; diagnostics: Diagnostic[]; only?: string[] }[] = [
      ...diagnostics.map((d) => ({ range: d.range, diagnostics: [d] })),
      ...Array.from({ length: index.lineCount }, (_, line) => {
        const range = { start: { line, character: 0 }, end: index.positionAt(index.lineRange(line).end) };
        return { range, diagnostics: overlapping(range) };
      }),
      { range: { start: index.positionAt(0), end: index.positionAt(text.length) }, diagnostics, only: [TAG_ALL_ALIASES] },
    ];
    for (const request of requests) {
      const actions = await client.request<(CodeAction | Command)[] | null>('textDocument/codeAction', {
        textDocument: { uri: client.uri(path) },
        range: request.range,
        context: { diagnostics: request.diagnostics, ...(request.only ? { only: request.only } : {}) },
      });
      for (const action of actions ?? []) {
        if (!('edit' in action) || !action.edit) continue;
        actionCount++;
        const found: string[] = [];
        applied(editsOf(action.edit, found), found);
        problems.push(...found.map((p) => `"${action.title}" (${path} ${request.range.start.line}:${request.range.start.character}): ${p}`));
      }
    }
    return actionCount;
  }

  test('every code action anywhere in the samples applies cleanly and adds no syntax problem', async () => {
    const problems: string[] = [];
    let actionCount = 0;
    for (const path of paths) actionCount += await checkCodeActions(path, problems);
    assert.ok(actionCount > 50, `only ${actionCount} code actions offered in the samples`);
    assert.equal([...new Set(problems)].join('\n'), '');
  });

  test('every code action in mutated articles applies cleanly and adds no syntax problem', async () => {
    const path = '/fuzzed.fmk';
    await fc.assert(
      fc.asyncProperty(mutatedSample(samples.texts, { window: 1500, maxMutations: 10 }), async (text) => {
        client.texts.set(path, text);
        versions.set(path, 1);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: client.uri(path), languageId: 'factmark', version: 1, text } });
        await client.request('factmark/status');
        const problems: string[] = [];
        await checkCodeActions(path, problems);
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: client.uri(path) } });
        client.texts.delete(path);
        assert.equal([...new Set(problems)].join('\n'), '');
      }),
      SERVER_PROPERTY_OPTIONS(15),
    );
  });

  /** Every defined id of the samples with where its definition's id is. */
  function definitions(): { kind: RefKind; id: string; path: string; offset: number }[] {
    return paths.flatMap((path) => summarize(client.text(path), samples.config).definitions.map((d) => ({ kind: d.kind, id: d.id, path, offset: d.idRange.start })));
  }

  function usedIds(kind: RefKind): Set<string> {
    const workspace = new Workspace(samples.config);
    for (const path of paths) workspace.update(client.uri(path), summarize(client.text(path), samples.config), false);
    return new Set(workspace.ids(kind));
  }

  async function rename(path: string, offset: number, newName: string): Promise<WorkspaceEdit | null> {
    const position = LineIndex.of(client.text(path)).positionAt(offset);
    return client.request<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: client.uri(path) }, position, newName });
  }

  test('renaming any id and renaming it back restores every file byte for byte', async () => {
    const originals = new Map(client.texts);
    const targets = definitions();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,14}$/), async ({ kind, id, path, offset }, newId) => {
        const prepared = await client.request<PrepareRenameResult | null>('textDocument/prepareRename', {
          textDocument: { uri: client.uri(path) },
          position: LineIndex.of(client.text(path)).positionAt(offset),
        });
        assert.ok(prepared && 'placeholder' in prepared, `no rename offered at ${path} for ${SIGIL_OF_KIND[kind]}${id}`);
        assert.deepEqual([prepared.placeholder, client.slice(path, prepared.range)], [id, id]);
        if (newId === id) return;
        if (usedIds(kind).has(newId)) {
          await assert.rejects(rename(path, offset, newId), /already used/);
          return;
        }

        const problems: string[] = [];
        const forward = editsOf((await rename(path, offset, newId))!, problems);
        applied(forward, problems);
        assert.equal(problems.join('\n'), '');
        await send(forward);
        assert.ok(!usedIds(kind).has(id), `${SIGIL_OF_KIND[kind]}${id} is still used after renaming it to ${newId}`);

        const renamed = summarize(client.text(path), samples.config).definitions.find((d) => d.kind === kind && d.id === newId)!;
        const backward = editsOf((await rename(path, renamed.idRange.start, id))!, problems);
        applied(backward, problems);
        assert.equal(problems.join('\n'), '');
        await send(backward);
        for (const [p, text] of originals) assert.equal(client.text(p), text, `${p} after renaming ${SIGIL_OF_KIND[kind]}${id} to ${newId} and back`);
      }),
      SERVER_PROPERTY_OPTIONS(25),
    );
  });

  test('invalid new names are refused with an error and change nothing', async () => {
    const { path, offset } = definitions()[0];
    for (const name of ['', 'Has Space', 'UPPER', '-leading', '@', 'a/b', '\u0000', 'é', `${'x'.repeat(10_000)}!`]) {
      await assert.rejects(rename(path, offset, name), /not a valid id/, JSON.stringify(name.slice(0, 20)));
    }
  });
});
