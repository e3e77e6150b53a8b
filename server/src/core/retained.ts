/**
 * What a workspace keeps of a file nobody is editing (and what `factmark
 * check` keeps of every file). Figures and spans are dropped, but for the
 * spans' ranges: only an open document's features read them (hovers, inlay
 * hints, code actions, folding), and opening the file summarizes its text
 * afresh; untagged-alias hints, made wherever the text is at hand, need to
 * know where spans and comments are. References, claim mentions and local
 * diagnostics are packed (packing.ts) and unpacked each time they are read:
 * they are read only by cross-file questions about the few documents an id
 * leads to, and packed they take about a quarter of the memory, which is what
 * lets a workspace of 100,000 articles fit.
 */
import { ALL_CODES, type DiagnosticCode } from './diagnosticCodes';
import type { Interval, Qualifier, Quantity } from './figureTypes';
import { ABSENT, Packer, Unpacker, type Packed, type PackedPosition } from './packing';
import type { ClaimMention, CoreDiagnostic, Definition, DocumentSummary, FigureInfo, Reference, RelatedInfo, SourcingStatus, SpanInfo } from './summary';
import { KIND_OF_SIGIL, SIGIL_OF_KIND, type RefKind, type Sigil } from './syntax';
import type { TextRange } from './text';

export function retainedSummary(summary: DocumentSummary): DocumentSummary {
  return summary instanceof RetainedSummary ? summary : new RetainedSummary(retainedParts(summary));
}

/**
 * A document's references to one id. Cross-file questions (references, rename, a hover's count) ask
 * each referring document for one id: a retained summary then builds only those references.
 */
export function referencesTo(summary: DocumentSummary, kind: RefKind, id: string): Reference[] {
  return summary instanceof RetainedSummary ? summary.referencesTo(kind, id) : summary.references.filter((r) => r.kind === kind && r.id === id);
}

/**
 * A document's mentions of one claim: a retained summary builds only those (a claim's reconciliation
 * asks each of its documents); a whole one groups its mentions by claim once, when first asked (a
 * keystroke re-reconciles every claim of its article, and filtering all mentions for each was
 * quadratic: 100–180 ms per keystroke in an article of 3,000 claims).
 */
export function mentionsOf(summary: DocumentSummary, id: string): readonly ClaimMention[] {
  if (summary instanceof RetainedSummary) return summary.mentionsOf(id);
  let byClaim = mentionsByClaim.get(summary);
  if (!byClaim) mentionsByClaim.set(summary, (byClaim = groupByClaim(summary.claimMentions)));
  return byClaim.get(id) ?? NONE;
}

const mentionsByClaim = new WeakMap<DocumentSummary, ReadonlyMap<string, readonly ClaimMention[]>>();

function groupByClaim(mentions: readonly ClaimMention[]): Map<string, ClaimMention[]> {
  const byClaim = new Map<string, ClaimMention[]>();
  for (const m of mentions) {
    const group = byClaim.get(m.id);
    if (group) group.push(m);
    else byClaim.set(m.id, [m]);
  }
  return byClaim;
}

/** Where a document's tagged spans are (untagged-alias hints skip them): a retained summary keeps only these of its spans. */
export function spanRangesOf(summary: DocumentSummary): TextRange[] {
  return summary instanceof RetainedSummary ? summary.spanRanges : summary.spans.map((span) => span.range);
}

const NONE: readonly never[] = Object.freeze([]);

/** What a retained summary is made of: the parts kept as objects, and the packed ones with where each starts. */
interface RetainedParts {
  readonly length: number;
  readonly lineStarts: Uint32Array;
  readonly title: string | undefined;
  readonly frontMatterRange: TextRange | undefined;
  readonly definitions: readonly RetainedDefinition[];
  readonly commentRanges: readonly TextRange[];
  readonly malformedDefinitionRanges: readonly TextRange[];
  readonly packed: Packed;
  readonly mentionsAt: PackedPosition;
  readonly diagnosticsAt: PackedPosition;
  readonly spanRangesAt: PackedPosition;
}

