// The run commands (Send, Send all, Send selected, Compare modes, Cancel, Show log). They take an
// optional file (CodeLens and panel pass one; the palette and keybinding use the active editor) and
// return what they ran, so tests and other extensions can use the results: RunResult for the send
// commands, ModeComparison for Compare modes.
import { isRunMode, type RunMode } from '../core/common/runModes';
import * as vscode from 'vscode';
import type { ModeComparison } from '../core/compare/types';
import type { RunResult } from '../core/engine/types';
import { httpDocumentFor } from './languageFeatures/httpDocuments';
import { requestAtLine, requestsInLines } from './requestsAtCursor';
import type { RunController } from './runController';
import { readSettings } from './settings';
import type { CommandHandler } from './registerCommands';

export function runCommandHandlers(
  controller: RunController,
  log: vscode.LogOutputChannel,
): Record<'send' | 'sendAll' | 'sendSelected' | 'compareModes' | 'cancel' | 'showLog', CommandHandler> {
  return {
    send: (file, index) => send(controller, file, index),
    sendAll: (file, mode) => sendAll(controller, file, mode),
    sendSelected: () => sendSelected(controller),
    compareModes: (file) => compare(controller, file),
    cancel: (file) => {
      const uri = file instanceof vscode.Uri ? file : undefined;
      if (!controller.cancel(uri)) void vscode.window.showInformationMessage('httpipe: nothing is running.');
    },
    showLog: () => log.show(),
  };
}

/** The file a command was given, else the active editor's .http file; undefined when there is neither. */
export function givenOrActiveHttpFile(file: unknown): vscode.Uri | undefined {
  if (file instanceof vscode.Uri) return file;
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'http' ? editor.document.uri : undefined;
}

function targetFile(file: unknown): vscode.Uri | undefined {
  const uri = givenOrActiveHttpFile(file);
  if (!uri) void vscode.window.showWarningMessage('httpipe: open a .http file first.');
  return uri;
}

async function send(
  controller: RunController,
  file: unknown,
  index: unknown,
): Promise<RunResult | undefined> {
  const uri = targetFile(file);
  if (!uri) return undefined;
  let requestIndex = typeof index === 'number' ? index : undefined;
  if (requestIndex === undefined) {
    const editor = vscode.window.activeTextEditor;
    const document =
      editor?.document.uri.toString() === uri.toString()
        ? editor.document
        : await vscode.workspace.openTextDocument(uri);
    const line = editor?.document === document ? editor.selection.active.line : 0;
    requestIndex = requestAtLine(httpDocumentFor(document).parsed, line)?.index;
  }
  if (requestIndex === undefined) {
    void vscode.window.showWarningMessage('httpipe: there is no request to send in this file.');
    return undefined;
  }
  return controller.run(uri, readSettings(uri).defaultMode, [requestIndex]);
}

async function sendAll(
  controller: RunController,
  file: unknown,
  mode: unknown,
): Promise<RunResult | undefined> {
  const uri = targetFile(file);
  if (!uri) return undefined;
  const runMode: RunMode = isRunMode(mode) ? mode : readSettings(uri).defaultMode;
  return controller.run(uri, runMode);
}

async function sendSelected(controller: RunController): Promise<RunResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'http') {
    void vscode.window.showWarningMessage('httpipe: open a .http file and select the requests to send.');
    return undefined;
  }
  const spans = editor.selections.map((s) => ({ start: s.start.line, end: s.end.line }));
  const indexes = requestsInLines(httpDocumentFor(editor.document).parsed, spans);
  if (indexes.length === 0) {
    void vscode.window.showWarningMessage('httpipe: the selection holds no request.');
    return undefined;
  }
  const uri = editor.document.uri;
  return controller.run(uri, readSettings(uri).defaultMode, indexes);
}

async function compare(controller: RunController, file: unknown): Promise<ModeComparison | undefined> {
  const uri = targetFile(file);
  return uri ? controller.compare(uri) : undefined;
}
