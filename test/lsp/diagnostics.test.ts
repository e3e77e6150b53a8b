/**
 * Diagnostics over the protocol: pushed for every indexed file (closed ones
 * too), re-published only where an edit changes them, pulled by clients that
 * can, UTF-16 positions, factmark.json problems, settings, indexing progress.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, DocumentDiagnosticReport, Hover } from 'vscode-languageserver-protocol';
import { documentDiagnostics } from '../../server/src/core/analysis';
import { fingerprintOf } from '../../server/src/lsp/features/diagnostics';
import { fixtureWorkspace, uriOf } from '../support/workspace';
import { PULL_CAPABILITIES, TestClient, type ServerEvent } from './client';

const SUMMIT = `
  //- /registry.fmk
  [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
  [#trade]: China–Central Asia trade turnover in 2024 {unit=USD}
  [#grant]: Chinese grant {unit=USD}
  [^xinhua]: Xinhua, "Xi announces grant", 2025-06-17 <https://example.org/x>
  [@unused]: Nobody
  //- /a.fmk
  Trade reached [nearly $100 billion]{#trade ^xinhua} last year.
  //- /b.fmk
  Turnover was [$80 billion]{#trade ^xinhua}.
  //- /c.fmk
  A grant of [$208 million]{#grant ^xinhua} was announced, and 35% more.
`;

function renderAll(client: TestClient, paths: readonly string[]): string {
  return paths.map((path) => `${path}\n${client.renderDiagnostics(path, client.latestDiagnostics(path))}`).join('');
}

describe('pushed diagnostics', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT });
  });
  after(() => client.shutdown());

  test('every indexed file gets its diagnostics without being opened, with related information and tags', () => {
    assert.equal(
      renderAll(client, ['/registry.fmk', '/a.fmk', '/b.fmk', '/c.fmk']),
      `/registry.fmk
1: [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
   ^^^^^^^^^^^ hint unused-definition [unnecessary]
5: [@unused]: Nobody
   ^^^^^^^^^^ hint unused-definition [unnecessary]
/a.fmk
1: Trade reached [nearly $100 billion]{#trade ^xinhua} last year.
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict
      related /b.fmk:1:14
/b.fmk
1: Turnover was [$80 billion]{#trade ^xinhua}.
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning claim-conflict
      related /a.fmk:1:15
/c.fmk
1: A grant of [$208 million]{#grant ^xinhua} was announced, and 35% more.
                                                                ^^^ warning unsourced-figure
`,
    );
  });

  test('a client that cannot pull is offered no pull diagnostics', () => {
    assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
  });

  test('diagnostic codes are the stable codes, from source "factmark", with the core\'s message', () => {
    const diagnostic = client.latestDiagnostics('/c.fmk')[0];
    assert.deepEqual([diagnostic.code, diagnostic.source, diagnostic.severity], ['unsourced-figure', 'factmark', 2]);
    const core = documentDiagnostics(fixtureWorkspace(SUMMIT).workspace, uriOf('/c.fmk'), client.text('/c.fmk'));
    assert.equal(diagnostic.message, core[0].message);
  });

  test('an edit re-publishes exactly the files whose diagnostics it changes', async () => {
    await client.open('/b.fmk');
    const mark = client.mark();
    await client.replace('/b.fmk', '$80 billion', '$95 billion');
    await client.request('factmark/status'); // a barrier: the server answers after publishing what the edit changed
    assert.deepEqual(client.publishedSince(mark), ['/a.fmk', '/b.fmk']);
    assert.equal(renderAll(client, ['/a.fmk', '/b.fmk']), '/a.fmk\n/b.fmk\n');

    const prose = client.mark();
    await client.replace('/b.fmk', 'Turnover was', 'Turnover stood at');
    await client.request('factmark/status');
    assert.deepEqual(client.publishedSince(prose), [], 'a prose edit that changes no diagnostics publishes nothing');
  });

  test('an open document is re-published only when a diagnostic changed: range, message or anything else', async () => {
    const opening = client.mark();
    await client.open('/c.fmk');
    await client.request('factmark/status');
    const cases: [string, string, string, string[]][] = [
      ['opening it (the same diagnostics)', '', '', []],
      ['an edit after every diagnostic', 'more.', 'more!', []],
      ['a figure whose message changes in place', '35%', '36%', ['/c.fmk']],
      ['an edit that shifts the diagnostic', 'A grant', 'One grant', ['/c.fmk']],
      ['an edit before it that keeps its place', 'One grant', 'Two grant', []],
    ];
    const rendered = [];
    for (const [name, search, replacement] of cases) {
      const mark = search ? client.mark() : opening;
      if (search) await client.replace('/c.fmk', search, replacement);
      await client.request('factmark/status');
      rendered.push(`${name}: ${JSON.stringify(client.publishedSince(mark))}`);
    }
    assert.equal(rendered.join('\n'), cases.map(([name, , , expected]) => `${name}: ${JSON.stringify(expected)}`).join('\n'));
  });

  test('the status request counts every file', async () => {
    assert.deepEqual(await client.request('factmark/status'), { errors: 0, warnings: 1, infos: 0, hints: 2, files: 4, indexing: false });
  });
});

describe('the fingerprint that tells a closed document\'s diagnostics from the pushed ones', () => {
  const range = (line: number, character: number) => ({ start: { line, character }, end: { line, character: character + 4 } });
  const base: Diagnostic = {
    range: range(3, 10),
    severity: 2,
    code: 'claim-conflict',
    source: 'factmark',
    message: '#trade: "$80 billion" disagrees with "nearly $100 billion" (95–100 billion USD)',
    tags: [1],
    relatedInformation: [{ location: { uri: 'file:///w/a.fmk', range: range(1, 2) }, message: '#trade is "nearly $100 billion" here' }],
    data: { id: 'trade' },
  };
  const variants: [change: string, diagnostic: Diagnostic][] = [
    ['start line', { ...base, range: { ...base.range, start: { line: 2, character: 10 } } }],
    ['start character', { ...base, range: { ...base.range, start: { line: 3, character: 11 } } }],
    ['end character', { ...base, range: { ...base.range, end: { line: 3, character: 15 } } }],
    ['severity', { ...base, severity: 1 }],
    ['code', { ...base, code: 'claim-mismatch' }],
    ['source', { ...base, source: 'other' }],
    ['message', { ...base, message: `${base.message}.` }],
    ['no tags', { ...base, tags: undefined }],
    ['related uri', { ...base, relatedInformation: [{ ...base.relatedInformation![0], location: { uri: 'file:///w/b.fmk', range: range(1, 2) } }] }],
    ['related range', { ...base, relatedInformation: [{ ...base.relatedInformation![0], location: { uri: 'file:///w/a.fmk', range: range(1, 3) } }] }],
    ['related message', { ...base, relatedInformation: [{ ...base.relatedInformation![0], message: 'elsewhere' }] }],
    ['no related', { ...base, relatedInformation: undefined }],
    ['data', { ...base, data: { id: 'grant' } }],
  ];

  test('is the same for equal lists and differs with every field the client is sent', () => {
    const copy = structuredClone(base);
    assert.equal(fingerprintOf([copy]), fingerprintOf([base]));
    const fingerprints = new Map<string, string>([[fingerprintOf([base]), 'base']]);
    for (const [change, diagnostic] of variants) {
      const fingerprint = fingerprintOf([diagnostic]);
      assert.equal(fingerprints.get(fingerprint), undefined, `${change}: same fingerprint as ${fingerprints.get(fingerprint)}`);
      fingerprints.set(fingerprint, change);
    }
    assert.notEqual(fingerprintOf([base, base]), fingerprintOf([base]), 'a list and a longer one');
    assert.notEqual(fingerprintOf([]), fingerprintOf([base]));
  });
});

describe('UTF-16 positions', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /emoji.fmk
        🇰🇿😀 [Astana]{@astana} grew 35% (𝐧𝐨𝐭 sourced).
        [@astana]: Astana {type=place}
      `,
    });
    await client.open('/emoji.fmk');
  });
  after(() => client.shutdown());

  test('characters are counted in UTF-16 code units after astral characters', () => {
    const [diagnostic] = client.latestDiagnostics('/emoji.fmk');
    assert.deepEqual([diagnostic.code, diagnostic.range], ['unsourced-figure', { start: { line: 0, character: 30 }, end: { line: 0, character: 33 } }]);
    assert.equal(client.slice('/emoji.fmk', diagnostic.range), '35%');
  });

  test('hover and incremental edits agree on the same positions', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri('/emoji.fmk') }, position: { line: 0, character: 9 } });
    assert.equal(client.slice('/emoji.fmk', hover.range!), 'Astana');
    const mark = client.mark();
    await client.change('/emoji.fmk', [{ range: { start: { line: 0, character: 30 }, end: { line: 0, character: 33 } }, text: '[35%]{by=@astana}' }]);
    const diagnostics = await client.diagnosticsFor('/emoji.fmk', mark);
    assert.equal(
      client.renderDiagnostics('/emoji.fmk', diagnostics),
      `1: 🇰🇿😀 [Astana]{@astana} grew [35%]{by=@astana} (𝐧𝐨𝐭 sourced).
                                  ^^^ info uncited-figure
`,
    );
  });
});

describe('a pull-capable client that does not opt in', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT, capabilities: PULL_CAPABILITIES });
  });
  after(() => client.shutdown());

  test('gets pushed diagnostics only (VS Code pulls just visible tabs, so pushing is the default)', async () => {
    assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
    assert.equal(client.latestDiagnostics('/c.fmk').length, 1, 'closed files are pushed');
  });
});

describe('pull diagnostics', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT, capabilities: PULL_CAPABILITIES, initializationOptions: { pullDiagnostics: true } });
  });
  after(() => client.shutdown());

  test('the server offers pull diagnostics to a client that can pull', () => {
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, { identifier: 'factmark', interFileDependencies: true, workspaceDiagnostics: false });
  });

  test('an open document is pulled (and its pushed diagnostics withdrawn); closed ones stay pushed', async () => {
    assert.equal(client.latestDiagnostics('/c.fmk').length, 1, 'closed files are pushed');
    const mark = client.mark();
    await client.open('/c.fmk');
    assert.deepEqual(await client.diagnosticsFor('/c.fmk', mark), [], 'withdrawn from push');
    const report = await client.request<DocumentDiagnosticReport & { resultId: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: client.uri('/c.fmk') } });
    assert.equal(report.kind, 'full');
    assert.equal(
      client.renderDiagnostics('/c.fmk', report.items!),
      `1: A grant of [$208 million]{#grant ^xinhua} was announced, and 35% more.
                                                                ^^^ warning unsourced-figure
`,
    );
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: client.uri('/c.fmk') }, previousResultId: report.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });
  });

  test('another file changing an open document asks the client to pull again', async () => {
    await client.open('/a.fmk');
    await client.open('/b.fmk');
    const mark = client.mark();
    await client.replace('/b.fmk', '$80 billion', '$95 billion');
    await client.waitFor('a diagnostic refresh request', (e) => e.type === 'refresh' && e.method === 'workspace/diagnostic/refresh', mark);
    const report = await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: client.uri('/a.fmk') } });
    assert.deepEqual(report.items, []);
  });
});

describe('factmark.json', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /factmark.json
        {
          "rules": { "unsourced-figure": "loud" },
          "bogus": 1
        }
        //- /a.fmk
        Growth was 35%.
      `,
    });
  });
  after(() => client.shutdown());

  test('a broken configuration is reported on the offending properties and the defaults apply', () => {
    assert.equal(
      client.renderDiagnostics('/factmark.json', client.latestDiagnostics('/factmark.json'), { messages: true }),
      `2:   "rules": { "unsourced-figure": "loud" },
                ^^^^^^^^^^^^^^^^^^^^^^^^^^ error config: factmark.json: "rules.unsourced-figure": expected one of "off", "hint", "info", "warning", "error"
3:   "bogus": 1
     ^^^^^^^^^^ error config: factmark.json: unknown field "bogus"
`,
    );
    assert.equal(client.latestDiagnostics('/a.fmk')[0].severity, 2, 'unsourced-figure keeps its default severity');
  });

  test('fixing the file (a watched change) clears its problems and applies its rules', async () => {
    const mark = client.mark();
    await client.writeFile('/factmark.json', '{ "rules": { "unsourced-figure": "error" } }\n', 2);
    assert.deepEqual(await client.diagnosticsFor('/factmark.json', mark), []);
    const diagnostics = await client.diagnosticsFor('/a.fmk', mark);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['unsourced-figure', 1]],
    );
  });
});

describe('settings', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /a.fmk
        Growth was 35%.
      `,
      settings: { rules: { 'unsourced-figure': 'hint', nonsense: 'error', syntax: 'loud' }, inlayHints: { enabled: 'yes' }, diagnostics: { debounceMs: 5000 }, indexing: { threads: -1 } },
    });
  });
  after(() => client.shutdown());

  test('invalid values are named in a warning and the valid ones apply', () => {
    const warnings = client.events.filter((e): e is Extract<ServerEvent, { type: 'message' }> => e.type === 'message' && e.level === 'show');
    assert.deepEqual(
      warnings.map((w) => [w.messageType, w.message]),
      [
        [
          2,
          'Factmark: invalid settings ignored:\n' +
            'factmark.rules.nonsense: not a Factmark diagnostic code\n' +
            'factmark.rules.syntax: expected one of "off", "hint", "info", "warning", "error"\n' +
            'factmark.inlayHints.enabled: Invalid input: expected boolean, received string\n' +
            'factmark.diagnostics.debounceMs: must be at most 2000\n' +
            'factmark.indexing.threads: must be at least 0',
        ],
      ],
    );
    assert.deepEqual(
      client.latestDiagnostics('/a.fmk').map((d) => [d.code, d.severity]),
      [['unsourced-figure', 4]],
    );
  });

  test('a settings change re-publishes with the new severities', async () => {
    client.settings = { rules: { 'unsourced-figure': 'off' }, diagnostics: { debounceMs: 1000 } };
    const mark = client.mark();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnosticsFor('/a.fmk', mark), []);
  });

  test('a request sees an edit still waiting for its debounce', async () => {
    await client.open('/a.fmk');
    await client.replace('/a.fmk', 'Growth was 35%.', '[Growth]{@growth} was 35%.');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('/a.fmk') }, position: { line: 0, character: 3 } });
    assert.equal((hover?.contents as { value: string }).value.split('\n')[0], '**@growth** · not defined in the workspace');
  });
});

describe('indexing progress and registrations', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixture: SUMMIT });
  });
  after(() => client.shutdown());

  test('indexing reports work done progress and status', () => {
    const reports = client.events.flatMap((e) => (e.type === 'progress' && e.value.kind === 'report' ? [e.value.percentage ?? -1] : []));
    assert.deepEqual(reports, [...reports].sort((a, b) => a - b), 'percentages never go back');
    type Shown = Extract<ServerEvent, { type: 'progressCreate' | 'progress' | 'status' }>;
    const shown = client.events.filter((e): e is Shown => e.type === 'progressCreate' || e.type === 'progress' || e.type === 'status');
    const rendered = shown.flatMap((e, i) => {
      if (e.type === 'progressCreate') return ['create'];
      if (e.type === 'status') return [`status files=${e.status.files} indexing=${e.status.indexing}`];
      // How many reports precede the last one depends on how fast files are read (one per time slice).
      const next = shown[i + 1];
      if (e.value.kind === 'report' && next?.type === 'progress' && next.value.kind === 'report') return [];
      return [[e.value.kind, e.value.title, e.value.message, e.value.percentage].filter((part) => part !== undefined).join(' | ')];
    });
    assert.deepEqual(rendered, [
      'status files=0 indexing=true',
      'create',
      'begin | Factmark: indexing articles | finding articles | 0',
      'report | 4/4 articles | 100',
      'end',
      'status files=4 indexing=false',
    ]);
    const tokens = new Set(client.events.flatMap((e) => (e.type === 'progress' || e.type === 'progressCreate' ? [e.token] : [])));
    assert.equal(tokens.size, 1, 'one progress token from create to end');
  });

  test('file watchers and configuration changes are registered dynamically', () => {
    assert.deepEqual(
      client.events.flatMap((e) => (e.type === 'register' ? [`${e.method} ${JSON.stringify(e.options)}`] : [])),
      [
        'workspace/didChangeWatchedFiles {"watchers":[{"globPattern":"**/*.fmk"},{"globPattern":"**/factmark.json"}]}',
        'workspace/didChangeConfiguration {"section":"factmark"}',
      ],
    );
  });
});
