/**
 * The workspace index: every document's summary plus the cross-file maps
 * (who defines an id, who references it). An update diffs the document's
 * per-id signatures, so the work it causes — and the set of documents whose
 * diagnostics it can change — is proportional to the ids it touches.
 */
import type { FactmarkConfig } from './config';
import { reconcileClaim, type LocatedMention, type Reconciliation } from './reconcile';
import { mentionsOf, referencesTo, spanRangesOf } from './retained';
import { keyOf, type CoreDiagnostic, type Definition, type DocumentSummary, type Reference, type RelatedInfo } from './summary';
import { KIND_OF_SIGIL, SIGIL_OF_KIND, type RefKind, type Sigil } from './syntax';
import type { Interval } from './figureTypes';
import { formatIntervalAmount } from './format';
import { LineIndex, type TextRange } from './text';

export interface LocatedDefinition {
  readonly uri: string;
  readonly definition: Definition;
}

export interface LocatedReference {
  readonly uri: string;
  readonly reference: Reference;
}

const KINDS: readonly RefKind[] = ['entity', 'claim', 'source'];
const KIND_NOUN: Record<RefKind, string> = { entity: 'entity', claim: 'claim', source: 'source' };
const DEFINE_HINT: Record<RefKind, string> = { entity: 'Name', claim: 'Description {unit=…}', source: 'Citation <https://…>' };
/**
 * How many other places one diagnostic lists (related information, mentions named in a conflict):
 * an id defined thousands of times, or a claim with thousands of disagreeing mentions, must not
 * make a document's diagnostics quadratic in size.
 */
const MAX_LISTED_OTHERS = 10;
/**
 * How many mentions a conflict's related information points at when readings repeat: each reading's
 * first is listed, and copies of the same reading only up to this many in all (the message counts
 * them; the claim's hover and references list every one). Copies were most of a keystroke's payload.
 */
const MAX_REPEATED_RELATED = 5;
/** How many recent changes the workspace remembers the touched claims of (a batch older than that starts over). */
const MAX_RECORDED_CHANGES = 256;

/**
 * One map per kind, keyed by the bare id: the ids in summaries are long-lived strings that
 * hash once, where a `sigil+id` key would be a new string to build and hash at every lookup.
 */
type ByKind<T> = Record<RefKind, Map<string, T>>;

function byKind<T>(): ByKind<T> {
  return { entity: new Map(), claim: new Map(), source: new Map() };
}

/** Adds a document to an id's referrers; callers add a document only to ids it did not reference. */
function addTo(map: Map<string, string[]>, id: string, uri: string): void {
  const list = map.get(id);
  if (list) list.push(uri);
  else map.set(id, [uri]);
}

function removeFrom(map: Map<string, string[]>, id: string, uri: string): void {
  const list = map.get(id);
  const index = list ? list.indexOf(uri) : -1;
  if (!list || index < 0) return;
  // Referrers are in no order: the last takes the removed one's place.
  list[index] = list[list.length - 1];
  list.pop();
  if (list.length === 0) map.delete(id);
}

/** The ids a document references, each once. */
function referencedIds(summary: DocumentSummary): Record<RefKind, Set<string>> {
  const ids = { entity: new Set<string>(), claim: new Set<string>(), source: new Set<string>() };
  for (const ref of summary.references) ids[ref.kind].add(ref.id);
  return ids;
}

const NO_DOCUMENTS: readonly string[] = Object.freeze([]);
const NO_DEFINITIONS: readonly LocatedDefinition[] = Object.freeze([]);

/** The kind and id of a `sigil+id` key. */
function splitKey(key: string): { kind: RefKind; id: string } {
  return { kind: KIND_OF_SIGIL[key[0] as Sigil], id: key.slice(1) };
}

export class Workspace {
  private readonly documents = new Map<string, DocumentSummary>();
  /** id → its definitions, wherever they are: usually one, kept without an array (a registry has 200,000 at 100,000 articles). */
  private readonly definitionsById = byKind<LocatedDefinition | LocatedDefinition[]>();
  /**
   * id → the documents that reference it, in no order. Arrays: sets' hash tables took three times the
   * memory (12 MB at 10,000 articles), and a document joins or leaves an id's list once, when it starts
   * or stops referencing it, so nothing needs a lookup.
   */
  private readonly referrers = byKind<string[]>();
  private readonly reconciliations = new Map<string, Reconciliation>();
  /** What the diagnostics of a reconciliation's mentions need, made once per reconciliation. */
  private readonly diagnosticIndexes = new WeakMap<Reconciliation, DiagnosticIndex>();
  private aliasTableCache: AliasTable | undefined;
  private movedDocuments = new Set<string>();
  /** Counts changes (documents, configuration): a diagnostics batch made before one must catch up. */
  private generation = 0;
  /** The claims each recent change touched, oldest first: what a batch made before them must forget. */
  private claimChanges: { readonly generation: number; readonly claims: ReadonlySet<string> | 'all' }[] = [];

  constructor(private configuration: FactmarkConfig) {}

  get config(): FactmarkConfig {
    return this.configuration;
  }

  /** A new configuration: callers re-summarize documents (tolerances and rates live in summaries). */
  setConfig(config: FactmarkConfig): void {
    this.configuration = config;
    this.reconciliations.clear();
    this.recordClaimChange('all');
  }

  /** A change: `claims` are those whose definitions, mentions or mention positions it touched (`all`: not known). */
  private recordClaimChange(claims: ReadonlySet<string> | 'all'): void {
    this.generation++;
    const change = { generation: this.generation, claims };
    if (claims === 'all') this.claimChanges = [change];
    else if (this.claimChanges.push(change) > MAX_RECORDED_CHANGES) this.claimChanges.shift();
  }

