/**
 * The claims picture (server/src/cli/claimsPicture.ts) as markup, and the
 * two pages that show it: the report webview's and `factmark claims --format
 * html`. What Chromium makes of them is scripts/test-webview.mjs's job.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claimsWebviewHtml, isRevealMessage } from '../../client/src/claimsWebviewHtml';
import { claimsHtml } from '../../server/src/cli/claimsHtml';
import { claimsPicture } from '../../server/src/cli/claimsPicture';
import { PathDisplay } from '../../server/src/cli/load';
import { dedent } from '../support/fixture';
import { claimsReport, fixtureWorkspace } from '../support/workspace';

// Paths as the CLI shows them when run at the root of the fixture.
const display = new PathDisplay('/');
const displayPath = (uri: string) => display.ofUri(uri);

const claims = claimsReport(
  fixtureWorkspace(`
    //- /factmark.json
    { "rates": { "CNY/USD": 0.1389 } }
    //- /registry.fmk
    [#trade]: Trade & "turnover" {unit=USD}
    [#grant]: Grant {unit=CNY}
    [#rate]: Rate {unit=%}
    [#empty]: Nothing yet {unit=USD}
    [^s]: Source <https://example.org/s>
    //- /a.fmk
    Trade was [nearly $100 billion]{#trade ^s}, then [$95 billion <b>]{#trade ^s}, or [more than $90 billion]{#trade}.
    The grant was [1.5 billion yuan]{#grant ^s}, or [1.5 million yuan]{#grant}.
    Growth was [under 3%]{#rate ^s}, or [35 km]{#rate ^s}.
  `).workspace,
);

/** Text content of a fragment of markup: tags dropped, the escapes the picture uses undone. */
function text(markup: string): string {
  return markup
    .replaceAll('<div class="conflict-note">', ' · ')
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/**
 * What the picture draws, one line per claim, row and axis: the claim's
 * status, reconciled value and column titles; each row's attributes, cells
 * and marks (class@x+width for bars, class@x for end points, arrows); the
 * tick labels with their x. Each row is one line of the markup.
 */
function pictureDigest(markup: string): string {
  const lines: string[] = [];
  for (const line of markup.split('\n')) {
    const section = /^<section class="claim" id="claim-([^"]*)" data-status="([^"]*)">/.exec(line);
    if (section) lines.push(`#${section[1]} ${section[2]}`);
    if (line.startsWith('<p class="reconciled">') || line.startsWith('<p class="excluded">')) lines.push(`  ${text(line)}`);
    const table = /^<table><thead>(.*)<\/thead>/.exec(line);
    if (table) lines.push(`  columns: ${[...table[1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => text(m[1])).join(' | ')}`);
    const row = /^<tr data-mention="(\d+)"((?: data-conflict="[^"]*")?)>(.*)<\/tr>$/.exec(line);
    if (row) {
      const cells = [...row[3].matchAll(/<td class="([\w-]+)">(.*?)<\/td>/g)].map((m) => [m[1], m[2]]);
      const cell = (name: string) => cells.find(([cls]) => cls === name)?.[1] ?? '';
      const marks = [
        ...[...row[3].matchAll(/<rect class="(\w+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => `${m[1]}@${m[2]}+${m[3]}`),
        ...[...row[3].matchAll(/<circle class="(\w+)" cx="([\d.]+)"/g)].map((m) => `${m[1]}@${m[2]}`),
        ...[...row[3].matchAll(/<polygon class="(\w+)" points="([\d.]+),/g)].map((m) => `arrow ${m[1]}@${m[2]}`),
      ];
      const plot = cell('plot-cell').replace(/<svg.*<\/svg>/, '');
      lines.push(`  row ${row[1]}${row[2]}: ${text(cell('where'))} | ${text(cell('text'))} | ${[...marks, text(plot)].join(' ')} | ${text(cell('source'))}`);
    }
    const ticks = [...line.matchAll(/<text x="([\d.]+)" y="20">([^<]*)<\/text>/g)].map((m) => `${m[2]}@${m[1]}`);
    if (ticks.length) lines.push(`  ticks ${ticks.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

describe('the claims picture', () => {
  test('one row per mention on an axis shared by the claim (log scale past two orders of magnitude), the reconciled band under each row, conflicts marked, mentions left out say why', () => {
    assert.equal(
      pictureDigest(claimsPicture(claims, displayPath)),
      dedent(`
        #empty unparsed
          Reconciled: no value
          No mentions.
        #grant conflict
          Reconciled: no common value
          columns: Article | Text | Interval (CNY, log scale) | Source
          row 0 data-conflict="1": a.fmk:2 | 1.5 billion yuan · conflicts with a.fmk:2 | conflict@331.6+2.9 conflict@331.6 conflict@334.5 [1.45 billion, 1.55 billion] | ^s
          row 1 data-conflict="0": a.fmk:2 | 1.5 million yuan · conflicts with a.fmk:2 | conflict@25.5+2.9 conflict@25.5 conflict@28.4 [1.45 million, 1.55 million] | unsourced
          ticks 10 million@111, 100 million@213.1, 1 billion@315.1
        #rate single
          Reconciled: ≈ 3% [0, 3)
          columns: Article | Text | Interval (%) | Source
          row 0: a.fmk:3 | under 3% | band@25.5+309 interval@25.5+309 interval@25.5 open@334.5 [0, 3) | ^s
          row 1: a.fmk:3 | 35 km | not comparable: measured in km | ^s
          ticks 0@25.5, 1@128.5, 2@231.5, 3@334.5
        #trade consistent
          Reconciled: ≈ 95 billion USD [94.5 billion, 95.5 billion]
          columns: Article | Text | Interval (USD) | Source
          row 0: a.fmk:1 | nearly $100 billion | band@164.5+31 interval@25.5+309 interval@25.5 interval@334.5 [90 billion, 100 billion] | ^s
          row 1: a.fmk:1 | $95 billion <b> | band@164.5+31 interval@164.5+31 interval@164.5 interval@195.5 [94.5 billion, 95.5 billion] | ^s
          row 2: a.fmk:1 | more than $90 billion | band@164.5+31 interval@25.5+318.5 open@25.5 arrow interval@344 (90 billion, ∞) | unsourced
          ticks 90 billion@25.5, 95 billion@180, 100 billion@334.5
      `),
    );
  });

  test('document text is escaped; no scripts, links, event handlers or style attributes (the webview policy would refuse them)', () => {
    const picture = claimsPicture(claims, displayPath);
    const findings = [
      `escaped text: ${picture.includes('$95 billion &lt;b&gt;')}`,
      `escaped description: ${picture.includes('Trade &amp; &quot;turnover&quot;')}`,
      `scripts: ${(picture.match(/<script/g) ?? []).length}`,
      `src/href: ${(picture.match(/\s(?:src|href)=/g) ?? []).length}`,
      `on…= handlers: ${(picture.match(/\son\w+=/g) ?? []).length}`,
      `style attributes: ${(picture.match(/\sstyle=/g) ?? []).length}`,
      `summary: ${text(/<p class="summary">.*<\/p>/.exec(picture)![0])}`,
    ];
    assert.equal(
      findings.join('\n'),
      [
        'escaped text: true',
        'escaped description: true',
        'scripts: 0',
        'src/href: 0',
        'on…= handlers: 0',
        'style attributes: 0',
        'summary: 4 claims: 1 conflict, 1 consistent, 1 single, 1 unparsed. In conflict: #grant.',
      ].join('\n'),
    );
  });
});

describe('the pages', () => {
  const nonce = 'bm9uY2U=';
  const webview = claimsWebviewHtml(claims, displayPath, { nonce });

  test('the webview and the CLI page show the same picture, each with its own colours', () => {
    const cli = claimsHtml(claims, display);
    const picture = claimsPicture(claims, displayPath);
    const facts = (page: string) =>
      [
        `picture: ${page.includes(`<body>\n${picture}\n`)}`,
        `colours: ${[...page.matchAll(/--vscode-[\w-]+|prefers-color-scheme: \w+/g)].map((m) => m[0]).filter((v, i, all) => all.indexOf(v) === i).join(' ')}`,
      ].join('\n');
    assert.equal(
      `webview\n${facts(webview)}\ncli\n${facts(cli)}`,
      dedent(`
        webview
        picture: true
        colours: --vscode-editor-foreground --vscode-editor-background --vscode-descriptionForeground --vscode-panel-border --vscode-charts-blue --vscode-charts-red --vscode-charts-green --vscode-font-family --vscode-editor-font-family --vscode-list-hoverBackground --vscode-focusBorder
        cli
        picture: true
        colours: prefers-color-scheme: dark
      `).trimEnd(),
    );
  });

  test("the webview's policy lets nothing load and runs only its own nonced style sheet and script", () => {
    const facts = [
      `policy: ${/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(webview)?.[1]}`,
      `style elements: ${[...webview.matchAll(/<style[^>]*>/g)].map((m) => m[0]).join(' ')}`,
      `script elements: ${[...webview.matchAll(/<script[^>]*>/g)].map((m) => m[0]).join(' ')}`,
      `src/href: ${(webview.match(/\s(?:src|href)=/g) ?? []).length}`,
    ];
    assert.equal(
      facts.join('\n'),
      [
        "policy: default-src 'none'; style-src 'nonce-bm9uY2U='; script-src 'nonce-bm9uY2U='",
        'style elements: <style nonce="bm9uY2U=">',
        'script elements: <script nonce="bm9uY2U=">',
        'src/href: 0',
      ].join('\n'),
    );
  });

  test('a page opened for a claim names it on <body>, where its script looks for the claim to scroll to', () => {
    const bodies = [undefined, 'trade', 'a"b'].map((focus) => /<body[^>]*>/.exec(claimsWebviewHtml(claims, displayPath, { nonce, focus }))![0]);
    assert.equal(bodies.join('\n'), ['<body>', '<body data-focus="trade">', '<body data-focus="a&quot;b">'].join('\n'));
  });

  test('only a well-formed reveal message from the page is acted on', () => {
    const messages: unknown[] = [
      { type: 'reveal', claim: 'trade', mention: 2 },
      { type: 'reveal', claim: 'trade', mention: 0 },
      { type: 'reveal', claim: 'trade', mention: -1 },
      { type: 'reveal', claim: 'trade', mention: 1.5 },
      { type: 'reveal', claim: 7, mention: 0 },
      { type: 'open', claim: 'trade', mention: 0 },
      'reveal',
      null,
    ];
    assert.equal(messages.map((m) => `${JSON.stringify(m)}: ${isRevealMessage(m)}`).join('\n'), [
      '{"type":"reveal","claim":"trade","mention":2}: true',
      '{"type":"reveal","claim":"trade","mention":0}: true',
      '{"type":"reveal","claim":"trade","mention":-1}: false',
      '{"type":"reveal","claim":"trade","mention":1.5}: false',
      '{"type":"reveal","claim":7,"mention":0}: false',
      '{"type":"open","claim":"trade","mention":0}: false',
      '"reveal": false',
      'null: false',
    ].join('\n'));
  });
});
