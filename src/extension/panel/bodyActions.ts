// What the detail pane's buttons do, with VS Code APIs: clipboard, save dialog + workspace.fs, and
// untitled editors. They work on the full body, not the preview, so nothing is lost to the limit.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toCurlCommand } from '../../core/curl/curlCommand';
import { parseWrittenRequest } from '../../core/curl/writtenRequest';
import type { ConnectionRecord, RequestResult } from '../../core/engine/types';
import { bodyContent } from '../../core/report/bodyContent';
import { headerValue } from '../../core/common/headerFields';
import { kindOfMediaType, languageFor, parseMediaType } from '../../core/report/mediaType';
import type { BodyAction } from '../../shared/panelProtocol';

/** Bodies above this are not opened as editor text or copied: VS Code would struggle, save them instead. */
const MAX_EDITOR_BODY_BYTES = 50 * 1024 * 1024;

/** The spool file with the whole body, when the engine kept only part of it in memory. */
function spoolFile(result: RequestResult): string | undefined {
  const response = result.response;
  return response?.bodyTruncated && response.bodyFile ? response.bodyFile : undefined;
}

/** The whole body: from its spool file when the engine kept only part of it in memory. */
async function fullBody(result: RequestResult): Promise<Buffer | undefined> {
  const response = result.response;
  if (!response) return undefined;
  const file = spoolFile(result);
  if (!file) return bodyContent(response).bytes;
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw spoolFileGone(error, result);
  }
}

/** Spool files live as long as the panel shows their run (spoolFolders.ts). */
function spoolFileGone(error: unknown, result: RequestResult): Error {
  // ENOENT from node:fs, FileNotFound from workspace.fs.
  const code = (error as { code?: unknown }).code;
  if (code !== 'ENOENT' && code !== 'FileNotFound')
    return error instanceof Error ? error : new Error(String(error));
  return new Error(`the full body of ${result.name} is no longer on disk; send the request again to get it.`);
}

function extensionFor(result: RequestResult): string {
  const type = parseMediaType(headerValue(result.response?.headers ?? [], 'content-type'));
  const kind = kindOfMediaType(type);
  if (kind === 'json' || kind === 'xml' || kind === 'html') return kind;
  if (kind === 'image' && type)
    return type.essence.split('/')[1].replace('svg+xml', 'svg').replace('jpeg', 'jpg');
  return kind === 'text' ? 'txt' : 'bin';
}

function suggestedFileName(result: RequestResult): string {
  const safeName =
    result.name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'response';
  return `${safeName}.${extensionFor(result)}`;
}

function curlFor(result: RequestResult, connection: ConnectionRecord | undefined): string {
  const range = result.wire?.written;
  const written = connection && range ? connection.written.subarray(range[0], range[1]) : undefined;
  const request = written ? parseWrittenRequest(written, result.url) : undefined;
  // Before the run ends (or with a cut log) only the method and URL are known.
  return toCurlCommand(request ?? { method: result.method, url: result.url, headers: [] });
}

/** JSON opens indented, like the preview shows it; anything else as received. */
function editorText(body: Buffer, language: string): string {
  const text = body.toString('utf8');
  if (language !== 'json') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function warnTooBig(bytes: number, action: BodyAction): void {
  const where = action === 'copy-body' ? 'the clipboard' : 'an editor tab';
  void vscode.window.showWarningMessage(
    `httpipe: the body is ${bytes} bytes, too big for ${where}; save it instead.`,
  );
}

function saveTarget(result: RequestResult, sourceFile: vscode.Uri): Thenable<vscode.Uri | undefined> {
  const folder = vscode.Uri.file(path.dirname(sourceFile.fsPath));
  return vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, suggestedFileName(result)) });
}

export async function runBodyAction(
  action: BodyAction,
  result: RequestResult,
  connection: ConnectionRecord | undefined,
  sourceFile: vscode.Uri,
): Promise<void> {
  if (action === 'copy-curl') {
    await vscode.env.clipboard.writeText(curlFor(result, connection));
    vscode.window.setStatusBarMessage(`httpipe: copied curl command for ${result.name}`, 3000);
    return;
  }
  if (action === 'save-body' && spoolFile(result)) {
    // Copied file to file: a spooled body can be far larger than what should be read into memory.
    const target = await saveTarget(result, sourceFile);
    if (!target) return;
    try {
      await vscode.workspace.fs.copy(vscode.Uri.file(spoolFile(result)!), target, { overwrite: true });
    } catch (error) {
      throw spoolFileGone(error, result);
    }
    return;
  }
  const bodyBytes = result.response?.bodyBytes ?? 0;
  if ((action === 'open-body' || action === 'copy-body') && bodyBytes > MAX_EDITOR_BODY_BYTES) {
    // Known before reading a spool file that could be hundreds of megabytes into memory.
    warnTooBig(bodyBytes, action);
    return;
  }
  const body = await fullBody(result);
  if (!body) {
    void vscode.window.showInformationMessage(`httpipe: ${result.name} has no response body.`);
    return;
  }
  switch (action) {
    case 'copy-body':
      await vscode.env.clipboard.writeText(body.toString('utf8'));
      vscode.window.setStatusBarMessage(`httpipe: copied ${body.length} bytes of ${result.name}`, 3000);
      return;
    case 'save-body': {
      const target = await saveTarget(result, sourceFile);
      if (target) await vscode.workspace.fs.writeFile(target, body);
      return;
    }
    case 'open-body': {
      if (body.length > MAX_EDITOR_BODY_BYTES) {
        warnTooBig(body.length, action);
        return;
      }
      const type = parseMediaType(headerValue(result.response?.headers ?? [], 'content-type'));
      const language = languageFor(kindOfMediaType(type) ?? 'text', type);
      const document = await vscode.workspace.openTextDocument({
        content: editorText(body, language),
        language,
      });
      await vscode.window.showTextDocument(document, {
        preview: false,
        viewColumn: vscode.ViewColumn.Active,
      });
      return;
    }
  }
}
