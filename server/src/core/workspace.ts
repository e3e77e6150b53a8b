/**
 * The workspace index: every document's summary plus the cross-file maps
 * (who defines an id, who references it). An update diffs the document's
 * per-id signatures, so the work it causes — and the set of documents whose
 * diagnostics it can change — is proportional to the ids it touches.
 */
import type { FactmarkConfig } from './config';
import { reconcileClaim, type LocatedMention, type ReconciledMention, type Reconciliation } from './reconcile';
import { keyOf, type CoreDiagnostic, type Definition, type DocumentSummary, type Reference } from './summary';
import { KIND_OF_SIGIL, SIGIL_OF_KIND, type RefKind, type Sigil } from './syntax';
import { trimEndWhile } from './text';
import { formatInterval } from './units';

export interface LocatedDefinition {
  readonly uri: string;
  readonly definition: Definition;
}

export interface LocatedReference {
  readonly uri: string;
  readonly reference: Reference;
}

const KIND_NOUN: Record<RefKind, string> = { entity: 'entity', claim: 'claim', source: 'source' };
const DEFINE_HINT: Record<RefKind, string> = { entity: 'Name', claim: 'Description {unit=…}', source: 'Citation <https://…>' };
/**
 * How many other places one diagnostic lists (related information, mentions named in a conflict):
 * an id defined thousands of times, or a claim with thousands of disagreeing mentions, must not
 * make a document's diagnostics quadratic in size.
 */
const MAX_LISTED_OTHERS = 10;

function addTo(map: Map<string, Set<string>>, key: string, uri: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(uri);
}

function removeFrom(map: Map<string, Set<string>>, key: string, uri: string): void {
  const set = map.get(key);
  if (set?.delete(uri) && set.size === 0) map.delete(key);
}

export class Workspace {
  private readonly documents = new Map<string, DocumentSummary>();
  /** key → its definitions, wherever they are (usually one). */
  private readonly definitionsByKey = new Map<string, LocatedDefinition[]>();
  private readonly referrers = new Map<string, Set<string>>();
  private readonly reconciliations = new Map<string, Reconciliation>();
  private aliasTableCache: AliasTable | undefined;

  constructor(private configuration: FactmarkConfig) {}

  get config(): FactmarkConfig {
    return this.configuration;
  }