  /** The claims changed since `generation`, or `all` when a change touched everything or the record doesn't reach back. */
  private claimsChangedSince(generation: number): ReadonlySet<string> | 'all' {
    if (this.claimChanges.length === 0 || this.claimChanges[0].generation > generation + 1) return 'all';
    const changed = new Set<string>();
    for (const change of this.claimChanges) {
      if (change.generation <= generation) continue;
      if (change.claims === 'all') return 'all';
      for (const id of change.claims) changed.add(id);
    }
    return changed;
  }

  get size(): number {
    return this.documents.size;
  }

  uris(): IterableIterator<string> {
    return this.documents.keys();
  }

  summary(uri: string): DocumentSummary | undefined {
    return this.documents.get(uri);
  }

  /**
   * Sets (or, with `undefined`, removes) a document's summary. Returns the
   * documents whose diagnostics may have changed, this one included
   * (bulk loading passes `collectAffected = false`: everything is new anyway).
   */
  update(uri: string, summary: DocumentSummary | undefined, collectAffected = true): Set<string> {
    const previous = this.documents.get(uri);
    const affected = new Set<string>([uri]);
    if (!collectAffected) {
      this.recordClaimChange('all');
      this.replace(uri, previous, summary);
      if (previous) this.reconciliations.clear();
      this.aliasTableCache = undefined;
      return affected;
    }
    /** Keys whose content changed, each with whether the documents defining it are affected too. */
    const changedKeys = new Map<string, boolean>();
    /** Keys whose nodes only moved, and whose pointers to them need a refresh: the other definitions' or the other mentions'. */
    const movedKeys = new Map<string, 'definitions' | 'mentions'>();
    /** Keys this document starts or stops referencing: the only changes to `referrers` (a keystroke keeps nearly all). */
    const referencing = new Map<string, boolean>();
    /** Claims whose definitions, mentions or mention positions changed: their diagnostics in a batch are stale. */
    const touchedClaims = new Set<string>();
    const before = previous ? keySignatures(previous) : NO_SIGNATURES;
    const after = summary ? keySignatures(summary) : NO_SIGNATURES;
    let aliasesChanged = false;
    for (const key of new Set([...before.byKey.keys(), ...after.byKey.keys()])) {
      const old = before.byKey.get(key) ?? NO_SIGNATURE;
      const now = after.byKey.get(key) ?? NO_SIGNATURE;
      const definitionsMoved = !sameRow(before.offsets, old.definitionsAt, old.definitionOffsets, after.offsets, now.definitionsAt, now.definitionOffsets);
      const usesMoved = !sameRow(before.offsets, old.usesAt, old.useOffsets, after.offsets, now.usesAt, now.useOffsets);
      const definitionsChanged = old.definitions !== now.definitions;
      if (definitionsChanged && key[0] === '@') aliasesChanged = true;
      const referenced = now.references > 0;
      const referencingChanged = old.references > 0 !== referenced;
      if (referencingChanged) referencing.set(key, referenced);
      // A definition's diagnostics (duplicate, unused) depend on the other definitions and on whether the id
      // is referenced at all, not on the values mentions give: a claim's new value leaves its registry alone.
      const usesChanged = old.references !== now.references || old.values !== now.values;
      if (definitionsChanged || usesChanged) changedKeys.set(key, definitionsChanged || referencingChanged);
      // A mere move matters only where another document points here: a duplicate's or a conflict's related information.
      // Pointers show lines and columns: a keystroke moves the offsets of everything after it, but the place in the
      // editor only of what follows it on its own line (or of everything below, for a line break).
      else if (definitionsMoved && this.definedInSeveralDocuments(key) && movedOnScreen(previous, summary, key, 'definitions')) movedKeys.set(key, 'definitions');
      else if (usesMoved && key[0] === '#' && this.reconcile(key.slice(1)).status === 'conflict' && movedOnScreen(previous, summary, key, 'mentions')) movedKeys.set(key, 'mentions');
      // A cached reconciliation holds this document's old mentions: drop it when any of them changed (recomputed
      // on demand), or, when they only moved, swap in the moved ones (same values, same order: no interval work).
      if (key[0] === '#') {
        const id = key.slice(1);
        const claimChanged = definitionsChanged || usesChanged || old.mentionDetails !== now.mentionDetails;
        if (claimChanged || usesMoved) touchedClaims.add(id);
        if (claimChanged) this.reconciliations.delete(id);
        else if (usesMoved && summary) this.repositionMentions(id, uri, summary);
      }
    }
    if (aliasesChanged) this.aliasTableCache = undefined;
    this.recordClaimChange(touchedClaims);

    const touched = (key: string, definers: boolean) => {
      const { kind, id } = splitKey(key);
      if (definers) for (const other of this.definitions(kind, id)) affected.add(other.uri);
      for (const other of this.referrers[kind].get(id) ?? []) affected.add(other);
    };
    // Before and after the change: documents that shared a key this one dropped are affected too.
    for (const [key, definers] of changedKeys) touched(key, definers);
    this.replace(uri, previous, summary, referencing);
    for (const [key, definers] of changedKeys) touched(key, definers);
    for (const [key, pointers] of movedKeys) {
      const { kind, id } = splitKey(key);
      const others = pointers === 'definitions' ? this.definitions(kind, id).map((d) => d.uri) : (this.referrers[kind].get(id) ?? []);
      for (const other of others) if (!affected.has(other)) this.movedDocuments.add(other);
    }
    return affected;
  }

  /**
   * Documents whose diagnostics point at nodes that moved in other documents
   * (a conflict's or a duplicate's related information), collected since the
   * last call. Nothing else in them changed, so editors refresh them when
   * typing pauses instead of on every keystroke.
   */
  takeMovedDocuments(): Set<string> {
    const moved = this.movedDocuments;
    this.movedDocuments = new Set();
    return moved;
  }

