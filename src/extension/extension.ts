// Entry point (bundled to dist/extension.js). Wires the pieces together; each lives in its own file:
// CodeLens (codeLensProvider), the command table (commandIds) registered once (registerCommands),
// problems (diagnostics), the environment picker, and the run side (workbench: running in
// runController, the response panel, history, probe and curl commands), which is imported on the first
// command that needs it so that activation loads only what an open .http file shows.
// ARCHITECTURE.md follows one Send click through them.
import * as vscode from 'vscode';
import { HttpCodeLensProvider } from './codeLensProvider';
import { COMMANDS, TEST_COMMANDS, type CommandKey, type TestCommandKey } from './commandIds';
import { HttpDiagnostics } from './diagnostics';
import { EnvironmentPicker } from './environmentPicker';
import type { RunHistoryApi } from './history/runHistory';
import { registerLanguageFeatures } from './languageFeatures';
import { registerCommands, type CommandHandler } from './registerCommands';
import { RunStatusBar } from './runStatusBar';
import { inTestMode } from './testMode';
import type { LightCommandKey, Workbench } from './workbench';

/** The extension's exports (`vscode.extensions.getExtension('httpipe.httpipe').exports`). */
export interface HttpipeApi {
  history: RunHistoryApi;
}

const TEST_KEYS = Object.keys(TEST_COMMANDS) as TestCommandKey[];

export function activate(context: vscode.ExtensionContext): HttpipeApi {
  const log = vscode.window.createOutputChannel('httpipe', { log: true });
  const statusBar = new RunStatusBar();
  const diagnostics = new HttpDiagnostics();
  let made: Promise<Workbench> | undefined;
  const workbench = (): Promise<Workbench> =>
    (made ??= import('./workbench').then(({ createWorkbench }) => {
      const created = createWorkbench({ context, log, statusBar, diagnostics });
      context.subscriptions.push(created);
      return created;
    }));
  /** Each handler of the run side, behind the import of the run side. */
  const onRunSide = <K extends string>(
    keys: readonly K[],
    pick: (made: Workbench) => Record<K, CommandHandler>,
  ): Record<K, CommandHandler> =>
    Object.fromEntries(
      keys.map((key) => [key, async (...args: unknown[]) => pick(await workbench())[key](...args)]),
    ) as Record<K, CommandHandler>;

  const codeLenses = new HttpCodeLensProvider();
  const environmentPicker = new EnvironmentPicker(() => {
    for (const document of vscode.workspace.textDocuments) diagnostics.refresh(document);
  });
  const runSideKeys = (Object.keys(COMMANDS) as CommandKey[]).filter(
    (key): key is Exclude<CommandKey, LightCommandKey> => key !== 'selectEnvironment',
  );
  const handlers: Record<CommandKey, CommandHandler> = {
    ...onRunSide(runSideKeys, (made) => made.handlers),
    selectEnvironment: (name, file) => environmentPicker.select(name, file),
  };
  context.subscriptions.push(
    log,
    statusBar,
    diagnostics,
    codeLenses,
    environmentPicker,
    vscode.languages.registerCodeLensProvider({ language: 'http' }, codeLenses),
    ...registerCommands(COMMANDS, handlers, log),
    ...registerLanguageFeatures(),
  );
  if (inTestMode(context.extensionMode === vscode.ExtensionMode.Test)) {
    context.subscriptions.push(
      ...registerCommands(
        TEST_COMMANDS,
        onRunSide(TEST_KEYS, (made) => made.testHandlers),
        log,
      ),
    );
  }
  return {
    history: {
      list: async () => (await workbench()).history.list(),
      load: async (id) => (await workbench()).history.load(id),
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions: VS Code disposes it, which cancels running requests
  // (closing their sockets) and deletes spooled response bodies (the workbench's RunController.dispose).
}
