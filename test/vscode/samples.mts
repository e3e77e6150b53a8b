/**
 * What the suite knows about samples/ (the workspace every run opens a fresh
 * copy of), stated by phrase rather than by line number: expected lines,
 * mention counts and names are computed from the files' text, so the suite
 * follows edits to the samples yet still fails when a diagnostic is missing
 * or lands on another line. samples/README.md explains each expectation.
 */

/** A diagnostic code expected on the line where `phrase` (unique in its file) starts. */
export type ExpectedProblem = readonly [phrase: string, code: string];

const UNSOURCED = 'unsourced-figure';
const UNCITED = 'uncited-figure';

/** The default severity of each code the suite meets (design §6), as VS Code names severities. */
export const DEFAULT_SEVERITY: Readonly<Record<string, 'Error' | 'Warning' | 'Information'>> = {
  [UNSOURCED]: 'Warning',
  [UNCITED]: 'Information',
  'claim-conflict': 'Warning',
};

/**
 * Every error, warning and info the samples produce with the default rules
 * (hints are left out: untagged-alias hints exist only for open documents).
 * The annotated articles' phrases include the span's `[` so that the
 * `<!-- deliberately unsourced … -->` comments repeating a figure never match.
 */
export const EXPECTED_PROBLEMS: Readonly<Record<string, readonly ExpectedProblem[]>> = {
  'astana-times-summit.fmk': [
    ['[35%]', UNSOURCED],
    ['[nearly $100 billion]', UNSOURCED],
    ['[surpassed 10,000]', UNSOURCED],
  ],
  'kazpravda-tokayev-speech.fmk': [
    ['[approaching the half-trillion-dollar mark]', UNCITED],
    ['[surpassing $10 billion]', UNCITED],
    ['[nearly 40%]', UNCITED],
    ['[$95 billion]', UNCITED],
    ['[46%]', UNCITED],
    ['[$44 billion]', UNCITED],
    ['[exceeded $26 billion]', UNSOURCED],
    ['[nearly 5,000 enterprises]', UNSOURCED],
    ['[exceeded 210,000 containers]', UNSOURCED],
  ],
  'cabar-outcomes.fmk': [
    ['[More than 1.5 billion yuan]', UNSOURCED],
    ['[about 200 million dollars a year]', UNSOURCED],
    ['[about 850 million dollars]', UNSOURCED],
    ['[more than 300 schools]', UNSOURCED],
    ['[more than 100 thousand schoolchildren]', UNSOURCED],
    ['[15-20%]', UNSOURCED],
  ],
  'xinhua-observers.fmk': [
    ['[133 projects]', UNCITED],
    ['[35 billion dollars]', UNCITED],
    ['[54 of these projects]', UNCITED],
    ['[nine billion dollars]', UNCITED],
  ],
  'xinhua-year-review.fmk': [
    ['[Thirteen cooperation platforms]', UNSOURCED],
    ['[75-kilometer]', UNSOURCED],
    ['[125-kilometer]', UNSOURCED],
    ['[approached USD 80 billion]', UNSOURCED],
    ['[15.6 percent]', UNSOURCED],
    ['[exceed USD 100 billion]', UNSOURCED],
    ['[exceeded USD 50 billion]', UNSOURCED],
    ['[37.7 percent]', UNSOURCED],
    ['[50 percent]', UNSOURCED],
    ['[exceeds 100 per week]', UNSOURCED],
    ['[100]', UNSOURCED],
  ],
  // No markup at all: with no tagged entity nothing can be attributed, so every figure is unsourced.
  'raw/xinhua-year-review-raw.fmk': [
    ['Thirteen cooperation platforms', UNSOURCED],
    ['by 900 km', UNSOURCED],
    ['7-8 days', UNSOURCED],
    ['2-3%', UNSOURCED],
    ['75-kilometer', UNSOURCED],
    ['125-kilometer', UNSOURCED],
    ['approached USD 80 billion', UNSOURCED],
    ['15.6 percent', UNSOURCED],
    ['exceed USD 100 billion', UNSOURCED],
    ['exceeded USD 50 billion', UNSOURCED],
    ['37.7 percent', UNSOURCED],
    ['by 50 percent', UNSOURCED],
    ['exceeds 100 per week', UNSOURCED],
    ['reached 100.', UNSOURCED],
  ],
  'registry.fmk': [],
};