function retainedParts(summary: DocumentSummary): RetainedParts {
  const out = new Packer(summary.references.length * 8 + summary.claimMentions.length * 32 + summary.diagnostics.length * 10 + summary.spans.length * 3 + 16);
  packReferences(out, summary.references);
  const mentionsAt = out.position;
  packMentions(out, summary.claimMentions);
  const diagnosticsAt = out.position;
  packDiagnostics(out, summary.diagnostics);
  const spanRangesAt = out.position;
  packRanges(out, summary.spans.map((span) => span.range));
  return {
    length: summary.length,
    lineStarts: summary.lineStarts,
    title: summary.title,
    frontMatterRange: summary.frontMatterRange,
    definitions: summary.definitions.map((definition) => (definition instanceof RetainedDefinition ? definition : new RetainedDefinition(definition))),
    // Kept (they are rare) with the spans' ranges: where untagged-alias hints never go.
    commentRanges: summary.commentRanges.length ? summary.commentRanges : NONE,
    malformedDefinitionRanges: summary.malformedDefinitionRanges.length ? summary.malformedDefinitionRanges : NONE,
    packed: out.finish(),
    mentionsAt,
    diagnosticsAt,
    spanRangesAt,
  };
}

class RetainedSummary implements DocumentSummary {
  readonly length: number;
  readonly lineStarts: Uint32Array;
  readonly title?: string;
  readonly frontMatterRange?: TextRange;
  readonly definitions: readonly RetainedDefinition[];
  readonly spans: readonly SpanInfo[] = NONE;
  readonly figures: readonly FigureInfo[] = NONE;
  readonly commentRanges: readonly TextRange[];
  readonly malformedDefinitionRanges: readonly TextRange[];
  private readonly packed: Packed;
  private readonly mentionsAt: PackedPosition;
  private readonly diagnosticsAt: PackedPosition;
  private readonly spanRangesAt: PackedPosition;

  constructor(parts: RetainedParts) {
    this.length = parts.length;
    this.lineStarts = parts.lineStarts;
    this.title = parts.title;
    this.frontMatterRange = parts.frontMatterRange;
    this.definitions = parts.definitions;
    this.commentRanges = parts.commentRanges;
    this.malformedDefinitionRanges = parts.malformedDefinitionRanges;
    this.packed = parts.packed;
    this.mentionsAt = parts.mentionsAt;
    this.diagnosticsAt = parts.diagnosticsAt;
    this.spanRangesAt = parts.spanRangesAt;
  }

  get spanRanges(): TextRange[] {
    return unpackRanges(new Unpacker(this.packed, this.spanRangesAt));
  }

  get references(): Reference[] {
    return unpackReferences(new Unpacker(this.packed));
  }

  referencesTo(kind: RefKind, id: string): Reference[] {
    return unpackReferences(new Unpacker(this.packed), { kind, id });
  }

  get claimMentions(): ClaimMention[] {
    return unpackAllMentions(new Unpacker(this.packed, this.mentionsAt));
  }

  mentionsOf(id: string): ClaimMention[] {
    return unpackMentionsOf(new Unpacker(this.packed, this.mentionsAt), id);
  }

  get diagnostics(): CoreDiagnostic[] {
    return unpackDiagnostics(new Unpacker(this.packed, this.diagnosticsAt));
  }

  /** Every part in one packed value (see encodeRetained). */
  encode(): Packed {
    const out = new Packer(this.packed.numbers.length + this.definitions.length * 24 + this.lineStarts.length + 64);
    out.number(this.length);
    out.number(this.lineStarts.length);
    for (let i = 0; i < this.lineStarts.length; i++) out.number(this.lineStarts[i] - (i > 0 ? this.lineStarts[i - 1] : 0));
    out.string(this.title);
    packOptionalRange(out, this.frontMatterRange);
    out.number(this.definitions.length);
    for (const definition of this.definitions) definition.pack(out);
    packRanges(out, this.commentRanges);
    packRanges(out, this.malformedDefinitionRanges);
    for (const at of [this.mentionsAt, this.diagnosticsAt, this.spanRangesAt]) {
      out.number(at.number);
      out.number(at.string);
    }
    out.byteArray(this.packed.numbers);
    out.string(this.packed.strings);
    return out.finish();
  }
}

