// CodeLenses on .http files: `Send` above every request (in the default mode) and, at the top of the
// file, one lens per mode plus Compare modes.
import * as vscode from 'vscode';
import type { RunMode } from '../core/engine/types';
import { modeLabel } from '../core/compare/describeComparison';
import { httpDocumentFor } from './languageFeatures/httpDocuments';
import { readSettings } from './settings';

export class HttpCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly configListener = vscode.workspace.onDidChangeConfiguration((event) => {
    // The per-request tooltip names the default mode.
    if (event.affectsConfiguration('httpipe.defaultMode')) this.changed.fire();
  });

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const parsed = httpDocumentFor(document).parsed;
    if (parsed.requests.length === 0) return [];
    const uri = document.uri;
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = TOP_LENS_MODES.map(
      (mode) =>
        new vscode.CodeLens(top, {
          title: `Send all: ${modeLabel(mode)}`,
          tooltip: `Send every request of this file ${describeMode(mode)}`,
          command: 'httpipe.sendAll',
          arguments: [uri, mode],
        }),
    );
    lenses.push(
      new vscode.CodeLens(top, {
        title: 'Compare modes',
        tooltip: 'Run the file fresh, keep-alive and pipelined, several times, and compare the wall times',
        command: 'httpipe.compareModes',
        arguments: [uri],
      }),
    );
    const mode = readSettings(uri).defaultMode;
    for (const request of parsed.requests) {
      const line = request.requestLineRange.start.line;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: 'Send',
          tooltip: `Send this request ${describeMode(mode)} (setting httpipe.defaultMode)`,
          command: 'httpipe.send',
          arguments: [uri, request.index],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }
}

/** The everyday mode first, then the one this extension is about, then the baseline. */
const TOP_LENS_MODES: readonly RunMode[] = ['keepalive', 'pipelined', 'fresh'];

function describeMode(mode: RunMode): string {
  switch (mode) {
    case 'fresh':
      return 'on a new connection per request';
    case 'pipelined':
      return 'pipelined: written back to back on one connection per origin';
    default:
      return 'over one kept-alive connection per origin, one at a time';
  }
}
