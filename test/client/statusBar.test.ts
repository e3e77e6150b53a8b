import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusText, type StatusBarState } from '../../client/src/statusText';

test('statusText: starting, stopped, indexing, clean and with problems', () => {
  const states: StatusBarState[] = [
    'starting',
    'stopped',
    { errors: 4, warnings: 1, indexing: true },
    { errors: 0, warnings: 0, indexing: false },
    { errors: 1, warnings: 3, indexing: false },
    { errors: 2, warnings: 1, indexing: false },
  ];
  const actual = states.map((state) => {
    const { text, tooltip, command } = statusText(state);
    return `${text} | ${tooltip} | ${command}`;
  });
  assert.equal(
    actual.join('\n'),
    [
      '$(sync~spin) Factmark: starting | The Factmark language server is starting. | workbench.actions.view.problems',
      '$(circle-slash) Factmark: stopped | The Factmark language server is not running (its output channel says why). Click to restart it. | factmark.restartServer',
      '$(sync~spin) Factmark: indexing | Factmark is reading the workspace. Click to open the Problems panel. | workbench.actions.view.problems',
      '$(check) Factmark | Factmark: 0 errors, 0 warnings in the workspace. Click to open the Problems panel. | workbench.actions.view.problems',
      '$(error) 1 $(warning) 3 Factmark | Factmark: 1 error, 3 warnings in the workspace. Click to open the Problems panel. | workbench.actions.view.problems',
      '$(error) 2 $(warning) 1 Factmark | Factmark: 2 errors, 1 warning in the workspace. Click to open the Problems panel. | workbench.actions.view.problems',
    ].join('\n'),
  );
});
