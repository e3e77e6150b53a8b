/**
 * `factmark figures`: every figure the recognizer finds in the reported
 * articles (reports.ts figuresReport), as an aligned table or JSON objects
 * with exactly the design's fields.
 */
import { figuresReport, type FigureReport } from '../core/reports';
import { alignColumns, oneLine, Output, quantityText, readableNumber } from './format';
import type { LoadedWorkspace, PathDisplay } from './load';
import type { FiguresFormat } from './usage';

/** The JSON shape of one figure (design §8): 1-based lines, UTF-16 columns, end exclusive. */
function figureJson(figure: FigureReport, display: PathDisplay) {
  const { location } = figure;
  return {
    file: display.ofUri(location.uri),
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
    text: figure.text,
    qualifier: figure.qualifier,
    value: figure.value,
    low: figure.low,
    high: figure.high,
    unit: figure.unit,
    claim: figure.claim,
    status: figure.status,
  };
}

/** `94.5 billion – 95.5 billion`, `10,000 – ∞` (the report gives bounds, not whether they are included). */
function boundsText(figure: FigureReport): string {
  return `${figure.low === null ? '-∞' : readableNumber(figure.low)} – ${figure.high === null ? '∞' : readableNumber(figure.high)}`;
}

export function runFigures(loaded: LoadedWorkspace, format: FiguresFormat, out: Output): void {
  const { display } = loaded;
  const figures = figuresReport(loaded.workspace, loaded.reported.map((a) => a.uri));
  if (format === 'json') {
    out.write(JSON.stringify(figures.map((f) => figureJson(f, display)), null, 2) + '\n');
    return;
  }
  if (figures.length === 0) {
    out.line('No figures.');
    return;
  }
  const rows = figures.map((f) => [
    `${display.ofUri(f.location.uri)}:${f.location.line}:${f.location.column}`,
    `"${oneLine(f.text)}"`,
    quantityText(f.value, f.unit),
    boundsText(f),
    f.claim === null ? '-' : `#${f.claim}`,
    f.status,
  ]);
  for (const line of alignColumns(rows)) out.line(line);
}
