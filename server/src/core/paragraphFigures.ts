/**
 * Figures of an open document, remembered by paragraph between its versions:
 * a keystroke re-reads only the paragraph it touched (recognizing a
 * 10,000-word article's figures was half of summarizing it again).
 *
 * The recognizer's gaps stop at a blank line, and it reads nothing outside
 * the range it is given, so a paragraph's figures depend on the paragraph's
 * prose alone. A paragraph here runs to just after the first line break of a
 * blank run: seen from either side, the boundary reads as that run does.
 * test/core/paragraphFigures.test.ts holds the result equal to recognizing
 * the whole prose at once.
 */
import type { Figure, RecognizerOptions } from './figureTypes';
import { recognizeFigures } from './figures';
import type { TextRange } from './text';

/** A line break, blanks, and another line break: the end of a paragraph. */
const BLANK_LINE = /\n[\t \r\u00a0\u2000-\u200a\u202f]*\n/g;

export class ParagraphFigures {
  /** Paragraph prose → its figures with offsets from the paragraph's start, as of the last call. */
  private byParagraph = new Map<string, readonly Figure[]>();
  private options: RecognizerOptions | undefined;

  /** The figures of `prose`, in order, as `recognizeFigures(prose, 0, prose.length, options)` finds them. */
  recognize(prose: string, options: RecognizerOptions): Figure[] {
    const previous = sameOptions(this.options, options) ? this.byParagraph : new Map<string, readonly Figure[]>();
    const current = new Map<string, readonly Figure[]>();
    const figures: Figure[] = [];
    const read = (start: number, end: number) => {
      const paragraph = prose.slice(start, end);
      let found = current.get(paragraph) ?? previous.get(paragraph);
      if (!found) found = recognizeFigures(paragraph, 0, paragraph.length, options);
      current.set(paragraph, found);
      for (const figure of found) figures.push(start === 0 ? figure : shifted(figure, start));
    };
    let start = 0;
    BLANK_LINE.lastIndex = 0;
    for (let blank = BLANK_LINE.exec(prose); blank; blank = BLANK_LINE.exec(prose)) {
      read(start, blank.index + 1);
      start = blank.index + 1;
      // The run's last line break may begin the next blank run.
      BLANK_LINE.lastIndex = blank.index + blank[0].length - 1;
    }
    read(start, prose.length);
    this.byParagraph = current;
    this.options = options;
    return figures;
  }
}

function sameOptions(a: RecognizerOptions | undefined, b: RecognizerOptions): boolean {
  return a !== undefined && a.tolerances === b.tolerances && a.dollarCurrency === b.dollarCurrency && a.yenSymbolCurrency === b.yenSymbolCurrency;
}

function shiftedRange(range: TextRange, by: number): TextRange {
  return { start: range.start + by, end: range.end + by };
}

function shifted(figure: Figure, by: number): Figure {
  const moved: Figure = { ...figure, range: shiftedRange(figure.range, by) };
  return figure.conversion ? { ...moved, conversion: { ...figure.conversion, range: shiftedRange(figure.conversion.range, by) } } : moved;
}
