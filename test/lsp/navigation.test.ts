/**
 * Hover, go to definition, references, document highlights and rename over
 * the protocol, on a multi-file fixture with cursor markers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentHighlight, Hover, Location, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { problemsIn, TestClient } from './client';

/** Cursors: 1 definition head, 2 claim ref, 3 entity ref, 4 untagged figure, 5 span surface, 6 speaker, 7 citation. */
const SUMMIT = `
  //- /registry.fmk
  [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev" aka="Head of State" wikidata=Q318471}
  [@xi]: Xi Jinping {type=person}
  [#tr‸1ade]: China–Central Asia trade turnover in 2024 {unit=USD}
  [^xinhua]: Xinhua, "Xi announces grant" <https://example.org/x> {publisher="Xinhua" kind=article date=2025-06-17}
  //- /a.fmk
  ---
  title: Summit ends with a treaty
  ---
  Trade reached [nearly $100 billion]{#tr‸2ade ^xinhua} last year, [Tokayev]{@toka‸3yev} said.
  Joint ventures surpas‸4sed 10,000. [Xi]{@xi} attended.
  //- /b.fmk
  «Turnover hit a record [$95 bil‸5lion]{#trade by=@toka‸6yev}», [Tokayev]{@tokayev} said.[^xin‸7hua]
`;

const at = { defhead: '1', claimref: '2', entity: '3', figure: '4', surface: '5', speaker: '6', citation: '7' } as const;

describe('navigation', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT });
    await client.open('/a.fmk');
    await client.open('/b.fmk');
  });
  after(() => client.shutdown());

  async function hoverText(cursor: keyof typeof at): Promise<string> {
    const hover = await client.requestAt<Hover | null>('textDocument/hover', at[cursor]);
    if (!hover) return 'no hover';
    const { path } = client.cursor(at[cursor]);
    return `[${client.slice(path, hover.range!)}]\n${(hover.contents as MarkupContent).value}`;
  }

  const hovers: [string, keyof typeof at, string][] = [
    ['entity card', 'entity', `[@tokayev]
**@tokayev** · person

Kassym-Jomart Tokayev

Also known as: Tokayev, Head of State

Wikidata: [Q318471](https://www.wikidata.org/wiki/Q318471)

3 mentions in 2 articles`],
    ['claim card for a #id: this mention, the reconciled value, every mention', 'claimref', `[#trade]
**#trade** · China–Central Asia trade turnover in 2024

This mention: “nearly $100 billion” → 90 bn – 100 bn USD (“nearly” 100 bn USD)

Reconciled: **consistent** · ≈ 95 bn USD (94.5 bn – 95.5 bn USD) from 2 mentions

| Article | Text | Interval | Source |
|---|---|---|---|
| Summit ends with a treaty | **nearly $100 billion** | 90 bn – 100 bn USD | ^xinhua |
| b.fmk | $95 billion | 94.5 bn – 95.5 bn USD | ^xinhua |`],
    ['claim card on a span surface', 'surface', `[$95 billion]
**#trade** · China–Central Asia trade turnover in 2024

This mention: “$95 billion” → 95 bn USD (94.5 bn – 95.5 bn USD)

Reconciled: **consistent** · ≈ 95 bn USD (94.5 bn – 95.5 bn USD) from 2 mentions

| Article | Text | Interval | Source |
|---|---|---|---|
| Summit ends with a treaty | nearly $100 billion | 90 bn – 100 bn USD | ^xinhua |
| b.fmk | **$95 billion** | 94.5 bn – 95.5 bn USD | ^xinhua |`],
    ['claim card on the definition', 'defhead', `[#trade]
**#trade** · China–Central Asia trade turnover in 2024

Reconciled: **consistent** · ≈ 95 bn USD (94.5 bn – 95.5 bn USD) from 2 mentions

| Article | Text | Interval | Source |
|---|---|---|---|
| Summit ends with a treaty | nearly $100 billion | 90 bn – 100 bn USD | ^xinhua |
| b.fmk | $95 billion | 94.5 bn – 95.5 bn USD | ^xinhua |`],
    ['source card', 'citation', `[^xinhua]
**^xinhua** · article

Xinhua, "Xi announces grant"

Publisher: Xinhua · Date: 2025-06-17 · Kind: article

<https://example.org/x>

2 citations in 2 articles`],
    ['untagged figure', 'figure', `[surpassed 10,000]
**Figure** “surpassed 10,000” → > 10,000 (“surpassed” 10,000)

Sourcing: unsourced`],
  ];
  for (const [name, cursor, expected] of hovers) {
    test(`hover: ${name}`, async () => assert.equal(await hoverText(cursor), expected));
  }

  test('definition: from a reference and from a span surface, in another file', async () => {
    const fromRef = await client.requestAt<Location[]>('textDocument/definition', at.entity);
    const fromSurface = await client.requestAt<Location[]>('textDocument/definition', at.surface);
    assert.equal(client.renderLocations([...fromRef, ...fromSurface]), '/registry.fmk:1:3-1:10 tokayev\n/registry.fmk:3:3-3:8 trade');
  });

  test('references: every mention in the workspace, the definition only when asked', async () => {
    const without = await client.requestAt<Location[]>('textDocument/references', at.speaker, { context: { includeDeclaration: false } });
    const withDeclaration = await client.requestAt<Location[]>('textDocument/references', at.speaker, { context: { includeDeclaration: true } });
    assert.equal(
      client.renderLocations(without),
      `/a.fmk:4:74-4:82 @tokayev
/b.fmk:1:48-1:56 @tokayev
/b.fmk:1:70-1:78 @tokayev`,
    );
    assert.equal(
      client.renderLocations(withDeclaration),
      `/a.fmk:4:74-4:82 @tokayev
/b.fmk:1:48-1:56 @tokayev
/b.fmk:1:70-1:78 @tokayev
/registry.fmk:1:3-1:10 tokayev`,
    );
  });

  test('document highlights: the id in this document', async () => {
    const highlights = await client.requestAt<DocumentHighlight[]>('textDocument/documentHighlight', at.speaker);
    assert.equal(highlights.map((h) => `${h.kind} ${h.range.start.character}-${h.range.end.character} ${client.slice('/b.fmk', h.range)}`).join('\n'), '2 47-55 @tokayev\n2 69-77 @tokayev');
  });
});

