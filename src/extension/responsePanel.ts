// The response panel's host side: one webview panel per .http file, reused on re-run. The state and
// message logic live in PanelSession (no VS Code); this file wires it to a WebviewPanel, the
// settings, and the actions the panel's buttons trigger.
import type { RunMode } from '../core/common/runModes';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModeComparison } from '../core/compare/types';
import type { RequestSummaryView } from '../core/report/views';
import type { RequestResult, RunResult } from '../core/engine/types';
import { renderProbeMarkdown } from '../core/probe/probeText';
import type { ProbePlan, ProbeReport } from '../core/probe/types';
import { runBodyAction } from './panel/bodyActions';
import { panelHtml, panelResourceRoots } from './panel/panelHtml';
import { PanelSession, type RunStart, type ScriptResults } from './panel/panelSession';
import { parseWebviewMessage, type WebviewMessage } from '../shared/panelProtocol';
import { messageOf } from '../core/common/messageOf';
import { readSettings } from './settings';

export type { RunStart } from './panel/panelSession';

export interface PanelActions {
  cancel(file: vscode.Uri): void;
  rerun(file: vscode.Uri, mode: RunMode): void;
  compare(file: vscode.Uri): void;
  /** The file's panel was closed: what its run keeps (spooled bodies) can go. */
  closed?(file: vscode.Uri): void;
}

export interface ResponsePanel {
  runStarted(run: RunStart): void;
  requestFinished(runId: string, result: RequestResult): void;
  runFinished(runId: string, result: RunResult, scripts?: ScriptResults): void;
  compareStarted(runId: string, total: number): void;
  compareProgress(runId: string, done: number, total: number): void;
  compareFinished(runId: string, comparison: ModeComparison): void;
  /** The comparison ended without a result (cancelled or failed); `reason` is shown to the user. */
  compareStopped(runId: string, reason: string): void;
  /** A probe announced its plan: the Server report page shows it until the report arrives. */
  probeStarted(probeId: string, plan: ProbePlan): void;
  probeFinished(probeId: string, report: ProbeReport): void;
}

class ResponsePanelHost implements ResponsePanel, vscode.Disposable {
  private readonly session: PanelSession;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly file: vscode.Uri,
    private readonly actions: PanelActions,
    onDisposed: () => void,
  ) {
    this.session = new PanelSession(
      path.basename(file.fsPath),
      (message) => void panel.webview.postMessage(message),
      () => readSettings(file).previewMaxBytes,
    );
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.session.webviewUnloaded();
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDisposed();
      }),
    );
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  runStarted(run: RunStart): void {
    this.session.runStarted(run);
  }

  requestFinished(runId: string, result: RequestResult): void {
    this.session.requestFinished(runId, result);
  }

  runFinished(runId: string, result: RunResult, scripts?: ScriptResults): void {
    this.session.runFinished(runId, result, scripts);
  }

  compareStarted(runId: string, total: number): void {
    this.session.compareStarted(runId, total);
  }

  compareProgress(runId: string, done: number, total: number): void {
    this.session.compareProgress(runId, done, total);
  }

  compareFinished(runId: string, comparison: ModeComparison): void {
    this.session.compareFinished(runId, comparison);
  }

  compareStopped(runId: string, reason: string): void {
    this.session.compareStopped(runId, reason);
  }

  probeStarted(probeId: string, plan: ProbePlan): void {
    this.session.probeStarted(probeId, plan);
  }

  probeFinished(probeId: string, report: ProbeReport): void {
    this.session.probeFinished(probeId, report);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A run that is still ending (cancelled when the panel closed) must not post into the disposed webview.
    this.session.webviewUnloaded();
    this.session.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.panel.dispose();
  }

  /** The webview's side of the channel, for the extension-host tests (panel/testCommands.ts). */
  readonly webviewSide: WebviewSide = {
    runId: () => this.session.runId,
    summary: (index) => this.session.summaryOf(index),
    post: (message) => this.receive(message),
  };

  /** Settles when what the message asked for is done (body actions are asynchronous). */
  private receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message || this.disposed) return Promise.resolve();
    try {
      return this.handle(message);
    } catch (error) {
      void vscode.window.showErrorMessage(`httpipe panel: ${messageOf(error)}`);
      return Promise.resolve();
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.session.webviewLoaded();
        return;
      case 'rerun':
        this.actions.rerun(this.file, message.mode);
        return;
      case 'compare':
        this.actions.compare(this.file);
        return;
      case 'cancel': {
        const comparison = this.session.comparing ? this.session.compareRunId : undefined;
        this.actions.cancel(this.file);
        // A cancelled comparison ends without a result; say so even if the controller does not.
        if (comparison) this.session.compareStopped(comparison, 'Cancelled.');
        return;
      }
      case 'select-request':
      case 'show-wire':
        this.session.answer(message);
        return;
      case 'copy-probe-markdown': {
        const report = this.session.probeReport(message.probeId);
        if (!report) return;
        await vscode.env.clipboard.writeText(renderProbeMarkdown(report));
        void vscode.window.setStatusBarMessage('httpipe: copied the server report as Markdown', 4000);
        return;
      }
      default: {
        const result = this.session.resultFor(message.runId, message.index);
        if (!result) return;
        await runBodyAction(
          message.type,
          result,
          this.session.connectionFor(result.connectionId),
          this.file,
        ).catch((error) => {
          void vscode.window.showErrorMessage(`httpipe: ${messageOf(error)}`);
        });
      }
    }
  }
}

/** What the webview can do, without a webview: name the current run and post messages to the host. */
export interface WebviewSide {
  runId(): string | undefined;
  /** What the panel shows of request `index` in the current run. */
  summary(index: number): RequestSummaryView | undefined;
  post(message: unknown): Promise<void>;
}

export class ResponsePanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, ResponsePanelHost>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly actions: PanelActions,
  ) {}

  /** The file's panel, created beside the editor on first use and brought forward on later runs. */
  panelFor(file: vscode.Uri): ResponsePanel {
    const key = file.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const title = `httpipe: ${path.basename(file.fsPath)}`;
    const extensionUri = this.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(
      'httpipe.response',
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) },
    );
    panel.webview.html = panelHtml(panel.webview, extensionUri, title);
    const host = new ResponsePanelHost(panel, file, this.actions, () => {
      this.panels.delete(key);
      this.actions.closed?.(file);
    });
    this.panels.set(key, host);
    return host;
  }

  /** The file's open panel as its webview sees it (tests only); undefined when it has none. */
  webviewSide(file: vscode.Uri): WebviewSide | undefined {
    return this.panels.get(file.toString())?.webviewSide;
  }

  dispose(): void {
    for (const host of [...this.panels.values()]) host.dispose();
    this.panels.clear();
  }
}
