/**
 * Finds the regular expressions of a JavaScript file: regex literals and
 * `RegExp(` call sites. It reads esbuild's output (types already stripped, so
 * `<T>` and `as` cannot confuse it) with a tokenizer that knows strings,
 * comments, nested template literals and the regex-or-division question for
 * `/`. The tokenizer's answers are checked by V8 itself (`verifyClassification`):
 * with every regex literal replaced by an identifier and every division `/`
 * by `*`, the file must still compile, which fails if a single `/` was
 * taken for the wrong one.
 */
import { runInNewContext, Script } from 'node:vm';

export interface RegexLiteral {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly source: string;
  readonly flags: string;
}

/** `RegExp(…)` or `new RegExp(…)`; `literal` when both arguments are plain string literals. */
export interface RegExpCall {
  readonly line: number;
  readonly literal?: { readonly source: string; readonly flags: string };
}

export interface ScannedFile {
  readonly literals: readonly RegexLiteral[];
  readonly calls: readonly RegExpCall[];
  /** Offsets of the `/` of every division (and `/=`). */
  readonly divisions: readonly number[];
}

/** Keywords after which a `/` starts a regex (after any other word it divides). */
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

const isIdentifierStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c > '\u007f';
const isIdentifierPart = (c: string) => isIdentifierStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\ufeff' || c === '\u2028' || c === '\u2029';

export function scanJavaScript(code: string): ScannedFile {
  const literals: RegexLiteral[] = [];
  const calls: RegExpCall[] = [];
  const divisions: number[] = [];
  const lineAt = (offset: number) => {
    let line = 1;
    for (let k = code.indexOf('\n'); k !== -1 && k < offset; k = code.indexOf('\n', k + 1)) line++;
    return line;
  };
  const fail = (what: string, at: number): never => {
    throw new Error(`${what} at line ${lineAt(at)}`);
  };

  /** Index after the closing quote of the string starting at `start`. */
  const skipString = (start: number): number => {
    const quote = code[start];
    for (let k = start + 1; k < code.length; k++) {
      if (code[k] === '\\') k++;
      else if (code[k] === quote) return k + 1;
      else if (code[k] === '\n') break;
    }
    return fail('unterminated string', start);
  };

  /** Open `{`s: a block or object, or a template literal's `${`. */
  const braces: ('block' | 'template')[] = [];
  /** Scans template text from `k`: the index after the closing backtick, or after a `${` (then pushed on `braces`). */
  const templateText = (k: number): number => {
    for (; k < code.length; k++) {
      if (code[k] === '\\') k++;
      else if (code[k] === '`') return k + 1;
      else if (code[k] === '$' && code[k + 1] === '{') {
        braces.push('template');
        return k + 2;
      }
    }
    return fail('unterminated template literal', k);
  };

  /** A string literal's value, when `code` at `k` (after spaces) is one. */
  const stringLiteralAt = (k: number): { value: string; end: number } | undefined => {
    while (isSpace(code[k] ?? '')) k++;
    if (code[k] !== '"' && code[k] !== "'") return undefined;
    const end = skipString(k);
    // Evaluated by V8 in an empty context: it is nothing but a string literal of our own sources.
    return { value: runInNewContext(code.slice(k, end)) as string, end };
  };

  let regexAllowed = true;
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (isSpace(c)) {
      i++;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end === -1 ? code.length : end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? fail('unterminated comment', i) : end + 2;
    } else if (c === '"' || c === "'") {
      i = skipString(i);
      regexAllowed = false;
    } else if (c === '`') {
      i = templateText(i + 1);
      regexAllowed = code[i - 1] === '{'; // inside `${` an expression starts; after the closing backtick an operand ended
    } else if (c === '{') {
      braces.push('block');
      i++;
      regexAllowed = true;
    } else if (c === '}') {
      const closed = braces.pop() ?? fail('unbalanced }', i);
      if (closed === 'template') {
        i = templateText(i + 1);
        regexAllowed = code[i - 1] === '{';
      } else {
        i++;
        regexAllowed = true; // after a block a `/` starts a statement; `({…}) / x` has a `)` in between
      }
    } else if (c === '/') {
      if (regexAllowed) {
        let k = i + 1;
        let inClass = false;
        for (; k < code.length && (inClass || code[k] !== '/'); k++) {
          if (code[k] === '\n') fail('unterminated regex literal', i);
          if (code[k] === '\\') k++;
          else if (code[k] === '[') inClass = true;
          else if (code[k] === ']') inClass = false;
        }
        let end = k + 1;
        while (end < code.length && isIdentifierPart(code[end])) end++;
        literals.push({ start: i, end, line: lineAt(i), source: code.slice(i + 1, k), flags: code.slice(k + 1, end) });
        i = end;
        regexAllowed = false;
      } else {
        divisions.push(i);
        i++;
        regexAllowed = true;
      }
    } else if (isIdentifierStart(c)) {
      let end = i + 1;
      while (end < code.length && isIdentifierPart(code[end])) end++;
      const word = code.slice(i, end);
      let after = end;
      while (isSpace(code[after] ?? '')) after++;
      if (word === 'RegExp' && code[after] === '(' && code[i - 1] !== '.') {
        const source = stringLiteralAt(after + 1);
        let literal: RegExpCall['literal'];
        if (source) {
          let k = source.end;
          while (isSpace(code[k] ?? '')) k++;
          const flags = code[k] === ',' ? stringLiteralAt(k + 1) : { value: '', end: k };
          let close = flags?.end ?? k;
          while (isSpace(code[close] ?? '')) close++;
          if (flags && code[close] === ')') literal = { source: source.value, flags: flags.value };
        }
        calls.push({ line: lineAt(i), literal });
      }
      i = end;
      regexAllowed = REGEX_AFTER_WORDS.has(word);
    } else if (isDigit(c) || (c === '.' && isDigit(code[i + 1] ?? ''))) {
      i++;
      while (i < code.length && (isIdentifierPart(code[i]) || code[i] === '.')) i++;
      regexAllowed = false;
    } else if ((c === '+' || c === '-') && code[i + 1] === c) {
      i += 2;
      regexAllowed = false; // `x++ / 2`; after a prefix `++` no `/` can follow
    } else {
      i++;
      regexAllowed = c !== ')' && c !== ']';
    }
  }
  if (braces.length) fail('unclosed {', code.length);
  return { literals, calls, divisions };
}

/**
 * Compiles `code` (a CommonJS module body) with every regex literal replaced
 * by an identifier and every division `/` by `*`: a SyntaxError means the
 * tokenizer took some `/` for the wrong thing. Returns the error, or ''.
 */
export function verifyClassification(code: string, scanned: ScannedFile): string {
  const replacements = [
    ...scanned.literals.map((l) => ({ start: l.start, end: l.end, text: '__regex' })),
    ...scanned.divisions.map((d) => ({ start: d, end: d + 1, text: '*' })),
  ].sort((a, b) => a.start - b.start);
  let rewritten = '';
  let at = 0;
  for (const r of replacements) {
    rewritten += code.slice(at, r.start) + r.text;
    at = r.end;
  }
  rewritten += code.slice(at);
  try {
    new Script(`(function (exports, require, module, __filename, __dirname) {\n${rewritten}\n})`);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
