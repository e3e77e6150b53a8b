/**
 * Workspace symbols found through the sorted ids (symbols.ts bestByIdPrefix) answer exactly what
 * ranking every definition answers (bestByRanking), in the same order, whenever enough ids start
 * with the query; otherwise the ranking is used. The workspace has ids shared by several kinds,
 * the same definition in two articles and twice in one, and more definitions than an answer holds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentState } from '../../server/src/lsp/documents';
import { bestByIdPrefix, bestByRanking, MAX_WORKSPACE_SYMBOLS, type SymbolMatch } from '../../server/src/lsp/features/symbols';

const state = new DocumentState({ affected: () => undefined, moved: () => undefined, error: (error) => assert.fail(String(error)) });
const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('\n');
state.setText('file:///w/registry.fmk', lines(260, (i) => `[#claim-${i}]: Claim number ${i}`) + '\n' + lines(30, (i) => `[@claim-${i}]: Person ${i}`) + '\n[^claim-1]: A source\n');
state.setText('file:///w/b/registry.fmk', '[#claim-1]: Claim one again\n[#claim-1]: And once more\n[@tokayev]: Kassym-Jomart Tokayev\n');
state.setText('file:///w/a.fmk', '[#claim-10]: A definition in an article\nText citing [^claim-1].\n');
const sortedIds = state.definedIds.bind(state);

const render = (matches: readonly SymbolMatch[]) =>
  matches.map(({ rank, uri, definition }) => `${rank} ${definition.kind}:${definition.id}@${uri.slice('file:///w/'.length)}:${definition.range.start}`);

test('an id prefix common enough is answered from the sorted ids, as the ranking answers it', async () => {
  const summary: string[] = [];
  for (const query of ['', 'c', 'claim-', 'claim-1', 'claim-2', 'claim-25', 'tok', 'kassym', 'zzz', 'claim-1x']) {
    const byPrefix = bestByIdPrefix(state.workspace, sortedIds, query);
    const ranked = await bestByRanking(state.workspace, query);
    if (byPrefix) assert.deepEqual(render(byPrefix), render(ranked), `query "${query}"`);
    const shown = render(byPrefix ?? ranked);
    summary.push(`"${query}": ${byPrefix ? 'sorted ids' : 'ranking'}, ${shown.length}: ${shown.slice(0, 6).join(', ')}${shown.length > 6 ? `, … ${shown[shown.length - 1]}` : ''}`);
  }
  assert.equal(MAX_WORKSPACE_SYMBOLS, 200);
  assert.equal(
    summary.join('\n'),
    `"": sorted ids, 200: 0 claim:claim-0@registry.fmk:0, 0 entity:claim-0@registry.fmk:7840, 0 claim:claim-1@b/registry.fmk:0, 0 claim:claim-1@b/registry.fmk:28, 0 claim:claim-1@registry.fmk:27, 0 entity:claim-1@registry.fmk:7861, … 0 claim:claim-257@registry.fmk:7747
"c": sorted ids, 200: 0 claim:claim-0@registry.fmk:0, 0 entity:claim-0@registry.fmk:7840, 0 claim:claim-1@b/registry.fmk:0, 0 claim:claim-1@b/registry.fmk:28, 0 claim:claim-1@registry.fmk:27, 0 entity:claim-1@registry.fmk:7861, … 0 claim:claim-257@registry.fmk:7747
"claim-": sorted ids, 200: 0 claim:claim-0@registry.fmk:0, 0 entity:claim-0@registry.fmk:7840, 0 claim:claim-1@b/registry.fmk:0, 0 claim:claim-1@b/registry.fmk:28, 0 claim:claim-1@registry.fmk:27, 0 entity:claim-1@registry.fmk:7861, … 0 claim:claim-257@registry.fmk:7747
"claim-1": ranking, 150: 0 claim:claim-1@b/registry.fmk:0, 0 claim:claim-1@b/registry.fmk:28, 0 claim:claim-1@registry.fmk:27, 0 entity:claim-1@registry.fmk:7861, 0 source:claim-1@registry.fmk:8510, 0 claim:claim-10@a.fmk:0, … 3 claim:claim-91@registry.fmk:2619
"claim-2": ranking, 110: 0 claim:claim-2@registry.fmk:54, 0 entity:claim-2@registry.fmk:7882, 0 claim:claim-20@registry.fmk:560, 0 entity:claim-20@registry.fmk:8280, 0 claim:claim-200@registry.fmk:5980, 0 claim:claim-201@registry.fmk:6011, … 3 claim:claim-92@registry.fmk:2648
"claim-25": ranking, 18: 0 claim:claim-25@registry.fmk:705, 0 entity:claim-25@registry.fmk:8395, 0 claim:claim-250@registry.fmk:7530, 0 claim:claim-251@registry.fmk:7561, 0 claim:claim-252@registry.fmk:7592, 0 claim:claim-253@registry.fmk:7623, … 3 claim:claim-245@registry.fmk:7375
"tok": ranking, 1: 0 entity:tokayev@b/registry.fmk:54
"kassym": ranking, 1: 1 entity:tokayev@b/registry.fmk:54
"zzz": ranking, 0: 
"claim-1x": ranking, 0: `,
  );
});

test('definitions added later are found by the next query', async () => {
  assert.equal(bestByIdPrefix(state.workspace, sortedIds, 'tok'), undefined);
  state.setText('file:///w/c.fmk', lines(250, (i) => `[#tok-${i}]: Tok ${i}`) + '\n');
  const byPrefix = bestByIdPrefix(state.workspace, sortedIds, 'tok');
  assert.deepEqual(render(byPrefix ?? []), render(await bestByRanking(state.workspace, 'tok')));
  assert.deepEqual(render(byPrefix ?? []).slice(0, 3), ['0 claim:tok-0@c.fmk:0', '0 claim:tok-1@c.fmk:16', '0 claim:tok-10@c.fmk:160']);
});