  /** A new configuration: callers re-summarize documents (tolerances and rates live in summaries). */
  setConfig(config: FactmarkConfig): void {
    this.configuration = config;
    this.reconciliations.clear();
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
      this.replace(uri, previous, summary);
      if (previous) this.reconciliations.clear();
      this.aliasTableCache = undefined;
      return affected;
    }
    const changedKeys = new Set<string>();
    const before = previous ? keySignatures(previous) : new Map<string, KeySignature>();
    const after = summary ? keySignatures(summary) : new Map<string, KeySignature>();
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const { content: oldContent, positions: oldPositions } = before.get(key) ?? NO_SIGNATURE;
      const { content: newContent, positions: newPositions } = after.get(key) ?? NO_SIGNATURE;
      if (oldContent !== newContent || (oldPositions !== newPositions && this.pointedAtFromElsewhere(key))) changedKeys.add(key);
      // Cached reconciliations hold this document's old mentions: drop them (recomputed on demand).
      if (key[0] === '#') this.reconciliations.delete(key.slice(1));
    }

    const touched = (key: string) => {
      for (const other of this.definitionsByKey.get(key) ?? []) affected.add(other.uri);
      for (const other of this.referrers.get(key) ?? []) affected.add(other);
    };
    // Before and after the change: documents that shared a key this one dropped are affected too.
    for (const key of changedKeys) touched(key);
    this.replace(uri, previous, summary);
    for (const key of changedKeys) {
      if (key.startsWith('@')) this.aliasTableCache = undefined;
      touched(key);
    }
    return affected;
  }

  private replace(uri: string, previous: DocumentSummary | undefined, summary: DocumentSummary | undefined): void {
    if (previous) {
      for (const def of previous.definitions) {
        const key = keyOf(def.kind, def.id);
        const remaining = (this.definitionsByKey.get(key) ?? []).filter((d) => d.uri !== uri);
        if (remaining.length) this.definitionsByKey.set(key, remaining);
        else this.definitionsByKey.delete(key);
      }
      for (const ref of previous.references) removeFrom(this.referrers, keyOf(ref.kind, ref.id), uri);
    }
    if (summary) {
      this.documents.set(uri, summary);
      for (const definition of summary.definitions) {
        const key = keyOf(definition.kind, definition.id);
        const list = this.definitionsByKey.get(key);
        if (list) list.push({ uri, definition });
        else this.definitionsByKey.set(key, [{ uri, definition }]);
      }
      for (const ref of summary.references) addTo(this.referrers, keyOf(ref.kind, ref.id), uri);
    } else this.documents.delete(uri);
  }

  /** Whether other documents' diagnostics carry locations of this key's nodes (conflicts, duplicates). */
  private pointedAtFromElsewhere(key: string): boolean {
    const definitions = this.definitionsByKey.get(key);
    if (definitions && definitions.some((d) => d.uri !== definitions[0].uri)) return true;
    return key[0] === '#' && this.reconcile(key.slice(1)).status === 'conflict';
  }

  definitions(kind: RefKind, id: string): readonly LocatedDefinition[] {
    return this.definitionsByKey.get(keyOf(kind, id)) ?? [];
  }

  isDefined(kind: RefKind, id: string): boolean {
    return this.definitionsByKey.has(keyOf(kind, id));
  }

  documentsReferencing(kind: RefKind, id: string): ReadonlySet<string> {
    return this.referrers.get(keyOf(kind, id)) ?? new Set();
  }

  references(kind: RefKind, id: string): LocatedReference[] {
    const result: LocatedReference[] = [];
    for (const uri of this.documentsReferencing(kind, id)) {
      for (const reference of this.documents.get(uri)!.references) {
        if (reference.kind === kind && reference.id === id) result.push({ uri, reference });
      }
    }
    return result;
  }

  claimMentions(id: string): LocatedMention[] {
    const result: LocatedMention[] = [];
    for (const uri of [...this.documentsReferencing('claim', id)].sort()) {
      for (const mention of this.documents.get(uri)!.claimMentions) if (mention.id === id) result.push({ uri, mention });
    }
    return result;
  }

  reconcile(id: string): Reconciliation {
    let cached = this.reconciliations.get(id);
    if (!cached) {
      cached = reconcileClaim(id, this.definitions('claim', id)[0]?.definition, this.claimMentions(id), this.configuration);
      this.reconciliations.set(id, cached);
    }
    return cached;
  }

  /** Every defined or referenced id of a kind. */
  *ids(kind: RefKind): IterableIterator<string> {
    const sigil = SIGIL_OF_KIND[kind];
    const seen = new Set<string>();
    for (const map of [this.definitionsByKey, this.referrers]) {
      for (const key of map.keys()) {
        if (key[0] === sigil && !seen.has(key)) {
          seen.add(key);
          yield key.slice(1);
        }
      }
    }
  }

  *definedKeys(): IterableIterator<{ kind: RefKind; id: string }> {
    for (const key of this.definitionsByKey.keys()) yield { kind: KIND_OF_SIGIL[key[0] as Sigil], id: key.slice(1) };
  }

  /** Aliases (canonical names and `aka=`) of every entity, for untagged-alias hints. */
  aliasTable(): AliasTable {
    if (!this.aliasTableCache) {
      const entries: AliasEntry[] = [];
      for (const [key, definitions] of this.definitionsByKey) {
        if (key[0] !== '@') continue;
        for (const { definition } of definitions) {
          const names = [definition.label, ...definition.attributes.filter((a) => a.key === 'aka').map((a) => a.value)];
          for (const name of names) if (name.trim()) entries.push({ alias: name.trim(), entity: definition.id });
        }
      }
      this.aliasTableCache = new AliasTable(entries);
    }
    return this.aliasTableCache;
  }

  /** All diagnostics of a document (before severities are applied). */
  diagnostics(uri: string): CoreDiagnostic[] {
    const summary = this.documents.get(uri);
    if (!summary) return [];
    const out: CoreDiagnostic[] = [...summary.diagnostics];
    for (const ref of summary.references) {
      if (!this.definitionsByKey.has(keyOf(ref.kind, ref.id))) {
        out.push({
          code: `undefined-${ref.kind}`,
          message: `${SIGIL_OF_KIND[ref.kind]}${ref.id} is not defined in the workspace (add [${SIGIL_OF_KIND[ref.kind]}${ref.id}]: ${DEFINE_HINT[ref.kind]}).`,
          range: ref.range,
          data: { kind: ref.kind, id: ref.id },
        });
      }
    }
    for (const def of summary.definitions) {
      const key = keyOf(def.kind, def.id);
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
      if (!this.referrers.has(key)) {
        out.push({ code: 'unused-definition', message: `${KIND_NOUN[def.kind]} ${SIGIL_OF_KIND[def.kind]}${def.id} is never referenced.`, range: def.headRange, unnecessary: true });
      }
    }
    // This document's reconciled mentions by span start, per claim: one pass over a claim's mentions, not one per mention.
    const reconciledHere = new Map<string, Map<number, ReconciledMention>>();
    for (const mention of summary.claimMentions) {
      if (!this.definitionsByKey.has(keyOf('claim', mention.id))) continue;
      const reconciliation = this.reconcile(mention.id);
      let here = reconciledHere.get(mention.id);
      if (!here) {
        reconciledHere.set(mention.id, (here = new Map()));
        for (const m of reconciliation.mentions) if (m.uri === uri && !here.has(m.mention.spanRange.start)) here.set(m.mention.spanRange.start, m);
      }
      const mine = here.get(mention.spanRange.start);
      if (!mine) continue;
      if (mine.excluded === 'unit-mismatch') {
        out.push({
          code: 'unit-mismatch',
          message: `#${mention.id} is measured in ${reconciliation.unit}; "${mention.surface}" (${mention.quantity?.unit}) can't be converted${/^[A-Z]{3}$/.test(mention.quantity?.unit ?? '') ? ' (add a rate to factmark.json "rates")' : ''}.`,
          range: mention.spanRange,
        });
      }
      if (mine.disagreesWith.length) {
        const others = mine.disagreesWith.slice(0, MAX_LISTED_OTHERS).map((j) => reconciliation.mentions[j]);
        const unlisted = mine.disagreesWith.length - others.length;
        out.push({
          code: 'claim-conflict',
          message: `#${mention.id}: "${mention.surface}" ${formatInterval(mine.interval!)} disagrees with ${others.map((o) => `"${o.mention.surface}" ${formatInterval(o.interval!)}`).join(', ')}${unlisted ? ` and ${unlisted} more` : ''}.`,
          range: mention.spanRange,
          related: others.map((o) => ({ uri: o.uri, range: o.mention.spanRange, message: `#${mention.id} is "${o.mention.surface}" here` })),
        });
      }
    }
    return out;
  }
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
  content: string;
  positions: string;
}