  /**
   * Swaps the document's summary in the indexes. `referencing`: the keys it starts (true) or stops (false)
   * referencing, when the caller diffed them; else every old reference is dropped and every new one added.
   */
  private replace(uri: string, previous: DocumentSummary | undefined, summary: DocumentSummary | undefined, referencing?: ReadonlyMap<string, boolean>): void {
    if (previous) {
      for (const def of previous.definitions) {
        const remaining = this.definitions(def.kind, def.id).filter((d) => d.uri !== uri);
        if (remaining.length) this.definitionsById[def.kind].set(def.id, remaining.length === 1 ? remaining[0] : remaining);
        else this.definitionsById[def.kind].delete(def.id);
      }
      if (!referencing) {
        const ids = referencedIds(previous);
        for (const kind of KINDS) for (const id of ids[kind]) removeFrom(this.referrers[kind], id, uri);
      }
    }
    if (summary) {
      this.documents.set(uri, summary);
      for (const definition of summary.definitions) {
        const definitions = this.definitionsById[definition.kind];
        const found = definitions.get(definition.id);
        if (!found) definitions.set(definition.id, { uri, definition });
        else if (Array.isArray(found)) found.push({ uri, definition });
        else definitions.set(definition.id, [found, { uri, definition }]);
      }
      if (!referencing) {
        const ids = referencedIds(summary);
        for (const kind of KINDS) for (const id of ids[kind]) addTo(this.referrers[kind], id, uri);
      }
    } else this.documents.delete(uri);
    for (const [key, referenced] of referencing ?? []) {
      const { kind, id } = splitKey(key);
      if (referenced) addTo(this.referrers[kind], id, uri);
      else removeFrom(this.referrers[kind], id, uri);
    }
  }

  private repositionMentions(id: string, uri: string, summary: DocumentSummary): void {
    const cached = this.reconciliations.get(id);
    if (!cached) return;
    const moved = mentionsOf(summary, id);
    let next = 0;
    const mentions = cached.mentions.map((m) => (m.uri === uri ? { ...m, mention: moved[next++] } : m));
    if (next !== moved.length) {
      this.reconciliations.delete(id);
      return;
    }
    const repositioned = { ...cached, mentions };
    this.reconciliations.set(id, repositioned);
    const index = this.diagnosticIndexes.get(cached);
    if (index) this.diagnosticIndexes.set(repositioned, index.movedTo(repositioned));
  }

  private definedInSeveralDocuments(key: string): boolean {
    const { kind, id } = splitKey(key);
    const definitions = this.definitions(kind, id);
    return definitions.some((d) => d.uri !== definitions[0].uri);
  }

  definitions(kind: RefKind, id: string): readonly LocatedDefinition[] {
    const found = this.definitionsById[kind].get(id);
    return found === undefined ? NO_DEFINITIONS : Array.isArray(found) ? found : [found];
  }

  isDefined(kind: RefKind, id: string): boolean {
    return this.definitionsById[kind].has(id);
  }

  /** The documents that reference an id, in no order. */
  documentsReferencing(kind: RefKind, id: string): readonly string[] {
    return this.referrers[kind].get(id) ?? NO_DOCUMENTS;
  }

  references(kind: RefKind, id: string): LocatedReference[] {
    const result: LocatedReference[] = [];
    for (const uri of this.documentsReferencing(kind, id)) {
      for (const reference of referencesTo(this.documents.get(uri)!, kind, id)) result.push({ uri, reference });
    }
    return result;
  }

  claimMentions(id: string): LocatedMention[] {
    const result: LocatedMention[] = [];
    for (const uri of [...this.documentsReferencing('claim', id)].sort()) {
      for (const mention of mentionsOf(this.documents.get(uri)!, id)) result.push({ uri, mention });
    }
    return result;
  }

  /**
   * The claim's reconciliation, cached or made, without caching it: for passes over every claim
   * (bulk diagnostics, reports), which would otherwise keep them all.
   */
  reconcileInPassing(id: string): Reconciliation {
    return this.reconciliations.get(id) ?? reconcileClaim(id, this.definitions('claim', id)[0]?.definition, this.claimMentions(id), this.configuration);
  }

  reconcile(id: string): Reconciliation {
    let cached = this.reconciliations.get(id);
    if (!cached) this.reconciliations.set(id, (cached = this.reconcileInPassing(id)));
    return cached;
  }

  /** A batch for diagnosing many documents in a row (see `DiagnosticsBatch`). */
  diagnosticsBatch(): DiagnosticsBatch {
    return new DiagnosticsBatch(this.generation);
  }

  /** Every defined or referenced id of a kind. */
  *ids(kind: RefKind): IterableIterator<string> {
    const defined = this.definitionsById[kind];
    yield* defined.keys();
    for (const id of this.referrers[kind].keys()) if (!defined.has(id)) yield id;
  }

  /** Every defined id, kind by kind (in definition order within a kind). */
  *definedKeys(): IterableIterator<{ kind: RefKind; id: string }> {
    for (const kind of KINDS) for (const id of this.definitionsById[kind].keys()) yield { kind, id };
  }

  /** Aliases (canonical names and `aka=`) of every entity, for untagged-alias hints. */
  aliasTable(): AliasTable {
    if (!this.aliasTableCache) {
      const entries: AliasEntry[] = [];
      for (const id of this.definitionsById.entity.keys()) {
        for (const { definition } of this.definitions('entity', id)) {
          const names = [definition.label, ...definition.attributes.filter((a) => a.key === 'aka').map((a) => a.value)];
          for (const name of names) if (name.trim()) entries.push({ alias: name.trim(), entity: definition.id });
        }
      }
      this.aliasTableCache = new AliasTable(entries);
    }
    return this.aliasTableCache;
  }

