/**
 * Text positions. Inside the core every position is a UTF-16 code-unit offset
 * (what JavaScript string indexes are); line/character pairs exist only for
 * presentation (LSP edge, CLI output), computed from a compact line-start table.
 */

/** Half-open range of UTF-16 offsets: [start, end). */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export function range(start: number, end: number): TextRange {
  return { start, end };
}

export function contains(r: TextRange, offset: number): boolean {
  return offset >= r.start && offset <= r.end;
}

/**
 * `text` without its trailing run of characters that `strip` accepts. A loop:
 * `/[…]+$/` retries at every character of a long run that does not reach the end (quadratic).
 */
export function trimEndWhile(text: string, strip: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0 && strip(text[end - 1])) end--;
  return text.slice(0, end);
}

/**
 * `text` as a string of its own. V8 makes a slice of 13 or more characters a view into the whole
 * string, and a concatenation a tree of its parts: kept in a summary, either would keep the
 * document's text alive long after the document was closed. (A JSON round trip gives a flat copy
 * without the view's 32 bytes, but `factmark check` at 10,000 articles took 2 s more CPU and
 * 150 MB more memory with it.)
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

export interface LineCharacter {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units. */
  readonly character: number;
}

/** Offsets of the first character of each line; `\r\n`, `\n` and lone `\r` end a line. */
export function computeLineStarts(text: string): Uint32Array {
  // Without `\r` (the usual case) line breaks are found by indexOf: a dozen times faster than a charCodeAt loop.
  if (text.indexOf('\r') < 0) {
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const lineStarts = new Uint32Array(count);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts[line++] = i + 1;
    return lineStarts;
  }
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return Uint32Array.from(starts);
}

/** Maps offsets to line/character and back without keeping the text. */
export class LineIndex {
  constructor(readonly lineStarts: Uint32Array, readonly length: number) {}

  static of(text: string): LineIndex {
    return new LineIndex(computeLineStarts(text), text.length);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): LineCharacter {
    const clamped = Math.max(0, Math.min(offset, this.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  /** The line an offset (within the text) is on. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  offsetAt(position: LineCharacter): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.length;
    const lineStart = this.lineStarts[position.line];
    const nextLineStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextLineStart));
  }

  lineRange(line: number): TextRange {
    const start = this.lineStarts[line] ?? this.length;
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.length;
    return { start, end };
  }
}
