/**
 * The workspace index: every document's summary plus the cross-file maps
 * (who defines an id, who references it). An update diffs the document's
 * per-id signatures, so the work it causes — and the set of documents whose
 * diagnostics it can change — is proportional to the ids it touches.
 */
import type { FactmarkConfig } from './config';
import { reconcileClaim, type LocatedMention, type Reconciliation } from './reconcile';
import { keyOf, POSITION_SEPARATOR, type CoreDiagnostic, type Definition, type DocumentSummary, type Reference } from './summary';
import { KIND_OF_SIGIL, SIGIL_OF_KIND, type RefKind, type Sigil } from './syntax';
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
  private readonly definers = new Map<string, Set<string>>();
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
   * documents whose diagnostics may have changed, this one included.
   */
  update(uri: string, summary: DocumentSummary | undefined): Set<string> {
    const previous = this.documents.get(uri);
    const affected = new Set<string>([uri]);
    const changedKeys = new Set<string>();
    const before = previous?.keySignatures ?? new Map<string, string>();
    const after = summary?.keySignatures ?? new Map<string, string>();
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const [oldContent, oldPositions] = (before.get(key) ?? '').split(POSITION_SEPARATOR);
      const [newContent, newPositions] = (after.get(key) ?? '').split(POSITION_SEPARATOR);
      if (oldContent !== newContent || (oldPositions !== newPositions && this.pointedAtFromElsewhere(key))) changedKeys.add(key);
      // Cached reconciliations hold this document's old mentions: drop them (recomputed on demand).
      if (key[0] === '#') this.reconciliations.delete(key.slice(1));
    }

    if (previous) {
      for (const def of previous.definitions) removeFrom(this.definers, keyOf(def.kind, def.id), uri);
      for (const ref of previous.references) removeFrom(this.referrers, keyOf(ref.kind, ref.id), uri);
    }
    if (summary) {
      this.documents.set(uri, summary);
      for (const def of summary.definitions) addTo(this.definers, keyOf(def.kind, def.id), uri);
      for (const ref of summary.references) addTo(this.referrers, keyOf(ref.kind, ref.id), uri);
    } else this.documents.delete(uri);

    for (const key of changedKeys) {
      if (key.startsWith('@')) this.aliasTableCache = undefined;
      for (const other of this.definers.get(key) ?? []) affected.add(other);
      for (const other of this.referrers.get(key) ?? []) affected.add(other);
    }
    // Documents that lost their last mention of a key are no longer in the maps.
    return affected;
  }

  /** Whether other documents' diagnostics carry locations of this key's nodes (conflicts, duplicates). */
  private pointedAtFromElsewhere(key: string): boolean {
    if ((this.definers.get(key)?.size ?? 0) > 1) return true;
    return key[0] === '#' && this.reconcile(key.slice(1)).status === 'conflict';
  }

  definitions(kind: RefKind, id: string): LocatedDefinition[] {
    const result: LocatedDefinition[] = [];
    for (const uri of this.definers.get(keyOf(kind, id)) ?? []) {
      for (const definition of this.documents.get(uri)!.definitions) {
        if (definition.kind === kind && definition.id === id) result.push({ uri, definition });
      }
    }
    return result;
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
    for (const map of [this.definers, this.referrers]) {
      for (const key of map.keys()) {
        if (key[0] === sigil && !seen.has(key)) {
          seen.add(key);
          yield key.slice(1);
        }
      }
    }
  }

  *definedKeys(): IterableIterator<{ kind: RefKind; id: string }> {
    for (const key of this.definers.keys()) yield { kind: KIND_OF_SIGIL[key[0] as Sigil], id: key.slice(1) };
  }

  /** Aliases (canonical names and `aka=`) of every entity, for untagged-alias hints. */
  aliasTable(): AliasTable {
    if (!this.aliasTableCache) {
      const entries: AliasEntry[] = [];
      for (const key of this.definers.keys()) {
        if (key[0] !== '@') continue;
        for (const { definition } of this.definitions('entity', key.slice(1))) {
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
      if (!this.definers.has(keyOf(ref.kind, ref.id))) {
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
        const others = all.filter((o) => o.uri !== uri || o.definition.range.start !== def.range.start);
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
    for (const mention of summary.claimMentions) {
      if (!this.definers.has(keyOf('claim', mention.id))) continue;
      const reconciliation = this.reconcile(mention.id);
      const index = reconciliation.mentions.findIndex((m) => m.uri === uri && m.mention.spanRange.start === mention.spanRange.start);
      const mine = reconciliation.mentions[index];
      if (!mine) continue;
      if (mine.excluded === 'unit-mismatch') {
        out.push({
          code: 'unit-mismatch',
          message: `#${mention.id} is measured in ${reconciliation.unit}; "${mention.surface}" (${mention.quantity?.unit}) can't be converted${/^[A-Z]{3}$/.test(mention.quantity?.unit ?? '') ? ' (add a rate to factmark.json "rates")' : ''}.`,
          range: mention.spanRange,
        });
      }
      if (mine.disagreesWith.length) {
        const others = mine.disagreesWith.map((j) => reconciliation.mentions[j]);
        out.push({
          code: 'claim-conflict',
          message: `#${mention.id}: "${mention.surface}" ${formatInterval(mine.interval!)} disagrees with ${others.map((o) => `"${o.mention.surface}" ${formatInterval(o.interval!)}`).join(', ')}.`,
          range: mention.spanRange,
          related: others.map((o) => ({ uri: o.uri, range: o.mention.spanRange, message: `#${mention.id} is "${o.mention.surface}" here` })),
        });
      }
    }
    return out;
  }
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
      const words = entry.alias.match(WORD);
      if (!words) continue;
      const list = this.byFirstWord.get(words[0]) ?? [];
      list.push({ words, alias: entry.alias, entity: entry.entity });
      list.sort((a, b) => b.words.length - a.words.length);
      this.byFirstWord.set(words[0], list);
    }
  }

  get isEmpty(): boolean {
    return this.byFirstWord.size === 0;
  }

  /** Alias occurrences in `text` outside `skip` ranges (sorted), longest match first, no overlaps. */
  find(text: string, skip: readonly { start: number; end: number }[]): AliasMatch[] {
    if (this.isEmpty) return [];
    const tokens = [...text.matchAll(WORD)].map((m) => ({ word: m[0].replace(/[.'’-]+$/, ''), start: m.index! }));
    const matches: AliasMatch[] = [];
    let skipIndex = 0;
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.byFirstWord.get(tokens[i].word);
      if (!candidates) continue;
      while (skipIndex < skip.length && skip[skipIndex].end <= tokens[i].start) skipIndex++;
      if (skipIndex < skip.length && skip[skipIndex].start <= tokens[i].start) continue;
      for (const candidate of candidates) {
        const last = i + candidate.words.length - 1;
        if (last >= tokens.length || !candidate.words.every((w, k) => tokens[i + k].word === w)) continue;
        const end = tokens[last].start + tokens[last].word.length;
        if (skipIndex < skip.length && skip[skipIndex].start < end) continue;
        matches.push({ range: { start: tokens[i].start, end }, alias: candidate.alias, entity: candidate.entity });
        i = last;
        break;
      }
    }
    return matches;
  }
}

/** Hints for entity aliases written without a tag (needs the text: open documents and the CLI). */
export function untaggedAliasDiagnostics(text: string, summary: DocumentSummary, aliases: AliasTable): CoreDiagnostic[] {
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
