// Go to definition: `{{var}}` to its `@var =` line (or its env file), `{{login.response…}}` to the
// request; `@ref name` / `run #name` to the request, `import` / `run ./x.http` to the file.
import * as vscode from 'vscode';
import { directiveDefinitionAt } from '../../core/language/directiveNavigation';
import { definitionAt } from '../../core/language/navigation';
import { fromVsPosition, httpDocumentFor, languageContextFor, toVsRange } from './httpDocuments';

export function registerDefinitionSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(selector, {
    provideDefinition(document, position) {
      const http = httpDocumentFor(document);
      const at = fromVsPosition(position);
      const target =
        directiveDefinitionAt(http.parsed, at, document.uri.fsPath) ??
        definitionAt(http, at, languageContextFor(document, http));
      if (!target) return undefined;
      return new vscode.Location(
        target.file ? vscode.Uri.file(target.file) : document.uri,
        toVsRange(target.range),
      );
    },
  });
}
