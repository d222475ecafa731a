// Outline: requests (by name, or METHOD url) and file variables.
import * as vscode from 'vscode';
import { outlineSymbols, type OutlineSymbol } from '../../core/language/outline';
import { httpDocumentFor, toVsRange } from './httpDocuments';

/** Each symbol's VS Code form, kept with it (a request's symbol outlives edits that leave the request alone). */
const converted = new WeakMap<OutlineSymbol, vscode.DocumentSymbol>();

export function registerDocumentSymbolSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(selector, {
    provideDocumentSymbols(document) {
      return outlineSymbols(httpDocumentFor(document).parsed).map((symbol) => {
        let item = converted.get(symbol);
        if (!item) converted.set(symbol, (item = documentSymbol(symbol)));
        return item;
      });
    },
  });
}

function documentSymbol(symbol: OutlineSymbol): vscode.DocumentSymbol {
  return new vscode.DocumentSymbol(
    symbol.name,
    symbol.detail,
    symbol.kind === 'request' ? vscode.SymbolKind.Method : vscode.SymbolKind.Variable,
    toVsRange(symbol.range),
    toVsRange(symbol.selectionRange),
  );
}
