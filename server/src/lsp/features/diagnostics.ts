/**
 * Diagnostics for every indexed document, open or closed. Each refresh
 * recomputes only the documents it is given (what Workspace.update said an
 * edit affects) and sends only those whose diagnostics really changed.
 *
 * Push (textDocument/publishDiagnostics) serves every client. A client that
 * can pull (textDocument/diagnostic) pulls its open documents instead, so the
 * server pushes only closed ones to it (never both for one document, which
 * would show each problem twice) and asks it to re-pull
 * (workspace/diagnostic/refresh) when another file changed an open one.
 */
import { createHash } from 'node:crypto';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  DocumentDiagnosticReportKind,
  type Connection,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Range,
} from 'vscode-languageserver';
import { documentDiagnostics, type ResolvedDiagnostic } from '../../core/analysis';
import type { Severity } from '../../core/diagnosticCodes';
import type { AliasTable, DiagnosticsBatch } from '../../core/workspace';
import { canonicalUri, toRange } from '../convert';
import { locationOf, type FeatureContext } from '../context';
import { publishedAfter } from '../publishEncoding';
import { forEachInTimeSlices, SLICE_MS } from '../timeSlices';

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticCounts {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

/**
 * What a document's diagnostics were. An open document keeps the list itself: comparing it with
 * the next keystroke's stops at the first difference, which costs less than hashing (serializing)
 * the whole list every time. A closed document keeps only a hash.
 */
type Snapshot = readonly Diagnostic[] | string;
/** The snapshot of no diagnostics. */
const NOTHING = '';

interface Computed {
  readonly snapshot: Snapshot;
  readonly counts: DiagnosticCounts;
  /** Changes whenever the diagnostics do: the pull model's result id. */
  readonly resultId: string;
}

/**
 * A hash of the list as the client is sent it. (Two 32-bit FNV-1a streams over the fields, in
 * JavaScript, were faster on parsed JSON but slower in the server, 1.6 s against 1.3 s at 10,000
 * articles: messages built by concatenation are flattened on the first character read.)
 */
export function fingerprintOf(diagnostics: readonly Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64');
}

/** A document that opened or closed in between is compared by hash. */
function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (typeof a !== 'string' && typeof b !== 'string') return sameDiagnostics(a, b);
  const hash = (snapshot: Snapshot) => (typeof snapshot === 'string' ? snapshot : fingerprintOf(snapshot));
  return hash(a) === hash(b);
}

/** Compared from the end: an edit shifts every diagnostic after it, so a change shows soonest there. */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (!sameDiagnostic(a[i], b[i])) return false;
  return true;
}

/** Every field `toLsp` sets. */
export function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    sameRange(a.range, b.range) &&
    a.message === b.message &&
    a.code === b.code &&
    a.severity === b.severity &&
    a.source === b.source &&
    sameList(a.tags, b.tags, (x, y) => x === y) &&
    sameList(a.relatedInformation, b.relatedInformation, (x, y) => x.message === y.message && x.location.uri === y.location.uri && sameRange(x.location.range, y.location.range)) &&
    sameData(a.data, b.data)
  );
}