  /**
   * All diagnostics of a document (before severities are applied). With a batch (diagnosing many documents in a
   * row), claims are reconciled once for all their documents and not kept; without, reconciliations are cached.
   */
  diagnostics(uri: string, batch?: DiagnosticsBatch): CoreDiagnostic[] {
    const summary = this.documents.get(uri);
    if (!summary) return [];
    const out: CoreDiagnostic[] = [...summary.diagnostics];
    for (const ref of summary.references) {
      if (!this.definitionsById[ref.kind].has(ref.id)) {
        out.push({
          code: `undefined-${ref.kind}`,
          message: `${SIGIL_OF_KIND[ref.kind]}${ref.id} is not defined in the workspace (add [${SIGIL_OF_KIND[ref.kind]}${ref.id}]: ${DEFINE_HINT[ref.kind]}).`,
          range: ref.range,
          data: { kind: ref.kind, id: ref.id },
        });
      }
    }
    for (const def of summary.definitions) {
      const all = this.definitions(def.kind, def.id);
      if (all.length > 1) {
        const others: LocatedDefinition[] = [];
        for (const o of all) {
          if (others.length === MAX_LISTED_OTHERS) break;
          if (o.uri !== uri || o.definition.range.start !== def.range.start) others.push(o);
        }
        out.push({
          code: 'duplicate-definition',
          message: `${SIGIL_OF_KIND[def.kind]}${def.id} is defined ${all.length} times.`,
          range: def.headRange,
          related: others.map((o) => ({ uri: o.uri, range: o.definition.headRange, message: `also defined here` })),
        });
      }
      if (!this.referrers[def.kind].has(def.id)) {
        out.push({ code: 'unused-definition', message: `${KIND_NOUN[def.kind]} ${SIGIL_OF_KIND[def.kind]}${def.id} is never referenced.`, range: def.headRange, unnecessary: true });
      }
    }
    if (batch) this.claimDiagnosticsInBatch(uri, summary, batch, out);
    else {
      for (const mention of summary.claimMentions) {
        if (!this.definitionsById.claim.has(mention.id)) continue;
        const reconciliation = this.reconcile(mention.id);
        const index = this.diagnosticIndex(reconciliation);
        const mineIndex = index.mentionAt(uri, mention.spanRange.start);
        if (mineIndex >= 0) out.push(...mentionDiagnostics(reconciliation, index, mineIndex));
      }
    }
    return out;
  }

  /**
   * The document's claim diagnostics from the batch: a claim not seen yet is reconciled (not cached), every
   * document's diagnostics for it are made at once, and the reconciliation is dropped; this document then
   * takes its share, and a claim whose documents all took theirs leaves the batch.
   */
  private claimDiagnosticsInBatch(uri: string, summary: DocumentSummary, batch: DiagnosticsBatch, out: CoreDiagnostic[]): void {
    if (batch.generation !== this.generation) batch.catchUp(this.generation, this.claimsChangedSince(batch.generation));
    const taken = new Map<string, ReadonlyMap<number, readonly CoreDiagnostic[]>>();
    for (const mention of summary.claimMentions) {
      if (!this.definitionsById.claim.has(mention.id)) continue;
      let mine = taken.get(mention.id);
      if (!mine) {
        const byDocument = batch.pending.get(mention.id) ?? this.verdictsOf(mention.id, batch);
        // Absent: this document was diagnosed before in the batch; its claims are diagnosed afresh.
        mine = byDocument.get(uri) ?? this.verdictsOf(mention.id, batch).get(uri) ?? NO_VERDICTS;
        taken.set(mention.id, mine);
      }
      out.push(...(mine.get(mention.spanRange.start) ?? []));
    }
    for (const id of taken.keys()) {
      const byDocument = batch.pending.get(id);
      if (byDocument?.delete(uri) && byDocument.size === 0) batch.pending.delete(id);
    }
  }

  /** Every document's diagnostics for one claim, by its mentions' span starts; pending in the batch until taken. */
  private verdictsOf(id: string, batch: DiagnosticsBatch): Map<string, ReadonlyMap<number, readonly CoreDiagnostic[]>> {
    const reconciliation = this.reconcileInPassing(id);
    const index = new DiagnosticIndex(reconciliation);
    const byDocument = new Map<string, ReadonlyMap<number, readonly CoreDiagnostic[]>>();
    reconciliation.mentions.forEach(({ uri, mention }, i) => {
      let spans = byDocument.get(uri) as Map<number, readonly CoreDiagnostic[]> | undefined;
      if (!spans) byDocument.set(uri, (spans = new Map()));
      // A span naming the claim twice holds two mentions of one value: their diagnostics are the same.
      const diagnostics = mentionDiagnostics(reconciliation, index, i);
      if (diagnostics.length) spans.set(mention.spanRange.start, diagnostics);
    });
    for (const [uri, spans] of byDocument) if (spans.size === 0) byDocument.set(uri, NO_VERDICTS);
    batch.pending.set(id, byDocument);
    return byDocument;
  }

  private diagnosticIndex(reconciliation: Reconciliation): DiagnosticIndex {
    let index = this.diagnosticIndexes.get(reconciliation);
    if (!index) this.diagnosticIndexes.set(reconciliation, (index = new DiagnosticIndex(reconciliation)));
    return index;
  }
}

/** A mention's own diagnostics: its unit can't be converted, or its value disagrees with others'. */
function mentionDiagnostics(reconciliation: Reconciliation, index: DiagnosticIndex, mineIndex: number): CoreDiagnostic[] {
  const { mention, excluded, disagreesWith } = reconciliation.mentions[mineIndex];
  const out: CoreDiagnostic[] = [];
  if (excluded === 'unit-mismatch') {
    out.push({
      code: 'unit-mismatch',
      message: `#${mention.id} is measured in ${reconciliation.unit}; "${mention.surface}" (${mention.quantity?.unit}) can't be converted${/^[A-Z]{3}$/.test(mention.quantity?.unit ?? '') ? ' (add a rate to factmark.json "rates")' : ''}.`,
      range: mention.spanRange,
    });
  }
  if (disagreesWith.length) {
    // Many articles repeat one figure: each disagreeing reading is named once, with how many mentions give it.
    const readings = new Map<string, number>();
    for (const j of disagreesWith) {
      const quote = index.quoted(j);
      readings.set(quote, (readings.get(quote) ?? 0) + 1);
    }
    const named: string[] = [];
    for (const [quote, count] of readings) {
      if (named.length === MAX_LISTED_OTHERS) break;
      named.push(count > 1 ? `${quote} in ${count} mentions` : quote);
    }
    const unnamed = readings.size - named.length;
    out.push({
      code: 'claim-conflict',
      message: `#${mention.id}: ${index.quoted(mineIndex)} disagrees with ${named.join(', ')}${unnamed ? ` and ${unnamed} more readings` : ''}.`,
      range: mention.spanRange,
      related: relatedMentions(disagreesWith, readings.size, index).map((j) => index.related(j)),
    });
  }
  return out;
}

