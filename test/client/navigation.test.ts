import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeValue, pickWrapping, type DiagnosticCodeField, type Direction, type LinePosition } from '../../client/src/navigation';

const at = (text: string): LinePosition => {
  const [line, character] = text.split(':').map(Number);
  return { line, character };
};
const show = (position: LinePosition | undefined) => (position ? `${position.line}:${position.character}` : 'none');

/** Diagnostics start at 2:5, 0:10 and 2:1 (unsorted, as VS Code may hand them over). */
const starts = ['2:5', '0:10', '2:1'].map(at);

const cases: { cursor: string; direction: Direction; starts?: LinePosition[] }[] = [
  { cursor: '0:0', direction: 'next' },
  { cursor: '0:10', direction: 'next' },
  { cursor: '2:1', direction: 'next' },
  { cursor: '2:5', direction: 'next' },
  { cursor: '9:0', direction: 'next' },
  { cursor: '0:0', direction: 'previous' },
  { cursor: '0:10', direction: 'previous' },
  { cursor: '2:3', direction: 'previous' },
  { cursor: '2:5', direction: 'previous' },
  { cursor: '9:0', direction: 'previous' },
  { cursor: '1:0', direction: 'next', starts: [at('1:0')] },
  { cursor: '1:0', direction: 'previous', starts: [at('1:0')] },
  { cursor: '1:0', direction: 'next', starts: [] },
];

test('pickWrapping moves to the next or previous start and wraps at either end', () => {
  const actual = cases
    .map(({ cursor, direction, starts: own }) => `${direction} from ${cursor} → ${show(pickWrapping(own ?? starts, at(cursor), direction))}`)
    .join('\n');
  assert.equal(
    actual,
    [
      'next from 0:0 → 0:10',
      'next from 0:10 → 2:1',
      'next from 2:1 → 2:5',
      'next from 2:5 → 0:10',
      'next from 9:0 → 0:10',
      'previous from 0:0 → 2:5',
      'previous from 0:10 → 2:5',
      'previous from 2:3 → 2:1',
      'previous from 2:5 → 2:1',
      'previous from 9:0 → 2:5',
      'next from 1:0 → 1:0',
      'previous from 1:0 → 1:0',
      'next from 1:0 → none',
    ].join('\n'),
  );
});

test('codeValue reads plain codes and codes that link to documentation', () => {
  const codes: DiagnosticCodeField[] = ['unsourced-figure', 7, { value: 'claim-conflict' }, undefined];
  assert.equal(codes.map((code) => codeValue(code) ?? 'none').join(' '), 'unsourced-figure 7 claim-conflict none');
});
