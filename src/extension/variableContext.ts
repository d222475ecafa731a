// Where a document's variables come from in the editor: the workspace folder, the selected
// environment, the environments from settings and whether the workspace is trusted. One function,
// so a send, Copy as curl, hovers, completion and diagnostics all see the same values.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VariableSourceOptions } from '../core/variables/variableSources';
import { readSettings, type HttpipeSettings } from './settings';

type SettingsEnvironments = Record<string, Record<string, string>>;

/** `settings`: the run's, when a run asks (it reads them once); otherwise read now. */
export function variableSourceOptionsFor(
  uri: vscode.Uri,
  settings: HttpipeSettings = readSettings(uri),
): VariableSourceOptions {
  // A saved file outside every folder has no workspace root; an untitled one borrows the first folder's.
  const folder =
    vscode.workspace.getWorkspaceFolder(uri) ??
    (uri.scheme === 'file' ? undefined : vscode.workspace.workspaceFolders?.[0]);
  return {
    filePath: filePathOf(uri, folder),
    workspaceRoot: folder?.uri.fsPath,
    environment: settings.environment,
    // Untrusted workspaces must not read .env files or process variables into requests, not even for a hover.
    allowEnvironmentAccess: vscode.workspace.isTrusted,
    settingsEnvironments: settingsEnvironmentsFor(uri, settings.environments),
  };
}

/**
 * httpipe.environments over REST Client's own `rest-client.environmentVariables`, merged variable by
 * variable (httpipe's value wins), so a workspace set up for REST Client runs unmodified.
 * Undefined when neither setting holds anything.
 */
function settingsEnvironmentsFor(
  uri: vscode.Uri,
  httpipe: SettingsEnvironments | undefined,
): SettingsEnvironments | undefined {
  const restClient = vscode.workspace
    .getConfiguration('rest-client', uri)
    .get<unknown>('environmentVariables');
  const merged: SettingsEnvironments = {};
  for (const environments of [restClient, httpipe]) {
    if (!isObject(environments)) continue;
    for (const [name, variables] of Object.entries(environments)) {
      if (!isObject(variables)) continue;
      merged[name] = { ...merged[name], ...(variables as Record<string, string>) };
    }
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/**
 * An untitled document has no folder; as if it were saved at the top of the workspace it sees the
 * workspace's env files. Without a workspace it gets a folder that does not exist, so no env file
 * of the extension host's working directory is picked up by accident.
 */
function filePathOf(uri: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): string {
  if (uri.scheme === 'file') return uri.fsPath;
  const name = path.basename(uri.path) || 'untitled.http';
  return path.join(folder?.uri.fsPath ?? path.join(os.tmpdir(), 'httpipe-no-folder'), name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
