// The webview's state, fed only by host messages. Views read it and subscribe to changes; changes
// within a frame's time coalesce into one render however many messages arrived, which keeps big runs
// smooth. A timer rather than requestAnimationFrame: frames can stall (hidden or headless pages) and
// the panel must still be up to date the moment it is painted.
import type { RunMode } from '../core/common/runModes';
import type {
  ConnectionWireView,
  RequestDetailView,
  RequestSummaryView,
  RunSummaryView,
} from '../core/report/views';
import type {
  CompareState,
  HostMessage,
  ProbeState,
  RequestStub,
  WebviewMessage,
} from '../shared/panelProtocol';

const RENDER_DELAY_MS = 16;

export interface RunModel {
  runId: string;
  mode: RunMode;
  stubs: RequestStub[];
  results: Map<number, RequestSummaryView>;
  summary?: RunSummaryView;
}

/** A request the list can show: its result when it has finished, its stub while it is pending. */
export type RowModel = { stub: RequestStub; result?: RequestSummaryView };

export class Store {
  file = '';
  run?: RunModel;
  compare?: CompareState;
  probe?: ProbeState;
  /** Details and wire views are fetched on demand and cached for the current run. */
  readonly details = new Map<number, RequestDetailView | null>();
  readonly wires = new Map<number, ConnectionWireView | null>();
  /** Asked for and not answered yet: renders must not ask again. */
  private readonly detailsAsked = new Set<number>();
  private readonly wiresAsked = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private renderTimer?: ReturnType<typeof setTimeout>;

  get running(): boolean {
    return !!this.run && !this.run.summary;
  }

  get comparing(): boolean {
    return this.compare?.phase === 'running';
  }

  rows(): RowModel[] {
    if (!this.run) return [];
    const run = this.run;
    return run.stubs.map((stub) => ({ stub, result: run.results.get(stub.index) }));
  }

  /** Asks the host for a request's detail once; the answer arrives as `request-detail`. */
  fetchDetail(index: number, send: (message: WebviewMessage) => void): void {
    if (!this.run || this.details.has(index) || this.detailsAsked.has(index)) return;
    this.detailsAsked.add(index);
    send({ type: 'select-request', runId: this.run.runId, index });
  }

  fetchWire(connectionId: number, send: (message: WebviewMessage) => void): void {
    if (!this.run || this.wires.has(connectionId) || this.wiresAsked.has(connectionId)) return;
    this.wiresAsked.add(connectionId);
    send({ type: 'show-wire', runId: this.run.runId, connectionId });
  }

  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }

  apply(message: HostMessage): void {
    switch (message.type) {
      case 'snapshot': {
        const { snapshot } = message;
        this.file = snapshot.file;
        this.compare = snapshot.compare;
        this.probe = snapshot.probe;
        this.resetRun(
          snapshot.run && {
            runId: snapshot.run.runId,
            mode: snapshot.run.mode,
            stubs: snapshot.run.stubs,
            results: new Map(snapshot.run.finished.map((r) => [r.index, r])),
            summary: snapshot.run.summary,
          },
        );
        break;
      }
      case 'run-started':
        this.file = message.file.split(/[\\/]/).pop() ?? message.file;
        this.resetRun({
          runId: message.runId,
          mode: message.mode,
          stubs: message.requests,
          results: new Map(),
        });
        break;
      case 'requests-finished':
        if (this.run?.runId !== message.runId) return;
        for (const r of message.requests) this.run.results.set(r.index, r);
        break;
      case 'run-finished':
        if (this.run?.runId !== message.runId) return;
        for (const r of message.requests) this.run.results.set(r.index, r);
        this.run.summary = message.summary;
        // Raw bytes only exist once the run has finished: details fetched earlier lack them.
        this.details.clear();
        this.detailsAsked.clear();
        break;
      case 'compare-started':
        this.compare = { phase: 'running', runId: message.runId, done: 0, total: message.total };
        break;
      case 'compare-progress':
        this.compare = { phase: 'running', runId: message.runId, done: message.done, total: message.total };
        break;
      case 'compare-finished':
        this.compare = { phase: 'finished', runId: message.runId, comparison: message.comparison };
        break;
      case 'compare-stopped':
        this.compare = { phase: 'stopped', runId: message.runId, reason: message.reason };
        break;
      case 'probe-started':
        this.probe = { phase: 'running', probeId: message.probeId, plan: message.plan };
        break;
      case 'probe-finished':
        this.probe = { phase: 'finished', probeId: message.probeId, report: message.report };
        break;
      case 'request-detail':
        if (this.run?.runId !== message.runId) return;
        this.details.set(message.index, message.detail ?? null);
        this.detailsAsked.delete(message.index);
        break;
      case 'wire':
        if (this.run?.runId !== message.runId) return;
        this.wires.set(message.connectionId, message.wire ?? null);
        this.wiresAsked.delete(message.connectionId);
        break;
    }
    this.changed();
  }

  changed(): void {
    this.renderTimer ??= setTimeout(() => {
      this.renderTimer = undefined;
      for (const listener of this.listeners) listener();
    }, RENDER_DELAY_MS);
  }

  private resetRun(run: RunModel | undefined): void {
    this.run = run;
    this.details.clear();
    this.wires.clear();
    this.detailsAsked.clear();
    this.wiresAsked.clear();
  }
}
