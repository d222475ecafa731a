// Copy as curl (the request at the cursor, with its variables resolved as a send would resolve them,
// nothing sent), Paste curl (the clipboard's curl command as a request block at the cursor) and
// Import curl (the same from an input box). The conversions are in src/core/curl.
import * as vscode from 'vscode';
import { curlBlockInsertion } from '../core/curl/curlBlockInsertion';
import { toCurlCommand } from '../core/curl/curlCommand';
import { fromCurl, toHttpRequestText } from '../core/curl/fromCurl';
import type { PreparedRequest } from '../core/engine/types';
import { planRun } from '../core/plan/planRun';
import { httpDocumentFor } from './languageFeatures/httpDocuments';
import { requestAtLine } from './requestsAtCursor';
import { planOptionsFor } from './runController';
import { messageOf } from '../core/common/messageOf';
import type { CommandHandler } from './registerCommands';

export function curlCommandHandlers(): Record<'copyAsCurl' | 'pasteCurl' | 'importCurl', CommandHandler> {
  return {
    copyAsCurl: (file, index) => copyAsCurl(file, index),
    pasteCurl: async () => pasteCurl(await vscode.env.clipboard.readText()),
    importCurl: async () => {
      const command = await vscode.window.showInputBox({
        title: 'httpipe: import a curl command',
        prompt: 'A curl command line; it becomes a request block at the cursor',
        placeHolder: "curl -X POST https://example.com/api -H 'Content-Type: application/json' -d '{…}'",
        ignoreFocusOut: true,
        validateInput: (text) => (text.trim() === '' ? undefined : conversionError(oneLine(text))),
      });
      return command?.trim() ? pasteCurl(oneLine(command)) : undefined;
    },
  };
}

/**
 * The input box is one line: a pasted multi-line command arrives with its line breaks removed and
 * the continuation backslashes left before the spaces, which would read as escaped spaces.
 */
function oneLine(text: string): string {
  return text.replace(/\\(?=[ \t])/g, '');
}

function conversionError(command: string): string | undefined {
  try {
    fromCurl(command);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/** Resolves to the copied command. */
async function copyAsCurl(file: unknown, index: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri =
    file instanceof vscode.Uri
      ? file
      : editor?.document.languageId === 'http'
        ? editor.document.uri
        : undefined;
  if (!uri) {
    void vscode.window.showWarningMessage('httpipe: open a .http file first.');
    return undefined;
  }
  const document =
    editor?.document.uri.toString() === uri.toString()
      ? editor.document
      : await vscode.workspace.openTextDocument(uri);
  const parsed = httpDocumentFor(document).parsed;
  const requestIndex =
    typeof index === 'number'
      ? index
      : requestAtLine(parsed, editor?.document === document ? editor.selection.active.line : 0)?.index;
  if (requestIndex === undefined) {
    void vscode.window.showWarningMessage('httpipe: there is no request to copy in this file.');
    return undefined;
  }
  // Copy as curl runs no script (a pre-request script could change the session's variables); the
  // values earlier handlers set in this window are used.
  const options = planOptionsFor(uri, [requestIndex]);
  if (options.scripts) options.scripts = { ...options.scripts, disabled: 'Copy as curl runs no scripts' };
  const spec = planRun(parsed, options).specs.find((s) => s.index === requestIndex);
  if (!spec) throw new Error(`there is no request #${requestIndex + 1} in ${uri.fsPath}`);
  let prepared: PreparedRequest;
  try {
    // No results: nothing is sent, so a request that reads an earlier response cannot be resolved.
    prepared = await spec.prepare([]);
  } catch (error) {
    const why = messageOf(error);
    const hint =
      spec.dependsOn.length > 0
        ? ' (it uses an earlier response, and Copy as curl sends nothing: write that value in, or copy the curl command from the panel after a run)'
        : '';
    throw new Error(`cannot copy the request as curl: ${why}${hint}`, { cause: error });
  }
  const digest =
    prepared.auth?.scheme === 'digest'
      ? { username: prepared.auth.username, password: prepared.auth.password }
      : undefined;
  const command = toCurlCommand({
    method: prepared.method,
    url: prepared.url.href,
    headers: prepared.headers,
    body: prepared.body,
    digest,
  });
  await vscode.env.clipboard.writeText(command);
  void vscode.window.setStatusBarMessage(
    `httpipe: copied ${prepared.method} ${prepared.url.href} as curl`,
    4000,
  );
  return command;
}

/** Inserts the converted block into the active .http editor (a new untitled one without); resolves to the block. */
async function pasteCurl(command: string): Promise<string> {
  const block = toHttpRequestText(fromCurl(command));
  let editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'http') {
    editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'http', content: '' }),
    );
  }
  const document = editor.document;
  const insertion = curlBlockInsertion(document.getText(), editor.selection.active.line, block);
  const at = document.positionAt(insertion.offset);
  const applied = await editor.edit((edit) => edit.insert(at, insertion.text));
  if (!applied) throw new Error('the editor did not accept the pasted request');
  return block;
}
