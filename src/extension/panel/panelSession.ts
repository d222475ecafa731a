// The panel host's state and message logic without VS Code: it keeps the latest run's results
// (bodies included), batches finished requests, answers the webview's queries with view models built
// on demand, and rebuilds the webview from a snapshot whenever it (re)loads. Testable with plain mocha.
import type { RequestScripts } from '../../core/scripts/types';
import type { RunMode } from '../../core/common/runModes';
import type { ModeComparison } from '../../core/compare/types';
import type { ConnectionRecord, RequestResult, RunResult } from '../../core/engine/types';
import { toComparisonView } from '../../core/report/comparisonView';
import { toRequestDetail } from '../../core/report/requestDetail';
import { toRequestSummary } from '../../core/report/requestSummary';
import { toRunSummary } from '../../core/report/runSummary';
import type { RequestSummaryView } from '../../core/report/views';
import { toConnectionWireView } from '../../core/report/wireView';
import type { ProbePlan, ProbeReport } from '../../core/probe/types';
import type {
  CompareState,
  HostMessage,
  PanelSnapshot,
  ProbeState,
  RequestStub,
  WebviewMessage,
} from '../../shared/panelProtocol';

export interface RunStart {
  runId: string;
  mode: RunMode;
  file: string;
  requests: Array<{ index: number; name: string; method: string; url: string }>;
}

/** What a request's scripts did (core/scripts), by request index. */
export type ScriptResults = (index: number) => RequestScripts | undefined;

/** Finished requests are posted in batches at most this often: 1,000 fast requests make ~20 messages, not 1,000. */
export const BATCH_INTERVAL_MS = 50;

interface RunState {
  runId: string;
  mode: RunMode;
  stubs: RequestStub[];
  results: Map<number, RequestResult>;
  /** Set when the run has ended: connections (wire logs) are only known then. */
  final?: RunResult;
  /** What each request's scripts did, known once the run has ended. */
  scripts?: ScriptResults;
}