/**
 * A retained summary as one packed value, for the summary cache on disk (node/summaryCache.ts).
 * Only the format of this build reads it back: the cache is keyed by the build.
 */
export function encodeRetained(summary: DocumentSummary): Packed {
  return (summary instanceof RetainedSummary ? summary : new RetainedSummary(retainedParts(summary))).encode();
}

/** What encodeRetained packed; undefined when `packed` is not exactly one summary of this format. Never throws. */
export function decodeRetained(packed: Packed): DocumentSummary | undefined {
  try {
    const input = new Unpacker(packed);
    const length = input.number();
    const lineStarts = new Uint32Array(input.number());
    for (let i = 0; i < lineStarts.length; i++) lineStarts[i] = input.number() + (i > 0 ? lineStarts[i - 1] : 0);
    const title = input.optionalString();
    const frontMatterRange = unpackOptionalRange(input);
    const definitions: RetainedDefinition[] = [];
    for (let n = input.number(); n > 0; n--) definitions.push(RetainedDefinition.unpack(input));
    const commentRanges = unpackRanges(input);
    const malformedDefinitionRanges = unpackRanges(input);
    const [mentionsAt, diagnosticsAt, spanRangesAt] = [0, 1, 2].map(() => ({ number: input.number(), string: input.number() }));
    const body: Packed = { numbers: input.byteArray(), strings: input.string() };
    const end = input.position;
    const inBody = (at: PackedPosition) => at.number >= 0 && at.number <= body.numbers.length && at.string >= 0 && at.string <= body.strings.length;
    if (end.number !== packed.numbers.length || end.string !== packed.strings.length || ![mentionsAt, diagnosticsAt, spanRangesAt].every(inBody)) return undefined;
    return new RetainedSummary({
      length,
      lineStarts,
      title,
      frontMatterRange,
      definitions,
      commentRanges: commentRanges.length ? commentRanges : NONE,
      malformedDefinitionRanges: malformedDefinitionRanges.length ? malformedDefinitionRanges : NONE,
      packed: body,
      mentionsAt,
      diagnosticsAt,
      spanRangesAt,
    });
  } catch {
    return undefined;
  }
}

function packOptionalRange(out: Packer, range: TextRange | undefined): void {
  out.number(range ? 1 : 0);
  if (range) out.range(range);
}

function unpackOptionalRange(input: Unpacker): TextRange | undefined {
  return input.number() === 1 ? input.range() : undefined;
}

function packRanges(out: Packer, ranges: readonly TextRange[]): void {
  out.number(ranges.length);
  for (const range of ranges) out.range(range);
}

function unpackRanges(input: Unpacker): TextRange[] {
  const ranges: TextRange[] = [];
  for (let n = input.number(); n > 0; n--) ranges.push(input.range());
  return ranges;
}

/** Attribute keys come from a small set: one string each, not one per definition. */
const attributeKeys = new Map<string, string>();
const internedKey = (key: string) => {
  let interned = attributeKeys.get(key);
  if (interned === undefined && attributeKeys.size < 1024) attributeKeys.set(key, (interned = key));
  return interned ?? key;
};

/**
 * A definition kept as numbers and strings, its ranges and attributes made when read: a registry of
 * 200,000 definitions (at 100,000 articles) took ~530 bytes each as objects — a definition object, four
 * range objects, an attribute array and attribute objects — and takes ~380 as this.
 */
class RetainedDefinition implements Definition {
  readonly kind: RefKind;
  readonly id: string;
  readonly label: string;
  readonly url: string | undefined;
  private readonly start: number;
  private readonly end: number;
  private readonly headStart: number;
  private readonly headEnd: number;
  private readonly idStart: number;
  private readonly idEnd: number;
  /** -1 when there is no URL. */
  private readonly urlStart: number;
  private readonly urlEnd: number;
  /** Keys and values in turn. */
  private readonly keysAndValues: readonly string[];

