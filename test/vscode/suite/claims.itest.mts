/**
 * The Claims view and the claims report webview, read through the
 * extension's API (api.claimsView, api.claimsReport) and driven by their
 * commands: what the view lists for the samples, an edit that makes a claim
 * conflict, the two filters, and the report opening at a claim and revealing
 * a mention from one of its rows.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaimsNode } from '../../../client/src/claimsView';
import type { FactmarkApi } from '../../../client/src/extension';
import { requestScreenshot } from '../screenshot.mjs';
import { definedIds, lineOf } from '../samples.mjs';
import { codeOf, diskText, EXTENSION_ID, factmarkReady, fileUri, replaceInFile, workspaceTest } from '../workbench.mjs';
import { waitFor, waitForEqual } from '../wait.mjs';

const TRADE = 'cn-ca-trade-2024';
const ASTANA_TIMES = 'astana-times-summit.fmk';
const TOKAYEV_SPEECH = 'kazpravda-tokayev-speech.fmk';

function api(): FactmarkApi {
  return vscode.extensions.getExtension<FactmarkApi>(EXTENSION_ID)!.exports;
}

/** A row as the view draws it: `icon(colour) label — description`. */
function renderItem(item: vscode.TreeItem): string {
  const icon = item.iconPath as vscode.ThemeIcon;
  // ThemeColor keeps its id, though @types/vscode 1.91 does not declare it.
  const colour = icon.color && (icon.color as unknown as { readonly id: string }).id;
  return `${icon.id}${colour ? `(${colour})` : ''} ${String(item.label)} — ${String(item.description)}`;
}

/** The claims the view lists, by id. */
async function claimNodes(): Promise<Map<string, ClaimsNode>> {
  const nodes = await api().claimsView.getChildren();
  return new Map(nodes.map((node) => [node.claim.id, node]));
}

/** A claim's row and its mentions' rows, indented; or `(not listed)`. */
async function renderClaim(id: string): Promise<string[]> {
  const view = api().claimsView;
  const node = (await claimNodes()).get(id);
  if (!node) return ['(not listed)'];
  const children = await view.getChildren(node);
  return [renderItem(view.getTreeItem(node)), ...children.map((child) => `  ${renderItem(view.getTreeItem(child))}`)];
}

/** Every listed claim with the articles of its listed mentions: `id: a.fmk b.fmk`. */
async function renderTree(): Promise<string[]> {
  const view = api().claimsView;
  const lines: string[] = [];
  for (const node of await view.getChildren()) {
    const mentions = (await view.getChildren(node)).map((child) => String(view.getTreeItem(child).label));
    lines.push(`${node.claim.id}: ${mentions.join(' ')}`);
  }
  return lines;
}

/** Makes The Astana Times contradict Tokayev's $95 billion, and waits until the view shows it. */
async function makeTradeConflict(): Promise<void> {
  await replaceInFile(ASTANA_TIMES, '[nearly $100 billion]', '[nearly $90 billion]');
  await waitForEqual(
    () => renderClaim(TRADE),
    [
      `error(charts.red) ${TRADE} — no common value`,
      `  warning(charts.red) ${ASTANA_TIMES} — “nearly $90 billion” [81 billion, 90 billion]`,
      `  person(charts.red) ${TOKAYEV_SPEECH} — “$95 billion” [94.5 billion, 95.5 billion]`,
    ],
    { what: `the Claims view to show ${TRADE} in conflict after the edit` },
  );
}

async function clearFilters(): Promise<void> {
  await vscode.commands.executeCommand('factmark.claims.unfilterConflicts');
  await vscode.commands.executeCommand('factmark.claims.unfilterUnsourced');
}

/** The text an editor selects. */
function selectedText(editor: vscode.TextEditor): string {
  return editor.document.getText(editor.selection);
}

