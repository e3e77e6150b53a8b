/**
 * Deterministic benchmark corpus: articles built like the samples (front
 * matter, tagged entities, claims with varied figures and qualifiers,
 * citations, untagged figures) plus a registry. Claim ids are shared across
 * articles so reconciliation and conflicts happen across files, and one hot
 * claim has 1,000 mentions in 500 files.
 */

/** mulberry32: tiny, fast, seeded. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusOptions {
  readonly articles: number;
  readonly seed: number;
  /** Words per article (about). */
  readonly words: number;
}

export interface CorpusFile {
  readonly path: string;
  readonly text: string;
}

export const HOT_CLAIM = 'hot-claim';
/** A claim mentioned by exactly two articles (1 and 2): editing one re-publishes the other. */
export const PAIR_CLAIM = 'pair-claim';
export const HOT_FILES = 500;
/** Claims per article: with 10,000 articles, 20,000 claim ids for completion. */
const CLAIMS_PER_ARTICLE = 2;
const ENTITIES = 2000;
const AGENCIES = 100;

const FILLER = (
  'the ministers discussed cooperation across the region while officials from several agencies reviewed ' +
  'plans for transport corridors energy projects and trade facilitation during the meeting in the capital ' +
  'observers noted that the agenda also covered education tourism and security as well as new mechanisms ' +
  'for coordination between governments and companies operating along the railway and highway routes'
).split(' ');
const VERBS = ['said', 'noted', 'stated', 'announced', 'told reporters', 'added'];
const QUALIFIERS = ['', '', 'nearly ', 'about ', 'more than ', 'almost ', 'around ', 'over '];
const UNITS: ((r: () => number) => string)[] = [
  (r) => `$${1 + Math.floor(r() * 98)} billion`,
  (r) => `US$${10 + Math.floor(r() * 900)} million`,
  (r) => `${(1 + r() * 40).toFixed(1)}%`,
  (r) => `${1 + Math.floor(r() * 90)},000 containers`,
  (r) => `${100 + Math.floor(r() * 800)} km`,
  (r) => `${1 + Math.floor(r() * 9)}.5 billion yuan`,
];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function filler(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(r, FILLER));
  const sentence = out.join(' ');
  return sentence[0].toUpperCase() + sentence.slice(1) + '.';
}

/** The value a claim's mentions cluster around, derived from its id so every article agrees (mostly). */
function claimFigure(claim: number): (r: () => number) => string {
  const base = random(claim * 7919 + 17);
  const make = UNITS[claim % UNITS.length];
  const text = make(base);
  return () => text;
}

export function claimId(n: number): string {
  return `claim-${n}`;
}

export function entityId(n: number): string {
  return `person-${n}`;
}

export function articlePath(n: number): string {
  return `articles/${String(Math.floor(n / 1000)).padStart(3, '0')}/article-${n}.fmk`;
}

export function registry(options: CorpusOptions): CorpusFile {
  const lines: string[] = ['---', 'title: Registry', '---', ''];
  for (let e = 0; e < ENTITIES; e++) lines.push(`[@${entityId(e)}]: Person Number${e} {type=person aka="Number${e}"}`);
  for (let c = 0; c < options.articles * CLAIMS_PER_ARTICLE; c++) lines.push(`[#${claimId(c)}]: Benchmark claim ${c} {period=2024}`);
  lines.push(`[#${HOT_CLAIM}]: The claim every benchmark article repeats {unit=USD}`);
  lines.push(`[#${PAIR_CLAIM}]: The claim two benchmark articles share {unit=USD}`);
  for (let s = 0; s < AGENCIES; s++) lines.push(`[^agency-${s}]: Agency ${s} wire report <https://example.org/agency/${s}> {kind=article}`);
  return { path: 'registry.fmk', text: lines.join('\n') + '\n' };
}

export function article(n: number, options: CorpusOptions): CorpusFile {
  const r = random(options.seed * 1_000_003 + n);
  const paragraphs: string[] = [];
  let words = 0;
  let claimSlot = 0;
  const hot = n < HOT_FILES;
  while (words < options.words) {
    const sentences: string[] = [];
    for (let s = 0; s < 4; s++) {
      const kind = r();
      const speaker = entityId(Math.floor(r() * ENTITIES));
      if (kind < 0.25) {
        // A tagged claim mention, sourced one way or another; claims are shared with neighbouring articles.
        const claim = claimSlot++ % 3 === 0 ? Math.floor(r() * options.articles * CLAIMS_PER_ARTICLE) : (n * CLAIMS_PER_ARTICLE + (claimSlot % CLAIMS_PER_ARTICLE)) % (options.articles * CLAIMS_PER_ARTICLE);
        const figure = r() < 0.02 ? pick(r, UNITS)(r) : claimFigure(claim)(r);
        const qualifier = pick(r, QUALIFIERS);
        const source = r() < 0.5 ? ` ^agency-${Math.floor(r() * AGENCIES)}` : ` by=@${speaker}`;
        sentences.push(`${filler(r, 8).slice(0, -1)} reached ${qualifier}[${figure}]{#${claimId(claim)}${source}} last year.`);
      } else if (kind < 0.45) {
        sentences.push(`[Official ${speaker}]{@${speaker}} ${pick(r, VERBS)} that ${filler(r, 10).toLowerCase()}`);
      } else if (kind < 0.55) {
        sentences.push(`${filler(r, 7).slice(0, -1)} grew by ${(1 + r() * 30).toFixed(1)}% in the period.`);
      } else if (kind < 0.6) {
        sentences.push(`${filler(r, 9)}[^agency-${Math.floor(r() * AGENCIES)}]`);
      } else sentences.push(filler(r, 12));
    }
    if (hot && paragraphs.length < 2) sentences.push(`The shared figure was [$95 billion]{#${HOT_CLAIM} ^agency-${n % AGENCIES}} again.`);
    if ((n === 1 || n === 2) && paragraphs.length === 0) sentences.push(`The pair figure was [$44 billion]{#${PAIR_CLAIM} ^agency-1}.`);
    const paragraph = sentences.join(' ');
    words += paragraph.split(' ').length;
    paragraphs.push(paragraph);
  }
  const frontMatter = `---\ntitle: Benchmark article ${n}\noutlet: "@${entityId(n % ENTITIES)}"\npublished: 2025-06-${String(1 + (n % 28)).padStart(2, '0')}\nurl: https://example.org/articles/${n}\n---\n`;
  return { path: articlePath(n), text: frontMatter + paragraphs.join('\n\n') + '\n' };
}

/** A long article (for typing latency), built from the same generator. */
export function longArticle(options: CorpusOptions, words = 10_000): CorpusFile {
  const long = article(options.articles + 1, { ...options, words });
  return { path: 'long/long-article.fmk', text: long.text };
}

export function* corpus(options: CorpusOptions): Generator<CorpusFile> {
  yield registry(options);
  for (let n = 0; n < options.articles; n++) yield article(n, options);
  yield longArticle(options);
}
