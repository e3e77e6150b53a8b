/**
 * The invariants every input must keep in the analysis core, and the inputs
 * that probe them: arbitrary strings (any code point, lone surrogates,
 * markup-dense token soup) and the sample articles with random markup
 * characters inserted and stretches deleted. Shared by the bounded property
 * tests (core.test.ts) and the long run behind `npm run fuzz` (scripts/fuzz.mjs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc } from '../support/property';
import { renderParts } from '../support/workspace';
import { documentDiagnostics } from '../../server/src/core/analysis';
import { parseConfig, type FactmarkConfig } from '../../server/src/core/config';
import { recognizeFigures } from '../../server/src/core/figures';
import { decodeRetained, encodeRetained, retainedSummary } from '../../server/src/core/retained';
import { parse } from '../../server/src/core/parser';
import { recognizerOptions, summarize, type DocumentSummary } from '../../server/src/core/summary';
import { computeLineStarts, type TextRange } from '../../server/src/core/text';
import { Workspace } from '../../server/src/core/workspace';

/** The sample articles (samples/*.fmk, samples/raw/*.fmk) and their factmark.json. */
export interface Samples {
  readonly texts: readonly string[];
  readonly registry: string;
  readonly config: FactmarkConfig;
}

export function loadSamples(repoRoot: string): Samples {
  const folder = join(repoRoot, 'samples');
  const fmk = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.fmk')).sort().map((name) => readFileSync(join(dir, name), 'utf8'));
  const parsed = parseConfig(readFileSync(join(folder, 'factmark.json'), 'utf8'));
  if (!parsed.ok) throw new Error(`samples/factmark.json: ${JSON.stringify(parsed.problems)}`);
  return { texts: [...fmk(folder), ...fmk(join(folder, 'raw'))], registry: readFileSync(join(folder, 'registry.fmk'), 'utf8'), config: parsed.config };
}

/** Collects violations instead of stopping at the first, so a report shows all of them. */
class Violations {
  readonly found: string[] = [];
  constructor(private readonly length: number) {}

  check(condition: boolean, what: string): void {
    if (!condition) this.found.push(what);
  }

  range(r: TextRange | undefined, what: string): void {
    const ok = r !== undefined && Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= this.length;
    this.check(ok, `${what}: range ${r ? `${r.start}..${r.end}` : 'missing'}, not inside 0..${this.length} or reversed`);
  }

  message(message: unknown, what: string): void {
    this.check(typeof message === 'string' && message.trim() !== '', `${what}: empty message`);
  }
}

const REGISTRY_URI = 'file:///robustness/registry.fmk';
const ARTICLE_URI = 'file:///robustness/article.fmk';

/** The registry's summary, computed once per Samples (summaries are immutable). */
const registrySummaries = new WeakMap<Samples, DocumentSummary>();

/**
 * Runs parse, recognizeFigures, summarize and the workspace's diagnostics
 * (next to the samples' registry, whose aliases make alias matching run too)
 * on `text`; returns every broken invariant, one line each (empty: all kept).
 */
