// The environment for `{{variables}}`: a status bar item showing it while a .http file is active,
// and httpipe.selectEnvironment (the item's click, the palette) to choose one of the environments the
// file can see (env files from its folder up to the workspace root, httpipe.environments,
// rest-client.environmentVariables) or none.
//
// The choice is the setting httpipe.environment, written to the workspace: it already is what every
// send, hover and diagnostic reads, it is visible and editable in the Settings editor and
// settings.json, and a multi-root workspace can keep one per folder. (workspaceState would keep it
// out of .vscode/settings.json but be invisible, and a second place to read it from.)
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { environmentNames } from '../core/variables/environments';
import { variableSourceOptionsFor } from './variableContext';

const ENV_FILES_GLOB = '**/http-client{,.private}.env.json';
const NO_ENVIRONMENT = 'No environment';

/** Settings that change which variables a document sees. */
const VARIABLE_SETTINGS = ['httpipe.environment', 'httpipe.environments', 'rest-client.environmentVariables'];

export class EnvironmentPicker implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'httpipe.environment',
    vscode.StatusBarAlignment.Left,
    1,
  );
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `onVariablesChanged`: the environment, its definitions or the workspace trust changed (diagnostics are stale). */
  constructor(private readonly onVariablesChanged: () => void) {
    this.item.name = 'httpipe: environment';
    this.item.command = COMMANDS.selectEnvironment;
    const watcher = vscode.workspace.createFileSystemWatcher(ENV_FILES_GLOB);
    const changed = (): void => {
      this.update();
      this.onVariablesChanged();
    };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (VARIABLE_SETTINGS.some((setting) => event.affectsConfiguration(setting))) changed();
      }),
      // Runs read the trust when they plan; what the editor shows (hovers read it when asked) is refreshed here.
      vscode.workspace.onDidGrantWorkspaceTrust(changed),
      watcher,
      watcher.onDidCreate(changed),
      watcher.onDidChange(changed),
      watcher.onDidDelete(changed),
    );
    this.update();
  }

  /**
   * Sets httpipe.environment. `name`: an environment, '' or null for none; without it, a quick pick
   * asks. `file`: whose env files to offer (the active .http file by default). Returns the
   * environment now selected ('' for none), or undefined when the pick was dismissed.
   */
  async select(name?: unknown, file?: unknown): Promise<string | undefined> {
    const uri = file instanceof vscode.Uri ? file : this.currentFile();
    let chosen: string | undefined;
    if (typeof name === 'string' || name === null) chosen = name ?? '';
    else chosen = await this.pick(uri);
    if (chosen === undefined) return undefined;
    await this.store(chosen, uri);
    this.update();
    return chosen;
  }

  private async pick(uri: vscode.Uri): Promise<string | undefined> {
    const options = variableSourceOptionsFor(uri);
    const names = environmentNames(options.filePath, options.workspaceRoot, options.settingsEnvironments);
    const current = options.environment;
    const items: Array<vscode.QuickPickItem & { environment: string }> = [
      { label: NO_ENVIRONMENT, environment: '', description: current === undefined ? 'current' : undefined },
      ...names.map((environment) => ({
        label: environment,
        environment,
        description: environment === current ? 'current' : undefined,
      })),
    ];
    const where = path.basename(options.filePath);
    const picked = await vscode.window.showQuickPick(items, {
      title: 'httpipe: environment for {{variables}}',
      placeHolder:
        names.length > 0
          ? `Environments ${where} can use`
          : `No environments for ${where}: add http-client.env.json next to it (or up to the workspace root), or set httpipe.environments`,
    });
    return picked?.environment;
  }

  /**
   * Where the setting is written: the folder's settings when that folder already sets it (else the
   * write would change nothing there), the workspace's when one is open, the user's otherwise.
   */
  private async store(environment: string, uri: vscode.Uri): Promise<void> {
    const config = vscode.workspace.getConfiguration('httpipe', uri);
    const set = config.inspect<string>('environment');
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const target =
      folder && set?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : vscode.workspace.workspaceFolders?.length
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    // "None" removes the key, unless a broader level would then select one again.
    const broader =
      target === vscode.ConfigurationTarget.WorkspaceFolder
        ? set?.workspaceValue || set?.globalValue
        : target === vscode.ConfigurationTarget.Workspace
          ? set?.globalValue
          : undefined;
    await config.update('environment', environment === '' && !broader ? undefined : environment, target);
  }

  /** The active .http file, or a file at the top of the first workspace folder (whose env files are offered). */
  private currentFile(): vscode.Uri {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId === 'http') return document.uri;
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder
      ? vscode.Uri.joinPath(folder.uri, 'untitled.http')
      : vscode.Uri.parse('untitled:untitled.http');
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== 'http') {
      this.item.hide();
      return;
    }
    const options = variableSourceOptionsFor(document.uri);
    const environment = options.environment;
    if (environment === undefined) {
      this.item.text = '$(server-environment) httpipe: no environment';
      this.item.tooltip =
        'No environment is selected: only $shared, file variables and the like are defined. Click to choose one.';
    } else if (
      environmentNames(options.filePath, options.workspaceRoot, options.settingsEnvironments).includes(
        environment,
      )
    ) {
      this.item.text = `$(server-environment) httpipe: env ${environment}`;
      this.item.tooltip = `{{variables}} come from environment "${environment}" (httpipe.environment). Click to choose another.`;
    } else {
      this.item.text = `$(warning) httpipe: env ${environment}`;
      this.item.tooltip = `Environment "${environment}" is selected but not defined for ${path.basename(options.filePath)}. Click to choose another.`;
    }
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
