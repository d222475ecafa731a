// A status bar item with the last run's mode and wall time (or the compare result), hidden until the
// first run; clicking it shows the log.
import { modeLabel } from '../core/common/runModes';
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { RunResult } from '../core/engine/types';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'httpipe.lastRun',
    vscode.StatusBarAlignment.Left,
    0,
  );

  constructor() {
    this.item.name = 'httpipe: last run';
    this.item.command = COMMANDS.showLog;
  }

  running(what: string): void {
    this.item.text = `$(sync~spin) httpipe: ${what}`;
    this.item.tooltip = 'httpipe: running (httpipe: Cancel to stop)';
    this.item.show();
  }

  finished(result: RunResult): void {
    const seconds = (result.wallMs / 1000).toFixed(2);
    const ended = result.cancelled ? ' (cancelled)' : '';
    this.item.text = `$(pulse) httpipe: ${modeLabel(result.mode)} ${seconds} s${ended}`;
    this.item.tooltip = `Last run: ${result.requests.length} request(s) ${modeLabel(result.mode)} in ${seconds} s over ${result.connectionsOpened} connection(s)${ended}. Click for the log.`;
    this.item.show();
  }

  compared(summary: string): void {
    this.item.text = `$(pulse) httpipe: ${summary}`;
    this.item.tooltip = `Last comparison: ${summary}. Click for the log.`;
    this.item.show();
  }

  idle(text: string): void {
    this.item.text = `$(pulse) httpipe: ${text}`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
