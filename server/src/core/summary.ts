/**
 * The document summary: everything the workspace needs to know about one
 * document, computed once per version from its text. Cross-file questions
 * are answered from summaries alone, so a closed file costs its summary, not
 * its text.
 */
import { z } from 'zod';
import type { FactmarkConfig } from './config';
import { formatAmount } from './format';
import type { DiagnosticCode } from './diagnosticCodes';
import type { Figure, Quantity, RecognizerOptions } from './figureTypes';
import { readQuantity, recognizeFigures } from './figures';
import type { ParagraphFigures } from './paragraphFigures';
import { parse } from './parser';
import { analyzeProse, attributionScopes, containsReportingPhrase } from './sentences';
import { SIGIL_OF_KIND, type Attribute, type IdRef, type DefinitionNode, type FrontMatterField, type FrontMatterNode, type RefKind, type SpanNode } from './syntax';
import type { TextRange } from './text';
import { computeLineStarts, trimEndWhile } from './text';
import { conversionFactor, intersect, scaleInterval, widen } from './units';

export type SourcingStatus = 'cited' | 'attributed' | 'unsourced';

/** A diagnostic as the core knows it: offsets, stable code, no severity yet (rules decide). */
export interface CoreDiagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly range: TextRange;
  readonly related?: readonly RelatedInfo[];
  /** Faded in editors (unused definitions). */
  readonly unnecessary?: boolean;
  /** What a quick fix needs (e.g. the entity an untagged alias names). */
  readonly data?: Readonly<Record<string, string>>;
}

export interface RelatedInfo {
  readonly uri: string;
  readonly range: TextRange;
  readonly message: string;
}

export interface Reference {
  readonly kind: RefKind;
  readonly id: string;
  readonly range: TextRange;
  readonly idRange: TextRange;
  readonly context: 'span' | 'speaker' | 'citation' | 'front-matter';
}

export interface Definition {
  readonly kind: RefKind;
  readonly id: string;
  readonly range: TextRange;
  readonly headRange: TextRange;
  readonly idRange: TextRange;
  readonly label: string;
  readonly url?: string;
  readonly urlRange?: TextRange;
  /** All attributes, repeated keys kept in order (`aka`). */
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
}

export interface FigureInfo extends Figure {
  /** The claim the figure is tagged as (first `#id` of its span), or null. */
  readonly claim: string | null;
  readonly status: SourcingStatus;
  /** Source ids citing it. */
  readonly sources: readonly string[];
  /** Entity ids it is attributed to. */
  readonly speakers: readonly string[];
}

export interface ClaimMention {
  readonly id: string;
  readonly spanRange: TextRange;
  readonly idRange: TextRange;
  readonly surface: string;
  /** Null when the span has no recognizable figure and no usable `value=`. */
  readonly quantity: Quantity | null;
  readonly status: SourcingStatus;
  readonly sources: readonly string[];
  readonly speakers: readonly string[];
  readonly asof?: string;
}

export interface SpanInfo {
  readonly range: TextRange;
  readonly surfaceRange: TextRange;
  readonly attrsRange: TextRange;
  readonly surface: string;
}

export interface DocumentSummary {
  readonly length: number;
  readonly lineStarts: Uint32Array;
  readonly title?: string;
  readonly frontMatterRange?: TextRange;
  readonly definitions: readonly Definition[];
  readonly references: readonly Reference[];
  readonly spans: readonly SpanInfo[];
  readonly figures: readonly FigureInfo[];
  readonly claimMentions: readonly ClaimMention[];
  readonly commentRanges: readonly TextRange[];
  /** Definition lines with an invalid id: neither definitions nor prose. */
  readonly malformedDefinitionRanges: readonly TextRange[];
  /** Diagnostics that depend on this document alone (and the configuration). */
  readonly diagnostics: readonly CoreDiagnostic[];
}

export function keyOf(kind: RefKind, id: string): string {
  return SIGIL_OF_KIND[kind] + id;
}

export function recognizerOptions(config: FactmarkConfig): RecognizerOptions {
  return { tolerances: config.tolerances, dollarCurrency: config.dollarCurrency, yenSymbolCurrency: config.yenCurrency };
}

