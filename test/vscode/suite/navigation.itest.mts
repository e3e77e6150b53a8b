/**
 * Reading a workspace of articles through the language server, with the
 * commands VS Code itself uses (vscode.execute*Provider): hovers that
 * reconcile a claim across articles, entity cards, go to definition in the
 * registry, references in every file, and completion of entity ids.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { requestScreenshot } from '../screenshot.mjs';
import { definedIds, definitionOf, idLines, titleOf } from '../samples.mjs';
import { articlePaths, diskText, factmarkReady, hoverMarkdown, openEditor, positionOf, workspaceTest } from '../workbench.mjs';

const TOKAYEV_SPEECH = 'kazpravda-tokayev-speech.fmk';
const ASTANA_TIMES = 'astana-times-summit.fmk';
const REGISTRY = 'registry.fmk';

type Sigil = '@' | '#' | '^';

/** Every occurrence of an id in the workspace's files, as sorted `path:line` (the definition included). */
async function occurrences(sigil: Sigil, id: string): Promise<string[]> {
  const paths = await articlePaths();
  return paths.flatMap((path) => idLines(diskText(path), sigil, id).map((line) => `${path}:${line}`));
}

/** The mentions (occurrences other than the definition) of an id, by file. */
async function mentionsByFile(sigil: Sigil, id: string): Promise<Map<string, number>> {
  const definition = `${REGISTRY}:${definitionOf(diskText(REGISTRY), sigil, id).line}`;
  const counts = new Map<string, number>();
  for (const occurrence of await occurrences(sigil, id)) {
    if (occurrence === definition) continue;
    const path = occurrence.slice(0, occurrence.lastIndexOf(':'));
    counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return counts;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A location as `path:line`, and the text it selects (read from disk). */
function renderLocation(uri: vscode.Uri, range: vscode.Range): { at: string; text: string } {
  const path = vscode.workspace.asRelativePath(uri, false);
  const line = diskText(path).split('\n')[range.start.line];
  return { at: `${path}:${range.start.line + 1}`, text: line.slice(range.start.character, range.end.character) };
}

suite('navigation', () => {
  suiteSetup(factmarkReady);

  workspaceTest('hover on a claim mention shows its reconciled value and every mention, article by article', async () => {
    const claim = 'cn-ca-trade-2024';
    // Every mention of the claim in the samples, with the surface text the hover quotes.
    const mentions = [
      { path: ASTANA_TIMES, surface: 'nearly $100 billion' },
      { path: TOKAYEV_SPEECH, surface: '$95 billion' },
    ];
    assert.deepEqual(
      [...(await mentionsByFile('#', claim)).keys()].sort(),
      mentions.map((m) => m.path).sort(),
      `the table above lists every article that mentions #${claim}`,
    );

    const editor = await openEditor(TOKAYEV_SPEECH);
    const position = positionOf(editor.document, '[$95 billion]', 1);
    const markdown = await hoverMarkdown(editor.document.uri, position);
    const label = definitionOf(diskText(REGISTRY), '#', claim).label;
    assert.equal(markdown.split('\n\n')[0], `**#${claim}** · ${label}`);
    assert.match(markdown, /This mention: “\$95 billion” → 95 bn USD/);
    assert.match(markdown, new RegExp(`Reconciled: \\*\\*consistent\\*\\* · ≈ 95 bn USD .* from ${mentions.length} mentions`));
    // One table row per mention: the article's title, its text (bold for the hovered one), its interval, its sourcing.
    const rows = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Article'));
    assert.deepEqual(
      rows.map((row) => row.split(' | ').slice(0, 2).join(' | ')),
      mentions.map(({ path, surface }) => `| ${titleOf(diskText(path))} | ${path === TOKAYEV_SPEECH ? `**${surface}**` : surface}`),
    );

    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await requestScreenshot('hover-claim', { waitFor: '.monaco-hover:has-text("Reconciled")' });
  });

  workspaceTest('hover on an entity shows its card: name, type and mentions', async () => {
    const editor = await openEditor(TOKAYEV_SPEECH);
    const markdown = await hoverMarkdown(editor.document.uri, positionOf(editor.document, '{@tokayev} told', 2));
    const { label, attributes } = definitionOf(diskText(REGISTRY), '@', 'tokayev');
    const type = /(?:^| )type=([a-z]+)/.exec(attributes)?.[1];
    const aliases = [...attributes.matchAll(/aka="([^"]*)"/g)].map((match) => match[1]);
    const mentions = await mentionsByFile('@', 'tokayev');
    const total = [...mentions.values()].reduce((sum, count) => sum + count, 0);
    assert.deepEqual(markdown.split('\n\n'), [
      `**@tokayev** · ${type}`,
      label,
      `Also known as: ${aliases.join(', ')}`,
      `${plural(total, 'mention')} in ${plural(mentions.size, 'article')}`,
    ]);
  });

  const definitionCases: { from: string; phrase: string; sigil: Sigil; id: string }[] = [
    { from: TOKAYEV_SPEECH, phrase: '{#cn-ca-trade-2024}', sigil: '#', id: 'cn-ca-trade-2024' },
    { from: ASTANA_TIMES, phrase: '[Xi Jinping]{@xi}', sigil: '@', id: 'xi' },
    { from: 'cabar-outcomes.fmk', phrase: '[^gacc-trade-2025-h1]', sigil: '^', id: 'gacc-trade-2025-h1' },
  ];
  for (const { from, phrase, sigil, id } of definitionCases) {
    workspaceTest(`go to definition of ${sigil}${id} from ${from} lands on its definition in ${REGISTRY}`, async () => {
      const { document } = await openEditor(from);
      const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        document.uri,
        positionOf(document, phrase, phrase.indexOf(sigil) + 1),
      );
      const rendered = targets.map((target) =>
        'targetUri' in target ? renderLocation(target.targetUri, target.targetSelectionRange ?? target.targetRange) : renderLocation(target.uri, target.range),
      );
      assert.deepEqual(rendered, [{ at: `${REGISTRY}:${definitionOf(diskText(REGISTRY), sigil, id).line}`, text: id }]);
    });
  }

  const referenceCases: { from: string; phrase: string; sigil: Sigil; id: string }[] = [
    { from: TOKAYEV_SPEECH, phrase: '{@tokayev} told', sigil: '@', id: 'tokayev' },
    { from: ASTANA_TIMES, phrase: '{#cn-ca-trade-2024}', sigil: '#', id: 'cn-ca-trade-2024' },
    { from: REGISTRY, phrase: '[@china]:', sigil: '@', id: 'china' },
  ];
  for (const { from, phrase, sigil, id } of referenceCases) {
    workspaceTest(`references of ${sigil}${id} from ${from} find every occurrence in every file`, async () => {
      const { document } = await openEditor(from);
      const locations = await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        document.uri,
        positionOf(document, phrase, phrase.indexOf(sigil) + 1),
      );
      const found = locations.map((location) => renderLocation(location.uri, location.range).at).sort();
      const expected = (await occurrences(sigil, id)).sort();
      assert.ok(expected.length > 2, `${sigil}${id} occurs in several places`);
      assert.deepEqual(found, expected);
    });
  }

  workspaceTest('completion after @ lists every entity the registry defines', async () => {
    const editor = await openEditor(TOKAYEV_SPEECH);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.equal(await editor.edit((builder) => builder.insert(end, '\nTrade with [Beijing]{@')), true);
    const position = editor.document.positionAt(editor.document.getText().length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position, '@');
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label)).sort();
    assert.deepEqual(labels, definedIds(diskText(REGISTRY), '@').sort());
  });
});
