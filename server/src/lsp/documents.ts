/**
 * The server's document state: the core Workspace (a summary per article),
 * the open documents' texts, and the keystroke path. An edit is summarized
 * after a debounce (or at once when a request needs it), applied with
 * Workspace.update, and the documents it affects are handed on; nothing here
 * walks all documents.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../core/config';
import { ParagraphFigures } from '../core/paragraphFigures';
import { parse } from '../core/parser';
import { retainedSummary } from '../core/retained';
import { summarize, type DocumentSummary } from '../core/summary';
import type { FmkDocument, RefKind } from '../core/syntax';
import { Workspace } from '../core/workspace';
import { DEFAULT_SETTINGS } from './settings';

export interface DocumentStateHooks {
  /** Documents whose diagnostics may have changed (an edit's `Workspace.update` result). */
  affected(uris: ReadonlySet<string>): void;
  /**
   * Documents that only point at nodes that moved elsewhere, once typing pauses: possibly many
   * (every article sharing a conflicting claim), so the caller refreshes them in time slices.
   */
  moved(uris: ReadonlySet<string>): void;
  /** A debounced flush failed (no request is there to carry the error). */
  error(error: unknown): void;
}

const REGISTRY_NAME = /\/registry\.fmk$/;
/** How long typing must pause before documents pointing at moved nodes are refreshed. */
const MOVED_REFRESH_DELAY_MS = 300;

export class DocumentState {
  readonly workspace = new Workspace(DEFAULT_CONFIG);
  /** Open documents by canonical URI (the client's own URI is `document.uri`). */
  private readonly open = new Map<string, TextDocument>();
  /**
   * The text each open document was last summarized from. A change event that brings no new text
   * (the echo of didOpen) is skipped; the version number is not trusted for that, as a client may reuse one.
   */
  private readonly summarizedText = new Map<string, string>();
  private readonly pending = new Set<string>();
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  private movedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly trees = new Map<string, { text: string; tree: FmkDocument }>();
  /** Open documents' figures by paragraph, so that a keystroke re-reads only its paragraph. */
  private readonly paragraphFigures = new Map<string, ParagraphFigures>();
  private readonly registries = new Set<string>();
  /** Sorted defined ids per kind (completion), rebuilt only when some document's set of definitions changed. */
  private definedIdsCache: Map<RefKind, string[]> | undefined;
  debounceMs = DEFAULT_SETTINGS.debounceMs;

