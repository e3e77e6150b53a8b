/**
 * A closed file is kept as its retained summary: every cross-file answer
 * (diagnostics, references, definitions, reconciled claims) must be the
 * same as with full summaries. Checked on the samples, a real workspace.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { documentDiagnostics } from '../../server/src/core/analysis';
import { parseConfig, type FactmarkConfig } from '../../server/src/core/config';
import { decodeRetained, encodeRetained, retainedSummary } from '../../server/src/core/retained';
import { summarize, type DocumentSummary } from '../../server/src/core/summary';
import { Workspace } from '../../server/src/core/workspace';
import { parseFixture } from '../support/fixture';
import { claimsReport, renderParts } from '../support/workspace';

const SAMPLES = resolve(__dirname, '../../../samples');

function samplesConfig(): FactmarkConfig {
  const parsed = parseConfig(readFileSync(join(SAMPLES, 'factmark.json'), 'utf8'));
  if (!parsed.ok) throw new Error('samples/factmark.json is invalid');
  return parsed.config;
}

interface Article {
  readonly uri: string;
  readonly text: string;
}

const SAMPLE_ARTICLES: readonly Article[] = readdirSync(SAMPLES)
  .filter((name) => name.endsWith('.fmk'))
  .sort()
  .map((name) => ({ uri: `file:///samples/${name}`, text: readFileSync(join(SAMPLES, name), 'utf8') }));

/** The samples agree everywhere; these disagree across files (conflict, unit mismatch, undefined ids). */
const DISAGREEING_ARTICLES: readonly Article[] = parseFixture(`
  //- /registry.fmk
  [#trade]: Trade in 2024 {unit=USD}
  [@kz]: Kazakhstan {aka="Qazaqstan"}
  [^s]: Source <https://example.org/s>
  //- /a.fmk
  [Kazakhstan]{@kz} said trade reached [$95 billion]{#trade ^s asof=2024-12-31}, and [40%]{#share ^s} of it by rail, [7%]{#growth ^s} more.
  //- /b.fmk
  Trade reached [more than $120 billion]{#trade ^s}; the share was [12 tonnes]{#share ^nowhere}.
  //- /c.fmk
  Trade reached [nearly $100 billion]{#trade}, said [Qazaqstan]{@kz}.
  Kazakhstan went on <!-- Kazakhstan, in a comment --> as [the Kazakhstan delegation]{@kz} said.
`).files.map((file) => ({ uri: `file://${file.path}`, text: file.text }));

/**
 * One article mentions more claims than a retained summary packs in document order (32): its mentions
 * are packed by claim. Ids out of alphabetical order, claims mentioned twice apart, a span of two claims.
 */
