/**
 * Problems of a factmark.json as diagnostics on the file itself, each on the
 * offending property (found by a small tolerant JSON scanner), or at the
 * syntax error's position, else on the whole file.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ConfigProblem } from '../core/config';
import { LineIndex, type TextRange } from '../core/text';

/** Where each property of a JSON text sits: `rates.CNY/USD` → the range from its key to the end of its value. */
function propertyRanges(text: string): Map<string, TextRange> {
  const ranges = new Map<string, TextRange>();
  let p = 0;
  const skipSpace = () => {
    while (p < text.length && /[\s\uFEFF]/.test(text[p])) p++;
  };
  const readString = (): string => {
    let value = '';
    p++; // opening quote
    while (p < text.length && text[p] !== '"') {
      if (text[p] === '\\') p++;
      value += text[p++] ?? '';
    }
    p++; // closing quote
    return value;
  };
  // Iterative over nesting depth would not be simpler; JSON configs are shallow.
  const readValue = (path: string): void => {
    skipSpace();
    const c = text[p];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      p++;
      for (let index = 0; p < text.length; index++) {
        skipSpace();
        if (text[p] === close) {
          p++;
          return;
        }
        let key = String(index);
        const start = p;
        if (c === '{') {
          if (text[p] !== '"') return;
          key = readString();
          skipSpace();
          if (text[p] !== ':') return;
          p++;
        }
        const childPath = path ? `${path}.${key}` : key;
        readValue(childPath);
        ranges.set(childPath, { start, end: p });
        skipSpace();
        if (text[p] === ',') p++;
        else if (text[p] !== close) return;
      }
      return;
    }
    if (c === '"') readString();
    else while (p < text.length && !/[\s,}\]]/.test(text[p])) p++;
  };
  readValue('');
  return ranges;
}

export function configDiagnostics(text: string, problems: readonly ConfigProblem[], severity: DiagnosticSeverity = DiagnosticSeverity.Error): Diagnostic[] {
  const index = LineIndex.of(text);
  const whole = { start: 0, end: text.length };
  const ranges = propertyRanges(text);
  return problems.map((problem) => {
    let range = ranges.get(problem.path);
    // An unknown field is reported on its parent object: point at the field itself.
    const unknown = /^unknown fields? "([^"]*)"/.exec(problem.message);
    if (unknown) range = ranges.get(problem.path ? `${problem.path}.${unknown[1]}` : unknown[1]) ?? range;
    // JSON.parse says where the syntax broke.
    const position = /at position (\d+)/.exec(problem.message);
    if (!range && position) range = { start: Number(position[1]), end: Math.min(text.length, Number(position[1]) + 1) };
    range ??= whole;
    return {
      range: { start: index.positionAt(range.start), end: index.positionAt(range.end) },
      severity,
      code: 'config',
      source: 'factmark',
      message: problem.path ? `factmark.json: "${problem.path}": ${problem.message}` : `factmark.json: ${problem.message}`,
    };
  });
}

/**
 * On a folder's factmark.json that another folder's configuration overrides: where it starts, as
 * information. `governing`: the path of the factmark.json that applies, relative to this one's folder.
 */
export function notAppliedNotice(text: string, governing: string): Diagnostic {
  const index = LineIndex.of(text);
  const lineEnd = text.indexOf('\n');
  return {
    range: { start: index.positionAt(0), end: index.positionAt(lineEnd < 0 ? text.length : lineEnd) },
    severity: DiagnosticSeverity.Information,
    code: 'config',
    source: 'factmark',
    message: `factmark.json: not applied here: every workspace folder is analysed with ${governing} (one configuration for the whole workspace); only "exclude" of this file applies, to this folder.`,
  };
}
