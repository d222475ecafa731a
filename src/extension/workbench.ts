// The extension's run side, made on the first command that needs it (extension.ts imports this module
// then): the run controller, the response panels, the run history and the handlers of every command
// but the environment picker's. Opening a .http file (activation: CodeLens, diagnostics, language
// features) so loads neither the engine, the panel nor the history, and activation stays short.
import * as vscode from 'vscode';
import type { CommandKey, TestCommandKey } from './commandIds';
import { runCommandHandlers } from './commands';
import { curlCommandHandlers } from './curlCommands';
import type { HttpDiagnostics } from './diagnostics';
import { historyCommandHandlers, RunHistory } from './history/runHistory';
import { panelTestCommandHandlers } from './panel/testCommands';
import { probeCommandHandlers } from './probeCommand';
import { reportFailure, type CommandHandler } from './registerCommands';
import { ResponsePanelManager } from './responsePanel';
import { RunController } from './runController';
import type { RunStatusBar } from './runStatusBar';

/** The commands extension.ts handles itself, without the run side. */
export type LightCommandKey = 'selectEnvironment';

export interface WorkbenchParts {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  statusBar: RunStatusBar;
  diagnostics: HttpDiagnostics;
}

export interface Workbench extends vscode.Disposable {
  handlers: Record<Exclude<CommandKey, LightCommandKey>, CommandHandler>;
  testHandlers: Record<TestCommandKey, CommandHandler>;
  history: RunHistory;
}

export function createWorkbench({ context, log, statusBar, diagnostics }: WorkbenchParts): Workbench {
  // The panel's buttons call back into the controller, which posts into the panels: created in this
  // order, the controller reaches the panels through a function.
  const history = new RunHistory(context.globalStorageUri, log);
  const controller = new RunController({
    panelFor: (file) => panels.panelFor(file),
    log,
    statusBar,
    diagnostics,
    onRunFinished: (file, result) => history.record(file, result),
    spoolParent: vscode.Uri.joinPath(context.globalStorageUri, 'spool').fsPath,
  });
  const panels = new ResponsePanelManager(context, {
    cancel: (file) => controller.cancel(file),
    rerun: (file, mode) => void reportFailure('panel rerun', log, () => controller.run(file, mode)),
    compare: (file) => void reportFailure('panel compare', log, () => controller.compare(file)),
    closed: (file) => controller.panelClosed(file),
  });
  return {
    handlers: {
      ...runCommandHandlers(controller, log),
      ...curlCommandHandlers(),
      ...historyCommandHandlers(history, (file) => panels.panelFor(file)),
      ...probeCommandHandlers({
        panelFor: (file) => panels.panelFor(file),
        tlsOptionsFor: (file, settings) => controller.tlsOptionsFor(file, settings),
        log,
      }),
    },
    testHandlers: panelTestCommandHandlers(panels),
    history,
    dispose: () => {
      controller.dispose();
      panels.dispose();
    },
  };
}