  constructor(definition: Definition) {
    this.kind = definition.kind;
    this.id = definition.id;
    this.label = definition.label;
    this.url = definition.url;
    this.start = definition.range.start;
    this.end = definition.range.end;
    this.headStart = definition.headRange.start;
    this.headEnd = definition.headRange.end;
    this.idStart = definition.idRange.start;
    this.idEnd = definition.idRange.end;
    this.urlStart = definition.urlRange ? definition.urlRange.start : -1;
    this.urlEnd = definition.urlRange ? definition.urlRange.end : -1;
    const { attributes } = definition;
    if (attributes.length === 0) this.keysAndValues = NONE;
    else {
      // Sized once: a grown array keeps its spare capacity.
      const keysAndValues = new Array<string>(attributes.length * 2);
      attributes.forEach((a, i) => {
        keysAndValues[2 * i] = internedKey(a.key);
        keysAndValues[2 * i + 1] = a.value;
      });
      this.keysAndValues = keysAndValues;
    }
  }

  pack(out: Packer): void {
    out.number(sigilCode(this.kind));
    out.string(this.id);
    out.string(this.label);
    out.string(this.url);
    for (const position of [this.start, this.end, this.headStart, this.headEnd, this.idStart, this.idEnd, this.urlStart, this.urlEnd]) out.number(position);
    out.stringList(this.keysAndValues);
  }

  static unpack(input: Unpacker): RetainedDefinition {
    const kind = kindOfCode(input.number());
    const id = input.string();
    const label = input.string();
    const url = input.optionalString();
    const [start, end, headStart, headEnd, idStart, idEnd, urlStart, urlEnd] = [0, 1, 2, 3, 4, 5, 6, 7].map(() => input.number());
    const keysAndValues = input.stringList();
    const attributes: { key: string; value: string }[] = [];
    for (let i = 0; i + 1 < keysAndValues.length; i += 2) attributes.push({ key: keysAndValues[i], value: keysAndValues[i + 1] });
    return new RetainedDefinition({
      kind,
      id,
      label,
      url,
      range: { start, end },
      headRange: { start: headStart, end: headEnd },
      idRange: { start: idStart, end: idEnd },
      urlRange: urlStart < 0 ? undefined : { start: urlStart, end: urlEnd },
      attributes,
    });
  }

  get range(): TextRange {
    return { start: this.start, end: this.end };
  }

  get headRange(): TextRange {
    return { start: this.headStart, end: this.headEnd };
  }

  get idRange(): TextRange {
    return { start: this.idStart, end: this.idEnd };
  }

  get urlRange(): TextRange | undefined {
    return this.urlStart < 0 ? undefined : { start: this.urlStart, end: this.urlEnd };
  }

  get attributes(): { key: string; value: string }[] {
    const attributes: { key: string; value: string }[] = [];
    for (let i = 0; i < this.keysAndValues.length; i += 2) attributes.push({ key: this.keysAndValues[i], value: this.keysAndValues[i + 1] });
    return attributes;
  }
}

const sigilCode = (kind: RefKind) => SIGIL_OF_KIND[kind].charCodeAt(0);
const kindOfCode = (code: number) => KIND_OF_SIGIL[String.fromCharCode(code) as Sigil];

/** Small closed sets of strings are packed as their index (one byte, where the word took up to twelve). */
function indexOver<T extends string>(values: readonly T[]): { indexOf(value: T): number; at(index: number): T } {
  const indexes = new Map(values.map((value, index) => [value, index]));
  return { indexOf: (value) => indexes.get(value)!, at: (index) => values[index] };
}

/** Every member of a string union, the compiler checking that none is missing. */
const membersOf = <T extends string>(members: Record<T, true>) => Object.keys(members) as T[];
const contexts = indexOver(membersOf<Reference['context']>({ span: true, speaker: true, citation: true, 'front-matter': true }));
const qualifiers = indexOver(membersOf<Qualifier>({ exact: true, approximate: true, 'at-most-nearly': true, 'more-than': true, 'less-than': true, range: true }));
const statuses = indexOver(membersOf<SourcingStatus>({ cited: true, attributed: true, unsourced: true }));
const codes = indexOver(ALL_CODES);

