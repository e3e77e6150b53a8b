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
import { parse } from './parser';
import { analyzeProse, attributionScopes, findReportingPhrases } from './sentences';
import { SIGIL_OF_KIND, type Attribute, type IdRef, type DefinitionNode, type FrontMatterNode, type RefKind, type SpanNode } from './syntax';
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
function isValidFrontMatter(record: Record<string, string>): boolean {
  const { title, outlet, published, url } = record;
  return (
    (title === undefined || title.length > 0) &&
    (outlet === undefined || OUTLET.test(outlet)) &&
    (published === undefined || (DATE.test(published) && isRealDate(published))) &&
    (url === undefined || WEB_URL.test(url))
  );
}

function checkFrontMatter(node: FrontMatterNode, out: CoreDiagnostic[], references: Reference[]): string | undefined {
  const record: Record<string, string> = {};
  for (const field of node.fields) record[field.key] = field.value;
  const result = isValidFrontMatter(record) ? undefined : FrontMatterSchema.safeParse(record);
  if (result && !result.success) {
    for (const issue of result.error.issues) {
      const field = node.fields.find((f) => f.key === issue.path[0]);
      out.push({ code: 'front-matter', message: `front matter field "${String(issue.path[0])}" ${issue.message}`, range: field?.valueRange ?? node.range });
    }
  }
  for (const field of node.fields) {
    const match = /^@([a-z0-9][a-z0-9._-]*)$/.exec(field.value);
    if (match) {
      // valueRange includes YAML quotes when the value is quoted.
      const quoted = field.valueRange.end - field.valueRange.start === field.value.length + 2;
      const idStart = field.valueRange.end - (quoted ? 1 : 0) - match[1].length;
      const idRange = { start: idStart, end: idStart + match[1].length };
      references.push({ kind: 'entity', id: match[1], range: { start: idStart - 1, end: idRange.end }, idRange, context: 'front-matter' });
    }
  }
  return record.title;
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
  return attributes.find((a) => a.key === key);
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

export function summarize(text: string, config: FactmarkConfig): DocumentSummary {
  const tree = parse(text);
  const options = recognizerOptions(config);
  const diagnostics: CoreDiagnostic[] = tree.problems.map((p) => ({ code: 'syntax', message: p.message, range: p.range }));
  const references: Reference[] = [];
  const title = tree.frontMatter ? checkFrontMatter(tree.frontMatter, diagnostics, references) : undefined;

  const spans = tree.inlines.filter((n): n is SpanNode => n.type === 'span');
  const entitySpans: { range: TextRange; ids: string[] }[] = [];
  const reference = (ref: IdRef, context: Reference['context']): Reference => ({ kind: ref.kind, id: ref.id, range: ref.range, idRange: ref.idRange, context });
  for (const node of tree.inlines) {
    if (node.type === 'citation') {
      references.push(reference(node.ref, 'citation'));
      continue;
    }
    for (const ref of node.refs) references.push(reference(ref, 'span'));
    if (node.by) references.push(reference(node.by, 'speaker'));
    const entities = node.refs.filter((r) => r.kind === 'entity').map((r) => r.id);
    if (entities.length) entitySpans.push({ range: node.range, ids: entities });
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
    for (const scope of scopes) {
      const first = lastStartingAtOrBefore(structure.sentences, scope.start);
      for (let s = Math.max(first, 0); s < structure.sentences.length && structure.sentences[s].start < scope.end; s++) {
        if (overlaps(structure.sentences[s], scope)) for (const id of citationsBySentence.get(s) ?? []) ids.push(id);
      }
    }
    return ids;
  };
  const entitySpanRanges = entitySpans.map((e) => e.range);
  // Reporting phrases are found once per document; scopes look them up by binary search.
  let reportingPhrases: TextRange[] | undefined;
  const hasReportingPhrase = (scope: TextRange) => {
    reportingPhrases ??= findReportingPhrases(tree.prose, { start: 0, end: tree.prose.length });
    // Phrases are sorted and disjoint: the last one starting in the scope, or the one before it if that one overhangs.
    const last = lastStartingAtOrBefore(reportingPhrases, scope.end - 1);
    for (let i = last; i >= 0 && i >= last - 1 && reportingPhrases[i].start >= scope.start; i--) {
      if (reportingPhrases[i].end <= scope.end) return true;
    }
    return false;
  };
  const speakersIn = (scopes: readonly TextRange[]): string[] => {
    const ids: string[] = [];
    for (const scope of scopes) {
      const named: string[] = [];
      for (let i = Math.max(0, lastStartingAtOrBefore(entitySpanRanges, scope.start)); i < entitySpans.length && entitySpans[i].range.start < scope.end; i++) {
        if (overlaps(entitySpans[i].range, scope)) for (const id of entitySpans[i].ids) named.push(id);
      }
      if (named.length && hasReportingPhrase(scope)) for (const id of named) ids.push(id);
    }
    return ids;
  };
  // The figures of a sentence share its scopes: each scope set is looked at once, so a long sentence full of tags stays linear.
  const sourcingOfScopes = new Map<string, { sources: string[]; speakers: string[] }>();
  const sourcing = (range: TextRange, span: SpanNode | undefined) => {
    const scopes = attributionScopes(structure, range);
    const key = scopes.map((scope) => `${scope.start}:${scope.end}`).join(',');
    let shared = sourcingOfScopes.get(key);
    if (!shared) sourcingOfScopes.set(key, (shared = { sources: unique(citedIn(scopes)), speakers: unique(speakersIn(scopes)) }));
    const spanSources = span?.refs.filter((r) => r.kind === 'source').map((r) => r.id) ?? [];
    const sources = spanSources.length ? unique([...spanSources, ...shared.sources]) : shared.sources;
    const speakers = span?.by ? unique([span.by.id, ...shared.speakers]) : shared.speakers;
    const status: SourcingStatus = sources.length ? 'cited' : speakers.length ? 'attributed' : 'unsourced';
    return { sources, speakers, status };
  };

  // Figures, each matched to the span it overlaps (if any).
  const figures: FigureInfo[] = [];
  const figuresBySpan = new Map<SpanNode, Figure[]>();
  const infoOfFigure = new Map<Figure, FigureInfo>();
  const spanRanges = spans.map((s) => s.surfaceRange);
  for (const figure of recognizeFigures(tree.prose, 0, tree.prose.length, options)) {
    let span: SpanNode | undefined;
    for (let i = Math.max(0, lastStartingAtOrBefore(spanRanges, figure.range.start)); i < spans.length && spans[i].surfaceRange.start < figure.range.end; i++) {
      if (overlaps(spans[i].surfaceRange, figure.range)) {
        span = spans[i];
        break;
      }
    }
    const spanFigures = span && figuresBySpan.get(span);
    if (spanFigures) spanFigures.push(figure);
    else if (span) figuresBySpan.set(span, [figure]);
    const claim = span?.refs.find((r) => r.kind === 'claim')?.id ?? null;
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
    infoOfFigure.set(figure, info);
    if (info.status === 'unsourced') {
      diagnostics.push({ code: 'unsourced-figure', message: `Unsourced figure "${figure.text}": cite a source (^id) or attribute it (by=@id).`, range: figure.range });
    } else if (info.status === 'attributed') {
      diagnostics.push({
        code: 'uncited-figure',
        message: `Figure "${figure.text}" is attributed to ${info.speakers.map((s) => '@' + s).join(', ')} but not cited.`,
        range: figure.range,
      });
    }
    if (figure.conversion) checkConversion(figure, config, diagnostics);
  }

  // Claim mentions: one per `#id` on a span, valued by `value=` or the span's figure.
  const claimMentions: ClaimMention[] = [];
  for (const span of spans) {
    const claimRefs = span.refs.filter((r) => r.kind === 'claim');
    if (!claimRefs.length) continue;
    const explicit = attributeValue(span.attributes, 'value');
    let quantity: Quantity | null = null;
    if (explicit) {
      quantity = readQuantity(explicit.value, options);
      if (!quantity) diagnostics.push({ code: 'claim-no-value', message: `value="${explicit.value}" is not a quantity (write e.g. value="95e9 USD").`, range: explicit.valueRange });
    } else {
      const figure = figuresBySpan.get(span)?.[0];
      quantity = figure ?? null;
      if (!figure) {
        diagnostics.push({
          code: 'claim-no-value',
          message: `"${span.surface}" is tagged as claim #${claimRefs[0].id} but has no recognizable figure; add value="…".`,
          range: span.surfaceRange,
        });
      }
    }
    const figure = figuresBySpan.get(span)?.[0];
    const { sources, speakers, status } = figure ? infoOfFigure.get(figure)! : sourcing(span.surfaceRange, span);
    for (const ref of claimRefs) {
      claimMentions.push({
        id: ref.id,
        spanRange: span.range,
        idRange: ref.idRange,
        surface: span.surface,
        quantity,
        status,
        sources,
        speakers,
        asof: attributeValue(span.attributes, 'asof')?.value,
      });
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
    diagnostics,
  };
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

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
