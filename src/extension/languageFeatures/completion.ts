// Completion: methods, headers and their values, `{{` variables, `# @` metadata.
import * as vscode from 'vscode';
import { completionsAt, type CandidateKind } from '../../core/language/completion';
import { fromVsPosition, httpDocumentFor, languageContextFor, toVsRange } from './httpDocuments';

/** `{` for `{{`, `@` for `# @`, `:` for header values. */
// `.` for the members of `client.`, `response.` and `request.` in scripts.
const TRIGGER_CHARACTERS = ['{', '@', ':', '.'];

const ITEM_KIND: Record<CandidateKind, vscode.CompletionItemKind> = {
  method: vscode.CompletionItemKind.Keyword,
  header: vscode.CompletionItemKind.Property,
  'header-value': vscode.CompletionItemKind.Value,
  variable: vscode.CompletionItemKind.Variable,
  'environment-variable': vscode.CompletionItemKind.Variable,
  'system-variable': vscode.CompletionItemKind.Function,
  'request-reference': vscode.CompletionItemKind.Reference,
  metadata: vscode.CompletionItemKind.Keyword,
  'script-member': vscode.CompletionItemKind.Method,
};

export function registerCompletionSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    selector,
    {
      provideCompletionItems(document, position) {
        const http = httpDocumentFor(document);
        const result = completionsAt(http, fromVsPosition(position), languageContextFor(document, http));
        if (!result) return undefined;
        const range = toVsRange(result.replaceRange);
        return result.candidates.map((candidate, order) => {
          const item = new vscode.CompletionItem(candidate.label, ITEM_KIND[candidate.kind]);
          item.insertText = candidate.insertText;
          item.range = range;
          // The core lists candidates in a deliberate order (file variables first, common methods first).
          item.sortText = String(order).padStart(4, '0');
          if (candidate.detail !== undefined) item.detail = candidate.detail;
          if (candidate.documentation !== undefined)
            item.documentation = new vscode.MarkdownString(candidate.documentation);
          return item;
        });
      },
    },
    ...TRIGGER_CHARACTERS,
  );
}