const MANY_CLAIMS = 40;
const MANY_CLAIMS_ARTICLES: readonly Article[] = parseFixture(`
  //- /registry.fmk
  [^s]: Source <https://example.org/s>
  //- /many.fmk
  ${Array.from({ length: MANY_CLAIMS }, (_, i) => `Item [$${i + 1} million]{#m${MANY_CLAIMS - i} ^s} rose.`).join(' ')}
  Again [$7 million]{#m3 #m${MANY_CLAIMS}} and [$2 million]{#m39}.
  ${Array.from({ length: MANY_CLAIMS }, (_, i) => `Then [${i + 2} tonnes]{#m${i + 1}}.`).join(' ')}
  //- /other.fmk
  Elsewhere [$40 million]{#m1 ^s} and [$9 million]{#m20}.
`).files.map((file) => ({ uri: `file://${file.path}`, text: file.text }));

function workspaceOf(articles: readonly Article[], keep: (summary: DocumentSummary) => DocumentSummary): { workspace: Workspace; articles: readonly Article[] } {
  const config = samplesConfig();
  const workspace = new Workspace(config);
  for (const article of articles) workspace.update(article.uri, keep(summarize(article.text, config)));
  return { workspace, articles };
}

/** Everything other files can ask about a workspace, as text. */
function crossFileAnswers({ workspace, articles }: { workspace: Workspace; articles: readonly Article[] }): string {
  const lines: string[] = [];
  for (const { uri, text } of articles) {
    // With the text: untagged-alias hints too, which must skip spans and comments.
    for (const d of documentDiagnostics(workspace, uri, text)) lines.push(`${uri} ${d.range.start}-${d.range.end} ${d.severity} ${d.code} ${d.message}`);
  }
  for (const kind of ['entity', 'claim', 'source'] as const) {
    for (const id of workspace.ids(kind)) {
      const references = workspace.references(kind, id).map(({ uri, reference: r }) => `${uri}@${r.range.start}-${r.range.end}/${r.idRange.start}-${r.idRange.end}/${r.context}`);
      const definitions = workspace.definitions(kind, id).map(({ uri, definition: d }) => {
        const span = (r: { start: number; end: number } | undefined) => (r ? `${r.start}-${r.end}` : '-');
        const attributes = d.attributes.map((a) => `${a.key}=${JSON.stringify(a.value)}`).join(' ');
        return `${uri}@${span(d.range)} head ${span(d.headRange)} id ${span(d.idRange)} ${JSON.stringify(d.label)} url ${d.url ?? '-'} ${span(d.urlRange)} {${attributes}}`;
      });
      lines.push(`${kind} ${id}: defined ${definitions.join(' ')}; referenced ${references.join(' ')}`);
      if (kind === 'claim') {
        for (const { uri, mention: m } of workspace.claimMentions(id)) {
          const q = m.quantity;
          const value = q ? `${q.value} ${q.unit} ${q.qualifier} ${q.qualifierText} [${q.interval.low}, ${q.interval.high}] ${q.interval.lowOpen}/${q.interval.highOpen}` : 'no value';
          lines.push(`  ${uri}@${m.spanRange.start}-${m.spanRange.end}/${m.idRange.start}-${m.idRange.end} ${JSON.stringify(m.surface)} ${value} ${m.status} ^${m.sources.join(',')} @${m.speakers.join(',')} asof ${m.asof}`);
        }
      }
    }
  }
  lines.push(JSON.stringify(claimsReport(workspace), (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value), 1));
  return lines.join('\n');
}

/** What a restart gets from the summary cache: the summary packed whole and read back. */
const fromSummaryCache = (summary: DocumentSummary): DocumentSummary => decodeRetained(encodeRetained(summary))!;

describe('retained summaries of closed files', () => {
  const table: [string, readonly Article[], RegExp][] = [
    ['the samples, which agree', SAMPLE_ARTICLES, /"status": "consistent"/],
    ['articles that disagree', DISAGREEING_ARTICLES, /^(?=[^]*claim-conflict)(?=[^]*unit-mismatch)(?=[^]*untagged-alias)/],
    ['an article of many claims', MANY_CLAIMS_ARTICLES, /^(?=[^]*"id": "m40")(?=[^]*unit-mismatch)/],
  ];
  for (const [name, articles, shows] of table) {
    test(`answer every cross-file question as full summaries do: ${name}`, () => {
      const full = crossFileAnswers(workspaceOf(articles, (summary) => summary));
      assert.match(full, shows);
      assert.equal(crossFileAnswers(workspaceOf(articles, retainedSummary)), full);
      assert.equal(crossFileAnswers(workspaceOf(articles, fromSummaryCache)), full, 'read back from the summary cache');
    });
  }

  test('read back from the summary cache, every part is what it was', () => {
    for (const article of [...SAMPLE_ARTICLES, ...DISAGREEING_ARTICLES, ...MANY_CLAIMS_ARTICLES]) {
      const kept = retainedSummary(summarize(article.text, samplesConfig()));
      assert.equal(renderParts(fromSummaryCache(kept)), renderParts(kept), article.uri);
    }
  });

  test('reading back anything but one whole packed summary gives nothing, and never throws', () => {
    const packed = encodeRetained(summarize(DISAGREEING_ARTICLES[1].text, samplesConfig()));
    const { numbers, strings } = packed;
    const damaged = [
      ...Array.from({ length: numbers.length }, (_, n) => ({ numbers: numbers.slice(0, n), strings })),
      { numbers, strings: strings.slice(0, -1) },
      { numbers, strings: strings + 'x' },
      { numbers: Uint8Array.from([...numbers, 0]), strings },
    ];
    for (const input of damaged) assert.equal(decodeRetained(input), undefined, `${input.numbers.length} bytes, ${input.strings.length} chars`);
    assert.ok(decodeRetained(packed));
  });

  test('an article of many claims gives its mentions back in document order', () => {
    const summary = summarize(MANY_CLAIMS_ARTICLES.find((a) => a.uri.endsWith('/many.fmk'))!.text, samplesConfig());
    const render = (s: DocumentSummary) => s.claimMentions.map((m) => `#${m.id}@${m.spanRange.start}/${m.idRange.start}`).join(' ');
    assert.equal(summary.claimMentions.length, 2 * MANY_CLAIMS + 3);
    assert.equal(render(retainedSummary(summary)), render(summary));
  });

  test('drop what only open documents use', () => {
    const summary = summarize(SAMPLE_ARTICLES[0].text, samplesConfig());
    const kept = retainedSummary(summary);
    const counts = (s: DocumentSummary) => `figures ${s.figures.length}, spans ${s.spans.length}, mentions ${s.claimMentions.length}, references ${s.references.length}`;
    assert.ok(summary.figures.length > 0 && summary.spans.length > 0, 'the sample has figures and spans');
    assert.equal(counts(kept), `figures 0, spans 0, mentions ${summary.claimMentions.length}, references ${summary.references.length}`);
    assert.ok(kept.claimMentions.every((m) => m.quantity === null || !('text' in m.quantity)), 'mention values keep no figure text');
  });
});
