// Outline: requests (by name, or METHOD url) and file variables.
import * as vscode from 'vscode';
import { outlineSymbols } from '../../core/language/outline';
import { httpDocumentFor, toVsRange } from './httpDocuments';

export function registerDocumentSymbolSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(selector, {
    provideDocumentSymbols(document) {
      return outlineSymbols(httpDocumentFor(document).parsed).map(
        (symbol) =>
          new vscode.DocumentSymbol(
            symbol.name,
            symbol.detail,
            symbol.kind === 'request' ? vscode.SymbolKind.Method : vscode.SymbolKind.Variable,
            toVsRange(symbol.range),
            toVsRange(symbol.selectionRange),
          ),
      );
    },
  });
}
