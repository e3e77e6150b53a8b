/**
 * `factmark check`: the core's resolved diagnostics of every reported
 * article, rendered as pretty text, JSON, SARIF 2.1.0 or GitHub workflow
 * annotations. Files stream out one at a time in path order.
 */
import { documentDiagnostics, type ResolvedDiagnostic } from '../core/analysis';
import { ALL_CODES, DIAGNOSTIC_CODES, type DiagnosticCode, type RuleSetting, type Severity } from '../core/diagnosticCodes';
import { locate, type ReportLocation } from '../core/reports';
import { LineIndex, type TextRange } from '../core/text';
import type { Workspace } from '../core/workspace';
import { displayWidth, oneLine, Output, plural } from './format';
import type { LoadedWorkspace, PathDisplay, ReportedArticle } from './load';
import type { CheckFormat } from './usage';

export interface CheckOptions {
  readonly format: CheckFormat;
  readonly maxWarnings: number | undefined;
  readonly rules: Partial<Record<DiagnosticCode, RuleSetting>>;
  readonly verbose: boolean;
  readonly version: string;
}

/** 1-based, UTF-16 columns, end exclusive (as in the JSON output). */
interface Position {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

interface RelatedLocation extends Position {
  readonly file: string;
  readonly message: string;
}

interface LocatedDiagnostic extends Position {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly range: TextRange;
  readonly related: readonly RelatedLocation[];
}

type Counts = Record<Severity, number>;

interface CheckRenderer {
  file(article: ReportedArticle, diagnostics: readonly LocatedDiagnostic[], lines: LineIndex): void;
  end(counts: Counts, fileCount: number): void;
}

function position(location: ReportLocation): Position {
  return { line: location.line, column: location.column, endLine: location.endLine, endColumn: location.endColumn };
}

function locateDiagnostic(workspace: Workspace, display: PathDisplay, uri: string, diagnostic: ResolvedDiagnostic): LocatedDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    range: diagnostic.range,
    ...position(locate(workspace, uri, diagnostic.range)),
    related: (diagnostic.related ?? []).map((r) => ({ file: display.ofUri(r.uri), ...position(locate(workspace, r.uri, r.range)), message: r.message })),
  };
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
  const chars = Array.from(text.slice(lineStart, lineEnd).replaceAll('\t', ' '));
  const caretFrom = displayWidth(text.slice(lineStart, Math.max(lineStart, range.start)));
  const caretTo = Math.max(caretFrom + 1, displayWidth(text.slice(lineStart, Math.min(Math.max(range.end, lineStart), lineEnd))));

  let from = 0;
  let to = chars.length;
  if (chars.length > EXCERPT_WIDTH) {
    from = Math.max(0, Math.min(caretFrom - 30, chars.length - EXCERPT_WIDTH));
    to = Math.min(chars.length, from + EXCERPT_WIDTH);
  }
  const lead = from > 0 ? '…' : '';
  const shown = lead + chars.slice(from, to).join('') + (to < chars.length ? '…' : '');
  const caretStart = lead.length + caretFrom - from;
  const caretCount = Math.max(1, Math.min(caretTo, to) - caretFrom);

  const lineNumber = String(start.line + 1);
  const gutter = ' '.repeat(lineNumber.length);
  return [` ${lineNumber} | ${shown}`.trimEnd(), ` ${gutter} | ${' '.repeat(caretStart)}${'^'.repeat(caretCount)}`];
}

