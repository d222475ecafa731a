// The one message protocol between the extension host and the response panel's webview. Both sides
// import these types (the webview only as types), so a change here is checked on both ends. Messages
// carry view models from src/core/report, never engine objects: they must survive structured cloning.
import { isRunMode, type RunMode } from '../core/common/runModes';
import type { ProbePlan, ProbeReport } from '../core/probe/types';
import type {
  ComparisonView,
  ConnectionWireView,
  RequestDetailView,
  RequestSummaryView,
  RunSummaryView,
} from '../core/report/views';

/** A request as known when the run starts, before any result. */
export interface RequestStub {
  index: number;
  name: string;
  method: string;
  url: string;
}

export type CompareState =
  | { phase: 'running'; runId: string; done: number; total: number }
  | { phase: 'finished'; runId: string; comparison: ComparisonView }
  /** Cancelled, failed, or replaced by a run of the file: `reason` says which. */
  | { phase: 'stopped'; runId: string; reason: string };

/** The Server report page: the plan while the probe runs, then the report (plain data, no engine objects). */
export type ProbeState =
  | { phase: 'running'; probeId: string; plan: ProbePlan }
  | { phase: 'finished'; probeId: string; report: ProbeReport };

/** Everything the webview needs to draw itself from nothing (first load, or after being hidden). */
export interface PanelSnapshot {
  file: string;
  run?: {
    runId: string;
    mode: RunMode;
    stubs: RequestStub[];
    finished: RequestSummaryView[];
    /** Present once the run ended. */
    summary?: RunSummaryView;
  };
  compare?: CompareState;
  probe?: ProbeState;
}

// ---- host → webview ----

export type HostMessage =
  | { type: 'snapshot'; snapshot: PanelSnapshot }
  | { type: 'run-started'; runId: string; mode: RunMode; file: string; requests: RequestStub[] }
  /** Batched: the host collects finished requests for a few ms so big runs post few messages. */
  | { type: 'requests-finished'; runId: string; requests: RequestSummaryView[] }
  | { type: 'run-finished'; runId: string; summary: RunSummaryView; requests: RequestSummaryView[] }
  | { type: 'compare-started'; runId: string; total: number }
  | { type: 'compare-progress'; runId: string; done: number; total: number }
  | { type: 'compare-finished'; runId: string; comparison: ComparisonView }
  | { type: 'compare-stopped'; runId: string; reason: string }
  /** Answer to `select-request`; `detail` is absent when the run no longer has that request. */
  | { type: 'request-detail'; runId: string; index: number; detail?: RequestDetailView }
  /** Answer to `show-wire`. */
  | { type: 'wire'; runId: string; connectionId: number; wire?: ConnectionWireView }
  | { type: 'probe-started'; probeId: string; plan: ProbePlan }
  | { type: 'probe-finished'; probeId: string; report: ProbeReport };

// ---- webview → host ----

export type BodyAction = 'copy-body' | 'save-body' | 'open-body' | 'copy-curl';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'rerun'; mode: RunMode }
  | { type: 'compare' }
  | { type: 'cancel' }
  | { type: 'select-request'; runId: string; index: number }
  | { type: 'show-wire'; runId: string; connectionId: number }
  /** Server report: the host copies the report as Markdown (the webview has no clipboard access). */
  | { type: 'copy-probe-markdown'; probeId: string }
  | { type: BodyAction; runId: string; index: number };

const BODY_ACTIONS: readonly string[] = [
  'copy-body',
  'save-body',
  'open-body',
  'copy-curl',
] satisfies BodyAction[];

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * The host checks every message before acting on it: the webview renders server-controlled content,
 * so its messages are treated as untrusted input.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'compare':
    case 'cancel':
      return { type: m.type };
    case 'rerun':
      return isRunMode(m.mode) ? { type: 'rerun', mode: m.mode } : undefined;
    case 'select-request':
      return typeof m.runId === 'string' && isIndex(m.index)
        ? { type: m.type, runId: m.runId, index: m.index }
        : undefined;
    case 'copy-probe-markdown':
      return typeof m.probeId === 'string' ? { type: m.type, probeId: m.probeId } : undefined;
    case 'show-wire':
      return typeof m.runId === 'string' && isIndex(m.connectionId)
        ? { type: m.type, runId: m.runId, connectionId: m.connectionId }
        : undefined;
    default:
      if (
        typeof m.type === 'string' &&
        BODY_ACTIONS.includes(m.type) &&
        typeof m.runId === 'string' &&
        isIndex(m.index)
      ) {
        return { type: m.type as BodyAction, runId: m.runId, index: m.index };
      }
      return undefined;
  }
}
