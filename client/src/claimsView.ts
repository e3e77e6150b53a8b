/**
 * The Claims view (activity bar › Factmark › Claims): every claim with its
 * reconciled status and value, its mentions underneath; selecting a mention
 * opens the article at it. Two filters (conflicts only, unsourced only) are
 * toggled from the view's title bar; each has a command pair whose `when`
 * clauses read the context keys set here, and the choice is remembered per
 * workspace. The data is the server's `factmark/claims` answer; the extension
 * calls refresh() whenever claimChanges() says the articles may have changed.
 * A hidden view only notes that its data is stale and fetches when shown: the
 * answer reconciles every claim of the workspace (1.4–1.7 s of the server's
 * time at 10,000 articles), and fetching it at every pause in typing kept the
 * server from the edits. (Its badge, fetched at start-up, keeps its count
 * meanwhile.)
 */
import * as vscode from 'vscode';
import type { DisplayPath } from '../../server/src/cli/claimsPicture';
import { plural } from '../../server/src/cli/format';
import type { ClaimReport, ReportLocation } from '../../server/src/core/reports';
import {
  claimLook,
  editorRange,
  emptyViewMessage,
  filtersDescription,
  mentionLook,
  NO_FILTERS,
  visibleClaims,
  type ClaimFilters,
  type IconLook,
} from './claimsTreeItems';

const CLAIMS_VIEW_ID = 'factmark.claims';
/** How long the articles must stay unchanged before the claims are fetched again. */
const REFRESH_DELAY_MS = 300;
const FILTERS_STATE_KEY = 'factmark.claims.filters';

export type ClaimsNode =
  | { readonly kind: 'claim'; readonly claim: ClaimReport; readonly mentions: readonly number[] }
  | { readonly kind: 'mention'; readonly claim: ClaimReport; readonly index: number };

export function isClaimNode(value: unknown): value is Extract<ClaimsNode, { kind: 'claim' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'claim';
}

/** Workspace-relative paths, as the rest of VS Code shows files. */
export const workspacePath: DisplayPath = (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));

export function locationRange(location: ReportLocation): vscode.Range {
  return new vscode.Range(...editorRange(location));
}

function themeIcon(icon: IconLook): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.codicon, icon.colour === undefined ? undefined : new vscode.ThemeColor(icon.colour));
}

/**
 * Fires (debounced) when the claims may have changed: an article edited,
 * created, deleted or changed on disk, the configuration changed, or
 * diagnostics republished (the server re-checks affected articles after every
 * change it sees, including the ones it reads from disk itself).
 */
export function claimChanges(onChange: () => void): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, REFRESH_DELAY_MS);
  };
  const isArticle = (uri: vscode.Uri) => uri.path.endsWith('.fmk');
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.fmk,factmark.json}');
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(schedule),
    watcher.onDidChange(schedule),
    watcher.onDidDelete(schedule),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length && isArticle(event.document.uri)) schedule();
    }),
    vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some(isArticle)) schedule();
    }),
    { dispose: () => clearTimeout(timer) },
  );
}

