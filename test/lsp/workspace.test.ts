/**
 * The workspace side of the server: files changed on disk (watched), closing
 * an edited document, several workspace folders, excluded folders, the
 * custom requests, cancellation and a failing request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient, type ServerEvent } from './client';

const SUMMIT = `
  //- /factmark.json
  { "exclude": ["drafts"] }
  //- /registry.fmk
  [#trade]: China–Central Asia trade turnover in 2024 {unit=USD}
  [^xinhua]: Xinhua <https://example.org/x>
  //- /a.fmk
  Trade reached [nearly $100 billion]{#trade ^xinhua} last year.
  //- /unrelated.fmk
  Nothing to see.[^xinhua]
  //- /drafts/old.fmk
  An excluded draft with [@nobody]{@nobody}.
`;

describe('watched files', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT });
  });
  after(() => client.shutdown());

  const summary = (paths: readonly string[]) => paths.map((path) => `${path}: ${client.latestDiagnostics(path).map((d) => d.code).join(', ') || 'clean'}`).join('\n');

  test('excluded folders are not indexed', async () => {
    assert.equal((await client.request<{ files: number }>('factmark/status')).files, 3);
    assert.deepEqual(client.latestDiagnostics('/drafts/old.fmk'), []);
  });

  test('a created file is indexed and the files it affects re-published', async () => {
    const mark = client.mark();
    await client.writeFile('/d.fmk', 'Turnover was [$80 billion]{#trade ^xinhua}.\n', 1);
    await client.diagnosticsFor('/d.fmk', mark);
    await client.request('factmark/status');
    assert.deepEqual(client.publishedSince(mark), ['/a.fmk', '/d.fmk']);
    assert.equal(summary(['/a.fmk', '/d.fmk']), '/a.fmk: claim-conflict\n/d.fmk: claim-conflict');
  });

  test('a changed file is re-read', async () => {
    const mark = client.mark();
    await client.writeFile('/d.fmk', 'Turnover was [$95 billion]{#trade ^xinhua}.\n', 2);
    await client.diagnosticsFor('/a.fmk', mark);
    assert.equal(summary(['/a.fmk', '/d.fmk']), '/a.fmk: clean\n/d.fmk: clean');
  });

  test('a deleted file is dropped and its diagnostics cleared (a rename is a delete and a create)', async () => {
    const conflicting = client.mark();
    await client.writeFile('/d.fmk', 'Turnover was [$80 billion]{#trade ^xinhua}.\n', 2);
    await client.diagnosticsFor('/a.fmk', conflicting);
    const mark = client.mark();
    await client.deleteFile('/d.fmk');
    assert.deepEqual(await client.diagnosticsFor('/d.fmk', mark), []);
    await client.diagnosticsFor('/a.fmk', mark);
    assert.equal(summary(['/a.fmk']), '/a.fmk: clean');
    assert.equal((await client.request<{ files: number }>('factmark/status')).files, 3);
  });

  test('a file created in an excluded folder is ignored', async () => {
    const mark = client.mark();
    await client.writeFile('/drafts/new.fmk', 'A draft with [@nobody]{@nobody}.\n', 1);
    await client.request('factmark/status');
    assert.deepEqual(client.publishedSince(mark), []);
  });

  test('closing an edited document goes back to the file on disk', async () => {
    await client.open('/unrelated.fmk');
    const edited = client.mark();
    await client.replace('/unrelated.fmk', 'Nothing to see.[^xinhua]', 'Growth was 35%.');
    assert.deepEqual((await client.diagnosticsFor('/unrelated.fmk', edited)).map((d) => d.code), ['unsourced-figure']);
    const closed = client.mark();
    await client.close('/unrelated.fmk');
    assert.deepEqual(await client.diagnosticsFor('/unrelated.fmk', closed), []);
  });
});

describe('several workspace folders', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /one/registry.fmk
        [@tokayev]: Kassym-Jomart Tokayev {type=person}
        [#trade]: Trade {unit=USD}
        //- /two/news/a.fmk
        [Tokayev]{@toka‸yev} said trade was [$95 billion]{#trade by=@tokayev}.
        //- /two/b.fmk
        It was [$80 billion]{#trade by=@tokayev}.
      `,
      folders: ['/one', '/two'],
    });
  });
  after(() => client.shutdown());

  test('ids are shared across folders and articles are named by their path in their folder', async () => {
    assert.deepEqual(client.latestDiagnostics('/two/news/a.fmk').map((d) => d.code), ['claim-conflict', 'uncited-figure']);
    await client.open('/two/news/a.fmk');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri('/two/news/a.fmk') }, position: { line: 0, character: 45 } });
    assert.equal(
      (hover.contents as MarkupContent).value.split('\n').slice(-2).join('\n'),
      '| b.fmk | $80 billion | 76 bn – 84 bn USD ⚠ | by @tokayev |\n| news/a.fmk | **$95 billion** | 94.5 bn – 95.5 bn USD ⚠ | by @tokayev |',
    );
  });
});

describe('several workspace folders with their own factmark.json', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /one/factmark.json
        { "tolerances": { "exact": "1%" } }
        //- /one/a.fmk
        [#trade]: Trade {unit=USD}
        It was [$95 billion]{#trade}.
        //- /two/factmark.json
        { "tolerances": { "exact": "20%" },
          "exclude": ["drafts"] }
        //- /two/b.fmk
        It was [$80 billion]{#trade}.
        //- /two/drafts/c.fmk
        It was [$1 billion]{#trade}.
        //- /three/factmark.json
        { "exclude": [], "tolerances": { "exact": "1%" } }
      `,
      folders: ['/one', '/two', '/three'],
    });
  });
  after(() => client.shutdown());

  test('the first folder\'s configuration analyses all; another that would analyse differently says so; each folder keeps its exclude', () => {
    assert.deepEqual(
      client.latestDiagnostics('/two/factmark.json').map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.message}`),
      ['0:0-0:35 3 config factmark.json: not applied here: every workspace folder is analysed with ../one/factmark.json (one configuration for the whole workspace); only "exclude" of this file applies, to this folder.'],
    );
    assert.deepEqual(client.latestDiagnostics('/three/factmark.json'), [], 'the same analysis: nothing to say');
    // 1 % around $95 billion and around $80 billion: a conflict (20 % would have overlapped); drafts/ excluded in /two.
    assert.deepEqual(client.latestDiagnostics('/two/b.fmk').map((d) => d.code), ['claim-conflict', 'unsourced-figure']);
    assert.deepEqual(client.latestDiagnostics('/two/drafts/c.fmk'), []);
  });
});

describe('changes that reach beyond the edited file', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /one/registry.fmk
        [@tokayev]: Kassym-Jomart Tokayev {type=person}
        //- /one/a.fmk
        Tokayev spoke, and [Kassym-Jomart Tokayev]{@tokayev} listened.
        //- /two/b.fmk
        Growth was 35%.
      `,
      folders: ['/one'],
    });
  });
  after(() => client.shutdown());

  test('a new alias of an entity shows as a hint in open documents that write it untagged', async () => {
    await client.open('/one/a.fmk');
    await client.open('/one/registry.fmk');
    assert.deepEqual(client.latestDiagnostics('/one/a.fmk'), []);
    const mark = client.mark();
    await client.replace('/one/registry.fmk', '{type=person}', '{type=person aka="Tokayev"}');
    assert.equal(
      client.renderDiagnostics('/one/a.fmk', await client.diagnosticsFor('/one/a.fmk', mark)),
      `1: Tokayev spoke, and [Kassym-Jomart Tokayev]{@tokayev} listened.
   ^^^^^^^ hint untagged-alias
`,
    );
  });

  test('a workspace folder added later is indexed', async () => {
    client.folders.push('/two');
    const mark = client.mark();
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: client.workspaceFolders().slice(1), removed: [] } });
    assert.deepEqual((await client.diagnosticsFor('/two/b.fmk', mark)).map((d) => d.code), ['unsourced-figure']);
  });
});

describe('custom requests, cancellation and failures', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /registry.fmk
        [#trade]: Trade {unit=USD}
        [#grant]: Grant {unit=USD}
        //- /a.fmk
        [nearly $100 billion]{#trade} and [$208 million]{#grant}.
        //- /b.fmk
        [$80 billion]{#trade} and [$208 million]{#grant}.
      `,
    });
  });
  after(() => client.shutdown());

  test('factmark/claims returns the reconciliation report, optionally only conflicts', async () => {
    type Report = { id: string; status: string; mentions: { text: string; location: { uri: string; line: number } }[] }[];
    const render = (report: Report) => report.map((c) => `#${c.id} ${c.status}: ${c.mentions.map((m) => `${m.text} @ ${client.pathOf(m.location.uri)}:${m.location.line}`).join('; ')}`).join('\n');
    assert.equal(
      render(await client.request<Report>('factmark/claims', {})),
      '#grant consistent: $208 million @ /a.fmk:1; $208 million @ /b.fmk:1\n#trade conflict: nearly $100 billion @ /a.fmk:1; $80 billion @ /b.fmk:1',
    );
    assert.equal(render(await client.request<Report>('factmark/claims', { onlyConflicts: true })), '#trade conflict: nearly $100 billion @ /a.fmk:1; $80 billion @ /b.fmk:1');
    assert.equal(render(await client.request<Report>('factmark/claims', { ids: ['grant'] })), '#grant consistent: $208 million @ /a.fmk:1; $208 million @ /b.fmk:1');
  });

  test('factmark/status works without params', async () => {
    assert.deepEqual(await client.request('factmark/status'), { errors: 0, warnings: 6, infos: 0, hints: 0, files: 3, indexing: false });
  });

  test('a cancelled request answers RequestCancelled or its result, and the server carries on', async () => {
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest<unknown[]>('workspace/symbol', { query: '' }, source.token);
    source.cancel();
    const outcome = await pending.then(
      (result) => (Array.isArray(result) ? 'result' : 'unexpected result'),
      (error: { code: number }) => (error.code === -32800 ? 'cancelled' : `error ${error.code}`),
    );
    assert.ok(outcome === 'result' || outcome === 'cancelled', outcome);
    assert.equal((await client.request<unknown[]>('workspace/symbol', { query: 'grant' })).length, 1);
  });

  test('malformed params get InvalidParams naming the field, nothing is logged, and the server keeps answering', async () => {
    const mark = client.mark();
    const failures = await Promise.all(
      [{}, { textDocument: { uri: client.uri('/a.fmk') }, position: { line: 'one', character: 3 } }].map((params) =>
        client.request('textDocument/hover', params).then(() => 'answered', (error: { code: number; message: string }) => `${error.code} ${error.message}`),
      ),
    );
    assert.deepEqual(failures, [
      '-32602 Factmark: hover: invalid params: textDocument: Invalid input: expected object, received undefined',
      '-32602 Factmark: hover: invalid params: position.line: Invalid input: expected number, received string',
    ]);
    await client.open('/a.fmk');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri('/a.fmk') }, position: { line: 0, character: 3 } });
    assert.match((hover.contents as MarkupContent).value, /^\*\*#trade\*\*/);
    const logged = client.events.slice(mark).filter((e): e is Extract<ServerEvent, { type: 'message' }> => e.type === 'message' && e.messageType === 1);
    assert.deepEqual(logged.map((e) => e.message.split('\n')[0]), []);
  });
});

