/**
 * `factmark check`: the core's resolved diagnostics of every reported
 * article, rendered as pretty text, JSON, SARIF 2.1.0 or GitHub workflow
 * annotations. Every format is a head, items (a JSON file entry, a printed
 * diagnostic, a SARIF result) with a separator between them, and a tail;
 * files stream out one at a time in path order.
 */
import { documentDiagnostics, type ResolvedDiagnostic } from '../core/analysis';
import { ALL_CODES, DIAGNOSTIC_CODES, type DiagnosticCode, type RuleSetting, type Severity } from '../core/diagnosticCodes';
import { Locator, type ReportLocation } from '../core/reports';
import type { LineIndex, TextRange } from '../core/text';
import { displayWidth, Items, oneLine, plural, SURROGATE, type Output } from './format';
import type { LoadedWorkspace, PathDisplay, ReportedArticle } from './load';
import type { CheckFormat } from './usage';

export interface CheckOptions {
  readonly format: CheckFormat;
  readonly maxWarnings: number | undefined;
  readonly rules: Partial<Record<DiagnosticCode, RuleSetting>>;
  readonly verbose: boolean;
  readonly version: string;
}

type Counts = Record<Severity, number>;

/** 1-based, UTF-16 columns, end exclusive (as in the JSON output). */
type Position = Pick<ReportLocation, 'line' | 'column' | 'endLine' | 'endColumn'>;

interface RelatedLocation {
  readonly file: string;
  readonly position: Position;
  readonly message: string;
}

interface LocatedDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly range: TextRange;
  readonly position: Position;
  readonly related: readonly RelatedLocation[];
}

interface CheckRenderer {
  readonly head: string;
  readonly separator: string;
  file(items: Items, article: ReportedArticle, diagnostics: readonly LocatedDiagnostic[], lines: LineIndex): void;
  tail(counts: Counts, fileCount: number, items: number): string;
}

function summaryLine(counts: Counts, fileCount: number, hiddenHints: boolean): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.info, 'info'), plural(counts.hint, 'hint')];
  const note = hiddenHints && counts.hint > 0 ? ' (hints not shown; --verbose shows them)' : '';
  return `${parts.join(', ')} in ${plural(fileCount, 'file')}${note}`;
}

const EXCERPT_WIDTH = 100;

/**
 * The source line of a range with a caret line under it (multi-line ranges:
 * carets to the end of the first line). Long lines are cut to a window
 * around the range; tabs print as one space so carets stay aligned.
 */