/**
 * The disagreeing mentions a conflict points at, in mention order: the first of each reading (up to
 * MAX_LISTED_OTHERS readings), then more of the same readings up to MAX_REPEATED_RELATED in all.
 */
function relatedMentions(disagreesWith: readonly number[], readingCount: number, index: DiagnosticIndex): number[] {
  if (disagreesWith.length <= MAX_REPEATED_RELATED) return disagreesWith.slice();
  if (readingCount === 1) return disagreesWith.slice(0, MAX_REPEATED_RELATED);
  const picked = new Set<number>();
  const seenReadings = new Set<string>();
  for (const j of disagreesWith) {
    if (picked.size === MAX_LISTED_OTHERS) break;
    const quote = index.quoted(j);
    if (!seenReadings.has(quote)) {
      seenReadings.add(quote);
      picked.add(j);
    }
  }
  for (const j of disagreesWith) {
    if (picked.size >= MAX_REPEATED_RELATED) break;
    picked.add(j);
  }
  return [...picked].sort((a, b) => a - b);
}

/** A document's claim diagnostics in a batch, by span start: most documents have none for most claims. */
const NO_VERDICTS: ReadonlyMap<number, readonly CoreDiagnostic[]> = new Map();

/**
 * Diagnosing many documents in a row (a bulk publish, `factmark check`), claim by claim. Cached
 * reconciliations of every claim, mentions unpacked, were what a bulk publish's memory peaked on
 * (286 MB live at 10,000 articles); a batch holds only the diagnostics its documents have yet to
 * take. When the workspace changes meanwhile (someone types while the server publishes), it
 * forgets the claims the changes touched, and only those.
 */
export class DiagnosticsBatch {
  /** claim id → document → its diagnostics for the claim by span start; a document leaves once it took them. */
  readonly pending = new Map<string, Map<string, ReadonlyMap<number, readonly CoreDiagnostic[]>>>();

  constructor(private made: number) {}

  /** The workspace generation the pending diagnostics are of. */
  get generation(): number {
    return this.made;
  }

  catchUp(generation: number, changed: ReadonlySet<string> | 'all'): void {
    if (changed === 'all') this.pending.clear();
    else for (const id of changed) this.pending.delete(id);
    this.made = generation;
  }
}

/**
 * What the diagnostics of a reconciliation's mentions need, made once: where
 * each document's mentions start (they are consecutive), so the documents of
 * a claim with thousands of mentions each find theirs without a pass over
 * all; and how each conflicting mention is quoted by the others (kept when
 * mentions only move: a keystroke moves every mention after it).
 */
class DiagnosticIndex {
  /** By mention index, like `quotes`, but made again after a move. */
  private relatedInfos: (RelatedInfo | undefined)[] | undefined;

  /**
   * `quotes`: by mention index, made as conflicts quote them (arrays are sized once, when a conflict
   * first needs one: most claims have none), e.g. `"$95 billion" (94.5–95.5 billion USD)`.
   * Both it and `firstOfDocument` hold across a move (same mentions, same order), so a keystroke,
   * which moves every mention after it, makes neither again.
   */
  constructor(
    private readonly reconciliation: Reconciliation,
    private quotes?: (string | undefined)[],
    private readonly firstOfDocument = firstMentionOfEachDocument(reconciliation),
  ) {}

  /** The index for the same mentions at new positions (same values, same order). */
  movedTo(reconciliation: Reconciliation): DiagnosticIndex {
    return new DiagnosticIndex(reconciliation, this.quotes, this.firstOfDocument);
  }

  /** The index of a document's mention of the span at `spanStart` (the first, if the span names the claim twice), or -1. */
  mentionAt(uri: string, spanStart: number): number {
    const { mentions } = this.reconciliation;
    for (let i = this.firstOfDocument.get(uri) ?? mentions.length; i < mentions.length && mentions[i].uri === uri; i++) {
      if (mentions[i].mention.spanRange.start === spanStart) return i;
    }
    return -1;
  }

  quoted(index: number): string {
    const quotes = (this.quotes ??= new Array(this.reconciliation.mentions.length));
    let quote = quotes[index];
    if (quote === undefined) {
      const { mention, interval } = this.reconciliation.mentions[index];
      quotes[index] = quote = `"${mention.surface}" (${formatIntervalAmount(interval!, this.reconciliation.unit!)})`;
    }
    return quote;
  }

  related(index: number): RelatedInfo {
    const relatedInfos = (this.relatedInfos ??= new Array(this.reconciliation.mentions.length));
    let related = relatedInfos[index];
    if (!related) {
      const { uri, mention } = this.reconciliation.mentions[index];
      relatedInfos[index] = related = { uri, range: mention.spanRange, message: `#${mention.id} is "${mention.surface}" here` };
    }
    return related;
  }
}

/** Where each document's mentions start (a document's mentions of a claim are consecutive). */
function firstMentionOfEachDocument(reconciliation: Reconciliation): ReadonlyMap<string, number> {
  const first = new Map<string, number>();
  reconciliation.mentions.forEach((m, i) => {
    if (!first.has(m.uri)) first.set(m.uri, i);
  });
  return first;
}