describe('the claims report of a large workspace', () => {
  const CLAIMS = 3000;
  const ids = Array.from({ length: CLAIMS }, (_, i) => `c${i}`);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: [
        '//- /registry.fmk',
        ...ids.map((id) => `[#${id}]: Claim ${id} {unit=USD}`),
        '//- /a.fmk',
        ...ids.map((id, i) => `[$${i + 1} million]{#${id}} in A.`),
        '//- /b.fmk',
        ...ids.map((id, i) => `[$${i + 2} million]{#${id}} in B.`),
      ].join('\n'),
    });
  });
  after(() => client.shutdown());

  test('is made in time slices: a request sent after it is answered first', async () => {
    const answered: string[] = [];
    const claims = client.request<unknown[]>('factmark/claims', {}).then((report) => answered.push(`claims (${report.length})`));
    const hover = client.request('textDocument/hover', { textDocument: { uri: client.uri('/a.fmk') }, position: { line: 0, character: 3 } }).then(() => answered.push('hover'));
    await Promise.all([claims, hover]);
    assert.deepEqual(answered, ['hover', `claims (${CLAIMS})`]);
  });

  test('stops when cancelled, and the server carries on', async () => {
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest<unknown[]>('factmark/claims', {}, source.token);
    source.cancel();
    const outcome = await pending.then(
      () => 'result',
      (error: { code: number }) => (error.code === -32800 ? 'cancelled' : `error ${error.code}`),
    );
    assert.equal(outcome, 'cancelled');
    assert.equal((await client.request<unknown[]>('factmark/claims', { ids: ['c7'] })).length, 1);
  });
});
