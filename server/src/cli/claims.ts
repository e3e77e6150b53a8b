/**
 * `factmark claims`: the core's claims report (reports.ts) rendered as an
 * aligned table, JSON, CSV (RFC 4180) or a self-contained HTML page. JSON and
 * CSV stream claim by claim; the table and the page lay out all claims at once.
 */
import { claimReport, Locator, sortedClaimIds, type ClaimMentionReport, type ClaimReport, type ReportInterval, type ReportLocation } from '../core/reports';
import { claimsHtml } from './claimsHtml';
import { fileLine, reconciledText, sourcingText } from './claimText';
import { alignColumns, columnWidths, formatReportInterval, Items, oneLine, type Output } from './format';
import type { LoadedWorkspace, PathDisplay } from './load';
import type { ClaimsFormat } from './usage';

/** Claims defined or mentioned in the reported articles (all claims when every article is reported). */
function onlyReportedClaims(loaded: LoadedWorkspace): Set<string> | undefined {
  if (loaded.reported.length === loaded.workspace.size) return undefined;
  const ids = new Set<string>();
  for (const article of loaded.reported) {
    const summary = loaded.workspace.summary(article.uri)!;
    for (const mention of summary.claimMentions) ids.add(mention.id);
    for (const definition of summary.definitions) if (definition.kind === 'claim') ids.add(definition.id);
  }
  return ids;
}

function mentionIntervalText(mention: ClaimMentionReport): string {
  if (mention.excluded === 'unit-mismatch') return `not comparable (${mention.unit})`;
  if (mention.excluded === 'no-value' || !mention.interval) return 'no value';
  return formatReportInterval(mention.interval);
}

function renderTable(claims: readonly ClaimReport[], display: PathDisplay, out: Output): void {
  if (claims.length === 0) {
    out.line('No claims.');
    return;
  }
  const headers = claims.map((c) => [`#${c.id}`, c.status, reconciledText(c), c.reconciled ? formatReportInterval(c.reconciled) : '', c.description ?? '']);
  const headerWidths = columnWidths(headers);
  claims.forEach((claim, i) => {
    if (i > 0) out.line();
    out.line(alignColumns([headers[i]], headerWidths)[0]);
    const rows = claim.mentions.map((m) => [
      `  ${fileLine(display, m.location)}`,
      `"${oneLine(m.text)}"`,
      mentionIntervalText(m),
      sourcingText(m),
      m.disagreesWith.length ? `conflicts with ${m.disagreesWith.map((j) => fileLine(display, claim.mentions[j].location)).join(', ')}` : '',
    ]);
    for (const line of alignColumns(rows)) out.line(line);
  });
}

const quote = JSON.stringify;
const nullable = (value: string | null) => (value === null ? 'null' : quote(value));
/** Indentation by depth, as JSON.stringify(…, null, 2) indents. */
const INDENT = Array.from({ length: 7 }, (_, depth) => ' '.repeat(2 * depth));

/** An array of already-rendered JSON values whose key sits at `depth`. */
function jsonList(values: readonly string[], depth: number): string {
  if (values.length === 0) return '[]';
  const inner = INDENT[depth + 1];
  return `[\n${inner}${values.join(`,\n${inner}`)}\n${INDENT[depth]}]`;
}

/** A location with the machine's absolute URI replaced by the displayed relative path, its key at `depth`. */
function jsonLocation(display: PathDisplay, location: ReportLocation, depth: number): string {
  const inner = INDENT[depth + 1];
  return `{\n${inner}"file": ${quote(display.ofUri(location.uri))},\n${inner}"line": ${location.line},\n${inner}"column": ${location.column},\n${inner}"endLine": ${location.endLine},\n${inner}"endColumn": ${location.endColumn}\n${INDENT[depth]}}`;
}

function jsonInterval(interval: ReportInterval | null, depth: number): string {
  if (!interval) return 'null';
  const inner = INDENT[depth + 1];
  return `{\n${inner}"low": ${nullable(interval.low)},\n${inner}"high": ${nullable(interval.high)},\n${inner}"lowOpen": ${interval.lowOpen},\n${inner}"highOpen": ${interval.highOpen}\n${INDENT[depth]}}`;
}

