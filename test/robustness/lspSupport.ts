/**
 * What the protocol-level robustness tests share: the sample articles as a
 * workspace fixture, diagnostics rendered the same way whether the server
 * published them or the core computed them, and text edits applied and
 * checked with the protocol's own rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Range, TextEdit } from 'vscode-languageserver-protocol';
import { documentDiagnostics } from '../../server/src/core/analysis';
import type { FactmarkConfig } from '../../server/src/core/config';
import { parse } from '../../server/src/core/parser';
import { summarize } from '../../server/src/core/summary';
import { LineIndex, computeLineStarts } from '../../server/src/core/text';
import { Workspace } from '../../server/src/core/workspace';

/** The samples folder (articles, registry, factmark.json) as a multi-file fixture for TestClient. */
export function samplesFixture(repoRoot: string): string {
  const folder = join(repoRoot, 'samples');
  const files = [
    ...readdirSync(folder).filter((name) => name.endsWith('.fmk') || name === 'factmark.json'),
    ...readdirSync(join(folder, 'raw')).map((name) => `raw/${name}`),
  ].sort();
  return files.map((name) => `//- /${name}\n${readFileSync(join(folder, name), 'utf8')}`).join('');
}

const SEVERITY_NUMBER = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/** One line per diagnostic, sorted: range, severity, code, message, related places. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], pathOf: (uri: string) => string): string {
  return diagnostics
    .map((d) => {
      const where = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      const related = (d.relatedInformation ?? []).map((r) => ` [${pathOf(r.location.uri)} ${where(r.location.range)} ${r.message}]`).join('');
      return `${where(d.range)} ${d.severity} ${String(d.code)} ${d.message}${related}`;
    })
    .sort()
    .join('\n');
}

/**
 * What the server should publish for each file of `texts` (by URI): the core's analysis, in
 * protocol form. Untagged-alias hints need the text at hand, so the server gives them for open
 * documents only (`open`); the CLI, which reads every file, gives them everywhere.
 */
export function expectedDiagnostics(texts: ReadonlyMap<string, string>, config: FactmarkConfig, open: ReadonlySet<string>): Map<string, Diagnostic[]> {
  const workspace = new Workspace(config);
  for (const [uri, text] of texts) workspace.update(uri, summarize(text, config), false);
  const indexes = new Map([...texts].map(([uri, text]) => [uri, LineIndex.of(text)]));
  const toRange = (uri: string, r: { start: number; end: number }): Range => ({ start: indexes.get(uri)!.positionAt(r.start), end: indexes.get(uri)!.positionAt(r.end) });
  const result = new Map<string, Diagnostic[]>();
  for (const [uri, text] of texts) {
    result.set(
      uri,
      documentDiagnostics(workspace, uri, open.has(uri) ? text : undefined).map((d) => ({
        range: toRange(uri, d.range),
        severity: SEVERITY_NUMBER[d.severity],
        code: d.code,
        message: d.message,
        ...(d.related?.length ? { relatedInformation: d.related.map((r) => ({ location: { uri: r.uri, range: toRange(r.uri, r.range) }, message: r.message })) } : {}),
      })),
    );
  }
  return result;
}

/**
 * Problems with a set of edits to one document, by the protocol's rules:
 * every position inside the document (no character past a line's end, no
 * line past the last), start ≤ end, and no two edits overlapping (inserts
 * at the same position are allowed; their order is the array's).
 */
export function editProblems(text: string, edits: readonly TextEdit[]): string[] {
  const problems: string[] = [];
  const starts = computeLineStarts(text);
  const lineLength = (line: number) => {
    const end = line + 1 < starts.length ? starts[line + 1] : text.length;
    let length = end - starts[line];
    while (length > 0 && (text[starts[line] + length - 1] === '\n' || text[starts[line] + length - 1] === '\r')) length--;
    return length;
  };
  const index = new LineIndex(starts, text.length);
  const offsets = edits.map((edit) => {
    for (const position of [edit.range.start, edit.range.end]) {
      if (position.line < 0 || position.line >= starts.length || position.character < 0 || position.character > lineLength(position.line)) {
        problems.push(`position ${position.line}:${position.character} is outside the document`);
      }
    }
    return { start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end) };
  });
  for (const r of offsets) if (r.start > r.end) problems.push(`range ${r.start}..${r.end} is reversed`);
  const sorted = [...offsets].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) problems.push(`edits ${sorted[i - 1].start}..${sorted[i - 1].end} and ${sorted[i].start}..${sorted[i].end} overlap`);
  }
  return problems;
}

/** Applies edits that all refer to the original text (as a TextDocumentEdit's do); same-position inserts keep their array order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = LineIndex.of(text);
  const resolved = edits
    .map((edit, order) => ({ start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), newText: edit.newText, order }))
    .sort((a, b) => b.start - a.start || b.order - a.order);
  let result = text;
  for (const edit of resolved) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** Syntax problems of `after` that `before` did not have, counted by reason (`unclosed-span ×1`). */
export function newSyntaxProblems(before: string, after: string): string[] {
  const count = (text: string) => {
    const counts = new Map<string, number>();
    for (const p of parse(text).problems) counts.set(p.reason, (counts.get(p.reason) ?? 0) + 1);
    return counts;
  };
  const old = count(before);
  return [...count(after)].filter(([reason, n]) => n > (old.get(reason) ?? 0)).map(([reason, n]) => `${reason} ×${n - (old.get(reason) ?? 0)}`);
}
