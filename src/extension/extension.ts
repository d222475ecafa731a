// Entry point (bundled to dist/extension.js). Wires the pieces together; each lives in its own file:
// CodeLens (codeLensProvider), commands (commands), running (runController), problems (diagnostics),
// the response panel (responsePanel).
import * as vscode from 'vscode';
import { HttpCodeLensProvider } from './codeLensProvider';
import { registerCommands } from './commands';
import { registerCurlCommands } from './curlCommands';
import { HttpDiagnostics } from './diagnostics';
import { EnvironmentPicker } from './environmentPicker';
import { registerHistoryCommands, RunHistory, type RunHistoryApi } from './history/runHistory';
import { registerLanguageFeatures } from './languageFeatures';
import { registerPanelTestCommands } from './panel/testCommands';
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
  const report = (work: Promise<unknown>): void => {
    work.catch((error) =>
      log.error(`panel action failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const panels = new ResponsePanelManager(context, {
    cancel: (file) => controller.cancel(file),
    rerun: (file, mode) => report(controller.run(file, mode)),
    compare: (file) => report(controller.compare(file)),
    closed: (file) => controller.panelClosed(file),
  });
  const codeLenses = new HttpCodeLensProvider();
  const environmentPicker = new EnvironmentPicker(() => {
    for (const document of vscode.workspace.textDocuments) diagnostics.refresh(document);
  });
  context.subscriptions.push(
    log,
    statusBar,
    diagnostics,
    controller,
    panels,
    codeLenses,
    environmentPicker,
    vscode.languages.registerCodeLensProvider({ language: 'http' }, codeLenses),
    ...registerCommands(controller, log),
    ...registerLanguageFeatures(),
    ...registerHistoryCommands(history, (file) => panels!.panelFor(file)),
    ...registerCurlCommands(),
    ...(inTestMode(context.extensionMode === vscode.ExtensionMode.Test)
      ? registerPanelTestCommands(panels)
      : []),
  );
  return { history };
}

export function deactivate(): void {
  // Everything is in context.subscriptions: VS Code disposes it, which cancels running requests
  // (closing their sockets) and deletes spooled response bodies (RunController.dispose).
}
