// CodeLenses on .http files: `Send` above every request (in the default mode) and, at the top of the
// file, one lens per mode plus Compare modes and Probe (the first request's server).
import { lensModes, modeFacts, modeLabel } from '../core/common/runModes';
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
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
    const lenses = lensModes().map(
      (mode) =>
        new vscode.CodeLens(top, {
          title: `Send all: ${modeLabel(mode)}`,
          tooltip: `Send every request of this file ${modeFacts(mode).how}`,
          command: COMMANDS.sendAll,
          arguments: [uri, mode],
        }),
    );
    lenses.push(
      new vscode.CodeLens(top, {
        title: 'Compare modes',
        tooltip: 'Run the file fresh, keep-alive and pipelined, several times, and compare the wall times',
        command: COMMANDS.compareModes,
        arguments: [uri],
      }),
      new vscode.CodeLens(top, {
        title: 'Probe',
        tooltip:
          "Ask the first request's server about keep-alive, pipelining and TLS (GET only; the plan is shown first)",
        command: COMMANDS.probe,
        arguments: [uri],
      }),
    );
    const mode = readSettings(uri).defaultMode;
    for (const request of parsed.requests) {
      const line = request.requestLineRange.start.line;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: 'Send',
          tooltip: `Send this request ${modeFacts(mode).how} (setting httpipe.defaultMode)`,
          command: COMMANDS.send,
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
