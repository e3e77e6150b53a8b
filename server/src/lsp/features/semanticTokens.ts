/**
 * Semantic tokens (full document): sigils, ids by kind (declarations
 * modified), attribute keys and values, span surfaces, figures (modified
 * `unsourced` or `sourced`), definition labels, front matter, comments.
 * Tokens never span lines: a multi-line one is cut at each line break.
 */
import type { SemanticTokens, SemanticTokensLegend, SemanticTokensParams } from 'vscode-languageserver';
import { SYNTAX_TOKEN_MODIFIERS, SYNTAX_TOKEN_TYPES, syntaxTokens } from '../../core/navigation';
import { canonicalUri, lineIndexOf } from '../convert';
import type { FeatureContext } from '../context';

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...SYNTAX_TOKEN_TYPES], tokenModifiers: [...SYNTAX_TOKEN_MODIFIERS] };

export function semanticTokens(context: FeatureContext, params: SemanticTokensParams): SemanticTokens {
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  const tree = context.documents.tree(uri);
  const text = context.documents.text(uri);
  if (!summary || !tree || text === undefined) return { data: [] };
  const index = lineIndexOf(summary);
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  for (const token of syntaxTokens(tree, summary)) {
    const type = SYNTAX_TOKEN_TYPES.indexOf(token.type);
    const modifiers = token.modifiers.reduce((bits, m) => bits | (1 << SYNTAX_TOKEN_MODIFIERS.indexOf(m)), 0);
    let start = token.range.start;
    while (start < token.range.end) {
      const { line, character } = index.positionAt(start);
      let lineEnd = index.lineRange(line).end;
      while (lineEnd > start && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
      const end = Math.min(token.range.end, lineEnd);
      if (end > start) {
        data.push(line - previousLine, line === previousLine ? character - previousCharacter : character, end - start, type, modifiers);
        previousLine = line;
        previousCharacter = character;
      }
      start = index.lineRange(line).end;
    }
  }
  return { data };
}
