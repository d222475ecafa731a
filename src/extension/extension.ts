// Entry point (bundled to dist/extension.js). Wires the pieces together; each lives in its own file:
// CodeLens (codeLensProvider), the command table (commandIds) and its handlers (commands, curlCommands,
// history, environmentPicker) registered once (registerCommands), running (runController), problems
// (diagnostics), the response panel (responsePanel). ARCHITECTURE.md follows one Send click through them.
import * as vscode from 'vscode';
import { HttpCodeLensProvider } from './codeLensProvider';
import { COMMANDS, TEST_COMMANDS, type CommandKey } from './commandIds';
import { runCommandHandlers } from './commands';
import { curlCommandHandlers } from './curlCommands';
import { HttpDiagnostics } from './diagnostics';
import { EnvironmentPicker } from './environmentPicker';
import { historyCommandHandlers, RunHistory, type RunHistoryApi } from './history/runHistory';
import { registerLanguageFeatures } from './languageFeatures';
import { panelTestCommandHandlers } from './panel/testCommands';
import { probeCommandHandlers } from './probeCommand';
import { registerCommands, reportFailure, type CommandHandler } from './registerCommands';
import { ResponsePanelManager } from './responsePanel';
import { RunController } from './runController';
import { RunStatusBar } from './runStatusBar';
import { inTestMode } from './testMode';

/** The extension's exports (`vscode.extensions.getExtension('httpipe.httpipe').exports`). */
export interface HttpipeApi {
  history: RunHistoryApi;
}

export function activate(context: vscode.ExtensionContext): HttpipeApi {
  const log = vscode.window.createOutputChannel('httpipe', { log: true });
  const statusBar = new RunStatusBar();
  const diagnostics = new HttpDiagnostics();
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
  const codeLenses = new HttpCodeLensProvider();
  const environmentPicker = new EnvironmentPicker(() => {
    for (const document of vscode.workspace.textDocuments) diagnostics.refresh(document);
  });
  const handlers: Record<CommandKey, CommandHandler> = {
    ...runCommandHandlers(controller, log),
    ...curlCommandHandlers(),
    ...historyCommandHandlers(history, (file) => panels.panelFor(file)),
    selectEnvironment: (name, file) => environmentPicker.select(name, file),
    ...probeCommandHandlers({
      panelFor: (file) => panels.panelFor(file),
      tlsOptionsFor: (file, settings) => controller.tlsOptionsFor(file, settings),
      log,
    }),
  };
  context.subscriptions.push(
    log,
    statusBar,
    diagnostics,
    controller,
    panels,
    codeLenses,
    environmentPicker,
    vscode.languages.registerCodeLensProvider({ language: 'http' }, codeLenses),
    ...registerCommands(COMMANDS, handlers, log),
    ...registerLanguageFeatures(),
  );
  if (inTestMode(context.extensionMode === vscode.ExtensionMode.Test)) {
    context.subscriptions.push(...registerCommands(TEST_COMMANDS, panelTestCommandHandlers(panels), log));
  }
  return { history };
}

export function deactivate(): void {
  // Everything is in context.subscriptions: VS Code disposes it, which cancels running requests
  // (closing their sockets) and deletes spooled response bodies (RunController.dispose).
}
