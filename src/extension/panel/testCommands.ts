// Handlers of the test-only commands (TEST_COMMANDS in ../commandIds.ts, registered only in test mode,
// see ../testMode.ts): they stand in for the webview, whose buttons a test in the extension host
// cannot click, and post the same checked messages.
import * as vscode from 'vscode';
import type { TestCommandKey } from '../commandIds';
import type { CommandHandler } from '../registerCommands';
import type { ResponsePanelManager } from '../responsePanel';

export function panelTestCommandHandlers(
  panels: ResponsePanelManager,
): Record<TestCommandKey, CommandHandler> {
  return {
    panelRunId: (file) => (file instanceof vscode.Uri ? panels.webviewSide(file)?.runId() : undefined),
    panelSummary: (file, index) =>
      file instanceof vscode.Uri && typeof index === 'number'
        ? panels.webviewSide(file)?.summary(index)
        : undefined,
    postFromWebview: (file, message) =>
      file instanceof vscode.Uri ? panels.webviewSide(file)?.post(message) : undefined,
  };
}
