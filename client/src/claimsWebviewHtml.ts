/**
 * The page of the claims report webview: the same picture as `factmark
 * claims --format html` (server/src/cli/claimsPicture.ts), coloured with the
 * editor theme's variables, behind a strict Content-Security-Policy (nothing
 * loads from anywhere; the one style sheet and the one script carry the
 * page's nonce). The script makes each mention row a target: a click, or
 * Enter on a focused row, posts `{ type: 'reveal', claim, mention }` to the
 * extension; and it scrolls to the claim the page was opened for, if any.
 * Pure: claims in, HTML out.
 */
import { claimsPicture, escapeHtml, PICTURE_STYLE, type DisplayPath } from '../../server/src/cli/claimsPicture';
import type { ClaimReport } from '../../server/src/core/reports';

/** What the webview posts when a mention row is chosen. */
export interface RevealMessage {
  readonly type: 'reveal';
  readonly claim: string;
  readonly mention: number;
}

export function isRevealMessage(message: unknown): message is RevealMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, claim, mention } = message as Record<string, unknown>;
  return type === 'reveal' && typeof claim === 'string' && Number.isInteger(mention) && (mention as number) >= 0;
}

/** The picture's colours from VS Code's theme variables, so it follows light, dark and high-contrast themes. */
const THEME_STYLE = `
:root {
  --fm-text: var(--vscode-editor-foreground);
  --fm-background: var(--vscode-editor-background);
  --fm-muted: var(--vscode-descriptionForeground);
  --fm-rule: var(--vscode-panel-border);
  --fm-interval: var(--vscode-charts-blue);
  --fm-conflict: var(--vscode-charts-red);
  --fm-consistent: var(--vscode-charts-green);
  --fm-font: var(--vscode-font-family);
  --fm-mono-font: var(--vscode-editor-font-family);
}
tr[data-mention] { cursor: pointer; }
tr[data-mention]:hover { background: var(--vscode-list-hoverBackground); }
tr[data-mention]:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
body.vscode-high-contrast .band { fill-opacity: .45; }
`;

/** Runs in the webview. Plain ES2020 that Chromium runs as is: it is sent as text, not bundled. */
const SCRIPT = `
(() => {
  const vscode = acquireVsCodeApi();
  const ROW = 'tr[data-mention]';
  for (const row of document.querySelectorAll(ROW)) {
    row.tabIndex = 0;
    row.title = 'Open this mention in its article';
  }
  const reveal = (row) => {
    const claim = row.closest('section.claim').id.slice('claim-'.length);
    vscode.postMessage({ type: 'reveal', claim, mention: Number(row.dataset.mention) });
  };
  const rowOf = (event) => (event.target instanceof Element ? event.target.closest(ROW) : null);
  document.addEventListener('click', (event) => {
    const row = rowOf(event);
    if (row) reveal(row);
  });
  document.addEventListener('keydown', (event) => {
    const row = rowOf(event);
    if (!row || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    reveal(row);
  });
  // The reader's place is kept across redraws (the extension replaces the
  // page) and across VS Code reloading a hidden page; a claim the page was
  // opened for is scrolled to once. The nonce tells this page from the next.
  const page = document.currentScript.nonce;
  const focus = document.body.dataset.focus && document.getElementById('claim-' + document.body.dataset.focus);
  const state = vscode.getState();
  if (focus && state?.page !== page) focus.scrollIntoView();
  else if (state) window.scrollTo(0, state.scrollY);
  window.addEventListener('scroll', () => vscode.setState({ page, scrollY: window.scrollY }), { passive: true });
})();
`;

export interface WebviewPageOptions {
  /** Fresh for every page: only the style sheet and script that carry it may run. */
  readonly nonce: string;
  /** A claim id to scroll to. */
  readonly focus?: string;
}

export function claimsWebviewHtml(claims: readonly ClaimReport[], displayPath: DisplayPath, { nonce, focus }: WebviewPageOptions): string {
  const policy = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Factmark claims report</title>
<style nonce="${nonce}">${THEME_STYLE}${PICTURE_STYLE}</style>
</head>
<body${focus === undefined ? '' : ` data-focus="${escapeHtml(focus)}"`}>
${claimsPicture(claims, displayPath)}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
