/**
 * `factmark claims`: the core's claims report (reports.ts) rendered as an
 * aligned table, JSON, CSV (RFC 4180) or a self-contained HTML page.
 */
import { claimsReport, type ClaimMentionReport, type ClaimReport, type ReportLocation } from '../core/reports';
import { claimsHtml } from './claimsHtml';
import { fileLine, reconciledText, sourcingText } from './claimText';
import { alignColumns, columnWidths, formatReportInterval, oneLine, Output } from './format';
import type { LoadedWorkspace, PathDisplay } from './load';
import type { ClaimsFormat } from './usage';

/** Claims defined or mentioned in the reported articles (all claims when every article is reported). */
function reportedClaimIds(loaded: LoadedWorkspace): Set<string> | undefined {
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

/** Report locations with the machine's absolute URI replaced by the displayed relative path. */
function jsonLocation(display: PathDisplay, location: ReportLocation) {
  return { file: display.ofUri(location.uri), line: location.line, column: location.column, endLine: location.endLine, endColumn: location.endColumn };
}

function renderJson(claims: readonly ClaimReport[], display: PathDisplay, out: Output): void {
  const document = {
    version: 1,
    claims: claims.map((c) => ({
      ...c,
      definition: c.definition && jsonLocation(display, c.definition),
      mentions: c.mentions.map((m) => ({ ...m, location: jsonLocation(display, m.location) })),
    })),
  };
  out.write(JSON.stringify(document, null, 2) + '\n');
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

function renderCsv(claims: readonly ClaimReport[], display: PathDisplay, out: Output): void {
  const row = (fields: (string | number | null)[]) => out.write(fields.map(csvField).join(',') + '\r\n');
  row(CSV_COLUMNS);
  for (const c of claims) {
    const claimFields = [c.id, c.description, c.unit, c.status, c.reconciled && formatReportInterval(c.reconciled, false), c.point];
    if (c.mentions.length === 0) row([...claimFields, ...CSV_COLUMNS.slice(claimFields.length).map(() => null)]);
    for (const m of c.mentions) {
      row([
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
      ]);
    }
  }
}

export function runClaims(loaded: LoadedWorkspace, format: ClaimsFormat, out: Output): void {
  const claims = claimsReport(loaded.workspace, reportedClaimIds(loaded));
  const { display } = loaded;
  switch (format) {
    case 'table':
      return renderTable(claims, display, out);
    case 'json':
      return renderJson(claims, display, out);
    case 'csv':
      return renderCsv(claims, display, out);
    case 'html':
      return out.write(claimsHtml(claims, display));
  }
}
