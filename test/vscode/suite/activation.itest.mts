/**
 * Factmark comes up by itself in a workspace of .fmk files: the extension
 * activates, `.fmk` documents get the `factmark` language, and the language
 * server indexes every article.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, factmarkReady, openEditor, serverStatus, workspaceTest } from '../workbench.mjs';

suite('activation', () => {

  workspaceTest('opening a .fmk file gives it the factmark language and Factmark activates with its server', async () => {
    const editor = await openEditor('xinhua-observers.fmk');
    assert.equal(editor.document.languageId, 'factmark');
    // Waits for activation rather than calling activate(): the extension must come up on its own.
    await factmarkReady();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const status = await serverStatus();
    assert.equal(status.errors, 0, 'the samples have no errors');
  });
});