function jsonMention(m: ClaimMentionReport, display: PathDisplay): string {
  return `\n        {\n          "location": ${jsonLocation(display, m.location, 5)},\n          "text": ${quote(m.text)},\n          "value": ${nullable(m.value)},\n          "unit": ${nullable(m.unit)},\n          "interval": ${jsonInterval(m.interval, 5)},\n          "excluded": ${nullable(m.excluded)},\n          "status": ${quote(m.status)},\n          "sources": ${jsonList(m.sources.map((s) => quote(s)), 5)},\n          "speakers": ${jsonList(m.speakers.map((s) => quote(s)), 5)},\n          "disagreesWith": ${jsonList(m.disagreesWith.map(String), 5)}\n        }`;
}

/** A claim's entry in `{ version, claims: [...] }`, byte for byte as JSON.stringify(document, null, 2) prints it. */
function jsonClaim(c: ClaimReport, display: PathDisplay): string {
  const mentions = c.mentions.length ? `[${c.mentions.map((m) => jsonMention(m, display)).join(',')}\n      ]` : '[]';
  return `\n    {\n      "id": ${quote(c.id)},\n      "description": ${nullable(c.description)},\n      "definition": ${c.definition ? jsonLocation(display, c.definition, 3) : 'null'},\n      "unit": ${nullable(c.unit)},\n      "status": ${quote(c.status)},\n      "reconciled": ${jsonInterval(c.reconciled, 3)},\n      "point": ${nullable(c.point)},\n      "mentions": ${mentions}\n    }`;
}

/** RFC 4180: quote a field holding a quote, comma or line break; double inner quotes. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_COLUMNS = [
  'claim', 'description', 'claim_unit', 'status', 'reconciled', 'point',
  'file', 'line', 'column', 'text', 'value', 'unit', 'interval', 'low', 'high', 'excluded', 'sourcing', 'sources', 'speakers', 'disagrees_with',
];

const csvRow = (fields: readonly (string | number | null)[]) => fields.map(csvField).join(',') + '\r\n';

function csvRows(c: ClaimReport, display: PathDisplay): string {
  const claimFields = [c.id, c.description, c.unit, c.status, c.reconciled && formatReportInterval(c.reconciled, false), c.point];
  if (c.mentions.length === 0) return csvRow([...claimFields, ...CSV_COLUMNS.slice(claimFields.length).map(() => null)]);
  return c.mentions
    .map((m) =>
      csvRow([
        ...claimFields,
        display.ofUri(m.location.uri),
        m.location.line,
        m.location.column,
        m.text,
        m.value,
        m.unit,
        m.interval && formatReportInterval(m.interval, false),
        m.interval?.low ?? null,
        m.interval?.high ?? null,
        m.excluded,
        m.status,
        m.sources.join(' '),
        m.speakers.join(' '),
        m.disagreesWith.map((j) => fileLine(display, c.mentions[j].location)).join(' '),
      ]),
    )
    .join('');
}

export function runClaims(loaded: LoadedWorkspace, format: ClaimsFormat, out: Output): void {
  const { workspace, display } = loaded;
  const locator = new Locator(workspace);
  const ids = sortedClaimIds(workspace, onlyReportedClaims(loaded));
  const report = (id: string) => claimReport(workspace, id, locator);
  switch (format) {
    case 'table':
      return renderTable(ids.map(report), display, out);
    case 'json': {
      out.write('{\n  "version": 1,\n  "claims": [');
      const items = new Items(out, ',');
      for (const id of ids) items.next().write(jsonClaim(report(id), display));
      out.write(items.count > 0 ? '\n  ]\n}\n' : ']\n}\n');
      return;
    }
    case 'csv':
      out.write(csvRow(CSV_COLUMNS));
      for (const id of ids) out.write(csvRows(report(id), display));
      return;
    case 'html':
      return out.write(claimsHtml(ids.map(report), display));
  }
}