/**
 * Per `sigil+id` key: what a document contributes to other documents'
 * diagnostics (definitions with unit/tolerance/aliases, reference count,
 * claim values) and, separately, where those nodes are. A content change
 * affects every document sharing the id; a move alone only matters where
 * another document points here (conflicts, duplicates). Computed only when
 * an edit is diffed (bulk loading never needs it), once per summary.
 */
interface KeySignature {
  /** Definitions: count, label (a name is an alias) and the attributes that change analyses. */
  definitions: string;
  references: number;
  /** Claim values, mention by mention. */
  values: string;
  /** What reports show of each claim mention besides its value (text, sourcing): only cached reconciliations care. */
  mentionDetails: string;
  /** The key's row of definition offsets (start, head end each) in its document's `offsets`: where, and how many. */
  definitionsAt: number;
  definitionOffsets: number;
  /** The key's row of use offsets: each reference's start, then each claim mention's span (start, end). */
  usesAt: number;
  useOffsets: number;
}

/** A document's signatures by key, and the offsets their rows index (numbers, not strings: built on every keystroke). */
interface Signatures {
  readonly byKey: ReadonlyMap<string, KeySignature>;
  readonly offsets: Int32Array;
}

/**
 * Whether what other documents point at for `key` (a duplicate's definition heads, a conflict's mention spans)
 * shows at another line or column than before; called only when its offsets changed.
 */
function movedOnScreen(before: DocumentSummary | undefined, after: DocumentSummary | undefined, key: string, pointers: 'definitions' | 'mentions'): boolean {
  if (!before || !after) return true;
  const old = pointedAt(before, key, pointers);
  const now = pointedAt(after, key, pointers);
  if (old.length !== now.length) return true;
  const oldLines = new LineIndex(before.lineStarts, before.length);
  const newLines = new LineIndex(after.lineStarts, after.length);
  const samePlace = (oldOffset: number, newOffset: number) => {
    const oldLine = oldLines.lineAt(oldOffset);
    const newLine = newLines.lineAt(newOffset);
    return oldLine === newLine && oldOffset - before.lineStarts[oldLine] === newOffset - after.lineStarts[newLine];
  };
  return old.some((range, i) => !samePlace(range.start, now[i].start) || !samePlace(range.end, now[i].end));
}

/** The ranges of `key` that other documents' related information shows. */
function pointedAt(summary: DocumentSummary, key: string, pointers: 'definitions' | 'mentions'): readonly TextRange[] {
  if (pointers === 'mentions') return mentionsOf(summary, splitKey(key).id).map((m) => m.spanRange);
  const { kind, id } = splitKey(key);
  return summary.definitions.filter((d) => d.kind === kind && d.id === id).map((d) => d.headRange);
}

const newSignature = (): KeySignature => ({ definitions: '', references: 0, values: '', mentionDetails: '', definitionsAt: 0, definitionOffsets: 0, usesAt: 0, useOffsets: 0 });
const NO_SIGNATURE: KeySignature = newSignature();
const NO_SIGNATURES: Signatures = { byKey: new Map(), offsets: new Int32Array(0) };
const signatureCache = new WeakMap<DocumentSummary, Signatures>();
/**
 * An interval's part of a claim's signature, kept per interval: a keystroke moves every figure after it, but
 * figures of unchanged paragraphs keep their interval (ParagraphFigures), so its decimals are written once.
 */
const intervalSignatures = new WeakMap<Interval, string>();

function intervalSignature(interval: Interval): string {
  let signature = intervalSignatures.get(interval);
  if (signature === undefined) intervalSignatures.set(interval, (signature = `${interval.low ?? ''}:${interval.high ?? ''}:${interval.lowOpen}${interval.highOpen}`));
  return signature;
}