/** The length of the start `a` and `b` share. */
function sharedStart(a: string, b: string): number {
  const most = Math.min(a.length, b.length);
  let n = 0;
  while (n < most && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** The length of the end `a` and `b` share, not reaching into their first `start` characters. */
function sharedEnd(a: string, b: string, start: number): number {
  const most = Math.min(a.length, b.length) - start;
  let n = 0;
  while (n < most && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function packReferences(out: Packer, references: readonly Reference[]): void {
  out.number(references.length);
  for (const r of references) {
    out.number(sigilCode(r.kind));
    out.string(r.id);
    out.range(r.range);
    out.range(r.idRange);
    out.number(contexts.indexOf(r.context));
  }
}

/** `only`: unpack just the references to this id (the others' ids are compared in place and skipped). */
function unpackReferences(input: Unpacker, only?: { kind: RefKind; id: string }): Reference[] {
  const references: Reference[] = [];
  for (let n = input.number(); n > 0; n--) {
    const kind = kindOfCode(input.number());
    if (only && !(kind === only.kind && input.stringEquals(only.id))) {
      // Past the id (unless stringEquals read it), both ranges and the context.
      if (kind !== only.kind) input.skipString();
      input.skipNumbers(5);
      continue;
    }
    const id = only ? only.id : input.string();
    const range = input.range();
    const idRange = input.range();
    references.push({ kind, id, range, idRange, context: contexts.at(input.number()) });
  }
  return references;
}

/**
 * Mentions are packed grouped by claim (claims in order of first mention), after a table of the
 * groups: each one's mention count and packed size. A claim's mentions are found by walking the
 * table, a few bytes a claim: skipping every other claim's mentions whole made reconciling every
 * claim of a document quadratic in its mentions (an article of 3,000 claims: 3.2 s for the claims
 * report; at 100,000 articles, 8 s of the first publish went to skipping mentions).
 *
 *   mention count · group count · table size in bytes · (count · bytes · chars) per group · the groups
 */
function packMentions(out: Packer, mentions: readonly ClaimMention[]): void {
  const groups = groupByClaim(mentions);
  const table = new Packer(groups.size * 3);
  const bodies = new Packer(mentions.length * 32);
  for (const group of groups.values()) {
    const start = bodies.position;
    for (const m of group) packMention(bodies, m);
    const end = bodies.position;
    table.number(group.length);
    table.number(end.number - start.number);
    table.number(end.string - start.string);
  }
  out.number(mentions.length);
  out.number(groups.size);
  out.number(table.position.number);
  out.append(table);
  out.append(bodies);
}

/** Every mention, in the document's order. */
function unpackAllMentions(input: Unpacker): ClaimMention[] {
  const count = input.number();
  const groups = input.number();
  input.skipBytes(input.number());
  const mentions = unpackMentions(input, count);
  // Packed by claim: back to the document's order.
  return groups > 1 ? mentions.sort((a, b) => a.spanRange.start - b.spanRange.start || a.idRange.start - b.idRange.start) : mentions;
}

/** The mentions of one claim: its group, found by walking the table. */
function unpackMentionsOf(input: Unpacker, id: string): ClaimMention[] {
  input.skipNumbers(1); // mention count
  const groups = input.number();
  const tableBytes = input.number();
  const table = input.position;
  let bodyNumber = table.number + tableBytes;
  let bodyString = table.string;
  const group = new Unpacker(input.packed);
  for (let g = 0; g < groups; g++) {
    const count = input.number();
    group.seek(bodyNumber, bodyString);
    if (group.stringEquals(id)) {
      group.seek(bodyNumber, bodyString);
      return unpackMentions(group, count, id);
    }
    bodyNumber += input.number();
    bodyString += input.number();
  }
  return [];
}

function packMention(out: Packer, m: ClaimMention): void {
  out.string(m.id);
  out.range(m.spanRange);
  out.range(m.idRange);
  out.string(m.surface);
  const q = m.quantity;
  out.number(q ? 1 : 0);
  if (q) {
    out.decimal(q.value);
    out.string(q.unit);
    out.decimal(q.interval.low);
    out.decimal(q.interval.high);
    out.number(q.interval.lowOpen ? 1 : 0);
    out.number(q.interval.highOpen ? 1 : 0);
    out.number(qualifiers.indexOf(q.qualifier));
    out.string(q.qualifierText);
  }
  out.number(statuses.indexOf(m.status));
  out.stringList(m.sources);
  out.stringList(m.speakers);
  out.string(m.asof);
}

/** `count` mentions; `claim`: the id they all have, which is then not built again for each. */
function unpackMentions(input: Unpacker, count: number, claim?: string): ClaimMention[] {
  const mentions: ClaimMention[] = [];
  for (let n = count; n > 0; n--) {
    const id = claim ?? input.string();
    if (claim !== undefined) input.skipString();
    const spanRange = input.range();
    const idRange = input.range();
    const surface = input.string();
    let quantity: Quantity | null = null;
    if (input.number() === 1) {
      const value = input.decimal()!;
      const unit = input.string();
      const interval: Interval = { low: input.decimal(), high: input.decimal(), lowOpen: input.number() === 1, highOpen: input.number() === 1 };
      quantity = { value, unit, interval, qualifier: qualifiers.at(input.number()), qualifierText: input.optionalString() ?? null };
    }
    const status = statuses.at(input.number());
    const sources = input.stringList();
    const speakers = input.stringList();
    mentions.push({ id, spanRange, idRange, surface, quantity, status, sources, speakers, asof: input.optionalString() });
  }
  return mentions;
}

/**
 * A message is packed as what differs from the document's previous message of the same code: the
 * lengths of the start and end they share, and the middle (`Unsourced figure "` + `$95 billion` +
 * `": cite a source…`). Messages were two fifths of a closed file's packed text.
 */
function packDiagnostics(out: Packer, diagnostics: readonly CoreDiagnostic[]): void {
  out.number(diagnostics.length);
  const previousOfCode = new Map<DiagnosticCode, string>();
  for (const d of diagnostics) {
    out.number(codes.indexOf(d.code));
    const previous = previousOfCode.get(d.code) ?? '';
    const start = sharedStart(previous, d.message);
    const end = sharedEnd(previous, d.message, start);
    out.number(start);
    out.number(end);
    out.string(d.message.slice(start, d.message.length - end));
    previousOfCode.set(d.code, d.message);
    out.range(d.range);
    out.number(d.unnecessary ? 1 : 0);
    const related = d.related ?? NONE;
    out.number(d.related ? related.length : ABSENT);
    for (const r of related) {
      out.string(r.uri);
      out.range(r.range);
      out.string(r.message);
    }
    const data = d.data ? Object.entries(d.data) : NONE;
    out.number(d.data ? data.length : ABSENT);
    for (const [key, value] of data) {
      out.string(key);
      out.string(value);
    }
  }
}

function unpackDiagnostics(input: Unpacker): CoreDiagnostic[] {
  const diagnostics: CoreDiagnostic[] = [];
  const previousOfCode = new Map<DiagnosticCode, string>();
  for (let n = input.number(); n > 0; n--) {
    const code = codes.at(input.number());
    const previous = previousOfCode.get(code) ?? '';
    const start = input.number();
    const end = input.number();
    const message = previous.slice(0, start) + input.string() + previous.slice(previous.length - end);
    previousOfCode.set(code, message);
    const range = input.range();
    const unnecessary = input.number() === 1;
    let related: RelatedInfo[] | undefined;
    const relatedCount = input.number();
    if (relatedCount !== ABSENT) {
      related = [];
      for (let k = relatedCount; k > 0; k--) related.push({ uri: input.string(), range: input.range(), message: input.string() });
    }
    let data: Record<string, string> | undefined;
    const dataCount = input.number();
    if (dataCount !== ABSENT) {
      data = {};
      for (let k = dataCount; k > 0; k--) data[input.string()] = input.string();
    }
    diagnostics.push({ code, message, range, ...(unnecessary ? { unnecessary } : {}), ...(related ? { related } : {}), ...(data ? { data } : {}) });
  }
  return diagnostics;
}
