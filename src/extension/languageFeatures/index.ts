// Language features for .http files, one provider per file; the logic is in src/core/language.
import * as vscode from 'vscode';
import { registerCompletionSupport } from './completion';
import { registerDefinitionSupport } from './definition';
import { registerDocumentSymbolSupport } from './documentSymbols';
import { registerFoldingSupport } from './folding';
import { registerHoverSupport } from './hover';

const HTTP_FILES: vscode.DocumentSelector = { language: 'http' };

/** The caller puts the returned disposables into context.subscriptions. */
export function registerLanguageFeatures(): vscode.Disposable[] {
  return [
    registerDocumentSymbolSupport(HTTP_FILES),
    registerFoldingSupport(HTTP_FILES),
    registerCompletionSupport(HTTP_FILES),
    registerHoverSupport(HTTP_FILES),
    registerDefinitionSupport(HTTP_FILES),
  ];
}