/** Whether two rows of offsets hold the same numbers. */
function sameRow(a: Int32Array, aAt: number, aLength: number, b: Int32Array, bAt: number, bLength: number): boolean {
  if (aLength !== bLength) return false;
  for (let i = 0; i < aLength; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

/**
 * Each key's signature: strings and counts first, then every key gets its rows of offsets in one typed array,
 * filled in document order. Built on every keystroke for the whole document: with offsets as strings it was,
 * after summarizing, what a keystroke in a 10,000-word article allocated most (218 KB; ~140 KB now, and
 * Workspace.update 1.3 → 0.85 ms).
 */
function keySignatures(summary: DocumentSummary): Signatures {
  const cached = signatureCache.get(summary);
  if (cached) return cached;
  const byKey = new Map<string, KeySignature>();
  // Found by kind and id, so that a key's string is made once, not for each of its references.
  const byKindAndId: Record<RefKind, Map<string, KeySignature>> = { entity: new Map(), claim: new Map(), source: new Map() };
  const entry = (kind: RefKind, id: string) => {
    let found = byKindAndId[kind].get(id);
    if (!found) {
      byKindAndId[kind].set(id, (found = newSignature()));
      byKey.set(keyOf(kind, id), found);
    }
    return found;
  };
  /** The signature of each definition, reference and mention, in that order (the second pass's keys). */
  const owners: KeySignature[] = [];
  for (const def of summary.definitions) {
    const relevant = def.attributes.filter((a) => a.key === 'unit' || a.key === 'tolerance' || a.key === 'aka');
    const signature = entry(def.kind, def.id);
    signature.definitions += `D(${def.kind === 'entity' ? def.label : ''}|${relevant.map((a) => `${a.key}=${a.value}`).join(',')})`;
    signature.definitionOffsets += 2;
    owners.push(signature);
  }
  for (const ref of summary.references) {
    const signature = entry(ref.kind, ref.id);
    signature.references++;
    signature.useOffsets++;
    owners.push(signature);
  }
  for (const mention of summary.claimMentions) {
    const q = mention.quantity;
    const signature = entry('claim', mention.id);
    signature.values += q ? `M(${q.unit}:${intervalSignature(q.interval)})` : 'M()';
    signature.useOffsets += 2;
    signature.mentionDetails += `${mention.surface}|${mention.status}|${mention.sources.join(',')}|${mention.speakers.join(',')}|${mention.asof ?? ''}\n`;
    owners.push(signature);
  }
  let rowsEnd = 0;
  for (const signature of byKey.values()) {
    signature.definitionsAt = rowsEnd;
    rowsEnd += signature.definitionOffsets;
    signature.usesAt = rowsEnd;
    rowsEnd += signature.useOffsets;
    signature.definitionOffsets = signature.useOffsets = 0; // counted again as the rows fill
  }
  const offsets = new Int32Array(rowsEnd);
  let owner = 0;
  for (const def of summary.definitions) {
    const signature = owners[owner++];
    offsets[signature.definitionsAt + signature.definitionOffsets++] = def.range.start;
    offsets[signature.definitionsAt + signature.definitionOffsets++] = def.headRange.end;
  }
  for (const ref of summary.references) {
    const signature = owners[owner++];
    offsets[signature.usesAt + signature.useOffsets++] = ref.range.start;
  }
  // Where a conflict's related information points (the span), beside the references' starts above.
  for (const mention of summary.claimMentions) {
    const signature = owners[owner++];
    offsets[signature.usesAt + signature.useOffsets++] = mention.spanRange.start;
    offsets[signature.usesAt + signature.useOffsets++] = mention.spanRange.end;
  }
  const signatures = { byKey, offsets };
  signatureCache.set(summary, signatures);
  return signatures;
}

export interface AliasEntry {
  readonly alias: string;
  readonly entity: string;
}

export interface AliasMatch {
  readonly range: { start: number; end: number };
  readonly alias: string;
  readonly entity: string;
}

/** ASCII classes for word reading: letters and digits start and continue a word; `'`, `.` and `-` only continue it. */
const ASCII_WORD_START = 1;
const ASCII_WORD_PART = 2;
const ASCII_WORD_CLASS = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? ASCII_WORD_START : c === 39 || c === 46 || c === 45 ? ASCII_WORD_PART : 0,
);
const RIGHT_SINGLE_QUOTE = 0x2019;
/** Letters and digits of every script (`\p{L}`, `\p{N}`), tested one code point at a time beyond ASCII. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** Code units of the letter or digit at `i` (2 for one outside the BMP), or 0 when there is none. */
function letterOrDigitLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD_CLASS[c] === ASCII_WORD_START ? 1 : 0;
  if (i >= text.length) return 0;
  LETTER_OR_DIGIT.lastIndex = i;
  return LETTER_OR_DIGIT.test(text) ? LETTER_OR_DIGIT.lastIndex - i : 0;
}

/** Trailing characters a word loses when it is compared (`Tokayev.`, `Astana’s-` → `Tokayev`, `Astana’s`). */
function isTrimmedWordEnd(c: number): boolean {
  return c === 46 || c === 39 || c === RIGHT_SINGLE_QUOTE || c === 45;
}

/**
 * Reads words — a letter or digit, then letters, digits and `'’.-` — without a regex match per word:
 * after `next`, the word is [start, end) and `trimmedEnd` drops its trailing `.'’-`.
 */
class WordCursor {
  start = 0;
  end = 0;
  trimmedEnd = 0;

  constructor(private readonly text: string) {}

  /** Moves to the first word at or after `from`; false when there is none. */
  next(from: number): boolean {
    const text = this.text;
    let i = from;
    let length = 0;
    while (i < text.length && (length = letterOrDigitLength(text, i)) === 0) i++;
    if (length === 0) return false;
    this.start = i;
    return this.readRest(i + length);
  }

  /** Whether a word starts exactly at `i`; if so, moves to it. */
  at(i: number): boolean {
    const length = letterOrDigitLength(this.text, i);
    if (length === 0) return false;
    this.start = i;
    return this.readRest(i + length);
  }

  private readRest(from: number): true {
    const text = this.text;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c < 128 ? ASCII_WORD_CLASS[c] !== 0 : c === RIGHT_SINGLE_QUOTE) i++;
      else {
        const length = c >= 128 ? letterOrDigitLength(text, i) : 0;
        if (length === 0) break;
        i += length;
      }
    }
    let trimmed = i;
    while (isTrimmedWordEnd(text.charCodeAt(trimmed - 1))) trimmed--;
    this.end = i;
    this.trimmedEnd = trimmed;
    return true;
  }

  get trimmed(): string {
    return this.text.slice(this.start, this.trimmedEnd);
  }
}

/** A 16-bit hash of a word's code units, to rule most words out before slicing them. */
const hashStep = (hash: number, c: number) => (hash * 31 + c) & 0xffff;

function wordHash(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = hashStep(hash, word.charCodeAt(i));
  return hash;
}

