// Folding: each request block, and each run of comment lines.
import * as vscode from 'vscode';
import { foldingSpans } from '../../core/language/outline';
import { httpDocumentFor } from './httpDocuments';

export function registerFoldingSupport(selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(selector, {
    provideFoldingRanges(document) {
      return foldingSpans(httpDocumentFor(document)).map(
        (span) =>
          new vscode.FoldingRange(
            span.startLine,
            span.endLine,
            span.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined,
          ),
      );
    },
  });
}
