/**
 * Completion and code actions over the protocol. Code-action edits are
 * applied to the fixture texts and re-analyzed: the problem they fix is gone
 * and nothing new appears.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic } from 'vscode-languageserver-protocol';
import { problemsIn, TestClient } from './client';

describe('completion', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      fixture: `
        //- /registry.fmk
        [@tokayev]: Kassym-Jomart Tokayev {type=person}
        [@toqaev]: Tokayev, as some spell it {type=person}
        [@xi]: Xi Jinping {type=person ‸7}
        [@astana]: Astana {type=‸8}
        [#trade]: China–Central Asia trade in 2024 {unit=USD}
        [^xinhua]: Xinhua <https://example.org/x>
        [^kazinform]: Kazinform
        //- /a.fmk
        Trade was [$95 billion]{#‸1 ^xin‸2 by=@t‸3}, [Tokayev]{@‸4}.[^‸5] [Xi]{@xi ‸6} and [a grant]{#grant}.
        [#‸9
        //- /b.fmk
        ---
        outlet: "@as‸10"
        ---
        Text.
      `,
    });
    await client.open('/a.fmk');
    await client.open('/b.fmk');
    await client.open('/registry.fmk');
  });
  after(() => client.shutdown());

  async function complete(cursor: string): Promise<string> {
    const list = await client.requestAt<CompletionList | null>('textDocument/completion', cursor);
    if (!list) return 'none';
    const { path } = client.cursor(cursor);
    const items = list.items.map((item: CompletionItem) => {
      const edit = item.textEdit as { range: Diagnostic['range']; newText: string };
      const documentation = item.documentation ? ` | ${(item.documentation as { value: string }).value.split('\n')[0]}` : '';
      return `${item.label} [${client.slice(path, edit.range)}→${edit.newText}]${item.detail ? ` ${item.detail}` : ''}${documentation}`;
    });
    return [`incomplete=${list.isIncomplete}`, ...items].join('\n');
  }

  const cases: [string, string, string][] = [
    ['claim ids after # in {…}', '1', `incomplete=false
trade [→trade] China–Central Asia trade in 2024 | **#trade** · China–Central Asia trade in 2024`],
    ['source ids after ^ in {…}, filtered by the typed prefix', '2', `incomplete=false
xinhua [xin→xinhua] Xinhua | **^xinhua** · Xinhua`],
    ['entity ids after by=@', '3', `incomplete=false
tokayev [t→tokayev] Kassym-Jomart Tokayev | **@tokayev** · Kassym-Jomart Tokayev
toqaev [t→toqaev] Tokayev, as some spell it | **@toqaev** · Tokayev, as some spell it
astana [t→astana] Astana | **@astana** · Astana`],
    ['entity ids after @ in {…}', '4', `incomplete=false
astana [→astana] Astana | **@astana** · Astana
tokayev [→tokayev] Kassym-Jomart Tokayev | **@tokayev** · Kassym-Jomart Tokayev
toqaev [→toqaev] Tokayev, as some spell it | **@toqaev** · Tokayev, as some spell it
xi [→xi] Xi Jinping | **@xi** · Xi Jinping`],
    ['source ids in a citation [^…]', '5', `incomplete=false
kazinform [→kazinform] Kazinform | **^kazinform** · Kazinform
xinhua [→xinhua] Xinhua | **^xinhua** · Xinhua`],
    ['attribute keys of a span', '6', `incomplete=false
by [→by=] | The speaker the figure is attributed to: \`by=@id\` (an entity).
value [→value=] | The quantity, when the text has none the recognizer can read: \`value="95e9 USD"\`.
asof [→asof=] | The date or period the figure refers to: \`asof=2024\`.
note [→note=] | A free-text note for editors: \`note="…"\`.`],
    ['attribute keys of an entity definition', '7', `incomplete=false
type [→type=] | What the entity is.
aka [→aka=] | Another name the entity goes by (repeat for several): \`aka="Head of State"\`.
wikidata [→wikidata=] | The Wikidata item: \`wikidata=Q12345\`.
url [→url=] | A page about the entity: \`url=https://…\`.`],
    ['attribute values', '8', `incomplete=false
person [→person]
org [→org]
place [→place]
country [→country]
document [→document]
event [→event]
project [→project]
other [→other]`],
    ['a new definition head offers ids used but not defined', '9', `incomplete=false
grant [→grant] not defined yet (used in 1 article)`],
    ['an entity in front matter', '10', `incomplete=false
astana [as→astana] Astana | **@astana** · Astana`],
  ];
  for (const [name, cursor, expected] of cases) {
    test(`completion: ${name}`, async () => assert.equal(await complete(cursor), expected));
  }

  test('completion: prose is not completed', async () => {
    const list = await client.request('textDocument/completion', { textDocument: { uri: client.uri('/a.fmk') }, position: { line: 0, character: 3 } });
    assert.equal(list, null);
  });
});

describe('completion in a large workspace', () => {
  let client: TestClient;
  before(async () => {
    const registry = Array.from({ length: 1000 }, (_, i) => `[@e${String(i).padStart(4, '0')}]: Entity ${i}`).join('\n');
    client = await TestClient.start({ fixture: `//- /registry.fmk\n${registry}\n//- /a.fmk\n[X]{@e‸1} [Y]{@e001‸2}\n` });
    await client.open('/a.fmk');
  });
  after(() => client.shutdown());

  test('results are capped and marked incomplete; a longer prefix narrows them', async () => {
    const broad = await client.requestAt<CompletionList>('textDocument/completion', '1');
    const narrow = await client.requestAt<CompletionList>('textDocument/completion', '2');
    assert.deepEqual(
      [broad.isIncomplete, broad.items.length, broad.items[0].label, broad.items[199].label, narrow.isIncomplete, narrow.items.map((i) => i.label).join(' ')],
      [true, 200, 'e0000', 'e0199', false, 'e0010 e0011 e0012 e0013 e0014 e0015 e0016 e0017 e0018 e0019'],
    );
  });
});

describe('code actions', () => {
  let client: TestClient;
  const FIXTURE = `
    //- /registry.fmk
    [@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
    [^xinhua]: Xinhua <https://example.org/x>
    //- /a.fmk
    Exports to China rose 35%‸1 in 2024. The grant was [$2 billion]{^xinhua}.
    [Xi]{@x‸2i} arrived. Tok‸3ayev spoke, and Tokayev smiled.
    //- /b.fmk
    Costs rose \\5%‸4 and then \\\\8%‸5.
  `;
  before(async () => {
    client = await TestClient.start({ fixture: FIXTURE });
    await client.open('/a.fmk');
  });
  after(() => client.shutdown());

  async function actionsAt(cursor: string, only?: string[]): Promise<CodeAction[]> {
    const { path, position } = client.cursor(cursor);
    const diagnostics = client.latestDiagnostics(path);
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri(path) },
      range: { start: position, end: position },
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  /** The files an action changes, and the problems it removes (-) and adds (+). */
  function applied(action: CodeAction): string {
    const before = problemsIn(client.texts).split('\n');
    const texts = client.editedTexts(action.edit!);
    const after = problemsIn(texts).split('\n');
    return [
      ...[...texts].filter(([path, text]) => client.texts.get(path) !== text).map(([path, text]) => `${path}\n${text}`),
      ...before.filter((line) => !after.includes(line)).map((line) => `- ${line}`),
      ...after.filter((line) => !before.includes(line)).map((line) => `+ ${line}`),
    ].join('\n');
  }

  test('an unsourced figure: tag as claim, cite a source the article cites, or a placeholder', async () => {
    const actions = await actionsAt('1');
    assert.equal(
      actions.map((a) => `${a.kind} ${a.title} (${(a.diagnostics ?? []).map((d) => d.code).join(',')})`).join('\n'),
      `quickfix Tag “35%” as claim #exports-china (and define it in registry.fmk) (unsourced-figure)
quickfix Cite ^xinhua for “35%” (unsourced-figure)
quickfix Cite a source for “35%” (placeholder ^source) (unsourced-figure)`,
    );
    assert.equal(
      applied(actions[0]),
      `/registry.fmk
[@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
[^xinhua]: Xinhua <https://example.org/x>
[#exports-china]: Exports china {unit=%}

/a.fmk
Exports to China rose [35%]{#exports-china} in 2024. The grant was [$2 billion]{^xinhua}.
[Xi]{@xi} arrived. Tokayev spoke, and Tokayev smiled.

- /a.fmk:1:23 warning unsourced-figure
+ /a.fmk:1:24 warning unsourced-figure`,
    );
    assert.equal(
      applied(actions[1]),
      `/a.fmk
Exports to China rose [35%]{^xinhua} in 2024. The grant was [$2 billion]{^xinhua}.
[Xi]{@xi} arrived. Tokayev spoke, and Tokayev smiled.

- /a.fmk:1:23 warning unsourced-figure`,
    );
  });

  test('an undefined id: define it in registry.fmk', async () => {
    const [define] = await actionsAt('2');
    assert.equal(
      `${define.title} preferred=${define.isPreferred}\n${applied(define)}`,
      `Define @xi in registry.fmk preferred=true
/registry.fmk
[@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
[^xinhua]: Xinhua <https://example.org/x>
[@xi]: Xi {type=other}

- /a.fmk:2:6 error undefined-entity`,
    );
  });

  test('an untagged alias: tag it, or all of them in the file', async () => {
    const actions = await actionsAt('3');
    assert.equal(actions.map((a) => `${a.kind} ${a.title}`).join('\n'), 'quickfix Tag “Tokayev” as @tokayev\nquickfix Tag all 2 untagged aliases in this file');
    assert.equal(
      applied(actions[0]),
      `/a.fmk
Exports to China rose 35% in 2024. The grant was [$2 billion]{^xinhua}.
[Xi]{@xi} arrived. [Tokayev]{@tokayev} spoke, and Tokayev smiled.

- /a.fmk:2:20 hint untagged-alias
- /a.fmk:2:39 hint untagged-alias
- /registry.fmk:1:1 hint unused-definition
+ /a.fmk:2:51 hint untagged-alias`,
    );
    assert.equal(
      applied(actions[1]),
      `/a.fmk
Exports to China rose 35% in 2024. The grant was [$2 billion]{^xinhua}.
[Xi]{@xi} arrived. [Tokayev]{@tokayev} spoke, and [Tokayev]{@tokayev} smiled.

- /a.fmk:2:20 hint untagged-alias
- /a.fmk:2:39 hint untagged-alias
- /registry.fmk:1:1 hint unused-definition`,
    );
  });

  test('a backslash before the figure stays literal text when the figure is wrapped', async () => {
    await client.open('/b.fmk');
    const [lone] = await actionsAt('4');
    const [escaped] = await actionsAt('5');
    assert.equal(
      `${applied(lone)}\n${applied(escaped)}`,
      `/registry.fmk
[@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
[^xinhua]: Xinhua <https://example.org/x>
[#costs]: Costs {unit=%}

/b.fmk
Costs rose \\\\[5%]{#costs} and then \\\\8%.

- /b.fmk:1:13 warning unsourced-figure
- /b.fmk:1:27 warning unsourced-figure
+ /b.fmk:1:15 warning unsourced-figure
+ /b.fmk:1:38 warning unsourced-figure
/registry.fmk
[@tokayev]: Kassym-Jomart Tokayev {type=person aka="Tokayev"}
[^xinhua]: Xinhua <https://example.org/x>
[#costs]: Costs {unit=%}

/b.fmk
Costs rose \\5% and then \\\\[8%]{#costs}.

- /b.fmk:1:27 warning unsourced-figure
+ /b.fmk:1:28 warning unsourced-figure`,
    );
  });

  test('tagging all aliases is also a source action', async () => {
    const actions = await actionsAt('1', ['source']);
    assert.deepEqual(
      actions.map((a) => `${a.kind} ${a.title}`),
      ['source.factmark.tagAllAliases Tag all 2 untagged aliases in this file'],
    );
  });
});