/** JavaScript's `\s`: the white space allowed between the words of an alias. */
function isWhiteSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The words of an alias, trimmed as they are compared. */
function aliasWords(alias: string): string[] {
  const cursor = new WordCursor(alias);
  const words: string[] = [];
  for (let from = 0; cursor.next(from); from = cursor.end) words.push(cursor.trimmed);
  return words;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Whether the letter or digit at `start` continues a word begun before it, reading words from `from`:
 * whether a letter or digit comes before it with nothing but `'.-’` between them (the characters
 * that continue a word but cannot start one).
 */
function continuesWord(text: string, start: number, from: number): boolean {
  let k = start - 1;
  while (k >= from && (ASCII_WORD_CLASS[text.charCodeAt(k)] === ASCII_WORD_PART || text.charCodeAt(k) === RIGHT_SINGLE_QUOTE)) k--;
  if (k < from) return false;
  const c = text.charCodeAt(k);
  if (c < 128) return ASCII_WORD_CLASS[c] === ASCII_WORD_START;
  // A low surrogate ends a pair: the character starts a unit earlier.
  return letterOrDigitLength(text, isLowSurrogate(c) && k > from && isHighSurrogate(text.charCodeAt(k - 1)) ? k - 1 : k) > 0;
}

/** Entity aliases keyed by their first word, for a single tokenizing pass over a text. */
export class AliasTable {
  private readonly byFirstWord = new Map<string, { words: string[]; alias: string; entity: string }[]>();
  /** wordHash of every first word: most words starting like one are no first word, and the hash says so. */
  private readonly firstWordHashes = new Uint8Array(0x10000);
  /** The first character of any first word: the pass looks only at where these are (natively, not character by character). */
  private readonly firstCharacter: RegExp;

  constructor(entries: readonly AliasEntry[]) {
    const firstCharacters = new Set<number>();
    for (const entry of entries) {
      const words = aliasWords(entry.alias);
      if (!words.length) continue;
      firstCharacters.add(words[0].codePointAt(0)!);
      this.firstWordHashes[wordHash(words[0])] = 1;
      const list = this.byFirstWord.get(words[0]) ?? [];
      list.push({ words, alias: entry.alias, entity: entry.entity });
      this.byFirstWord.set(words[0], list);
    }
    // Sorted once at the end (the sort is stable): sorting on every push is quadratic when many aliases share a first word.
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
    // A class of characters (every one escaped by its code point): linear, whatever the names.
    this.firstCharacter = new RegExp(`[${[...firstCharacters].map((c) => `\\u{${c.toString(16)}}`).join('')}]`, 'gu');
  }

  get isEmpty(): boolean {
    return this.byFirstWord.size === 0;
  }

  /**
   * Alias occurrences in `text` outside `skip` ranges (sorted), longest match first, no overlaps.
   * The words of a match are separated by white space only (no trimmed `.'’-` between them).
   * Words are read as WordCursor reads them, from the start of the text and again from the end
   * of each match; only words starting with the first character of an alias are looked at.
   */
  find(text: string, skip: readonly { start: number; end: number }[]): AliasMatch[] {
    if (this.isEmpty) return [];
    const matches: AliasMatch[] = [];
    const following = new WordCursor(text);
    const firstCharacter = this.firstCharacter;
    firstCharacter.lastIndex = 0;
    let skipIndex = 0;
    /** Where words are read from: the text's start, or the end of the last match. */
    let readFrom = 0;
    while (firstCharacter.test(text)) {
      const start = firstCharacter.lastIndex - (isLowSurrogate(text.charCodeAt(firstCharacter.lastIndex - 1)) ? 2 : 1);
      while (skipIndex < skip.length && skip[skipIndex].end <= start) skipIndex++;
      if (skipIndex < skip.length && skip[skipIndex].start <= start) {
        // No match starts in a skip range.
        firstCharacter.lastIndex = Math.max(firstCharacter.lastIndex, skip[skipIndex].end);
        continue;
      }
      if (continuesWord(text, start, readFrom)) continue;
      // Read the word, hashing it up to its trimmed end as it goes.
      let end = start;
      let trimmedEnd = start;
      let hash = 0;
      let trimmedHash = 0;
      for (;;) {
        const c = text.charCodeAt(end);
        let units = 1;
        if (c < 128 ? ASCII_WORD_CLASS[c] === 0 : c !== RIGHT_SINGLE_QUOTE && (units = letterOrDigitLength(text, end)) === 0) break;
        for (const stop = end + units; end < stop; end++) hash = hashStep(hash, text.charCodeAt(end));
        if (!isTrimmedWordEnd(c)) {
          trimmedEnd = end;
          trimmedHash = hash;
        }
      }
      firstCharacter.lastIndex = end;
      if (this.firstWordHashes[trimmedHash] === 0) continue;
      const candidates = this.byFirstWord.get(text.slice(start, trimmedEnd));
      if (!candidates) continue;
      for (const candidate of candidates) {
        // Compare the next words one by one (aliases are short).
        let matchEnd = trimmedEnd;
        let untrimmedEnd = end;
        let ok = true;
        for (let k = 1; k < candidate.words.length && ok; k++) {
          let next = untrimmedEnd;
          while (isWhiteSpace(text.charCodeAt(next))) next++;
          ok = matchEnd === untrimmedEnd && next > matchEnd && following.at(next) && following.trimmed === candidate.words[k];
          matchEnd = following.trimmedEnd;
          untrimmedEnd = following.end;
        }
        if (!ok || (skipIndex < skip.length && skip[skipIndex].start < matchEnd)) continue;
        matches.push({ range: { start, end: matchEnd }, alias: candidate.alias, entity: candidate.entity });
        firstCharacter.lastIndex = readFrom = matchEnd;
        break;
      }
    }
    return matches;
  }
}

/**
 * Hints for entity aliases written without a tag (needs the text: open
 * documents and the CLI). Only in documents under annotation (at least one
 * tag): a raw article would drown in them, and its figures come first.
 */
export function untaggedAliasDiagnostics(text: string, summary: DocumentSummary, aliases: AliasTable): CoreDiagnostic[] {
  const spanRanges = spanRangesOf(summary);
  if (spanRanges.length === 0 && summary.references.length === 0) return [];
  const skip = [
    ...(summary.frontMatterRange ? [summary.frontMatterRange] : []),
    ...spanRanges,
    ...summary.definitions.map((d) => d.range),
    ...summary.malformedDefinitionRanges,
    ...summary.commentRanges,
  ].sort((a, b) => a.start - b.start);
  return aliases.find(text, skip).map((match) => ({
    code: 'untagged-alias',
    message: `"${text.slice(match.range.start, match.range.end)}" names @${match.entity}; tag it as [${text.slice(match.range.start, match.range.end)}]{@${match.entity}}.`,
    range: match.range,
    data: { entity: match.entity },
  }));
}