function prettyRenderer(out: Output, verbose: boolean): CheckRenderer {
  let printed = 0;
  return {
    file(article, diagnostics, lines) {
      for (const d of diagnostics) {
        if (d.severity === 'hint' && !verbose) continue;
        if (printed++ > 0) out.line();
        // One line per diagnostic header, even when a message quotes text that spans lines.
        out.line(`${article.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${oneLine(d.message)}`);
        const excerpt = sourceExcerpt(article.text, lines, d.range);
        for (const line of excerpt) out.line(line);
        const gutter = ' '.repeat(String(d.line).length);
        for (const r of d.related) out.line(` ${gutter} = ${r.file}:${r.line}:${r.column}: ${r.message}`);
      }
    },
    end(counts, fileCount) {
      if (printed > 0) out.line();
      out.line(summaryLine(counts, fileCount, !verbose));
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

function githubRenderer(out: Output, verbose: boolean): CheckRenderer {
  return {
    file(article, diagnostics) {
      for (const d of diagnostics) {
        if (d.severity === 'hint' && !verbose) continue;
        const properties = [
          `file=${escapeProperty(article.file)}`,
          `line=${d.line}`,
          `col=${d.column}`,
          `endLine=${d.endLine}`,
          `endColumn=${d.endColumn}`,
          `title=${escapeProperty(`factmark ${d.code}`)}`,
        ];
        out.line(`::${GITHUB_COMMAND[d.severity]} ${properties.join(',')}::${escapeData(d.message)}`);
      }
    },
    end(counts, fileCount) {
      out.line(summaryLine(counts, fileCount, !verbose));
    },
  };
}

function jsonDiagnostic(d: LocatedDiagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    related: d.related.map((r) => ({ file: r.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, message: r.message })),
  };
}

/** Indents every line but the first (JSON.stringify output nested into a larger document). */
function indentTail(json: string, indent: string): string {
  return json.replaceAll('\n', '\n' + indent);
}

/**
 * Streams `{ version, files: [...], summary }` file by file; the result is
 * byte for byte what JSON.stringify(document, null, 2) would print.
 */
function jsonRenderer(out: Output): CheckRenderer {
  let fileCount = 0;
  out.write('{\n  "version": 1,\n  "files": [');
  return {
    file(article, diagnostics) {
      const entry = { file: article.file, diagnostics: diagnostics.map(jsonDiagnostic) };
      out.write(`${fileCount++ > 0 ? ',' : ''}\n    ${indentTail(JSON.stringify(entry, null, 2), '    ')}`);
    },
    end(counts) {
      const summary = { errors: counts.error, warnings: counts.warning, infos: counts.info, hints: counts.hint };
      out.write(`${fileCount > 0 ? '\n  ' : ''}],\n  "summary": ${indentTail(JSON.stringify(summary, null, 2), '  ')}\n}\n`);
    },
  };
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A relative path as a URI reference: each segment percent-encoded. */
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function sarifPhysicalLocation(file: string, p: Position) {
  return {
    artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
    region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
  };
}

function sarifRenderer(out: Output, version: string): CheckRenderer {
  const results: object[] = [];
  return {
    file(article, diagnostics) {
      for (const d of diagnostics) {
        results.push({
          ruleId: d.code,
          ruleIndex: ALL_CODES.indexOf(d.code),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: sarifPhysicalLocation(article.file, d) }],
          ...(d.related.length
            ? { relatedLocations: d.related.map((r, id) => ({ id, physicalLocation: sarifPhysicalLocation(r.file, r), message: { text: r.message } })) }
            : {}),
        });
      }
    },
    end() {
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
            results,
          },
        ],
      };
      out.write(JSON.stringify(log, null, 2) + '\n');
    },
  };
}

function createRenderer(options: CheckOptions, out: Output): CheckRenderer {
  switch (options.format) {
    case 'pretty':
      return prettyRenderer(out, options.verbose);
    case 'github':
      return githubRenderer(out, options.verbose);
    case 'json':
      return jsonRenderer(out);
    case 'sarif':
      return sarifRenderer(out, options.version);
  }
}

/** Renders the check and returns its exit code before file errors are counted (0 clean, 1 failed). */
export function runCheck(loaded: LoadedWorkspace, options: CheckOptions, out: Output, warn: (line: string) => void): number {
  const renderer = createRenderer(options, out);
  const counts: Counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const article of loaded.reported) {
    const summary = loaded.workspace.summary(article.uri)!;
    const lines = new LineIndex(summary.lineStarts, summary.length);
    const diagnostics = documentDiagnostics(loaded.workspace, article.uri, article.text, options.rules).map((d) =>
      locateDiagnostic(loaded.workspace, loaded.display, article.uri, d),
    );
    for (const d of diagnostics) counts[d.severity]++;
    renderer.file(article, diagnostics, lines);
  }
  renderer.end(counts, loaded.reported.length);
  if (counts.error > 0) return 1;
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    warn(`${plural(counts.warning, 'warning')}, more than --max-warnings ${options.maxWarnings}`);
    return 1;
  }
  return 0;
}
