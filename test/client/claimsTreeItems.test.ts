import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  claimLook,
  editorRange,
  emptyViewMessage,
  filtersDescription,
  mentionLook,
  NO_FILTERS,
  visibleClaims,
  type ClaimFilters,
  type RowLook,
} from '../../client/src/claimsTreeItems';
import type { ClaimReport, ReportLocation } from '../../server/src/core/reports';
import { dedent } from '../support/fixture';
import { claimsReport, fixtureWorkspace } from '../support/workspace';

const displayPath = (uri: string) => uri.replace('file:///', '');

// One claim of each status; mentions cited, attributed and unsourced.
const { workspace } = fixtureWorkspace(`
  //- /factmark.json
  { "rates": { "CNY/USD": 0.1389 } }
  //- /registry.fmk
  [#trade]: China–Central Asia trade in 2024 {unit=USD}
  [#grant]: Grant for public welfare projects {unit=CNY}
  [#investment]: Chinese investment in Kazakhstan {unit=USD}
  [#ventures]: Joint ventures
  [@tokayev]: Kassym-Jomart Tokayev {type=person}
  [^s]: Source <https://example.org/s>
  //- /a.fmk
  Trade reached [nearly $100 billion]{#trade ^s} last year.
  Investment stands at [$26 billion]{#investment ^s}.
  The count of ventures [surpassed 10,000]{#ventures}.
  //- /b.fmk
  Trade reached [$95 billion]{#trade by=@tokayev}; investment hit [$20 billion]{#investment}.
`);
const claims = claimsReport(workspace);

function row(look: RowLook): string {
  const icon = look.icon.colour ? `${look.icon.codicon}(${look.icon.colour})` : look.icon.codicon;
  return `${icon} ${look.label} — ${look.description}\n${look.tooltip.replace(/^/gm, '    ')}`;
}

/** The tree as the view draws it: each claim, then its mentions indented. */
function renderTree(filters: ClaimFilters): string {
  return visibleClaims(claims, filters)
    .map(({ claim, mentions }) => [row(claimLook(claim)), ...mentions.map((index) => row(mentionLook(claim, index, displayPath)).replace(/^/gm, '  '))].join('\n'))
    .join('\n');
}

test('every claim with its status icon and reconciled value; mentions by article, icon for sourcing, red when in conflict', () => {
  assert.equal(
    renderTree(NO_FILTERS) + '\n',
    dedent(`
      question(charts.yellow) grant — no value
          #grant — Grant for public welfare projects
          unparsed: no mention has a value
          Reconciled: no value
          0 mentions in 0 articles
      error(charts.red) investment — no common value
          #investment — Chinese investment in Kazakhstan
          conflict: the mentions disagree
          Reconciled: no common value
          2 mentions in 2 articles
        quote(charts.red) a.fmk — “$26 billion” [25.5 billion, 26.5 billion]
            a.fmk:2:22
            “$26 billion” → [25.5 billion, 26.5 billion] USD
            Source: ^s
            Conflicts with b.fmk:1:65
        warning(charts.red) b.fmk — “$20 billion” [19 billion, 21 billion]
            b.fmk:1:65
            “$20 billion” → [19 billion, 21 billion] USD
            Source: unsourced
            Conflicts with a.fmk:2:22
      pass(charts.green) trade — ≈ 95 billion USD
          #trade — China–Central Asia trade in 2024
          consistent: the mentions agree
          Reconciled: ≈ 95 billion USD
          Common interval: [94.5 billion, 95.5 billion] USD
          2 mentions in 2 articles
        quote a.fmk — “nearly $100 billion” [90 billion, 100 billion]
            a.fmk:1:15
            “nearly $100 billion” → [90 billion, 100 billion] USD
            Source: ^s
        person b.fmk — “$95 billion” [94.5 billion, 95.5 billion]
            b.fmk:1:15
            “$95 billion” → [94.5 billion, 95.5 billion] USD
            Source: by @tokayev
      circle-outline(descriptionForeground) ventures — ≈ 10,000
          #ventures — Joint ventures
          single: one mention, nothing to compare
          Reconciled: ≈ 10,000
          Common interval: (10,000, ∞)
          1 mention in 1 article
        warning(list.warningForeground) a.fmk — “surpassed 10,000” (10,000, ∞)
            a.fmk:3:23
            “surpassed 10,000” → (10,000, ∞)
            Source: unsourced
    `),
  );
});

test('filters keep conflicting claims, unsourced mentions (and their claims), or both; the view says which and when nothing is left', () => {
  const cases: [string, ClaimFilters, readonly ClaimReport[]][] = [
    ['none', NO_FILTERS, claims],
    ['conflicts', { conflictsOnly: true, unsourcedOnly: false }, claims],
    ['unsourced', { conflictsOnly: false, unsourcedOnly: true }, claims],
    ['both', { conflictsOnly: true, unsourcedOnly: true }, claims],
    ['both, no match', { conflictsOnly: true, unsourcedOnly: true }, claims.filter((claim) => claim.id === 'trade')],
    ['no claims', NO_FILTERS, []],
  ];
  const rendered = cases.map(([name, filters, shown]) =>
    [
      `${name}: ${visibleClaims(shown, filters).map(({ claim, mentions }) => `${claim.id}[${mentions.join(',')}]`).join(' ')}`,
      `  subtitle: ${filtersDescription(filters) ?? '(none)'}`,
      `  message: ${emptyViewMessage(shown, filters) ?? '(none)'}`,
    ].join('\n'),
  );
  assert.equal(
    rendered.join('\n') + '\n',
    dedent(`
      none: grant[] investment[0,1] trade[0,1] ventures[0]
        subtitle: (none)
        message: (none)
      conflicts: investment[0,1]
        subtitle: conflicts only
        message: (none)
      unsourced: investment[1] ventures[0]
        subtitle: unsourced only
        message: (none)
      both: investment[1]
        subtitle: conflicts only, unsourced only
        message: (none)
      both, no match: 
        subtitle: conflicts only, unsourced only
        message: None of the 1 claim matches the filters (conflicts only, unsourced only).
      no claims: 
        subtitle: (none)
        message: No claims are defined or mentioned in the workspace.
    `),
  );
});

test('a report location (1-based, end exclusive) becomes the editor range (0-based) of the same text', () => {
  const cases: [ReportLocation, string][] = [
    [{ uri: 'file:///a.fmk', line: 1, column: 1, endLine: 1, endColumn: 2 }, '0,0,0,1'],
    [{ uri: 'file:///a.fmk', line: 3, column: 23, endLine: 4, endColumn: 5 }, '2,22,3,4'],
  ];
  assert.equal(cases.map(([location]) => editorRange(location).join(',')).join('\n'), cases.map(([, expected]) => expected).join('\n'));
});
