/**
 * Data-driven test fixtures: several files in one string, with cursor and
 * range markers, and a renderer that turns results into stable text.
 *
 *   //- /registry.fmk
 *   [@tokayev]: Kassym-Jomart Tokayev
 *   //- /a.fmk
 *   [Toka‸yev]{@tokayev} said ⟦$95 billion⟧.
 *
 * `‸` marks a cursor (`‸1`, `‸2`… when several are needed), `⟦…⟧` marks a range.
 * Markers are removed from the text; positions refer to the cleaned text.
 */
import { LineIndex, type TextRange } from '../../server/src/core/text';

export interface FixtureFile {
  readonly path: string;
  readonly text: string;
  /** Cursor offsets by name ('' for a bare `‸`). */
  readonly cursors: ReadonlyMap<string, number>;
  readonly ranges: readonly TextRange[];
}

export interface Fixture {
  readonly files: readonly FixtureFile[];
  file(path: string): FixtureFile;
  /** The one file with a cursor named `name`. */
  cursor(name?: string): { file: FixtureFile; offset: number };
}

const FILE_HEADER = /^\/\/- (\S+)[^\n]*\n/gm;

export function parseFixture(source: string): Fixture {
  const normalized = dedent(source);
  const headers = [...normalized.matchAll(FILE_HEADER)];
  const chunks =
    headers.length === 0
      ? [{ path: '/main.fmk', body: normalized }]
      : headers.map((header, i) => ({
          path: header[1],
          body: normalized.slice(header.index! + header[0].length, i + 1 < headers.length ? headers[i + 1].index : normalized.length),
        }));
  const files = chunks.map(({ path, body }) => extractMarkers(path, body));
  return {
    files,
    file(path) {
      const found = files.find((f) => f.path === path);
      if (!found) throw new Error(`fixture has no file ${path}`);
      return found;
    },
    cursor(name = '') {
      for (const file of files) {
        const offset = file.cursors.get(name);
        if (offset !== undefined) return { file, offset };
      }
      throw new Error(`fixture has no cursor ‸${name}`);
    },
  };
}

function extractMarkers(path: string, body: string): FixtureFile {
  let text = '';
  const cursors = new Map<string, number>();
  const ranges: TextRange[] = [];
  const openRanges: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '‸') {
      let name = '';
      while (/[0-9]/.test(body[i + 1] ?? '')) name += body[++i];
      cursors.set(name, text.length);
    } else if (c === '⟦') openRanges.push(text.length);
    else if (c === '⟧') {
      const start = openRanges.pop();
      if (start === undefined) throw new Error(`unbalanced ⟧ in ${path}`);
      ranges.push({ start, end: text.length });
    } else text += c;
  }
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { path, text, cursors, ranges };
}

/** Removes the common indentation and the first/last blank lines of a template literal. */
export function dedent(source: string): string {
  const lines = source.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}

export interface Annotation {
  readonly range: TextRange;
  readonly label: string;
}

/**
 * Renders annotations under the lines they point at:
 *
 *   Trade reached nearly $100 billion last year.
 *                 ^^^^^^^^^^^^^^^^^^^ USD [90000000000, 100000000000]
 *
 * Only annotated lines are printed (prefixed by their 1-based number).
 * A multi-line range is drawn on its first line, with `…` at the end.
 */
export function annotate(text: string, annotations: readonly Annotation[]): string {
  const index = LineIndex.of(text);
  const byLine = new Map<number, Annotation[]>();
  for (const annotation of annotations) {
    const line = index.positionAt(annotation.range.start).line;
    byLine.set(line, [...(byLine.get(line) ?? []), annotation]);
  }
  const out: string[] = [];
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    const lineRange = index.lineRange(line);
    const lineText = text.slice(lineRange.start, lineRange.end).replace(/\r?\n$/, '');
    const prefix = `${line + 1}: `;
    out.push(prefix + lineText);
    const items = byLine.get(line)!.slice().sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    for (const item of items) {
      const startCol = item.range.start - lineRange.start;
      const endCol = Math.min(item.range.end, lineRange.start + lineText.length) - lineRange.start;
      const caretCount = Math.max(1, endCol - startCol);
      const continues = item.range.end > lineRange.start + lineText.length;
      out.push(' '.repeat(prefix.length + startCol) + '^'.repeat(caretCount) + (continues ? '…' : '') + ' ' + item.label);
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