export function sourceExcerpt(text: string, lines: LineIndex, range: TextRange): string[] {
  const start = lines.positionAt(range.start);
  const lineRange = lines.lineRange(start.line);
  let lineEnd = lineRange.end;
  if (text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
  if (text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  // A BOM is invisible: leave it out of the excerpt.
  const lineStart = lineRange.start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineRange.start;
  const line = text.slice(lineStart, lineEnd).replaceAll('\t', ' ');
  // Cut in code points; a line without surrogates (the usual case) is cut as it is.
  const chars: string | string[] = SURROGATE.test(line) ? Array.from(line) : line;
  const caretFrom = displayWidth(text.slice(lineStart, Math.max(lineStart, range.start)));
  const caretTo = Math.max(caretFrom + 1, displayWidth(text.slice(lineStart, Math.min(Math.max(range.end, lineStart), lineEnd))));

  let from = 0;
  let to = chars.length;
  if (chars.length > EXCERPT_WIDTH) {
    from = Math.max(0, Math.min(caretFrom - 30, chars.length - EXCERPT_WIDTH));
    to = Math.min(chars.length, from + EXCERPT_WIDTH);
  }
  const lead = from > 0 ? '…' : '';
  const cut = typeof chars === 'string' ? chars.slice(from, to) : chars.slice(from, to).join('');
  const shown = lead + cut + (to < chars.length ? '…' : '');
  const caretStart = lead.length + caretFrom - from;
  const caretCount = Math.max(1, Math.min(caretTo, to) - caretFrom);

  const lineNumber = String(start.line + 1);
  const gutter = ' '.repeat(lineNumber.length);
  return [` ${lineNumber} | ${shown}`.trimEnd(), ` ${gutter} | ${' '.repeat(caretStart)}${'^'.repeat(caretCount)}`];
}

function prettyRenderer(verbose: boolean): CheckRenderer {
  return {
    head: '',
    separator: '\n',
    file(items, article, diagnostics, lines) {
      for (const d of diagnostics) {
        if (d.severity === 'hint' && !verbose) continue;
        const out = items.next();
        // One line per diagnostic header, even when a message quotes text that spans lines.
        out.write(`${article.file}:${d.position.line}:${d.position.column} ${d.severity} ${d.code} ${oneLine(d.message)}\n`);
        const [source, carets] = sourceExcerpt(article.text, lines, d.range);
        out.write(`${source}\n${carets}\n`);
        const gutter = ' '.repeat(String(d.position.line).length);
        for (const r of d.related) out.write(` ${gutter} = ${r.file}:${r.position.line}:${r.position.column}: ${r.message}\n`);
      }
    },
    tail(counts, fileCount, items) {
      return `${items > 0 ? '\n' : ''}${summaryLine(counts, fileCount, !verbose)}\n`;
    },
  };
}

/** GitHub's workflow-command escaping (actions/toolkit): data escapes % CR LF, properties also : and ,. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

function githubRenderer(verbose: boolean): CheckRenderer {
  return {
    head: '',
    separator: '',
    file(items, article, diagnostics) {
      const file = escapeProperty(article.file);
      for (const d of diagnostics) {
        if (d.severity === 'hint' && !verbose) continue;
        const { line, column, endLine, endColumn } = d.position;
        const properties = `file=${file},line=${line},col=${column},endLine=${endLine},endColumn=${endColumn},title=${escapeProperty(`factmark ${d.code}`)}`;
        items.next().write(`::${GITHUB_COMMAND[d.severity]} ${properties}::${escapeData(d.message)}\n`);
      }
    },
    tail(counts, fileCount) {
      return `${summaryLine(counts, fileCount, !verbose)}\n`;
    },
  };
}

/** Indents every line but the first (JSON.stringify output nested into a larger document). */
function indentTail(json: string, indent: string): string {
  return json.replaceAll('\n', '\n' + indent);
}

const quote = JSON.stringify;

/**
 * `{ version, files: [...], summary }`, byte for byte what
 * JSON.stringify(document, null, 2) would print; each file's entry is
 * written directly (the entries are most of a large output).
 */
function jsonRenderer(): CheckRenderer {
  const related = ({ file, position: p, message }: RelatedLocation) =>
    `\n            {\n              "file": ${quote(file)},\n              "line": ${p.line},\n              "column": ${p.column},\n              "endLine": ${p.endLine},\n              "endColumn": ${p.endColumn},\n              "message": ${quote(message)}\n            }`;
  return {
    head: '{\n  "version": 1,\n  "files": [',
    separator: ',',
    file(items, article, diagnostics) {
      const out = items.next();
      out.write(`\n    {\n      "file": ${quote(article.file)},\n      "diagnostics": ${diagnostics.length ? '[' : '[]'}`);
      diagnostics.forEach((d, i) => {
        const p = d.position;
        out.write(
          `${i > 0 ? ',' : ''}\n        {\n          "code": ${quote(d.code)},\n          "severity": ${quote(d.severity)},\n          "message": ${quote(d.message)},\n          "line": ${p.line},\n          "column": ${p.column},\n          "endLine": ${p.endLine},\n          "endColumn": ${p.endColumn},\n          "related": ${d.related.length ? `[${d.related.map(related).join(',')}\n          ]` : '[]'}\n        }`,
        );
      });
      out.write(`${diagnostics.length ? '\n      ]' : ''}\n    }`);
    },
    tail(counts, fileCount) {
      const summary = { errors: counts.error, warnings: counts.warning, infos: counts.info, hints: counts.hint };
      return `${fileCount > 0 ? '\n  ' : ''}],\n  "summary": ${indentTail(JSON.stringify(summary, null, 2), '  ')}\n}\n`;
    },
  };
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A relative path as a URI reference: each segment percent-encoded. */
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * The SARIF log as JSON.stringify(log, null, 2) prints it, cut where its
 * results go: the results are written item by item between the two halves.
 */
function sarifFrame(version: string): { head: string; tailAfterResults: string; tailWithoutResults: string } {
  const marker = 'factmark-results';
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'factmark',
            version,
            rules: ALL_CODES.map((code) => ({
              id: code,
              shortDescription: { text: DIAGNOSTIC_CODES[code].summary },
              defaultConfiguration: { level: SARIF_LEVEL[DIAGNOSTIC_CODES[code].severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: [marker],
      },
    ],
  };
  const text = JSON.stringify(log, null, 2) + '\n';
  const at = text.indexOf(quote(marker));
  const before = text.slice(0, at);
  const after = text.slice(at + quote(marker).length);
  // `before` ends with `[` and the indentation of the first result; `after` starts with the line break and `]` closing the results.
  const head = before.slice(0, before.lastIndexOf('[') + 1);
  return { head, tailAfterResults: after, tailWithoutResults: after.slice(after.indexOf(']')) };
}

function sarifRenderer(version: string): CheckRenderer {
  const frame = sarifFrame(version);
  const uris = new Map<string, string>();
  const uriOf = (file: string) => {
    let uri = uris.get(file);
    if (uri === undefined) uris.set(file, (uri = relativeUri(file)));
    return uri;
  };
  // Inside `locations` and `relatedLocations` alike: the key at 14 spaces.
  const physicalLocation = (file: string, p: Position) =>
    `"physicalLocation": {\n                "artifactLocation": {\n                  "uri": ${quote(uriOf(file))},\n                  "uriBaseId": "%SRCROOT%"\n                },\n                "region": {\n                  "startLine": ${p.line},\n                  "startColumn": ${p.column},\n                  "endLine": ${p.endLine},\n                  "endColumn": ${p.endColumn}\n                }\n              }`;
  const related = (r: RelatedLocation, id: number) =>
    `\n            {\n              "id": ${id},\n              ${physicalLocation(r.file, r.position)},\n              "message": {\n                "text": ${quote(r.message)}\n              }\n            }`;
  return {
    head: frame.head,
    separator: ',',
    file(items, article, diagnostics) {
      for (const d of diagnostics) {
        const relatedLocations = d.related.length ? `,\n          "relatedLocations": [${d.related.map(related).join(',')}\n          ]` : '';
        items
          .next()
          .write(
            `\n        {\n          "ruleId": ${quote(d.code)},\n          "ruleIndex": ${ALL_CODES.indexOf(d.code)},\n          "level": ${quote(SARIF_LEVEL[d.severity])},\n          "message": {\n            "text": ${quote(d.message)}\n          },\n          "locations": [\n            {\n              ${physicalLocation(article.file, d.position)}\n            }\n          ]${relatedLocations}\n        }`,
          );
      }
    },
    tail(_counts, _fileCount, items) {
      return items > 0 ? frame.tailAfterResults : frame.tailWithoutResults;
    },
  };
}

function createRenderer(options: CheckOptions): CheckRenderer {
  switch (options.format) {
    case 'pretty':
      return prettyRenderer(options.verbose);
    case 'github':
      return githubRenderer(options.verbose);
    case 'json':
      return jsonRenderer();
    case 'sarif':
      return sarifRenderer(options.version);
  }
}

function locateDiagnostic(locator: Locator, display: PathDisplay, uri: string, diagnostic: ResolvedDiagnostic): LocatedDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    range: diagnostic.range,
    position: locator.locate(uri, diagnostic.range),
    related: (diagnostic.related ?? []).map((r) => ({ file: display.ofUri(r.uri), position: locator.locate(r.uri, r.range), message: r.message })),
  };
}

/** Renders the check and returns its exit code before file errors are counted (0 clean, 1 failed). */
export function runCheck(loaded: LoadedWorkspace, options: CheckOptions, out: Output, warn: (line: string) => void): number {
  const renderer = createRenderer(options);
  const items = new Items(out, renderer.separator);
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
  const locator = new Locator(loaded.workspace);
  const batch = loaded.workspace.diagnosticsBatch();
  out.write(renderer.head);
  for (const article of loaded.reported) {
    const diagnostics = documentDiagnostics(loaded.workspace, article.uri, article.text, options.rules, batch).map((d) =>
      locateDiagnostic(locator, loaded.display, article.uri, d),
    );
    for (const d of diagnostics) counts[d.severity]++;
    renderer.file(items, article, diagnostics, locator.lines(article.uri));
  }
  out.write(renderer.tail(counts, loaded.reported.length, items.count));
  if (counts.error > 0) return 1;
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    warn(`${plural(counts.warning, 'warning')}, more than --max-warnings ${options.maxWarnings}`);
    return 1;
  }
  return 0;
}