export function coreViolations(text: string, samples: Samples): string[] {
  let registry = registrySummaries.get(samples);
  if (!registry) registrySummaries.set(samples, (registry = summarize(samples.registry, samples.config)));
  const v = new Violations(text.length);
  try {
    const tree = parse(text);
    v.check(tree.length === text.length, `tree.length ${tree.length} !== text.length ${text.length}`);
    v.check(tree.prose.length === text.length, `prose.length ${tree.prose.length} !== text.length ${text.length}`);
    // syntax.ts: prose keeps each character or blanks it with a space; line breaks are always kept.
    for (let i = 0; i < text.length; i++) {
      const kept = tree.prose[i] === text[i] || (tree.prose[i] === ' ' && text[i] !== '\n' && text[i] !== '\r');
      if (!kept) {
        v.check(false, `prose[${i}] is ${JSON.stringify(tree.prose[i])} for text ${JSON.stringify(text[i])}`);
        break;
      }
    }
    if (tree.frontMatter) {
      v.range(tree.frontMatter.range, 'front matter');
      v.range(tree.frontMatter.contentRange, 'front matter content');
      for (const field of tree.frontMatter.fields) {
        v.range(field.keyRange, `front matter key ${field.key}`);
        v.range(field.valueRange, `front matter value of ${field.key}`);
      }
    }
    const attributes = (list: readonly { key: string; keyRange: TextRange; valueRange: TextRange; range: TextRange }[], owner: string) => {
      for (const a of list) {
        v.range(a.range, `${owner} attribute ${a.key}`);
        v.range(a.keyRange, `${owner} attribute key ${a.key}`);
        v.range(a.valueRange, `${owner} attribute value ${a.key}`);
      }
    };
    let previousInline = -1;
    for (const node of tree.inlines) {
      v.range(node.range, node.type);
      v.check(node.range.start >= previousInline, `${node.type} at ${node.range.start} out of source order`);
      previousInline = node.range.start;
      if (node.type === 'citation') {
        v.range(node.ref.range, 'citation ref');
        v.range(node.ref.idRange, 'citation id');
        continue;
      }
      v.range(node.surfaceRange, 'span surface');
      v.range(node.attrsRange, 'span attributes');
      for (const ref of node.refs) {
        v.range(ref.range, `span ref ${ref.id}`);
        v.range(ref.idRange, `span ref id ${ref.id}`);
      }
      if (node.by) v.range(node.by.idRange, 'span by');
      attributes(node.attributes, 'span');
    }
    for (const definition of tree.definitions) {
      v.range(definition.range, `definition ${definition.ref.id}`);
      v.range(definition.ref.idRange, `definition id ${definition.ref.id}`);
      v.range(definition.labelRange, `definition label ${definition.ref.id}`);
      if (definition.url) v.range(definition.url.range, `definition url ${definition.ref.id}`);
      if (definition.attrsRange) v.range(definition.attrsRange, `definition attributes ${definition.ref.id}`);
      attributes(definition.attributes, 'definition');
    }
    for (const comment of tree.comments) v.range(comment.range, 'comment');
    for (const problem of tree.problems) {
      v.range(problem.range, `problem ${problem.reason}`);
      v.message(problem.message, `problem ${problem.reason}`);
    }

    const options = recognizerOptions(samples.config);
    let previousEnd = 0;
    for (const figure of recognizeFigures(tree.prose, 0, tree.prose.length, options)) {
      v.range(figure.range, `figure "${figure.text}"`);
      v.check(figure.range.start >= previousEnd, `figure "${figure.text}" at ${figure.range.start} overlaps or precedes the one before (ends ${previousEnd})`);
      previousEnd = figure.range.end;
      const { low, high } = figure.interval;
      v.check(!low || !high || low.compare(high) <= 0, `figure "${figure.text}": interval [${low}, ${high}] reversed`);
      if (figure.conversion) {
        const c = figure.conversion.range;
        v.check(figure.range.start <= c.start && c.end <= figure.range.end, `figure "${figure.text}": conversion outside the figure`);
      }
    }

    const summary = summarize(text, samples.config);
    v.check(summary.length === text.length, `summary.length ${summary.length} !== text.length ${text.length}`);
    v.check(summary.lineStarts.join() === computeLineStarts(text).join(), 'summary.lineStarts differ from the text');
    for (const d of summary.definitions) for (const r of [d.range, d.headRange, d.idRange, d.urlRange]) if (r) v.range(r, `summary definition ${d.id}`);
    for (const r of summary.references) {
      v.range(r.range, `reference ${r.id}`);
      v.range(r.idRange, `reference id ${r.id}`);
    }
    for (const s of summary.spans) for (const r of [s.range, s.surfaceRange, s.attrsRange]) v.range(r, 'summary span');
    for (const f of summary.figures) v.range(f.range, `summary figure ${f.text}`);
    for (const m of summary.claimMentions) {
      v.range(m.spanRange, `claim mention ${m.id}`);
      v.range(m.idRange, `claim mention id ${m.id}`);
    }
    for (const r of summary.commentRanges) v.range(r, 'summary comment');
    for (const r of summary.malformedDefinitionRanges) v.range(r, 'summary malformed definition');
    if (summary.frontMatterRange) v.range(summary.frontMatterRange, 'summary front matter');

    // What a restart reads back from the summary cache is what it wrote.
    const kept = retainedSummary(summary);
    const restored = decodeRetained(encodeRetained(kept));
    v.check(restored !== undefined && renderParts(restored) === renderParts(kept), 'the summary read back from the summary cache differs');

    const workspace = new Workspace(samples.config);
    workspace.update(REGISTRY_URI, registry, false);
    workspace.update(ARTICLE_URI, summary);
    for (const d of documentDiagnostics(workspace, ARTICLE_URI, text)) {
      v.range(d.range, `diagnostic ${d.code}`);
      v.message(d.message, `diagnostic ${d.code}`);
      for (const related of d.related ?? []) v.message(related.message, `related information of ${d.code}`);
    }
  } catch (error) {
    v.check(false, `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return v.found;
}

// ---------------------------------------------------------------------------
// Inputs

/** Characters and pieces of markup that exercise the parser's and recognizer's branches. */
export const MARKUP_TOKENS = [
  '[', ']', '{', '}', '@', '#', '^', '=', '"', '\\', '<', '>', ':', '!', '-', '.', ',', '%', '$', '(', ')', ' ', '  ', '\t', '\n', '\r\n', '\r',
  '<!--', '-->', '---\n', '[^', ']:', '[@a]: ', '[#c]: ', '[^s]: ', '{@a}', '{#c}', '{^s}', 'by=@a', 'value="', 'key=', 'aka="',
  'url=', '<https://x.org>', 'a', 'Z', '1', '5', '0', '10,000', '2.5', '1e9', 'billion', 'million', 'nearly ', 'about ', 'more than ',
  'US$', 'USD ', 'yuan', 'percent', 'km', 'said', 'according to', '“', '”', '«', '»', '–', '\u00a0', '\ufeff', '\u0000', '😀', 'é',
];

/** A lone surrogate half: not valid UTF-16 on its own, but a JavaScript string may hold it. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Arbitrary strings: any code point, lone surrogates, and markup-dense token soup. */
export function arbitraryText(maxLength = 200): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...MARKUP_TOKENS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: loneSurrogate },
  );
  return fc.string({ unit, maxLength });
}

/** What the brief's mutations insert: markup characters and digits. */
const INSERTED = ['[', ']', '{', '}', '@', '#', '^', '=', '"', '\\', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

type Mutation = { readonly kind: 'insert'; readonly at: number; readonly text: string } | { readonly kind: 'delete'; readonly at: number; readonly length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...INSERTED) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
);

/** Applies mutations in order; positions wrap around the current length. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let result = text;
  for (const m of mutations) {
    const at = m.at % (result.length + 1);
    result = m.kind === 'insert' ? result.slice(0, at) + m.text + result.slice(at) : result.slice(0, at) + result.slice(at + m.length);
  }
  return result;
}

/**
 * A sample article (or, with `window`, a stretch of one: cheaper, and just as
 * probing) with 1–`maxMutations` random insertions and deletions.
 */
export function mutatedSample(texts: readonly string[], options: { maxMutations?: number; window?: number } = {}): fc.Arbitrary<string> {
  const { maxMutations = 30, window } = options;
  const source = window
    ? fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: window })).map(([text, at, length]) => {
        const start = at % text.length;
        return text.slice(start, start + length);
      })
    : fc.constantFrom(...texts);
  return fc.tuple(source, fc.array(mutation, { minLength: 1, maxLength: maxMutations })).map(([text, mutations]) => mutate(text, mutations));
}

/** The long run's mix (scripts/fuzz.mjs): mostly short texts and mutated stretches of samples, now and then a whole mutated article. */
export function fuzzInput(texts: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: arbitraryText(200) },
    { weight: 2, arbitrary: arbitraryText(2000) },
    { weight: 10, arbitrary: mutatedSample(texts, { window: 2000 }) },
    { weight: 1, arbitrary: mutatedSample(texts) },
  );
}
