// The machine-readable form of one run (`httpipe run --json`): a stable, flat shape for scripts,
// without the wire bytes. All times are ms since the run's start, rounded to 0.01 ms.
import type { RequestError, RequestResult, RunMode, RunResult, Wait } from '../core/engine/types';

export interface JsonTimings {
  startMs: number;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  sentMs: number | null;
  firstByteMs: number | null;
  endMs: number | null;
}

export interface JsonRequestReport {
  name: string;
  method: string;
  url: string;
  outcome: RequestResult['outcome'];
  status: number | null;
  /** Connection id (1-based, in opening order), null when the request never got one. */
  connection: number | null;
  reused: boolean;
  retried: boolean;
  timings: JsonTimings;
  bodyBytes: number | null;
  error: RequestError | null;
  notSentReason: string | null;
  waits: Wait[];
}

export interface JsonRunReport {
  mode: RunMode;
  wallMs: number;
  connectionsOpened: number;
  cancelled: boolean;
  notes: string[];
  requests: JsonRequestReport[];
}

function ms(value: number): number;
function ms(value: number | undefined): number | null;
function ms(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 100) / 100;
}

function requestReport(request: RequestResult): JsonRequestReport {
  const { timings } = request;
  return {
    name: request.name,
    method: request.method,
    url: request.url,
    outcome: request.outcome,
    status: request.response?.status ?? null,
    connection: request.connectionId ?? null,
    reused: request.reused,
    retried: request.retried,
    timings: {
      startMs: ms(timings.startMs),
      dnsMs: ms(timings.dnsMs),
      connectMs: ms(timings.connectMs),
      tlsMs: ms(timings.tlsMs),
      sentMs: ms(timings.sentMs),
      firstByteMs: ms(timings.firstByteMs),
      endMs: ms(timings.endMs),
    },
    bodyBytes: request.response?.bodyBytes ?? null,
    error: request.error ?? null,
    notSentReason: request.notSentReason ?? null,
    waits: request.waits,
  };
}

export function toJsonReport(result: RunResult): JsonRunReport {
  return {
    mode: result.mode,
    wallMs: ms(result.wallMs),
    connectionsOpened: result.connectionsOpened,
    cancelled: result.cancelled,
    notes: result.notes,
    requests: result.requests.map(requestReport),
  };
}
