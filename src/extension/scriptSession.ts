// The window's script variables (`client.global`, httpYac `exports`): one per extension host, so a
// value a handler set is there for later runs of any file in this window, as JetBrains keeps them
// per session; and whether scripts may run here (a trusted workspace only).
import * as vscode from 'vscode';
import type { ScriptRunOptions } from '../core/scripts/runScripts';
import { ScriptGlobals } from '../core/scripts/scriptGlobals';
import { readSettings, type HttpipeSettings } from './settings';

const windowGlobals = new ScriptGlobals();

export const UNTRUSTED_SCRIPTS =
  'this workspace is not trusted (Restricted Mode): scripts run only in trusted workspaces';

/** Read at every plan, so trusting the workspace lets the next run's scripts run. */
export function scriptOptionsFor(
  uri: vscode.Uri,
  settings: HttpipeSettings = readSettings(uri),
): ScriptRunOptions {
  return {
    globals: windowGlobals,
    timeoutMs: settings.scriptTimeoutMs,
    disabled: vscode.workspace.isTrusted ? undefined : UNTRUSTED_SCRIPTS,
  };
}
