/** What the Factmark status-bar item says, and what clicking it does. Pure. */
import { plural } from '../../server/src/cli/format';
import type { ServerStatus } from '../../server/src/lsp/server';

/** The server's latest status, or where the server is while there is none. */
export type StatusBarState = 'starting' | 'stopped' | Pick<ServerStatus, 'errors' | 'warnings' | 'indexing'>;

export interface StatusText {
  readonly text: string;
  readonly tooltip: string;
  readonly command: string;
}

const SHOW_PROBLEMS = 'workbench.actions.view.problems';

export function statusText(state: StatusBarState): StatusText {
  if (state === 'starting') return { text: '$(sync~spin) Factmark: starting', tooltip: 'The Factmark language server is starting.', command: SHOW_PROBLEMS };
  if (state === 'stopped') {
    return {
      text: '$(circle-slash) Factmark: stopped',
      tooltip: 'The Factmark language server is not running (its output channel says why). Click to restart it.',
      command: 'factmark.restartServer',
    };
  }
  if (state.indexing) return { text: '$(sync~spin) Factmark: indexing', tooltip: 'Factmark is reading the workspace. Click to open the Problems panel.', command: SHOW_PROBLEMS };
  const { errors, warnings } = state;
  const tooltip = `Factmark: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in the workspace. Click to open the Problems panel.`;
  const text = errors === 0 && warnings === 0 ? '$(check) Factmark' : `$(error) ${errors} $(warning) ${warnings} Factmark`;
  return { text, tooltip, command: SHOW_PROBLEMS };
}
