// CodeLenses on .http files: `Send` above every request (in the default mode) and, at the top of the
// file, one lens per mode plus Compare modes and Probe (the first request's server).
import { lensModes, modeFacts, modeLabel, type RunMode } from '../core/common/runModes';
import type { RequestBlock } from '../core/parser/model';
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { httpDocumentFor } from './languageFeatures/httpDocuments';
import { readSettings } from './settings';

export class HttpCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly sendLenses = new WeakMap<
    RequestBlock,
    { uri: vscode.Uri; mode: RunMode; lens: vscode.CodeLens }
  >();
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
    for (const request of parsed.requests) lenses.push(this.sendLens(request, uri, mode));
    return lenses;
  }

  /**
   * The `Send` lens of a request, kept with the request while the file and the default mode are
   * the same: after an edit, the requests it left alone are the previous version's objects (the
   * parser's block memo), so a 5,000-request file does not build 5,000 lenses per keystroke.
   */
  private sendLens(request: RequestBlock, uri: vscode.Uri, mode: RunMode): vscode.CodeLens {
    const known = this.sendLenses.get(request);
    if (known && known.uri === uri && known.mode === mode) return known.lens;
    const line = request.requestLineRange.start.line;
    const lens = new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
      title: 'Send',
      tooltip: `Send this request ${modeFacts(mode).how} (setting httpipe.defaultMode)`,
      command: COMMANDS.send,
      arguments: [uri, request.index],
    });
    this.sendLenses.set(request, { uri, mode, lens });
    return lens;
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }
}