/** The offset of `phrase` in `text`, which must hold it exactly once (an ambiguous phrase would test nothing). */
export function offsetOf(text: string, phrase: string): number {
  const first = text.indexOf(phrase);
  if (first < 0) throw new Error(`phrase not found: ${JSON.stringify(phrase)}`);
  if (text.indexOf(phrase, first + 1) >= 0) throw new Error(`phrase occurs more than once: ${JSON.stringify(phrase)}`);
  return first;
}

/** 1-based line of the offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** 1-based line where the unique `phrase` starts. */
export function lineOf(text: string, phrase: string): number {
  return lineAt(text, offsetOf(text, phrase));
}

/** Sorts rendered `line:code…` entries by line number, then text. */
export function byLine(entries: string[]): string[] {
  const lineNumber = (entry: string) => Number(entry.slice(0, entry.indexOf(':')));
  return entries.sort((a, b) => lineNumber(a) - lineNumber(b) || a.localeCompare(b));
}

/** `line:code` for each expected problem of a file, as problem lists are rendered. */
export function expectedProblemLines(text: string, problems: readonly ExpectedProblem[]): string[] {
  return byLine(problems.map(([phrase, code]) => `${lineOf(text, phrase)}:${code}`));
}

/** The text with each `<!-- … -->` comment blanked out (line breaks kept, so lines do not move). */
function withoutComments(text: string): string {
  let result = '';
  let from = 0;
  for (let open = text.indexOf('<!--'); open >= 0; open = text.indexOf('<!--', from)) {
    const close = text.indexOf('-->', open + 4);
    const end = close < 0 ? text.length : close + 3;
    result += text.slice(from, open) + text.slice(open, end).replace(/[^\n]/g, ' ');
    from = end;
  }
  return result + text.slice(from);
}

const ID_CHAR = /[a-z0-9._-]/;

/**
 * 1-based lines of every occurrence of `sigil` + `id` as a whole id (the
 * definition head `[@id]:` included, comments excluded): what references
 * with their declaration should find in this file.
 */
export function idLines(text: string, sigil: '@' | '#' | '^', id: string): number[] {
  const prose = withoutComments(text);
  const needle = sigil + id;
  const lines: number[] = [];
  for (let at = prose.indexOf(needle); at >= 0; at = prose.indexOf(needle, at + 1)) {
    if (!ID_CHAR.test(prose[at + needle.length] ?? '')) lines.push(lineAt(prose, at));
  }
  return lines;
}

/** The definition line `[@id]: Name {attributes}` of an id, split into its parts. */
export function definitionOf(text: string, sigil: '@' | '#' | '^', id: string): { line: number; label: string; attributes: string } {
  const head = `[${sigil}${id}]:`;
  const offset = offsetOf(text, `\n${head}`) + 1;
  const lineText = text.slice(offset, text.indexOf('\n', offset));
  const brace = lineText.indexOf(' {');
  return {
    line: lineAt(text, offset),
    label: lineText.slice(head.length, brace < 0 ? undefined : brace).trim(),
    attributes: brace < 0 ? '' : lineText.slice(brace + 2, lineText.lastIndexOf('}')),
  };
}

/** Ids of every `[@id]:` (or `#`, `^`) definition in the text. */
export function definedIds(text: string, sigil: '@' | '#' | '^'): string[] {
  const head = `[${sigil}`;
  return text
    .split('\n')
    .filter((line) => line.startsWith(head) && line.includes(']:'))
    .map((line) => line.slice(head.length, line.indexOf(']:')));
}

/** The front matter's `title:`, which is how hovers name an article. */
export function titleOf(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith('title: '));
  if (!line) throw new Error('the article has no front matter title');
  return line.slice('title: '.length).trim();
}