export class ClaimsView implements vscode.TreeDataProvider<ClaimsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ClaimsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ClaimsNode>;
  private readonly subscriptions: vscode.Disposable[];
  private claims: readonly ClaimReport[] = [];
  private filters: ClaimFilters;
  /** The latest fetch; getChildren waits for it so that it never answers with older data. */
  private loading: Promise<void>;
  private fetchCount = 0;
  /** Articles changed while the view was hidden: fetch when it is shown. */
  private stale = false;
  /** Cancels the fetch under way when a newer one starts (the server stops reconciling for it). */
  private fetching: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly fetchClaims: (token: vscode.CancellationToken) => Promise<ClaimReport[]>,
    private readonly state: vscode.Memento,
  ) {
    this.filters = { ...NO_FILTERS, ...state.get<Partial<ClaimFilters>>(FILTERS_STATE_KEY) };
    this.view = vscode.window.createTreeView(CLAIMS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions = [
      this.view,
      this.changed,
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) void this.fetch();
      }),
      vscode.commands.registerCommand('factmark.claims.refresh', () => this.refresh()),
      vscode.commands.registerCommand('factmark.claims.filterConflicts', () => this.setFilters({ conflictsOnly: true })),
      vscode.commands.registerCommand('factmark.claims.unfilterConflicts', () => this.setFilters({ conflictsOnly: false })),
      vscode.commands.registerCommand('factmark.claims.filterUnsourced', () => this.setFilters({ unsourcedOnly: true })),
      vscode.commands.registerCommand('factmark.claims.unfilterUnsourced', () => this.setFilters({ unsourcedOnly: false })),
    ];
    void this.publishFilters();
    // Fetched once even while hidden: the badge on the activity bar shows the conflicts from the start.
    this.loading = this.fetch();
  }

  /** How many times the claims were fetched. */
  get fetches(): number {
    return this.fetchCount;
  }

  /** Whether the view is shown (VS Code tells the extension host a moment after it changes). */
  get isVisible(): boolean {
    return this.view.visible;
  }

  /** Whether articles changed since the last fetch (while the view was hidden). */
  get isStale(): boolean {
    return this.stale;
  }

  /** Fetches the claims again and redraws the view, or, while it is hidden, notes that its data is stale. */
  refresh(): Promise<void> {
    if (!this.view.visible) {
      this.stale = true;
      return this.loading;
    }
    return this.fetch();
  }

  /** Never rejects: a failure is shown in the view. */
  private fetch(): Promise<void> {
    this.stale = false;
    const fetch = ++this.fetchCount;
    this.fetching?.cancel();
    this.fetching?.dispose();
    this.fetching = new vscode.CancellationTokenSource();
    this.loading = this.fetchClaims(this.fetching.token).then(
      (claims) => {
        if (fetch !== this.fetchCount) return;
        this.claims = claims;
        this.redraw();
      },
      (error: unknown) => {
        if (fetch !== this.fetchCount) return;
        this.claims = [];
        this.redraw();
        this.view.message = `Factmark could not list the claims: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
    return this.loading;
  }

  async setFilters(change: Partial<ClaimFilters>): Promise<void> {
    this.filters = { ...this.filters, ...change };
    await this.state.update(FILTERS_STATE_KEY, this.filters);
    await this.publishFilters();
    this.redraw();
  }

  async getChildren(node?: ClaimsNode): Promise<ClaimsNode[]> {
    if (node?.kind === 'mention') return [];
    if (node) return node.mentions.map((index) => ({ kind: 'mention', claim: node.claim, index }));
    if (this.stale) void this.fetch();
    await this.loading;
    return visibleClaims(this.claims, this.filters).map(({ claim, mentions }) => ({ kind: 'claim', claim, mentions }));
  }

  getTreeItem(node: ClaimsNode): vscode.TreeItem {
    if (node.kind === 'claim') {
      const look = claimLook(node.claim);
      // Conflicts open expanded: their mentions are what needs looking at.
      const expansion = node.claim.status === 'conflict' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(look.label, node.mentions.length ? expansion : vscode.TreeItemCollapsibleState.None);
      // Stable ids keep each claim's expansion across refreshes.
      item.id = `claim/${node.claim.id}`;
      return Object.assign(item, { description: look.description, tooltip: look.tooltip, iconPath: themeIcon(look.icon), contextValue: 'factmark.claim' });
    }
    const look = mentionLook(node.claim, node.index, workspacePath);
    const location = node.claim.mentions[node.index].location;
    const item = new vscode.TreeItem(look.label, vscode.TreeItemCollapsibleState.None);
    item.id = `claim/${node.claim.id}/${node.index}`;
    const options: vscode.TextDocumentShowOptions = { selection: locationRange(location) };
    item.command = { title: 'Open Mention', command: 'vscode.open', arguments: [vscode.Uri.parse(location.uri), options] };
    return Object.assign(item, { description: look.description, tooltip: look.tooltip, iconPath: themeIcon(look.icon), contextValue: 'factmark.mention' });
  }

  private async publishFilters(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'factmark.claims.conflictsOnly', this.filters.conflictsOnly);
    await vscode.commands.executeCommand('setContext', 'factmark.claims.unsourcedOnly', this.filters.unsourcedOnly);
  }

  /** Redraws the rows, and the view's subtitle, message and badge (the number of claims in conflict). */
  private redraw(): void {
    this.view.description = filtersDescription(this.filters);
    this.view.message = emptyViewMessage(this.claims, this.filters);
    const conflicts = this.claims.filter((claim) => claim.status === 'conflict').length;
    this.view.badge = conflicts ? { value: conflicts, tooltip: `${plural(conflicts, 'claim')} in conflict` } : undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.fetching?.cancel();
    this.fetching?.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
