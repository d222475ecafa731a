// The editor documents as the core's language model sees them: one parse per document version,
// shared by every provider (VS Code asks for symbols, folding, CodeLens and diagnostics at once),
// and the variable context a run of the document would use.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HttpDocument } from '../../core/language/httpDocument';
import { languageContext, type LanguageContext } from '../../core/language/languageContext';
import type { Position, SourceRange } from '../../core/parser/model';
import { readSettings } from '../settings';

const parsed = new WeakMap<vscode.TextDocument, { version: number; document: HttpDocument }>();

export function httpDocumentFor(document: vscode.TextDocument): HttpDocument {
  const cached = parsed.get(document);
  if (cached && cached.version === document.version) return cached.document;
  const fresh = new HttpDocument(document.getText());
  parsed.set(document, { version: document.version, document: fresh });
  return fresh;
}

/** Same sources as a run from runController (settings, env files, trust), read when asked. */
export function languageContextFor(document: vscode.TextDocument, http: HttpDocument): LanguageContext {
  const settings = readSettings(document.uri);
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  return languageContext(http.parsed, {
    filePath: filePathOf(document, folder),
    workspaceRoot: folder?.uri.fsPath,
    environment: settings.environment,
    // Untrusted workspaces must not read .env files or process variables, not even for a hover.
    allowEnvironmentAccess: vscode.workspace.isTrusted,
    settingsEnvironments: settings.environments,
  });
}

/**
 * An untitled document has no folder; as if it were saved at the top of the workspace it sees the
 * workspace's env files. Without a workspace it gets a folder that does not exist, so no env file
 * of the extension host's working directory is picked up by accident.
 */
function filePathOf(document: vscode.TextDocument, folder: vscode.WorkspaceFolder | undefined): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  const name = path.basename(document.uri.path) || 'untitled.http';
  return path.join(folder?.uri.fsPath ?? path.join(os.tmpdir(), 'httpipe-no-folder'), name);
}

export function toVsRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function fromVsPosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}
