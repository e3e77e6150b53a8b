/** `Factmark: Go to Next/Previous Unsourced Figure`: moves the cursor between `unsourced-figure` diagnostics. */
import * as vscode from 'vscode';
import { codeValue, pickWrapping, type Direction } from './navigation';

const UNSOURCED_CODE = 'unsourced-figure';

export function registerUnsourcedNavigation(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('factmark.nextUnsourced', () => moveToUnsourced('next')),
    vscode.commands.registerCommand('factmark.previousUnsourced', () => moveToUnsourced('previous')),
  );
}

function moveToUnsourced(direction: Direction): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'factmark') return;
  const starts = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((diagnostic) => codeValue(diagnostic.code) === UNSOURCED_CODE)
    .map((diagnostic) => diagnostic.range.start);
  // From the selection's start, so a selected figure counts as where the cursor is.
  const target = pickWrapping(starts, editor.selection.start, direction);
  if (!target) {
    vscode.window.setStatusBarMessage('Factmark: no unsourced figures in this document', 3000);
    return;
  }
  editor.selection = new vscode.Selection(target, target);
  editor.revealRange(new vscode.Range(target, target), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
