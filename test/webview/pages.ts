/**
 * What the claims report pages are drawn from, for scripts/test-webview.mjs:
 * a folder's claims (read and reconciled as `factmark claims <folder>` does)
 * and the report webview's page for them.
 */
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { claimsWebviewHtml } from '../../client/src/claimsWebviewHtml';
import type { DisplayPath } from '../../server/src/cli/claimsPicture';
import type { ClaimReport } from '../../server/src/core/reports';
import { summarize } from '../../server/src/core/summary';
import { Workspace } from '../../server/src/core/workspace';
import { discoverArticles, loadConfig, readArticle } from '../../server/src/node/files';
import { claimsReport } from '../support/workspace';

/** Paths relative to the folder, as the CLI shows them when run inside it. */
export function displayPathUnder(root: string): DisplayPath {
  return (uri) => relative(root, fileURLToPath(uri)).split(sep).join('/');
}

export async function folderClaims(root: string): Promise<ClaimReport[]> {
  const loaded = await loadConfig(join(root, 'factmark.json'));
  if (!loaded.ok) throw new Error(`${root}/factmark.json: ${loaded.message}`);
  const workspace = new Workspace(loaded.config);
  for (const path of await discoverArticles(root, loaded.config.exclude)) {
    const read = await readArticle(path);
    if (!read.ok) throw new Error(`${path}: ${read.message}`);
    workspace.update(pathToFileURL(path).href, summarize(read.text, loaded.config));
  }
  return claimsReport(workspace);
}

export function webviewPage(claims: readonly ClaimReport[], root: string, nonce: string, focus?: string): string {
  return claimsWebviewHtml(claims, displayPathUnder(root), { nonce, focus });
}
