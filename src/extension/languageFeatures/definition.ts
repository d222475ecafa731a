// Go to definition: `{{var}}` to its `@var =` line (or its env file), `{{login.response…}}` to the request.
import * as vscode from 'vscode';
import { definitionAt } from '../../core/language/navigation';
import { fromVsPosition, httpDocumentFor, languageContextFor, toVsRange } from './httpDocuments';

export function registerDefinitionSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(selector, {
    provideDefinition(document, position) {
      const http = httpDocumentFor(document);
      const target = definitionAt(http, fromVsPosition(position), languageContextFor(document, http));
      if (!target) return undefined;
      return new vscode.Location(
        target.file ? vscode.Uri.file(target.file) : document.uri,
        toVsRange(target.range),
      );
    },
  });
}
