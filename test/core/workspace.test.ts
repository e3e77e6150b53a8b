import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarize } from '../../server/src/core/summary';
import { claimsReport, fixtureWorkspace, uriOf } from '../support/workspace';

const WORKSPACE = `
  //- /registry.fmk
  [#trade]: Trade in 2024 {unit=USD}
  [#grant]: Grant {unit=USD}
  [^s]: Source <https://example.org/s>
  //- /a.fmk
  Trade reached [$95 billion]{#trade ^s}. Prose with 12 apples.
  //- /b.fmk
  Trade reached [nearly $100 billion]{#trade ^s}.
  //- /c.fmk
  A grant of [$208 million]{#grant ^s}.
`;

/** Which documents an edit says it may have changed, sorted, as paths. */
function affectedBy(path: string, newText: string | undefined): string {
  const { workspace } = fixtureWorkspace(WORKSPACE);
  const affected = workspace.update(uriOf(path), newText === undefined ? undefined : summarize(newText, workspace.config));
  return [...affected].map((u) => u.replace('file://', '')).sort().join(' ');
}

describe('incremental workspace updates touch only what they change', () => {
  const table: [string, string, string | undefined, string][] = [
    ['editing prose touches only the edited document', '/a.fmk', 'Trade reached [$95 billion]{#trade ^s}. Prose with 13 apples.', '/a.fmk'],
    ['changing a claim value touches every document mentioning the claim, not its definition', '/a.fmk', 'Trade reached [$80 billion]{#trade ^s}. Prose with 12 apples.', '/a.fmk /b.fmk'],
    ['adding a reference touches its definition (unused hint may go)', '/c.fmk', 'A grant of [$208 million]{#grant ^s}. [Trade]{#trade value="95e9 USD" ^s}', '/a.fmk /b.fmk /c.fmk /registry.fmk'],
    ['dropping the last reference touches its definition (unused hint may come)', '/c.fmk', 'A grant of $208 million.[^s]', '/c.fmk /registry.fmk'],
    ['deleting a document touches the documents sharing its ids', '/c.fmk', undefined, '/a.fmk /b.fmk /c.fmk /registry.fmk'],
  ];
  for (const [name, path, text, expected] of table) {
    test(name, () => assert.equal(affectedBy(path, text), expected));
  }

  test('a changed claim value is re-reconciled (cache invalidated)', () => {
    const { workspace } = fixtureWorkspace(WORKSPACE);
    assert.equal(workspace.reconcile('trade').status, 'consistent');
    workspace.update(uriOf('/a.fmk'), summarize('Trade reached [$80 billion]{#trade ^s}.', workspace.config));
    assert.equal(workspace.reconcile('trade').status, 'conflict');
  });
});

describe('claims report', () => {
  test('reconciled values, intervals and statuses', () => {
    const { workspace } = fixtureWorkspace(WORKSPACE);
    const rendered = claimsReport(workspace)
      .map((claim) =>
        [
          `#${claim.id} ${claim.status} ${claim.unit} point=${claim.point} reconciled=${claim.reconciled ? `[${claim.reconciled.low}, ${claim.reconciled.high}]` : 'none'}`,
          ...claim.mentions.map((m) => `  ${m.location.uri.replace('file://', '')}:${m.location.line}:${m.location.column} "${m.text}" [${m.interval?.low}, ${m.interval?.high}] ${m.status} ${m.sources.join(',')}`),
        ].join('\n'),
      )
      .join('\n');
    assert.equal(
      rendered,
      [
        '#grant single USD point=208000000 reconciled=[207500000, 208500000]',
        '  /c.fmk:1:12 "$208 million" [207500000, 208500000] cited s',
        '#trade consistent USD point=95000000000 reconciled=[94500000000, 95500000000]',
        '  /a.fmk:1:15 "$95 billion" [94500000000, 95500000000] cited s',
        '  /b.fmk:1:15 "nearly $100 billion" [90000000000, 100000000000] cited s',
      ].join('\n'),
    );
  });
});