describe('rename', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT.replace(/‸(\d)/g, (_, name: string) => (name === at.speaker ? '‸' : '')) });
    await client.open('/b.fmk');
  });
  after(() => client.shutdown());

  test('prepareRename gives the id under the cursor; prose cannot be renamed', async () => {
    const prepared = await client.requestAt<{ range: Location['range']; placeholder: string }>('textDocument/prepareRename');
    assert.deepEqual([client.slice('/b.fmk', prepared.range), prepared.placeholder], ['tokayev', 'tokayev']);
    const prose = await client.request('textDocument/prepareRename', { textDocument: { uri: client.uri('/b.fmk') }, position: { line: 0, character: 3 } });
    assert.equal(prose, null);
  });

  test('rename edits the definition and every reference across files, and the result has no new problems', async () => {
    const before = problemsIn(client.texts);
    const edit = await client.requestAt<WorkspaceEdit>('textDocument/rename', '', { newName: 'kj-tokayev' });
    assert.equal(
      edit.documentChanges!.map((c) => ('textDocument' in c ? `${client.pathOf(c.textDocument.uri)} v${c.textDocument.version} ${c.edits.length} edits` : '')).join('\n'),
      '/a.fmk vnull 1 edits\n/b.fmk v1 2 edits\n/registry.fmk vnull 1 edits',
    );
    client.applyWorkspaceEdit(edit);
    assert.equal(
      [...client.texts].map(([path, text]) => `${path}\n${text}`).join(''),
      `/registry.fmk
[@kj-tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev" aka="Head of State" wikidata=Q318471}
[@xi]: Xi Jinping {type=person}
[#trade]: China–Central Asia trade turnover in 2024 {unit=USD}
[^xinhua]: Xinhua, "Xi announces grant" <https://example.org/x> {publisher="Xinhua" kind=article date=2025-06-17}
/a.fmk
---
title: Summit ends with a treaty
---
Trade reached [nearly $100 billion]{#trade ^xinhua} last year, [Tokayev]{@kj-tokayev} said.
Joint ventures surpassed 10,000. [Xi]{@xi} attended.
/b.fmk
«Turnover hit a record [$95 billion]{#trade by=@kj-tokayev}», [Tokayev]{@kj-tokayev} said.[^xinhua]
`,
    );
    assert.equal(before, '/a.fmk:5:16 warning unsourced-figure');
    assert.equal(problemsIn(client.texts), before);
  });

  const refusals: [string, string, string][] = [
    ['an invalid id', 'Bad Id', '-32803 "Bad Id" is not a valid id: use lowercase letters a-z, digits, ".", "_" and "-", starting with a letter or digit.'],
    ['an id already in use (a merge)', '@xi', '-32803 @xi is already used in the workspace; renaming @tokayev to it would merge the two.'],
  ];
  for (const [name, newName, expected] of refusals) {
    test(`rename refuses ${name}`, async () => {
      await assert.rejects(client.requestAt('textDocument/rename', '', { newName }), (error: Error & { code: number }) => {
        assert.equal(`${error.code} ${error.message}`, expected);
        return true;
      });
    });
  }
});

describe('a claim hover stays readable with many mentions', () => {
  let client: TestClient;
  const mentions = Array.from({ length: 60 }, (_, i) => `Trade was [$${i === 7 ? 60 : 95} billion]{#trade ^s} in report ${i + 1}.`).join('\n');
  before(async () => {
    client = await TestClient.start({
      fixture: ['//- /registry.fmk', '[#trade]: Trade {unit=USD}', '[^s]: Source <https://example.org/s>', '//- /many.fmk', `‸${mentions}`].join('\n'),
    });
    await client.open('/many.fmk');
  });
  after(() => client.shutdown());

  test('the table shows this mention, the disagreeing ones first, up to 50 rows, and counts the rest', async () => {
    const hover = await client.requestAt<Hover | null>('textDocument/hover', '', { position: { line: 0, character: 12 } });
    const value = (hover!.contents as MarkupContent).value;
    const rows = value.split('\n').filter((line) => line.startsWith('| many.fmk') || line.startsWith('| many'));
    assert.equal(rows.length, 50);
    assert.match(rows[0], /\*\*\$95 billion\*\*/, 'this mention is in the table, in bold');
    assert.ok(rows.some((row) => row.includes('$60 billion')), 'the disagreeing mention is listed');
    assert.match(value, /…and 10 more mentions/);
  });
});