const OUTLET = /^(@[a-z0-9][a-z0-9._-]*|[^@].*)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEB_URL = /^https?:\/\/\S+$/;
const isRealDate = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/**
 * isRealDate for a string that matches DATE, by arithmetic: building Date objects for every document was a
 * noticeable share of summarizing. The same answer for every YYYY-MM-DD (checked for all years 0000–9999).
 */
function isCalendarDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

const FrontMatterSchema = z
  .object({
    title: z.string().min(1, 'must not be empty'),
    outlet: z.string().regex(OUTLET, 'must be an entity reference such as "@astana-times" or a plain name'),
    published: z.string().regex(DATE, 'must be a date written YYYY-MM-DD').refine(isRealDate, 'is not a real date'),
    url: z.string().regex(WEB_URL, 'must be an http(s) URL'),
  })
  .partial()
  .catchall(z.string());

/** What FrontMatterSchema accepts (every value is a string), checked without running zod on every document. */
function isValidFrontMatter(fields: readonly FrontMatterField[]): boolean {
  const title = fieldValue(fields, 'title');
  const outlet = fieldValue(fields, 'outlet');
  const published = fieldValue(fields, 'published');
  const url = fieldValue(fields, 'url');
  return (
    (title === undefined || title.length > 0) &&
    (outlet === undefined || OUTLET.test(outlet)) &&
    (published === undefined || (DATE.test(published) && isCalendarDate(published))) &&
    (url === undefined || WEB_URL.test(url))
  );
}

/** The value of the field named `key` (the parser keeps one field per key). */
function fieldValue(fields: readonly FrontMatterField[], key: string): string | undefined {
  for (const field of fields) if (field.key === key) return field.value;
  return undefined;
}

function checkFrontMatter(node: FrontMatterNode, out: CoreDiagnostic[], references: Reference[]): string | undefined {
  if (!isValidFrontMatter(node.fields)) reportFrontMatterIssues(node, out);
  for (const field of node.fields) {
    const match = field.value.charCodeAt(0) === 64 /* @ */ ? /^@([a-z0-9][a-z0-9._-]*)$/.exec(field.value) : null;
    if (match) {
      // valueRange includes YAML quotes when the value is quoted.
      const quoted = field.valueRange.end - field.valueRange.start === field.value.length + 2;
      const idStart = field.valueRange.end - (quoted ? 1 : 0) - match[1].length;
      const idRange = { start: idStart, end: idStart + match[1].length };
      references.push({ kind: 'entity', id: match[1], range: { start: idStart - 1, end: idRange.end }, idRange, context: 'front-matter' });
    }
  }
  return fieldValue(node.fields, 'title');
}

/** The schema's own messages, one per issue, for front matter that isValidFrontMatter rejected. */
function reportFrontMatterIssues(node: FrontMatterNode, out: CoreDiagnostic[]): void {
  const record: Record<string, string> = {};
  for (const field of node.fields) record[field.key] = field.value;
  const result = FrontMatterSchema.safeParse(record);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const field = node.fields.find((f) => f.key === issue.path[0]);
    out.push({ code: 'front-matter', message: `front matter field "${String(issue.path[0])}" ${issue.message}`, range: field?.valueRange ?? node.range });
  }
}

function toDefinition(node: DefinitionNode): Definition {
  return {
    kind: node.kind,
    id: node.ref.id,
    range: node.range,
    headRange: { start: node.range.start, end: Math.min(node.ref.range.end + 2, node.range.end) }, // `[@id]:`
    idRange: node.ref.idRange,
    label: node.label,
    url: node.url?.value,
    urlRange: node.url?.range,
    attributes: node.attributes.map((a) => ({ key: a.key, value: a.value })),
  };
}

function attributeValue(attributes: readonly Attribute[], key: string): Attribute | undefined {
  for (const attribute of attributes) if (attribute.key === key) return attribute;
  return undefined;
}