describe('a move matters elsewhere only where another document points at it', () => {
  const CONFLICT = `
    //- /registry.fmk
    [#trade]: Trade in 2024 {unit=USD}
    [^s]: Source <https://example.org/s>
    //- /a.fmk
    Trade reached [$95 billion]{#trade ^s}.
    //- /b.fmk
    Trade reached [$60 billion]{#trade ^s}.
  `;
  const paths = (uris: Set<string>) => [...uris].map((u) => u.replace('file://', '')).sort().join(' ');
  const table: [string, string, string, string, string][] = [
    ['moving a conflicting mention: the article it conflicts with refreshes later (its related information moved)', '/a.fmk', 'So: trade reached [$95 billion]{#trade ^s}.', '/a.fmk', '/b.fmk'],
    ['moving the definition of a conflicting claim touches only the registry', '/registry.fmk', '\n[#trade]: Trade in 2024 {unit=USD}\n[^s]: Source <https://example.org/s>\n', '/registry.fmk', ''],
    ['changing a conflicting value touches every article of the claim at once', '/a.fmk', 'Trade reached [$90 billion]{#trade ^s}.', '/a.fmk /b.fmk', ''],
  ];
  for (const [name, path, text, affectedNow, movedLater] of table) {
    test(name, () => {
      const { workspace } = fixtureWorkspace(CONFLICT);
      assert.equal(workspace.reconcile('trade').status, 'conflict');
      const affected = workspace.update(uriOf(path), summarize(text, workspace.config));
      assert.equal(`${paths(affected)} | later: ${paths(workspace.takeMovedDocuments())}`, `${affectedNow} | later: ${movedLater}`);
      assert.equal(paths(workspace.takeMovedDocuments()), '', 'taking empties the set');
    });
  }
});

test('pointers refresh when what they point at shows at another line or column, not when only its offset changed', () => {
  const { workspace } = fixtureWorkspace(`
    //- /registry.fmk
    [#trade]: Trade in 2024 {unit=USD}
    [^s]: Source <https://example.org/s>
    //- /a.fmk
    Trade reached [$95 billion]{#trade ^s}.
    //- /b.fmk
    Trade reached [$60 billion]{#trade ^s}.
  `);
  const steps: [string, string][] = [
    ['Intro.\nTrade reached [$95 billion]{#trade ^s}.', 'a line break above moves the mention down'],
    ['Intro, longer.\nTrade reached [$95 billion]{#trade ^s}.', 'a longer line above leaves its line and column'],
    ['Intro, longer.\nTrade reached [$95 billion]{#trade  ^s}.', 'a space inside the braces moves the end of its span'],
    ['Intro, longer.\nTrade  reached [$95 billion]{#trade  ^s}.', 'a space before it on its line moves it right'],
    ['Intro, longer.\nTrade  reached [$95 billion]{#trade  ^s}. More words after it.', 'words after it leave it'],
  ];
  const rendered = steps.map(([text, what]) => {
    const affected = workspace.update(uriOf('/a.fmk'), summarize(text, workspace.config));
    const later = [...workspace.takeMovedDocuments()].map((u) => u.replace('file://', ''));
    return `${what}: ${[...affected].map((u) => u.replace('file://', '')).join(' ')} | later: ${later.join(' ')}`;
  });
  assert.deepEqual(rendered, [
    'a line break above moves the mention down: /a.fmk | later: /b.fmk',
    'a longer line above leaves its line and column: /a.fmk | later: ',
    'a space inside the braces moves the end of its span: /a.fmk | later: /b.fmk',
    'a space before it on its line moves it right: /a.fmk | later: /b.fmk',
    'words after it leave it: /a.fmk | later: ',
  ]);
  // The related information b.fmk shows follows the moved span (both ends).
  const conflict = workspace.diagnostics(uriOf('/b.fmk')).find((d) => d.code === 'claim-conflict')!;
  const a = workspace.summary(uriOf('/a.fmk'))!;
  assert.deepEqual(conflict.related!.map((r) => r.range), [a.claimMentions[0].spanRange]);
});

test('a cached reconciliation follows mentions that only moved', () => {
  const { workspace } = fixtureWorkspace(WORKSPACE);
  const column = () => claimsReport(workspace).find((c) => c.id === 'trade')!.mentions.map((m) => `${m.location.uri.replace('file://', '')}:${m.location.column}`).join(' ');
  assert.equal(column(), '/a.fmk:15 /b.fmk:15');
  workspace.update(uriOf('/a.fmk'), summarize('Trade then reached [$95 billion]{#trade ^s}. Prose with 12 apples.', workspace.config));
  assert.equal(column(), '/a.fmk:20 /b.fmk:15');
});