suite('claims view and report', () => {
  suiteSetup(factmarkReady);

  workspaceTest('the Claims view lists every claim with its status and reconciled value, and its mentions by article', async () => {
    await clearFilters();
    assert.deepEqual([...(await claimNodes()).keys()], definedIds(diskText('registry.fmk'), '#').sort(), 'every claim of the registry, by id');
    assert.deepEqual(await renderClaim(TRADE), [
      `pass(charts.green) ${TRADE} — ≈ 95 billion USD`,
      `  warning(list.warningForeground) ${ASTANA_TIMES} — “nearly $100 billion” [90 billion, 100 billion]`,
      `  person ${TOKAYEV_SPEECH} — “$95 billion” [94.5 billion, 95.5 billion]`,
    ]);
    assert.deepEqual(await renderClaim('cn-investment-kz'), [
      'circle-outline(descriptionForeground) cn-investment-kz — ≈ 26 billion USD',
      `  warning(list.warningForeground) ${TOKAYEV_SPEECH} — “exceeded $26 billion” (26 billion, ∞)`,
    ]);
  });

  workspaceTest('selecting a mention opens its article with the mention selected', async () => {
    const view = api().claimsView;
    const trade = (await claimNodes()).get(TRADE)!;
    const [astanaTimes] = await view.getChildren(trade);
    const command = view.getTreeItem(astanaTimes).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitFor(
      () => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${ASTANA_TIMES}`) && vscode.window.activeTextEditor,
      { what: `${ASTANA_TIMES} to open` },
    );
    assert.equal(editor.selection.start.line + 1, lineOf(diskText(ASTANA_TIMES), '[nearly $100 billion]'));
    assert.equal(selectedText(editor), `[nearly $100 billion]{#${TRADE}}`);
  });

  workspaceTest('an edit that makes a claim conflict shows in the view; the filters keep conflicts, unsourced mentions, or both', async () => {
    try {
      await makeTradeConflict();
      const unsourced = (await api().claims())
        .filter((claim) => claim.mentions.some((mention) => mention.status === 'unsourced'))
        .map((claim) => claim.id);

      await vscode.commands.executeCommand('factmark.claims.filterConflicts');
      assert.deepEqual(await renderTree(), [`${TRADE}: ${ASTANA_TIMES} ${TOKAYEV_SPEECH}`], 'conflicts only');
      await vscode.commands.executeCommand('factmark.claims.filterUnsourced');
      assert.deepEqual(await renderTree(), [`${TRADE}: ${ASTANA_TIMES}`], 'conflicts only, unsourced mentions only');
      await vscode.commands.executeCommand('factmark.claims.unfilterConflicts');
      assert.deepEqual((await renderTree()).map((line) => line.slice(0, line.indexOf(':'))), unsourced, 'claims with unsourced mentions');
      assert.ok(unsourced.length > 1 && unsourced.length < definedIds(diskText('registry.fmk'), '#').length, 'the unsourced filter keeps some claims, not all');
    } finally {
      await clearFilters();
    }
  });

  workspaceTest('a hidden Claims view fetches nothing when articles change, and fetches when it is shown', async () => {
    const view = api().claimsView;
    try {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await waitFor(() => !view.isVisible, { what: 'the Claims view to be hidden' });
      // Earlier tests' edits left it stale: reading it fetches, so that only this test's edit can make it stale.
      await view.getChildren();
      assert.equal(view.isStale, false, 'up to date before the edit');
      const fetched = view.fetches;

      await replaceInFile(ASTANA_TIMES, '[nearly $100 billion]', '[nearly $90 billion]');
      // The server has the edit once both articles show the conflict; the view hears of it from the edit and from them.
      for (const path of [ASTANA_TIMES, TOKAYEV_SPEECH]) {
        await waitFor(() => vscode.languages.getDiagnostics(fileUri(path)).some((d) => codeOf(d) === 'claim-conflict'), {
          what: `claim-conflict in ${path}`,
        });
      }
      await waitFor(() => view.isStale, { what: 'the hidden view to note that the articles changed' });
      assert.equal(view.fetches, fetched, 'fetched while hidden');

      await vscode.commands.executeCommand('workbench.view.extension.factmark');
      await waitFor(() => !view.isStale, { what: 'the view to fetch once shown' });
      // At least once: a change notice the view was still waiting out when shown fetches again.
      assert.ok(view.fetches > fetched, 'fetched when shown');
      assert.deepEqual((await renderClaim(TRADE))[0], `error(charts.red) ${TRADE} — no common value`, 'the shown view has the edit');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    }
  });

  workspaceTest('Show Claims Report opens the picture at a claim of the view; a row of it opens the mention beside the report', async () => {
    const report = api().claimsReport;
    try {
      await makeTradeConflict();
      await vscode.commands.executeCommand('workbench.view.extension.factmark');
      await vscode.commands.executeCommand('factmark.claims.filterConflicts');
      // As the view's inline button runs it: with the claim's node.
      await vscode.commands.executeCommand('factmark.showClaimsReport', (await claimNodes()).get(TRADE));
      const html = await waitFor(() => report.html?.includes('nearly $90 billion') && report.html, { what: 'the report to show the edited article' });

      const mentions = (await api().claims()).reduce((count, claim) => count + claim.mentions.length, 0);
      const facts = [
        `rows: ${(html.match(/<tr data-mention=/g) ?? []).length}`,
        `opened at: ${/<body data-focus="([^"]*)">/.exec(html)?.[1]}`,
        `trade: ${/<section class="claim" id="claim-cn-ca-trade-2024" data-status="(\w+)">/.exec(html)?.[1]}`,
        `policy: ${/http-equiv="Content-Security-Policy" content="(default-src 'none';[^"]*)"/.test(html)}`,
      ];
      assert.deepEqual(facts, [`rows: ${mentions}`, `opened at: ${TRADE}`, 'trade: conflict', 'policy: true']);

      // What the page posts when the row of Tokayev's figure is clicked.
      await report.receive({ type: 'reveal', claim: TRADE, mention: 1 });
      const editor = await waitFor(
        () => vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${TOKAYEV_SPEECH}`) && vscode.window.activeTextEditor,
        { what: `${TOKAYEV_SPEECH} to open` },
      );
      assert.equal(editor.selection.start.line + 1, lineOf(diskText(TOKAYEV_SPEECH), '[$95 billion]'));
      assert.ok(selectedText(editor).startsWith(`[$95 billion]{#${TRADE}`), selectedText(editor));
      const reportTab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview);
      assert.notEqual(editor.viewColumn, reportTab?.group.viewColumn, 'the article opens beside the report, not over it');

      await requestScreenshot('claims-view-and-report', { waitFor: 'iframe.webview.ready' });
    } finally {
      await clearFilters();
      const webviewTabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
      await vscode.window.tabGroups.close(webviewTabs);
    }
  });
});