const NO_SIGNATURE: KeySignature = { content: '', positions: '' };
const signatureCache = new WeakMap<DocumentSummary, Map<string, KeySignature>>();

function keySignatures(summary: DocumentSummary): Map<string, KeySignature> {
  let signatures = signatureCache.get(summary);
  if (signatures) return signatures;
  const map = (signatures = new Map<string, KeySignature>());
  const sign = (key: string, part: string, at: number) => {
    const entry = map.get(key);
    if (entry) {
      entry.content += part;
      entry.positions += `${at},`;
    } else map.set(key, { content: part, positions: `${at},` });
  };
  for (const def of summary.definitions) {
    const relevant = def.attributes.filter((a) => a.key === 'unit' || a.key === 'tolerance' || a.key === 'aka');
    sign(keyOf(def.kind, def.id), `D(${relevant.map((a) => `${a.key}=${a.value}`).join(',')})`, def.range.start);
  }
  for (const ref of summary.references) sign(keyOf(ref.kind, ref.id), 'R', ref.range.start);
  for (const mention of summary.claimMentions) {
    const q = mention.quantity;
    const interval = q && `${q.unit}:${q.interval.low ?? ''}:${q.interval.high ?? ''}:${q.interval.lowOpen}${q.interval.highOpen}`;
    sign(keyOf('claim', mention.id), `M(${interval ?? ''})`, mention.spanRange.start);
  }
  signatureCache.set(summary, map);
  return map;
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

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu;

/** Entity aliases keyed by their first word, for a single tokenizing pass over a text. */
export class AliasTable {
  private readonly byFirstWord = new Map<string, { words: string[]; alias: string; entity: string }[]>();

  constructor(entries: readonly AliasEntry[]) {
    for (const entry of entries) {
      const words = entry.alias.match(WORD)?.map(trimWord);
      if (!words) continue;
      const list = this.byFirstWord.get(words[0]) ?? [];
      list.push({ words, alias: entry.alias, entity: entry.entity });
      this.byFirstWord.set(words[0], list);
    }
    // Sorted once at the end (the sort is stable): sorting on every push is quadratic when many aliases share a first word.
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  get isEmpty(): boolean {
    return this.byFirstWord.size === 0;
  }

  /** Alias occurrences in `text` outside `skip` ranges (sorted), longest match first, no overlaps. */
  find(text: string, skip: readonly { start: number; end: number }[]): AliasMatch[] {
    if (this.isEmpty) return [];
    const matches: AliasMatch[] = [];
    const words = new RegExp(WORD.source, 'gu');
    const following = new RegExp(WORD.source, 'gu');
    let skipIndex = 0;
    for (let m = words.exec(text); m; m = words.exec(text)) {
      const candidates = this.byFirstWord.get(trimWord(m[0]));
      if (!candidates) continue;
      const start = m.index;
      while (skipIndex < skip.length && skip[skipIndex].end <= start) skipIndex++;
      if (skipIndex < skip.length && skip[skipIndex].start <= start) continue;
      for (const candidate of candidates) {
        // Compare the next words one by one (aliases are short).
        let end = start + trimWord(m[0]).length;
        following.lastIndex = start + m[0].length;
        let ok = true;
        for (let k = 1; k < candidate.words.length && ok; k++) {
          const next = following.exec(text);
          ok = next !== null && trimWord(next[0]) === candidate.words[k] && /^\s+$/.test(text.slice(end, next.index));
          if (next) end = next.index + trimWord(next[0]).length;
        }
        if (!ok || (skipIndex < skip.length && skip[skipIndex].start < end)) continue;
        matches.push({ range: { start, end }, alias: candidate.alias, entity: candidate.entity });
        words.lastIndex = end;
        break;
      }
    }
    return matches;
  }
}

function trimWord(word: string): string {
  return trimEndWhile(word, (c) => c === '.' || c === "'" || c === '’' || c === '-');
}

/**
 * Hints for entity aliases written without a tag (needs the text: open
 * documents and the CLI). Only in documents under annotation (at least one
 * tag): a raw article would drown in them, and its figures come first.
 */
export function untaggedAliasDiagnostics(text: string, summary: DocumentSummary, aliases: AliasTable): CoreDiagnostic[] {
  if (summary.spans.length === 0 && summary.references.length === 0) return [];
  const skip = [
    ...(summary.frontMatterRange ? [summary.frontMatterRange] : []),
    ...summary.spans.map((s) => s.range),
    ...summary.definitions.map((d) => d.range),
    ...summary.commentRanges,
  ].sort((a, b) => a.start - b.start);
  return aliases.find(text, skip).map((match) => ({
    code: 'untagged-alias',
    message: `"${text.slice(match.range.start, match.range.end)}" names @${match.entity}; tag it as [${text.slice(match.range.start, match.range.end)}]{@${match.entity}}.`,
    range: match.range,
    data: { entity: match.entity },
  }));
}