/** `data` is a flat record of strings (CoreDiagnostic): compared key by key, in order (the encoding reuses equal ones). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  return keys.length === otherKeys.length && keys.every((key, i) => key === otherKeys[i] && (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => same(x, b[i]));
}

function countsOf(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  const counts = { errors: 0, warnings: 0, infos: 0, hints: 0 };
  for (const d of diagnostics) {
    if (d.severity === DiagnosticSeverity.Error) counts.errors++;
    else if (d.severity === DiagnosticSeverity.Warning) counts.warnings++;
    else if (d.severity === DiagnosticSeverity.Information) counts.infos++;
    else counts.hints++;
  }
  return counts;
}

export class DiagnosticsPublisher {
  /** What each document's diagnostics were when last computed. */
  private readonly computed = new Map<string, Computed>();
  /** What the client holds by push, per document (absent: nothing). */
  private readonly pushed = new Map<string, Snapshot>();
  private resultIds = 0;
  /** Diagnostics of non-article files (a broken factmark.json), pushed as they are. */
  private readonly fileProblems = new Map<string, Computed>();
  readonly totals: DiagnosticCounts = { errors: 0, warnings: 0, infos: 0, hints: 0 };
  /** The alias table open documents were last checked against. */
  private aliasTable: AliasTable | undefined;

  constructor(
    private readonly context: FeatureContext,
    private readonly connection: Connection,
    /** The client pulls diagnostics of open documents. */
    readonly pullMode: boolean,
    private readonly canRefreshPull: boolean,
  ) {}

  /** The diagnostics of one document, as LSP diagnostics; `batch` when diagnosing many in a row. */
  diagnosticsOf(uri: string, batch?: DiagnosticsBatch): Diagnostic[] {
    const summary = this.context.workspace.summary(uri);
    if (!summary) return [];
    const resolved = documentDiagnostics(this.context.workspace, uri, this.context.documents.text(uri), this.context.settings.rules, batch);
    return resolved.map((d) => this.toLsp(d, toRange(summary, d.range)));
  }

  private toLsp(d: ResolvedDiagnostic, range: Diagnostic['range']): Diagnostic {
    const related: DiagnosticRelatedInformation[] = [];
    for (const info of d.related ?? []) {
      const location = locationOf(this.context, info.uri, info.range);
      if (location) related.push({ location, message: info.message });
    }
    return {
      range,
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'factmark',
      message: d.message,
      ...(d.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
      ...(related.length ? { relatedInformation: related } : {}),
      ...(d.data ? { data: d.data } : {}),
    };
  }

  /**
   * Recomputes the given documents and sends what changed. Open documents
   * also get untagged-alias hints, which depend on every entity's names: when
   * the alias table changed, they are all recomputed (there are few).
   */
  refresh(uris: Iterable<string>): void {
    let openDocumentChanged = false;
    for (const uri of this.withOpenDocumentsIfAliasesChanged(uris)) openDocumentChanged = this.refreshDocument(uri) || openDocumentChanged;
    this.askToPullAgain(openDocumentChanged);
  }

  /**
   * Every document, e.g. after indexing or a configuration change (sends only what changed), in time
   * slices so requests are answered meanwhile; stops early once `isCurrent` says a newer job took over.
   * In a batch: each claim is reconciled once for all its documents, and not kept.
   */
  async refreshAll(isCurrent: () => boolean = () => true): Promise<void> {
    const uris = new Set([...this.context.workspace.uris(), ...this.computed.keys(), ...this.pushed.keys()]);
    await this.refreshInTimeSlices(uris, isCurrent, SLICE_MS, this.context.workspace.diagnosticsBatch());
  }

  /**
   * `refresh`, in time slices of `sliceMs` so requests and edits are handled meanwhile (each document
   * is computed from the workspace as it is when its turn comes); stops early once `isCurrent` says a
   * newer job took over.
   */
  async refreshInTimeSlices(uris: Iterable<string>, isCurrent: () => boolean = () => true, sliceMs = SLICE_MS, batch?: DiagnosticsBatch): Promise<void> {
    let openDocumentChanged = false;
    const refreshDocument = (uri: string) => {
      openDocumentChanged = this.refreshDocument(uri, batch) || openDocumentChanged;
    };
    await forEachInTimeSlices(this.withOpenDocumentsIfAliasesChanged(uris), refreshDocument, isCurrent, undefined, sliceMs);
    this.askToPullAgain(openDocumentChanged);
  }

  /** Recomputes one document and pushes it if it changed; true when a pulling client should pull it again. */
  private refreshDocument(uri: string, batch?: DiagnosticsBatch): boolean {
    const diagnostics = this.diagnosticsOf(uri, batch);
    const snapshot = this.snapshotOf(uri, diagnostics);
    const changed = this.record(this.computed, uri, snapshot, diagnostics, this.context.workspace.summary(uri) !== undefined);
    if (this.pullMode && this.context.documents.isOpen(uri)) return changed;
    this.push(uri, snapshot, diagnostics);
    return false;
  }

  private snapshotOf(uri: string, diagnostics: readonly Diagnostic[]): Snapshot {
    if (diagnostics.length === 0) return NOTHING;
    return this.context.documents.isOpen(uri) ? diagnostics : fingerprintOf(diagnostics);
  }

  private withOpenDocumentsIfAliasesChanged(uris: Iterable<string>): Set<string> {
    const targets = new Set(uris);
    if (this.aliasTableChanged()) for (const uri of this.context.documents.openUris()) targets.add(uri);
    return targets;
  }

  private askToPullAgain(openDocumentChanged: boolean): void {
    if (openDocumentChanged && this.canRefreshPull) void this.connection.languages.diagnostics.refresh();
  }

  private aliasTableChanged(): boolean {
    if (this.context.documents.openUris().next().done) return false;
    const table = this.context.workspace.aliasTable();
    const changed = table !== this.aliasTable;
    this.aliasTable = table;
    return changed;
  }

  /** textDocument/diagnostic: the open document's diagnostics, or "unchanged" when the client has them. */
  pull(params: DocumentDiagnosticParams): DocumentDiagnosticReport {
    const uri = canonicalUri(params.textDocument.uri);
    this.context.documents.summary(uri); // applies a pending edit first
    const diagnostics = this.diagnosticsOf(uri);
    this.record(this.computed, uri, this.snapshotOf(uri, diagnostics), diagnostics, this.context.workspace.summary(uri) !== undefined);
    const resultId = this.computed.get(uri)?.resultId ?? NOTHING;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnostics };
  }

  /**
   * A document opened: a pulling client takes it over, so its pushed
   * diagnostics are withdrawn. (On close, the refresh that follows the
   * document's reload pushes them again.)
   */
  opened(uri: string): void {
    if (this.pullMode) this.push(uri, NOTHING, []);
  }

  /** Diagnostics of a file outside the index (factmark.json); an empty list clears them. */
  setFileProblems(uri: string, diagnostics: Diagnostic[]): void {
    const snapshot = diagnostics.length ? fingerprintOf(diagnostics) : NOTHING;
    if (this.record(this.fileProblems, uri, snapshot, diagnostics, diagnostics.length > 0)) this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Stores a computation and keeps the totals; true when the diagnostics changed. */
  private record(map: Map<string, Computed>, uri: string, snapshot: Snapshot, diagnostics: readonly Diagnostic[], keep: boolean): boolean {
    const previous = map.get(uri);
    const changed = !sameSnapshot(previous?.snapshot ?? NOTHING, snapshot);
    if (previous) this.addToTotals(previous.counts, -1);
    if (keep) {
      const counts = countsOf(diagnostics);
      map.set(uri, { snapshot, counts, resultId: changed || !previous ? String(++this.resultIds) : previous.resultId });
      this.addToTotals(counts, 1);
    } else map.delete(uri);
    return changed;
  }

  private addToTotals(counts: DiagnosticCounts, sign: 1 | -1): void {
    this.totals.errors += sign * counts.errors;
    this.totals.warnings += sign * counts.warnings;
    this.totals.infos += sign * counts.infos;
    this.totals.hints += sign * counts.hints;
  }

  private push(uri: string, snapshot: Snapshot, diagnostics: Diagnostic[]): void {
    const previous = this.pushed.get(uri) ?? NOTHING;
    if (sameSnapshot(previous, snapshot)) return;
    // An open document is published on every keystroke: its unchanged diagnostics keep their encoding.
    if (typeof snapshot !== 'string') publishedAfter(diagnostics, typeof previous === 'string' ? undefined : previous, sameDiagnostic);
    if (snapshot === NOTHING) this.pushed.delete(uri);
    else this.pushed.set(uri, snapshot);
    const version = this.context.documents.version(uri);
    this.connection.sendDiagnostics({ uri: this.context.documents.clientUri(uri), ...(version !== null ? { version } : {}), diagnostics });
  }
}