/** Index of the last element whose start is ≤ offset, or -1. */
function lastStartingAtOrBefore(ranges: readonly TextRange[], offset: number): number {
  let low = 0;
  let high = ranges.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (ranges[mid].start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/** `paragraphFigures`: an open document's figures from its previous version, so that only changed paragraphs are read again. */
export function summarize(text: string, config: FactmarkConfig, paragraphFigures?: ParagraphFigures): DocumentSummary {
  const tree = parse(text);
  const options = recognizerOptions(config);
  // Pushed into a literal, not made by `map`: an empty mapped array has another elements kind than a full one,
  // and each switch cost the optimized summarize a deoptimization (and a 100 ms recompile per thread).
  const diagnostics: CoreDiagnostic[] = [];
  for (const problem of tree.problems) diagnostics.push({ code: 'syntax', message: problem.message, range: problem.range });
  const references: Reference[] = [];
  const title = tree.frontMatter ? checkFrontMatter(tree.frontMatter, diagnostics, references) : undefined;

  const spans: SpanNode[] = [];
  const entitySpans: { range: TextRange; ids: string[] }[] = [];
  for (const node of tree.inlines) {
    if (node.type === 'citation') {
      references.push(reference(node.ref, 'citation'));
      continue;
    }
    spans.push(node);
    let entities: string[] | undefined;
    for (const ref of node.refs) {
      references.push(reference(ref, 'span'));
      if (ref.kind === 'entity') (entities ??= []).push(ref.id);
    }
    if (node.by) references.push(reference(node.by, 'speaker'));
    if (entities) entitySpans.push({ range: node.range, ids: entities });
  }

  // Sourcing context: sentences, quotations, and which sentence each [^src] ends.
  const structure = analyzeProse(tree.prose);
  const citationsBySentence = new Map<number, string[]>();
  for (const node of tree.inlines) {
    if (node.type !== 'citation') continue;
    const sentence = lastStartingAtOrBefore(structure.sentences, node.range.start);
    if (sentence < 0) continue;
    const ids = citationsBySentence.get(sentence);
    if (ids) ids.push(node.ref.id);
    else citationsBySentence.set(sentence, [node.ref.id]);
  }
  // Ids are copied with loops, not push(...ids): a sentence may hold more ids than a call takes arguments.
  const citedIn = (scopes: readonly TextRange[]): string[] => {
    const ids: string[] = [];
    if (citationsBySentence.size === 0) return ids;
    for (const scope of scopes) {
      const first = lastStartingAtOrBefore(structure.sentences, scope.start);
      for (let s = Math.max(first, 0); s < structure.sentences.length && structure.sentences[s].start < scope.end; s++) {
        const cited = overlaps(structure.sentences[s], scope) ? citationsBySentence.get(s) : undefined;
        if (cited) for (const id of cited) ids.push(id);
      }
    }
    return ids;
  };
  const entitySpanRanges = entitySpans.map((e) => e.range);
  // Scopes are the prose structure's own range objects, shared by every figure they hold: looking each one up
  // once keeps the work linear, and only scopes that name a tagged entity are read at all.
  const reportingPhraseIn = new Map<TextRange, boolean>();
  const hasReportingPhrase = (scope: TextRange) => {
    let found = reportingPhraseIn.get(scope);
    if (found === undefined) reportingPhraseIn.set(scope, (found = containsReportingPhrase(tree.prose, scope)));
    return found;
  };
  const speakersIn = (scopes: readonly TextRange[]): string[] => {
    const ids: string[] = [];
    for (const scope of scopes) {
      let named: string[] | undefined;
      for (let i = Math.max(0, lastStartingAtOrBefore(entitySpanRanges, scope.start)); i < entitySpans.length && entitySpans[i].range.start < scope.end; i++) {
        if (overlaps(entitySpans[i].range, scope)) for (const id of entitySpans[i].ids) (named ??= []).push(id);
      }
      if (named && hasReportingPhrase(scope)) for (const id of named) ids.push(id);
    }
    return ids;
  };
  // The figures of a sentence share its scopes: each scope set is looked at once, so a long sentence full of tags
  // stays linear. Ranges come in order, so a set of one scope (the usual case: the figure's sentence) is met in
  // one run: only the last is kept. Sets of several scopes (across sentences, with a quotation's attribution) are
  // kept by their ranges.
  let lastSentence: TextRange | undefined;
  let lastSentenceSourcing: ScopeSourcing | undefined;
  const sourcingOfScopes = new Map<string, ScopeSourcing>();
  const scopeSourcing = (scopes: readonly TextRange[]): ScopeSourcing => ({ sources: unique(citedIn(scopes)), speakers: unique(speakersIn(scopes)) });
  const sourcing = (range: TextRange, span: SpanNode | undefined): Sourcing => {
    const scopes = attributionScopes(structure, range);
    let shared: ScopeSourcing | undefined;
    if (scopes.length === 1) {
      if (scopes[0] !== lastSentence) {
        lastSentence = scopes[0];
        lastSentenceSourcing = scopeSourcing(scopes);
      }
      shared = lastSentenceSourcing!;
    } else {
      const key = scopes.map((scope) => `${scope.start}:${scope.end}`).join(',');
      shared = sourcingOfScopes.get(key);
      if (!shared) sourcingOfScopes.set(key, (shared = scopeSourcing(scopes)));
    }
    let sources = shared.sources;
    if (span) {
      let spanSources: string[] | undefined;
      for (const ref of span.refs) if (ref.kind === 'source') (spanSources ??= []).push(ref.id);
      if (spanSources) sources = unique(shared.sources.length ? spanSources.concat(shared.sources) : spanSources);
    }
    const speakers = span?.by ? (shared.speakers.length ? unique([span.by.id, ...shared.speakers]) : [span.by.id]) : shared.speakers;
    const status: SourcingStatus = sources.length ? 'cited' : speakers.length ? 'attributed' : 'unsourced';
    return { sources, speakers, status };
  };

  // Figures, each matched to the span it overlaps (if any); each span remembers its first figure.
  const recognized = paragraphFigures ? paragraphFigures.recognize(tree.prose, options) : recognizeFigures(tree.prose, 0, tree.prose.length, options);
  const figures: FigureInfo[] = [];
  const firstFigureOfSpan: number[] = new Array<number>(spans.length).fill(-1);
  // The last span starting at or before the figure: figures come in order, so it only moves forward.
  let spanBefore = -1;
  for (let f = 0; f < recognized.length; f++) {
    const figure = recognized[f];
    while (spanBefore + 1 < spans.length && spans[spanBefore + 1].surfaceRange.start <= figure.range.start) spanBefore++;
    let spanIndex = -1;
    for (let i = Math.max(0, spanBefore); i < spans.length && spans[i].surfaceRange.start < figure.range.end; i++) {
      if (overlaps(spans[i].surfaceRange, figure.range)) {
        spanIndex = i;
        break;
      }
    }
    const span = spanIndex >= 0 ? spans[spanIndex] : undefined;
    if (span && firstFigureOfSpan[spanIndex] < 0) firstFigureOfSpan[spanIndex] = f;
    const claim = span ? firstRefOf(span, 'claim')?.id ?? null : null;
    const { sources, speakers, status } = sourcing(figure.range, span);
    const info: FigureInfo = {
      range: figure.range,
      text: figure.text,
      value: figure.value,
      unit: figure.unit,
      interval: figure.interval,
      qualifier: figure.qualifier,
      qualifierText: figure.qualifierText,
      conversion: figure.conversion,
      claim,
      status,
      sources,
      speakers,
    };
    figures.push(info);
    if (status === 'unsourced') {
      diagnostics.push({ code: 'unsourced-figure', message: `Unsourced figure "${figure.text}": cite a source (^id) or attribute it (by=@id).`, range: figure.range });
    } else if (status === 'attributed') {
      diagnostics.push({
        code: 'uncited-figure',
        message: `Figure "${figure.text}" is attributed to ${entityList(speakers)} but not cited.`,
        range: figure.range,
      });
    }
    if (figure.conversion) checkConversion(figure, config, diagnostics);
  }

  // Claim mentions: one per `#id` on a span, valued by `value=` or the span's figure.
  const claimMentions: ClaimMention[] = [];
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s];
    const firstClaim = firstRefOf(span, 'claim');
    if (!firstClaim) continue;
    const explicit = attributeValue(span.attributes, 'value');
    const first = firstFigureOfSpan[s];
    const figure = first >= 0 ? recognized[first] : undefined;
    let quantity: Quantity | null = null;
    if (explicit) {
      quantity = readQuantity(explicit.value, options);
      if (!quantity) diagnostics.push({ code: 'claim-no-value', message: `value="${explicit.value}" is not a quantity (write e.g. value="95e9 USD").`, range: explicit.valueRange });
    } else {
      quantity = figure ?? null;
      if (!figure) {
        diagnostics.push({
          code: 'claim-no-value',
          message: `"${span.surface}" is tagged as claim #${firstClaim.id} but has no recognizable figure; add value="…".`,
          range: span.surfaceRange,
        });
      }
    }
    const { sources, speakers, status } = figure ? figures[first] : sourcing(span.surfaceRange, span);
    const asof = attributeValue(span.attributes, 'asof')?.value;
    for (const ref of span.refs) {
      if (ref.kind !== 'claim') continue;
      claimMentions.push({ id: ref.id, spanRange: span.range, idRange: ref.idRange, surface: span.surface, quantity, status, sources, speakers, asof });
    }
  }

  const definitions = tree.definitions.map(toDefinition);
  return {
    length: text.length,
    lineStarts: computeLineStarts(text),
    title,
    frontMatterRange: tree.frontMatter?.range,
    definitions,
    references,
    spans: spans.map((s) => ({ range: s.range, surfaceRange: s.surfaceRange, attrsRange: s.attrsRange, surface: s.surface })),
    figures,
    claimMentions,
    commentRanges: tree.comments.map((c) => c.range),
    malformedDefinitionRanges: tree.malformedDefinitions,
    diagnostics,
  };
}

