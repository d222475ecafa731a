// Semantic problems of a document (unknown variables and requests, pipelining barriers), for the
// diagnostics collection in ../diagnostics.ts, which adds them to the parser's.
import type * as vscode from 'vscode';
import { collectSemanticDiagnostics } from '../../core/language/semanticDiagnostics';
import type { ParseDiagnostic } from '../../core/parser/model';
import { httpDocumentFor, languageContextFor } from './httpDocuments';

export function semanticDiagnosticsFor(document: vscode.TextDocument): ParseDiagnostic[] {
  const http = httpDocumentFor(document);
  return collectSemanticDiagnostics(http, languageContextFor(document, http));
}
