// Commands for the extension-host tests (test/vscode/suite/panel.test.ts): they stand in for the
// webview, whose buttons a test in the extension host cannot click, and post the same checked
// messages. Not contributed in package.json, and registered only in test mode (testMode.ts), so users
// never get them.
import * as vscode from 'vscode';
import type { ResponsePanelManager } from '../responsePanel';

export function registerPanelTestCommands(panels: ResponsePanelManager): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('httpipe.test.panelRunId', (file: unknown) =>
      file instanceof vscode.Uri ? panels.webviewSide(file)?.runId() : undefined,
    ),
    vscode.commands.registerCommand('httpipe.test.postFromWebview', (file: unknown, message: unknown) =>
      file instanceof vscode.Uri ? panels.webviewSide(file)?.post(message) : undefined,
    ),
  ];
}
