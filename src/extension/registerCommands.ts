// The one way a command is registered: a handler per id of a table (commandIds.ts), each run through
// the one error wrapper. Its behaviour, for every command alike: a handler that throws or rejects shows
// "httpipe: <message>" to the user, writes it to the log, and the command resolves to undefined
// (callers such as tests and other extensions get a result or undefined, never a rejection).
import * as vscode from 'vscode';
import { messageOf } from '../core/common/messageOf';

// Command arguments come from anywhere (palette, CodeLens, other extensions): handlers check them.
export type CommandHandler = (...args: unknown[]) => unknown;

export function registerCommands<K extends string>(
  ids: Readonly<Record<K, string>>,
  handlers: Readonly<Record<K, CommandHandler>>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return (Object.keys(ids) as K[]).map((key) =>
    vscode.commands.registerCommand(ids[key], (...args: unknown[]) =>
      reportFailure(ids[key], log, () => handlers[key](...args)),
    ),
  );
}

/** Runs `work`; a failure is shown and logged (see the file header) and becomes undefined. */
export async function reportFailure<T>(
  what: string,
  log: vscode.LogOutputChannel,
  work: () => T | Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const message = messageOf(error);
    log.error(`${what} failed: ${message}`);
    void vscode.window.showErrorMessage(`httpipe: ${message}`);
    return undefined;
  }
}
