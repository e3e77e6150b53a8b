/**
 * `Factmark: Show Claims Report`: the report as a picture in a webview panel
 * (claimsWebviewHtml.ts draws it). One panel at a time: running the command
 * again brings it forward with fresh data. The extension calls refresh() when
 * the articles may have changed; a hidden panel is redrawn when it is shown
 * again. Choosing a row opens the article at that mention, beside the report;
 * run from a claim of the Claims view, the report opens at that claim.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ClaimReport } from '../../server/src/core/reports';
import { isClaimNode, locationRange, workspacePath } from './claimsView';
import { claimsWebviewHtml, isRevealMessage } from './claimsWebviewHtml';

const PANEL_TYPE = 'factmark.claimsReport';

export class ClaimsReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private claims: readonly ClaimReport[] = [];
  /** The articles changed while the panel was hidden. */
  private stale = false;
  private renderCount = 0;
  /** Cancels the fetch under way when a newer render starts. */
  private fetching: vscode.CancellationTokenSource | undefined;
  private readonly command: vscode.Disposable;

  constructor(private readonly fetchClaims: (token: vscode.CancellationToken) => Promise<ClaimReport[]>) {
    // Run from a claim of the Claims view, the command gets its node: the report opens at that claim.
    this.command = vscode.commands.registerCommand('factmark.showClaimsReport', (target?: unknown) => this.show(isClaimNode(target) ? target.claim.id : undefined));
  }

  /** The page the panel shows now (undefined when it is closed): for the integration tests. */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  /** Opens the report, or brings it forward with fresh data; scrolled to `claimId` when given. */
  async show(claimId?: string): Promise<void> {
    if (this.panel) this.panel.reveal();
    else this.panel = this.createPanel();
    await this.render(claimId);
  }

  /** Redraws an open panel now, or when it is next shown. */
  async refresh(): Promise<void> {
    if (!this.panel) return;
    if (this.panel.visible) await this.render();
    else this.stale = true;
  }

  /** Handles a message from the page: a row chosen opens its mention. */
  async receive(message: unknown): Promise<void> {
    if (!isRevealMessage(message)) return;
    const mention = this.claims.find((claim) => claim.id === message.claim)?.mentions[message.mention];
    if (!mention) return;
    // Beside the report, never on top of it.
    const viewColumn = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(mention.location.uri), { selection: locationRange(mention.location), viewColumn });
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Factmark Claims', vscode.ViewColumn.Beside, {
      enableScripts: true,
      // Nothing is loaded from disk: the page is self-contained.
      localResourceRoots: [],
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidChangeViewState(() => {
      if (panel.visible && this.stale) void this.render();
    });
    panel.onDidDispose(() => (this.panel = undefined));
    return panel;
  }

  private async render(focus?: string): Promise<void> {
    this.stale = false;
    const render = ++this.renderCount;
    this.fetching?.cancel();
    this.fetching?.dispose();
    this.fetching = new vscode.CancellationTokenSource();
    let claims: ClaimReport[];
    try {
      claims = await this.fetchClaims(this.fetching.token);
    } catch (error) {
      if (render !== this.renderCount) return; // cancelled for a later render
      void vscode.window.showErrorMessage(`Factmark: could not get the claims report: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // An answer overtaken by a later render is dropped.
    if (render !== this.renderCount || !this.panel) return;
    this.claims = claims;
    this.panel.webview.html = claimsWebviewHtml(claims, workspacePath, { nonce: randomBytes(16).toString('base64'), focus });
  }

  dispose(): void {
    this.fetching?.cancel();
    this.fetching?.dispose();
    this.command.dispose();
    this.panel?.dispose();
  }
}
