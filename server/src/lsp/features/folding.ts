/** Folding: front matter, blocks of definitions (and a multi-line definition inside one), multi-line comments. */
import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { DocumentSummary } from '../../core/summary';
import type { TextRange } from '../../core/text';
import { canonicalUri, toPosition } from '../convert';
import type { FeatureContext } from '../context';

/** Definitions separated by at most this many blank lines fold as one block. */
const BLOCK_GAP_LINES = 1;

export function foldingRanges(context: FeatureContext, params: FoldingRangeParams): FoldingRange[] | null {
  const uri = canonicalUri(params.textDocument.uri);
  const summary = context.documents.summary(uri);
  if (!summary) return null;
  const lines = (range: TextRange) => {
    const end = toPosition(summary, range.end);
    // A range ending at a line start (after its line break) ends on the line before.
    return { start: toPosition(summary, range.start).line, end: end.character === 0 && range.end > range.start ? end.line - 1 : end.line };
  };
  const folds: FoldingRange[] = [];
  const fold = (range: TextRange, kind?: FoldingRangeKind) => {
    const { start, end } = lines(range);
    if (end > start) folds.push({ startLine: start, endLine: end, ...(kind ? { kind } : {}) });
  };
  if (summary.frontMatterRange) fold(summary.frontMatterRange, FoldingRangeKind.Region);
  for (const block of definitionBlocks(summary, lines)) {
    fold(block, FoldingRangeKind.Region);
    for (const definition of summary.definitions) {
      if (definition.range.start >= block.start && definition.range.end <= block.end && (definition.range.start !== block.start || definition.range.end !== block.end)) fold(definition.range);
    }
  }
  for (const comment of summary.commentRanges) fold(comment, FoldingRangeKind.Comment);
  return folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function definitionBlocks(summary: DocumentSummary, lines: (range: TextRange) => { start: number; end: number }): TextRange[] {
  const blocks: TextRange[] = [];
  let lastLine = -Infinity;
  for (const definition of summary.definitions) {
    const { start, end } = lines(definition.range);
    const current = blocks[blocks.length - 1];
    if (current && start - lastLine - 1 <= BLOCK_GAP_LINES) blocks[blocks.length - 1] = { start: current.start, end: definition.range.end };
    else blocks.push(definition.range);
    lastLine = end;
  }
  return blocks;
}