  constructor(private readonly hooks: DocumentStateHooks) {}

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): IterableIterator<string> {
    return this.open.keys();
  }

  /** The text of an open document (closed documents keep only their summary). */
  text(uri: string): string | undefined {
    return this.open.get(uri)?.getText();
  }

  /** The client's version of an open document, null for a closed one. */
  version(uri: string): number | null {
    return this.open.get(uri)?.version ?? null;
  }

  /** The URI to send back for a document: the client's own spelling when it is open. */
  clientUri(uri: string): string {
    return this.open.get(uri)?.uri ?? uri;
  }

  /** The up-to-date summary (pending edits applied first). */
  summary(uri: string): DocumentSummary | undefined {
    if (this.pending.has(uri)) this.flush();
    return this.workspace.summary(uri);
  }

  /** The syntax tree of an open document, parsed once per text (highlighting, links). */
  tree(uri: string): FmkDocument | undefined {
    const document = this.open.get(uri);
    if (!document) return undefined;
    const cached = this.trees.get(uri);
    const text = document.getText();
    if (cached?.text === text) return cached.tree;
    const tree = parse(text);
    this.trees.set(uri, { text, tree });
    return tree;
  }

  /** A `registry.fmk` in the workspace (where new definitions go), preferring one next to `near`. */
  registryUri(near: string): string | undefined {
    const folder = near.slice(0, near.lastIndexOf('/') + 1);
    let fallback: string | undefined;
    for (const uri of this.registries) {
      if (uri === folder + 'registry.fmk') return uri;
      fallback ??= uri;
    }
    return fallback;
  }

  didOpen(uri: string, document: TextDocument): void {
    this.open.set(uri, document);
    this.apply(uri, document);
  }

  /** A keystroke: summarized after the debounce, or earlier when a request flushes. */
  didChange(uri: string, document: TextDocument): void {
    this.open.set(uri, document);
    if (this.summarizedText.get(uri) === document.getText()) return;
    this.pending.add(uri);
    if (this.debounceMs === 0) {
      this.flush();
      return;
    }
    clearTimeout(this.pendingTimer);
    this.pendingTimer = setTimeout(() => {
      try {
        this.flush();
      } catch (error) {
        this.hooks.error(error);
      }
    }, this.debounceMs);
  }

  /** The editor closed the document; its summary stays until the caller replaces it (from disk) or removes it. */
  didClose(uri: string): void {
    this.open.delete(uri);
    this.pending.delete(uri);
    this.summarizedText.delete(uri);
    this.trees.delete(uri);
    this.paragraphFigures.delete(uri);
  }

  /** Applies pending edits now. */
  flush(): void {
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    const uris = [...this.pending];
    this.pending.clear();
    const affected = new Set<string>();
    for (const uri of uris) {
      const document = this.open.get(uri);
      const text = document?.getText();
      if (text !== undefined) for (const other of this.update(uri, this.summarizeOpen(uri, text), text)) affected.add(other);
    }
    if (affected.size) this.hooks.affected(affected);
  }

  /**
   * Sets a document's summary from text (an open document, or a closed file read from disk: of that, only
   * what cross-file questions need is kept). `quiet`: part of a bulk (re)index, whose end refreshes
   * everything; no affected set is worked out.
   */
  setText(uri: string, text: string, options: { quiet?: boolean } = {}): void {
    const summary = summarize(text, this.workspace.config);
    const affected = this.update(uri, this.open.has(uri) ? summary : retainedSummary(summary), undefined, !options.quiet);
    if (!options.quiet) this.hooks.affected(affected);
  }

  /** Sets a closed file's summary as the summary cache kept it (always part of a bulk index: quiet). */
  setRetainedSummary(uri: string, summary: DocumentSummary): void {
    this.update(uri, summary, undefined, false);
  }

  remove(uri: string, options: { quiet?: boolean } = {}): void {
    if (!this.workspace.summary(uri)) return;
    const affected = this.update(uri, undefined, undefined, !options.quiet);
    if (!options.quiet) this.hooks.affected(affected);
  }

  private apply(uri: string, document: TextDocument): void {
    this.pending.delete(uri);
    const text = document.getText();
    this.hooks.affected(this.update(uri, this.summarizeOpen(uri, text), text));
  }

  private summarizeOpen(uri: string, text: string): DocumentSummary {
    let figures = this.paragraphFigures.get(uri);
    if (!figures) this.paragraphFigures.set(uri, (figures = new ParagraphFigures()));
    return summarize(text, this.workspace.config, figures);
  }

  /** Every defined id of a kind, sorted by code unit. */
  definedIds(kind: RefKind): readonly string[] {
    if (!this.definedIdsCache) {
      this.definedIdsCache = new Map([
        ['entity', []],
        ['claim', []],
        ['source', []],
      ]);
      for (const key of this.workspace.definedKeys()) this.definedIdsCache.get(key.kind)!.push(key.id);
      for (const ids of this.definedIdsCache.values()) ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
    return this.definedIdsCache.get(kind)!;
  }

  /** `openText`: the text of the open document the summary was made from (undefined for a file read from disk, or a removal). */
  private update(uri: string, summary: DocumentSummary | undefined, openText: string | undefined, collectAffected = true): Set<string> {
    if (openText === undefined) this.summarizedText.delete(uri);
    else this.summarizedText.set(uri, openText);
    if (!sameDefinitions(this.workspace.summary(uri), summary)) this.definedIdsCache = undefined;
    if (summary && REGISTRY_NAME.test(uri)) this.registries.add(uri);
    else this.registries.delete(uri);
    const affected = this.workspace.update(uri, summary, collectAffected);
    if (collectAffected) this.scheduleMovedRefresh();
    return affected;
  }

  /**
   * Documents that only point at moved nodes (a conflict's related information) are refreshed once
   * typing pauses, so a keystroke costs the edited document, not every article sharing a conflicting claim.
   */
  private scheduleMovedRefresh(): void {
    clearTimeout(this.movedTimer);
    this.movedTimer = setTimeout(() => {
      const moved = this.workspace.takeMovedDocuments();
      if (moved.size) this.hooks.moved(moved);
    }, MOVED_REFRESH_DELAY_MS);
  }
}

function sameDefinitions(a: DocumentSummary | undefined, b: DocumentSummary | undefined): boolean {
  const left = a?.definitions ?? [];
  const right = b?.definitions ?? [];
  return left.length === right.length && left.every((d, i) => d.kind === right[i].kind && d.id === right[i].id);
}
