// The response panel's host side: one webview panel per .http file, reused on re-run. It keeps the
// latest run's results (bodies included) and turns them into view models on demand, so the webview
// holds only small summaries and can be rebuilt from a snapshot whenever VS Code reloads it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModeComparison } from '../core/compare/types';
import type { RequestResult, RunMode, RunResult } from '../core/engine/types';
import { toComparisonView } from '../core/report/comparisonView';
import { toRequestDetail } from '../core/report/requestDetail';
import { toRequestSummary } from '../core/report/requestSummary';
import { toRunSummary } from '../core/report/runSummary';
import type { RequestSummaryView } from '../core/report/views';
import { toConnectionWireView } from '../core/report/wireView';
import { runBodyAction } from './panel/bodyActions';
import { panelHtml, panelResourceRoots } from './panel/panelHtml';
import { parseWebviewMessage, type CompareState, type HostMessage, type PanelSnapshot, type RequestStub, type WebviewMessage } from './protocol';

export interface PanelActions {
  cancel(file: vscode.Uri): void;
  rerun(file: vscode.Uri, mode: RunMode): void;
  compare(file: vscode.Uri): void;
}

export interface RunStart {
  runId: string;
  mode: RunMode;
  file: string;
  requests: Array<{ index: number; name: string; method: string; url: string }>;
}

export interface ResponsePanel {
  runStarted(run: RunStart): void;
  requestFinished(runId: string, result: RequestResult): void;
  runFinished(runId: string, result: RunResult): void;
  compareStarted(runId: string, total: number): void;
  compareProgress(runId: string, done: number, total: number): void;
  compareFinished(runId: string, comparison: ModeComparison): void;
  /** The comparison ended without a result (cancelled or failed); `reason` is shown to the user. */
  compareStopped(runId: string, reason: string): void;
}

/** Finished requests are posted in batches at most this often: 1,000 fast requests make ~20 messages, not 1,000. */
const BATCH_INTERVAL_MS = 50;
const DEFAULT_PREVIEW_MAX_BYTES = 1024 * 1024;

function previewMaxBytes(): number {
  const value = vscode.workspace.getConfiguration('httpipe').get<number>('preview.maxBytes', DEFAULT_PREVIEW_MAX_BYTES);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : DEFAULT_PREVIEW_MAX_BYTES;
}

interface RunState {
  runId: string;
  mode: RunMode;
  file: string;
  stubs: RequestStub[];
  results: Map<number, RequestResult>;
  /** Set when the run has ended: connections (wire logs) are only known then. */
  final?: RunResult;
}