export class PanelSession {
  private run?: RunState;
  private compare?: CompareState;
  private probe?: ProbeState;
  /** The webview has loaded and said `ready`; before that, posts would be lost, and the snapshot covers them. */
  private webviewReady = false;
  private pending: RequestSummaryView[] = [];
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly fileName: string,
    private readonly post: (message: HostMessage) => void,
    private readonly previewMaxBytes: () => number,
  ) {}

  runStarted(run: RunStart): void {
    this.clearPending();
    // One activity per file: starting a run cancels a comparison in progress.
    if (this.compare?.phase === 'running')
      this.compareStopped(this.compare.runId, 'A run of this file started, which stopped the comparison.');
    this.run = {
      runId: run.runId,
      mode: run.mode,
      stubs: run.requests.map((r) => ({ ...r })),
      results: new Map(),
    };
    this.send({
      type: 'run-started',
      runId: run.runId,
      mode: run.mode,
      file: run.file,
      requests: this.run.stubs,
    });
  }

  requestFinished(runId: string, result: RequestResult): void {
    if (this.run?.runId !== runId) return;
    this.run.results.set(result.index, result);
    this.pending.push(toRequestSummary(result));
    this.flushTimer ??= setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  runFinished(runId: string, result: RunResult, scripts?: ScriptResults): void {
    if (this.run?.runId !== runId) return;
    this.clearPending();
    for (const request of result.requests) this.run.results.set(request.index, request);
    this.run.final = result;
    this.run.scripts = scripts;
    this.send({
      type: 'run-finished',
      runId,
      summary: toRunSummary(result),
      requests: result.requests.map((request) => toRequestSummary(request, scripts?.(request.index))),
    });
  }

  compareStarted(runId: string, total: number): void {
    this.compare = { phase: 'running', runId, done: 0, total };
    this.send({ type: 'compare-started', runId, total });
  }

  compareProgress(runId: string, done: number, total: number): void {
    if (this.compare?.runId !== runId) return;
    this.compare = { phase: 'running', runId, done, total };
    this.send({ type: 'compare-progress', runId, done, total });
  }

  compareFinished(runId: string, comparison: ModeComparison): void {
    if (this.compare?.runId !== runId) return;
    const view = toComparisonView(comparison);
    this.compare = { phase: 'finished', runId, comparison: view };
    this.send({ type: 'compare-finished', runId, comparison: view });
  }

  compareStopped(runId: string, reason: string): void {
    if (this.compare?.runId !== runId || this.compare.phase !== 'running') return;
    this.compare = { phase: 'stopped', runId, reason };
    this.send({ type: 'compare-stopped', runId, reason });
  }

  probeStarted(probeId: string, plan: ProbePlan): void {
    this.probe = { phase: 'running', probeId, plan };
    this.send({ type: 'probe-started', probeId, plan });
  }

  probeFinished(probeId: string, report: ProbeReport): void {
    if (this.probe?.probeId !== probeId) return;
    this.probe = { phase: 'finished', probeId, report };
    this.send({ type: 'probe-finished', probeId, report });
  }

  /** The finished report of that probe, for Copy as Markdown; undefined when the panel shows another. */
  probeReport(probeId: string): ProbeReport | undefined {
    return this.probe?.phase === 'finished' && this.probe.probeId === probeId ? this.probe.report : undefined;
  }

  /** The run the panel shows: body actions name it. */
  get runId(): string | undefined {
    return this.run?.runId;
  }

  /** The summary the webview shows for a request of the current run (scripts included once it ended). */
  summaryOf(index: number): RequestSummaryView | undefined {
    const result = this.run?.results.get(index);
    return result && toRequestSummary(result, this.run?.scripts?.(index));
  }

  get comparing(): boolean {
    return this.compare?.phase === 'running';
  }

  get compareRunId(): string | undefined {
    return this.compare?.runId;
  }

  /** The webview (re)loaded: it gets everything as one snapshot, including batched results not yet posted. */
  webviewLoaded(): void {
    this.webviewReady = true;
    this.clearPending();
    this.send({ type: 'snapshot', snapshot: this.snapshot() });
  }

  /** A hidden webview is torn down (no retainContextWhenHidden); it says `ready` again when shown. */
  webviewUnloaded(): void {
    this.webviewReady = false;
  }

  /** Answers the webview's questions about the current run. */
  answer(message: Extract<WebviewMessage, { type: 'select-request' | 'show-wire' }>): void {
    if (message.type === 'select-request') {
      const result = this.resultFor(message.runId, message.index);
      const detail =
        result &&
        toRequestDetail(
          result,
          (id) => this.connectionFor(id),
          this.previewMaxBytes(),
          this.run?.scripts?.(message.index),
        );
      this.send({ type: 'request-detail', runId: message.runId, index: message.index, detail });
    } else {
      const final = this.run?.runId === message.runId ? this.run.final : undefined;
      const connection = this.connectionFor(message.connectionId);
      const wire =
        final && connection && toConnectionWireView(connection, final.requests, this.previewMaxBytes());
      this.send({ type: 'wire', runId: message.runId, connectionId: message.connectionId, wire });
    }
  }

  resultFor(runId: string, index: number): RequestResult | undefined {
    return this.run?.runId === runId ? this.run.results.get(index) : undefined;
  }

  connectionFor(id: number | undefined): ConnectionRecord | undefined {
    return id === undefined ? undefined : this.run?.final?.connections.find((c) => c.id === id);
  }

  dispose(): void {
    this.clearPending();
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.run || this.pending.length === 0) return;
    const requests = this.pending;
    this.pending = [];
    this.send({ type: 'requests-finished', runId: this.run.runId, requests });
  }

  /** Pending summaries are dropped, not posted: whatever replaces them (new run, final list, snapshot) is complete. */
  private clearPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
  }

  private snapshot(): PanelSnapshot {
    const run = this.run;
    return {
      file: this.fileName,
      run: run && {
        runId: run.runId,
        mode: run.mode,
        stubs: run.stubs,
        finished: [...run.results.values()]
          .sort((a, b) => a.index - b.index)
          .map((result) => toRequestSummary(result, run.scripts?.(result.index))),
        summary: run.final && toRunSummary(run.final),
      },
      compare: this.compare,
      probe: this.probe,
    };
  }

  private send(message: HostMessage): void {
    if (this.webviewReady) this.post(message);
  }
}
