// The editor documents as the core's language model sees them: one parse per document version,
// shared by every provider (VS Code asks for symbols, folding, CodeLens and diagnostics at once), the
// commands and the run controller, so an edit of a big file is parsed once; and the variable context
// a run of the document would use.
import * as vscode from 'vscode';
import { HttpDocument } from '../../core/language/httpDocument';
import { languageContext, type LanguageContext } from '../../core/language/languageContext';
import type { Position, SourceRange } from '../../core/parser/model';
import { variableSourceOptionsFor } from '../variableContext';

const parsed = new WeakMap<vscode.TextDocument, { version: number; document: HttpDocument }>();

export function httpDocumentFor(document: vscode.TextDocument): HttpDocument {
  const cached = parsed.get(document);
  if (cached && cached.version === document.version) return cached.document;
  const fresh = new HttpDocument(document.getText(), cached?.document);
  parsed.set(document, { version: document.version, document: fresh });
  return fresh;
}

/** Same sources as a run from runController (settings, env files, trust), read when asked. */
export function languageContextFor(document: vscode.TextDocument, http: HttpDocument): LanguageContext {
  return languageContext(http.parsed, variableSourceOptionsFor(document.uri));
}

export function toVsRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function fromVsPosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}