class ResponsePanelHost implements ResponsePanel, vscode.Disposable {
  private run?: RunState;
  private compare?: CompareState;
  /** The webview has loaded and said `ready`; before that, posts would be lost, and the snapshot covers them. */
  private webviewReady = false;
  private pending: RequestSummaryView[] = [];
  private flushTimer?: NodeJS.Timeout;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly file: vscode.Uri,
    private readonly actions: PanelActions,
    onDisposed: () => void,
  ) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage(message => this.receive(message)),
      // Without retainContextWhenHidden a hidden webview is torn down; it says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.webviewReady = false;
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
    this.clearPending();
    // One activity per file: starting a run cancels a comparison in progress.
    if (this.compare?.phase === 'running') this.compareStopped(this.compare.runId, 'A run of this file started, which stopped the comparison.');
    this.run = { ...run, stubs: run.requests.map(r => ({ ...r })), results: new Map() };
    this.post({ type: 'run-started', runId: run.runId, mode: run.mode, file: run.file, requests: this.run.stubs });
  }

  requestFinished(runId: string, result: RequestResult): void {
    if (this.run?.runId !== runId) return;
    this.run.results.set(result.index, result);
    this.pending.push(toRequestSummary(result));
    this.flushTimer ??= setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  runFinished(runId: string, result: RunResult): void {
    if (this.run?.runId !== runId) return;
    this.clearPending();
    for (const request of result.requests) this.run.results.set(request.index, request);
    this.run.final = result;
    this.post({ type: 'run-finished', runId, summary: toRunSummary(result), requests: result.requests.map(toRequestSummary) });
  }

  compareStarted(runId: string, total: number): void {
    this.compare = { phase: 'running', runId, done: 0, total };
    this.post({ type: 'compare-started', runId, total });
  }

  compareProgress(runId: string, done: number, total: number): void {
    if (this.compare?.runId !== runId) return;
    this.compare = { phase: 'running', runId, done, total };
    this.post({ type: 'compare-progress', runId, done, total });
  }

  compareFinished(runId: string, comparison: ModeComparison): void {
    if (this.compare?.runId !== runId) return;
    const view = toComparisonView(comparison);
    this.compare = { phase: 'finished', runId, comparison: view };
    this.post({ type: 'compare-finished', runId, comparison: view });
  }

  compareStopped(runId: string, reason: string): void {
    if (this.compare?.runId !== runId || this.compare.phase !== 'running') return;
    this.compare = { phase: 'stopped', runId, reason };
    this.post({ type: 'compare-stopped', runId, reason });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearPending();
    for (const s of this.subscriptions) s.dispose();
    this.panel.dispose();
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.run || this.pending.length === 0) return;
    const requests = this.pending;
    this.pending = [];
    this.post({ type: 'requests-finished', runId: this.run.runId, requests });
  }

  /** Pending summaries are dropped, not posted: whatever replaces them (new run, final list) is complete. */
  private clearPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
  }

  private snapshot(): PanelSnapshot {
    const run = this.run;
    return {
      file: path.basename(this.file.fsPath),
      run: run && {
        runId: run.runId,
        mode: run.mode,
        stubs: run.stubs,
        finished: [...run.results.values()].sort((a, b) => a.index - b.index).map(toRequestSummary),
        summary: run.final && toRunSummary(run.final),
      },
      compare: this.compare,
    };
  }

  private post(message: HostMessage): void {
    if (this.disposed || !this.webviewReady) return;
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    try {
      this.handle(message);
    } catch (error) {
      void vscode.window.showErrorMessage(`httpipe panel: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        // Anything batched but not yet posted is in the snapshot.
        this.clearPending();
        this.post({ type: 'snapshot', snapshot: this.snapshot() });
        return;
      case 'rerun':
        this.actions.rerun(this.file, message.mode);
        return;
      case 'compare':
        this.actions.compare(this.file);
        return;
      case 'cancel':
        this.actions.cancel(this.file);
        // A cancelled comparison ends without a result; say so even if the controller does not.
        if (this.compare?.phase === 'running') this.compareStopped(this.compare.runId, 'Cancelled.');
        return;
      case 'select-request': {
        const result = this.resultFor(message.runId, message.index);
        const connection = this.connectionFor(result?.connectionId);
        const detail = result && toRequestDetail(result, connection, previewMaxBytes());
        this.post({ type: 'request-detail', runId: message.runId, index: message.index, detail });
        return;
      }
      case 'show-wire': {
        const final = this.run?.runId === message.runId ? this.run.final : undefined;
        const connection = this.connectionFor(message.connectionId);
        const wire = final && connection && toConnectionWireView(connection, final.requests, previewMaxBytes());
        this.post({ type: 'wire', runId: message.runId, connectionId: message.connectionId, wire });
        return;
      }
      default: {
        const result = this.resultFor(message.runId, message.index);
        if (!result) return;
        runBodyAction(message.type, result, this.connectionFor(result.connectionId), this.file).catch(error => {
          void vscode.window.showErrorMessage(`httpipe: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }
  }

  private resultFor(runId: string, index: number): RequestResult | undefined {
    return this.run?.runId === runId ? this.run.results.get(index) : undefined;
  }

  private connectionFor(id: number | undefined) {
    return id === undefined ? undefined : this.run?.final?.connections.find(c => c.id === id);
  }
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
    const host = new ResponsePanelHost(panel, file, this.actions, () => this.panels.delete(key));
    this.panels.set(key, host);
    return host;
  }

  dispose(): void {
    for (const host of [...this.panels.values()]) host.dispose();
    this.panels.clear();
  }
}
