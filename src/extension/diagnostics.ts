// Problems in .http files as VS Code diagnostics: parse problems while typing, plus the run plan's
// problems (unknown variables, env files) when a run starts. Problems that belong to another file
// (an env file) are shown on that file.
import * as vscode from 'vscode';
import type { PlanProblem } from '../core/plan/planRun';
import type { ParseDiagnostic, Severity, SourceRange } from '../core/parser/model';
import { httpDocumentFor } from './languageFeatures/httpDocuments';
import { semanticDiagnosticsFor } from './languageFeatures/semanticDiagnostics';

const TYPING_DELAY_MS = 250;

export class HttpDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('httpipe');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.refreshSoon(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancelPending(document.uri);
        this.collection.delete(document.uri);
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  /** Parse problems of the document as it is now. */
  refresh(document: vscode.TextDocument): void {
    if (document.languageId !== 'http') return;
    this.cancelPending(document.uri);
    this.collection.set(document.uri, this.editorProblems(document));
  }

  /**
   * After planning a run: the editor's problems plus the plan's (problems only a run finds, such as
   * env files it read), grouped by file. A plan problem where the editor already shows one is not
   * repeated: both come from the same analysis of the same reference, in words fitted to their moment
   * (the editor's "will not be resolved" warning, the plan's error), and one squiggle says it.
   */
  showRunProblems(document: vscode.TextDocument, planProblems: PlanProblem[]): void {
    this.cancelPending(document.uri);
    const own = this.editorProblems(document);
    const byFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
    byFile.set(document.uri.toString(), { uri: document.uri, items: [...own] });
    for (const problem of planProblems) {
      const uri = problem.file === document.uri.fsPath ? document.uri : vscode.Uri.file(problem.file);
      const item = diagnostic(problem.severity, problem.message, problem.range);
      if (uri === document.uri && own.some((shown) => shown.range.isEqual(item.range))) continue;
      const entry = byFile.get(uri.toString()) ?? { uri, items: [] };
      entry.items.push(item);
      byFile.set(uri.toString(), entry);
    }
    for (const { uri, items } of byFile.values()) this.collection.set(uri, items);
  }

  private editorProblems(document: vscode.TextDocument): vscode.Diagnostic[] {
    return [...httpDocumentFor(document).parsed.diagnostics, ...semanticDiagnosticsFor(document)].map(
      toDiagnostic,
    );
  }

  private refreshSoon(document: vscode.TextDocument): void {
    if (document.languageId !== 'http') return;
    this.cancelPending(document.uri);
    const key = document.uri.toString();
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.refresh(document);
      }, TYPING_DELAY_MS),
    );
  }

  private cancelPending(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}

/**
 * The VS Code form of each problem, kept with it: after an edit, the problems of the requests and
 * references it left alone are the previous version's objects (the parser's block memo, the
 * semantic notes), so a big file's thousands of problems are not converted again on every keystroke.
 */
const converted = new WeakMap<ParseDiagnostic, vscode.Diagnostic>();

function toDiagnostic(problem: ParseDiagnostic): vscode.Diagnostic {
  let item = converted.get(problem);
  if (!item) {
    item = diagnostic(problem.severity, problem.message, problem.range);
    item.code = problem.code;
    converted.set(problem, item);
  }
  return item;
}

function diagnostic(severity: Severity, message: string, range: SourceRange): vscode.Diagnostic {
  const item = new vscode.Diagnostic(
    new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
    message,
    SEVERITY[severity],
  );
  item.source = 'httpipe';
  return item;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
