/**
 * `factmark claims --format html`: one self-contained page (no scripts, no
 * external resources) showing the claims picture (claimsPicture.ts, the same
 * one the VS Code report webview shows) in light or dark colours, following
 * the reader's system setting.
 */
import type { ClaimReport } from '../core/reports';
import { claimsPicture, PICTURE_STYLE } from './claimsPicture';
import type { PathDisplay } from './load';

/** The picture's colours (see PICTURE_STYLE) for a light and a dark page. */
const PALETTE = `
:root {
  color-scheme: light dark;
  --fm-text: #1a202c; --fm-background: #ffffff; --fm-muted: #4a5568; --fm-rule: #e2e8f0;
  --fm-interval: #2b6cb0; --fm-conflict: #c53030; --fm-consistent: #2f855a;
  --fm-font: system-ui, sans-serif; --fm-mono-font: ui-monospace, monospace;
}
@media (prefers-color-scheme: dark) {
  :root { --fm-text: #e2e8f0; --fm-background: #1a202c; --fm-muted: #a0aec0; --fm-rule: #2d3748; --fm-interval: #63b3ed; --fm-conflict: #fc8181; --fm-consistent: #68d391; }
}
`;

export function claimsHtml(claims: readonly ClaimReport[], display: PathDisplay): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Factmark claims report</title>
<style>${PALETTE}${PICTURE_STYLE}</style>
</head>
<body>
${claimsPicture(claims, (uri) => display.ofUri(uri))}
</body>
</html>
`;
}
