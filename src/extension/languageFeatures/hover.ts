// Hover: what `{{…}}` resolves to and where it comes from; what a method means for pipelining.
import * as vscode from 'vscode';
import { hoverAt } from '../../core/language/navigation';
import { fromVsPosition, httpDocumentFor, languageContextFor, toVsRange } from './httpDocuments';

export function registerHoverSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerHoverProvider(selector, {
    provideHover(document, position) {
      const http = httpDocumentFor(document);
      const hover = hoverAt(http, fromVsPosition(position), languageContextFor(document, http));
      return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toVsRange(hover.range));
    },
  });
}
