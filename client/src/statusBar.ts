/**
 * The status-bar item: Factmark's error and warning counts over the whole
 * workspace, or a spinner while the server starts or indexes. The counts are
 * the server's own (`factmark/status`, then every `factmark/statusChanged`):
 * they cover files that are not open, which the editor's diagnostics may not.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, StatusRequest } from './protocol';
import { statusText, type StatusBarState } from './statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('factmark.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  /** Create it before starting the client, so that it sees the first start. */
  constructor(client: LanguageClient) {
    this.item.name = 'Factmark';
    this.subscriptions = [
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Starting) this.render('starting');
        else if (newState === State.Stopped) this.render('stopped');
        // A server without factmark/status still runs: show it clean rather than starting forever.
        else client.sendRequest(StatusRequest).then((status) => this.render(status), () => this.render({ errors: 0, warnings: 0, indexing: false }));
      }),
      client.onNotification(StatusNotification, (status) => this.render(status)),
    ];
    this.render('starting');
    this.item.show();
  }

  private render(state: StatusBarState): void {
    const { text, tooltip, command } = statusText(state);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
  }

  dispose(): void {
    vscode.Disposable.from(this.item, ...this.subscriptions).dispose();
  }
}
