/**
 * Symbols, inlay hints, code lens, semantic tokens, folding and document
 * links over the protocol, rendered as text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  CodeLens,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  InlayHint,
  SemanticTokens,
  SemanticTokensLegend,
  SymbolInformation,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { CAPABILITIES, TestClient } from './client';

const FIXTURE = `
  //- /registry.fmk
  <!-- The shared registry
       of this folder -->
  [@tokayev]: Kassym-Jomart Tokayev {type=person wikidata=Q318471 url=https://example.org/tokayev}
  [#trade]: China–Central Asia trade turnover in 2024
    {unit=USD}
  [^xinhua]: Xinhua <https://example.org/x> {kind=article}

  [@xi]: Xi Jinping
  //- /a.fmk
  ---
  title: Summit
  url: "https://example.org/a"
  ---
  Trade reached [nearly $100 billion]{#trade ^xinhua} last year; [Tokayev]{@tokayev} said 35%.
  //- /b.fmk
  Turnover was [$80 billion]{#trade ^xinhua} and [$95 billion]{#trade ^xinhua}.
`;

describe('presentation', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: FIXTURE });
    for (const path of ['/registry.fmk', '/a.fmk', '/b.fmk']) await client.open(path);
  });
  after(() => client.shutdown());

  const doc = (path: string) => ({ textDocument: { uri: client.uri(path) } });
  const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

  test('document symbols: definitions grouped by kind, claim mentions', async () => {
    const render = (symbols: DocumentSymbol[], path: string, depth = 0): string[] =>
      symbols.flatMap((s) => [
        `${'  '.repeat(depth)}${s.name} (${s.kind}) ${s.range.start.line + 1}-${s.range.end.line + 1} [${client.slice(path, s.selectionRange)}]${s.detail ? ` ${s.detail}` : ''}`,
        ...render(s.children ?? [], path, depth + 1),
      ]);
    const registry = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc('/registry.fmk'));
    const article = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc('/a.fmk'));
    assert.equal([...render(registry, '/registry.fmk'), ...render(article, '/a.fmk')].join('\n'), `Entities (3) 3-8 []
  @tokayev (5) 3-3 [tokayev] Kassym-Jomart Tokayev
  @xi (5) 8-8 [xi] Xi Jinping
Claims (3) 4-5 []
  #trade (16) 4-5 [trade] China–Central Asia trade turnover in 2024
Sources (3) 6-6 []
  ^xinhua (15) 6-6 [xinhua] Xinhua
Front matter (3) 1-4 [---] Summit
Claim mentions (3) 5-5 []
  #trade (16) 5-5 [trade] nearly $100 billion`);
  });

  test('workspace symbols: definitions matching the query, best matches first', async () => {
    const render = async (query: string) => {
      const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query });
      return `${query}: ${symbols.map((s) => `${s.name} (${s.containerName}) ${client.pathOf((s.location as { uri: string }).uri)}`).join(', ')}`;
    };
    assert.equal([await render('t'), await render('jinping'), await render('#trd'), await render('zzz')].join('\n'), `t: @tokayev (Kassym-Jomart Tokayev) /registry.fmk, #trade (China–Central Asia trade turnover in 2024) /registry.fmk
jinping: @xi (Xi Jinping) /registry.fmk
#trd: #trade (China–Central Asia trade turnover in 2024) /registry.fmk
zzz: `);
  });

  test('inlay hints: the normalized value after each claim span, conflicts flagged', async () => {
    const render = async (path: string) => {
      const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { ...doc(path), range: whole });
      return hints.map((h) => `${path}:${h.position.line + 1}:${h.position.character + 1} ${h.label} | ${(h.tooltip as { value: string }).value}`);
    };
    assert.equal([...(await render('/a.fmk')), ...(await render('/b.fmk'))].join('\n'), `/a.fmk:5:52 90 bn – 100 bn USD ⚠ conflict | #trade: 90 bn – 100 bn USD · reconciled: conflict
/b.fmk:1:43 ≈ 80 bn USD ⚠ conflict | #trade: 76 bn – 84 bn USD · reconciled: conflict
/b.fmk:1:77 ≈ 95 bn USD ⚠ conflict | #trade: 94.5 bn – 95.5 bn USD · reconciled: conflict`);
  });

  test('code lens on definitions, counted on resolve', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', doc('/registry.fmk'));
    const resolved = await Promise.all(lenses.map((lens) => client.request<CodeLens>('codeLens/resolve', lens)));
    assert.equal(
      resolved.map((l) => `${l.range.start.line + 1}: ${l.command!.title} → ${l.command!.command}(${client.pathOf(l.command!.arguments![0])}, ${JSON.stringify(l.command!.arguments![1])})`).join('\n'),
      `3: 1 mention in 1 article → factmark.showReferences(/registry.fmk, {"line":2,"character":2})
4: 3 mentions in 2 articles · conflict → factmark.showReferences(/registry.fmk, {"line":3,"character":2})
6: 3 citations in 2 articles → factmark.showReferences(/registry.fmk, {"line":5,"character":2})
8: no mentions → factmark.showReferences(/registry.fmk, {"line":7,"character":2})`,
    );
  });

  test('semantic tokens', async () => {
    const legend = client.initializeResult.capabilities.semanticTokensProvider!.legend as SemanticTokensLegend;
    const decode = async (path: string) => {
      const { data } = await client.request<SemanticTokens>('textDocument/semanticTokens/full', doc(path));
      const lines: string[] = [];
      let line = 0;
      let character = 0;
      for (let i = 0; i < data.length; i += 5) {
        line += data[i];
        character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
        const range = { start: { line, character }, end: { line, character: character + data[i + 2] } };
        const modifiers = legend.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
        lines.push(`${line + 1}:${character + 1} ${legend.tokenTypes[data[i + 3]]}${modifiers.length ? `.${modifiers.join('.')}` : ''} ${JSON.stringify(client.slice(path, range))}`);
      }
      return lines;
    };
    assert.equal([...(await decode('/registry.fmk')), ...(await decode('/a.fmk'))].join('\n'), `1:1 comment "<!-- The shared registry"
2:1 comment "     of this folder -->"
3:2 sigil.declaration "@"
3:3 entity.declaration "tokayev"
3:13 definitionLabel "Kassym-Jomart Tokayev"
3:36 attributeKey "type"
3:41 attributeValue "person"
3:48 attributeKey "wikidata"
3:57 attributeValue "Q318471"
3:65 attributeKey "url"
3:69 attributeValue "https://example.org/tokayev"
4:2 sigil.declaration "#"
4:3 claim.declaration "trade"
4:11 definitionLabel "China–Central Asia trade turnover in 2024"
5:4 attributeKey "unit"
5:9 attributeValue "USD"
6:2 sigil.declaration "^"
6:3 source.declaration "xinhua"
6:12 definitionLabel "Xinhua"
6:44 attributeKey "kind"
6:49 attributeValue "article"
8:2 sigil.declaration "@"
8:3 entity.declaration "xi"
8:8 definitionLabel "Xi Jinping"
2:1 frontMatterKey "title"
2:8 frontMatterValue "Summit"
3:1 frontMatterKey "url"
3:6 frontMatterValue "\\"https://example.org/a\\""
5:16 figure.sourced "nearly $100 billion"
5:37 sigil "#"
5:38 claim "trade"
5:44 sigil "^"
5:45 source "xinhua"
5:65 spanText "Tokayev"
5:74 sigil "@"
5:75 entity "tokayev"
5:89 figure.sourced "35%"`);
  });

  test('folding: comments, definition blocks, multi-line definitions, front matter', async () => {
    const render = async (path: string) =>
      (await client.request<FoldingRange[]>('textDocument/foldingRange', doc(path))).map((f) => `${path} ${f.startLine + 1}-${f.endLine + 1}${f.kind ? ` ${f.kind}` : ''}`);
    assert.equal([...(await render('/registry.fmk')), ...(await render('/a.fmk'))].join('\n'), `/registry.fmk 1-2 comment
/registry.fmk 3-8 region
/registry.fmk 4-5
/a.fmk 1-4 region`);
  });

  test('document links: http(s) URLs of definitions, attributes and front matter', async () => {
    const render = async (path: string) =>
      (await client.request<DocumentLink[]>('textDocument/documentLink', doc(path))).map((l) => `${path}:${l.range.start.line + 1} ${client.slice(path, l.range)} → ${l.target}`);
    assert.equal([...(await render('/registry.fmk')), ...(await render('/a.fmk'))].join('\n'), `/registry.fmk:3 Q318471 → https://www.wikidata.org/wiki/Q318471
/registry.fmk:3 https://example.org/tokayev → https://example.org/tokayev
/registry.fmk:6 https://example.org/x → https://example.org/x
/a.fmk:3 https://example.org/a → https://example.org/a`);
  });
});

describe('presentation settings and older clients', () => {
  let client: TestClient;
  before(async () => {
    const { documentSymbol: _, ...textDocument } = CAPABILITIES.textDocument!;
    client = await TestClient.start({
      fixture: FIXTURE,
      capabilities: { ...CAPABILITIES, workspace: { ...CAPABILITIES.workspace, workspaceEdit: {} }, textDocument },
      settings: { inlayHints: { enabled: false }, codeLens: { enabled: false } },
    });
    await client.open('/a.fmk');
  });
  after(() => client.shutdown());

  test('inlay hints and code lens can be turned off', async () => {
    const hints = await client.request('textDocument/inlayHint', { textDocument: { uri: client.uri('/a.fmk') }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
    const lenses = await client.request('textDocument/codeLens', { textDocument: { uri: client.uri('/a.fmk') } });
    assert.deepEqual([hints, lenses], [[], []]);
  });

  test('a client without versioned document changes gets edits as a changes map', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri('/a.fmk') }, position: { line: 4, character: 39 }, newName: 'turnover' });
    assert.deepEqual(
      [edit.documentChanges, Object.keys(edit.changes!).map((uri) => `${client.pathOf(uri)}: ${edit.changes![uri].map((e) => e.newText).join(' ')}`)],
      [undefined, ['/a.fmk: turnover', '/b.fmk: turnover turnover', '/registry.fmk: turnover']],
    );
  });

  test('a client without hierarchical symbols gets a flat list with containers', async () => {
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri('/a.fmk') } });
    assert.equal(
      symbols.map((s) => `${s.name}${s.containerName ? ` in ${s.containerName}` : ''} ${s.location.range.start.line + 1}`).join('\n'),
      'Front matter 1\nClaim mentions 5\n#trade in Claim mentions 5',
    );
  });
});