interface ScopeSourcing {
  readonly sources: string[];
  readonly speakers: string[];
}

interface Sourcing {
  readonly sources: string[];
  readonly speakers: string[];
  readonly status: SourcingStatus;
}

function reference(ref: IdRef, context: Reference['context']): Reference {
  return { kind: ref.kind, id: ref.id, range: ref.range, idRange: ref.idRange, context };
}

function firstRefOf(span: SpanNode, kind: RefKind): IdRef | undefined {
  for (const ref of span.refs) if (ref.kind === kind) return ref;
  return undefined;
}

/** `@a, @b` */
function entityList(ids: readonly string[]): string {
  let list = '@' + ids[0];
  for (let i = 1; i < ids.length; i++) list += ', @' + ids[i];
  return list;
}

function checkConversion(figure: Figure, config: FactmarkConfig, out: CoreDiagnostic[]): void {
  const conversion = figure.conversion!;
  const factor = conversionFactor(figure.unit, conversion.unit, config.rates);
  if (!factor) return;
  const expected = widen(scaleInterval(figure.interval, factor), config.conversionTolerance);
  if (intersect(expected, conversion.interval)) return;
  const statedText = trimEndWhile(figure.text.slice(0, conversion.range.start - figure.range.start), (c) => c === '(' || /\s/.test(c));
  out.push({
    code: 'conversion-mismatch',
    message: `"${conversion.text}" disagrees with the configured rate: ${statedText} is about ${formatAmount(figure.value.mul(factor), conversion.unit)}.`,
    range: conversion.range,
  });
}

/** Lists up to this long (the usual one to three ids) are checked for repeats by looking back: no set to build. */
const UNIQUE_BY_SCAN_MAX = 8;

/** Each value once, in order of first appearance; `values` itself when it repeats none. */
function unique(values: string[]): string[] {
  if (values.length > UNIQUE_BY_SCAN_MAX) return [...new Set(values)];
  for (let i = 1; i < values.length; i++) {
    if (values.lastIndexOf(values[i], i - 1) >= 0) return [...new Set(values)];
  }
  return values;
}
