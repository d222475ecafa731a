// The probe's contract: what the user asks for (one URL, GET or HEAD, caps), the plan announced before
// anything is sent, the measurements each step collects, and the verdicts drawn from them. Plain data
// only: the CLI prints it as text or JSON, the extension posts it to the panel.
import type { RunResult, TlsOptions, ProxyOptions } from '../engine/types';

export type ProbeMethod = 'GET' | 'HEAD';

export interface ProbeOptions {
  method: ProbeMethod;
  /** Never more requests than this in the whole probe (default 200). */
  maxRequests: number;
  /** Longest wait on an idle connection, in ms (default 10 s). */
  idleWaitMs: number;
  /** Requests on one connection the budget series may spend before it says "at least N" (default: what the cap leaves). */
  maxPerConnection?: number;
  /** Pipelined copies of the request (default 4). */
  pipelineDepth: number;
  requestTimeoutMs?: number;
  tls?: TlsOptions;
  proxy?: ProxyOptions;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = {
  method: 'GET',
  maxRequests: 200,
  idleWaitMs: 10_000,
  pipelineDepth: 4,
};

export type ProbeStepId = 'budget' | 'idle' | 'pipelined' | 'http2' | 'tls';

/** One step of the plan: what is sent, how, and which questions it answers. */
export interface ProbeStep {
  id: ProbeStepId;
  /** Requests at most (0 for the TLS handshakes, which send no request). */
  requests: number;
  /** `keepalive`, `pipelined`, `h2` (the engine's HTTP/2 mode), or `tls` for handshakes alone. */
  how: 'keepalive' | 'pipelined' | 'h2' | 'tls';
  description: string;
}

export interface ProbePlan {
  url: string;
  method: ProbeMethod;
  steps: ProbeStep[];
  /** Writes kept for re-sending unanswered requests, on top of the steps' requests. */
  resendReserve: number;
  /** The steps' requests plus the re-send reserve: never more than ProbeOptions.maxRequests. */
  maxRequests: number;
  /** One sentence naming exactly what will be sent. */
  summary: string;
}

/** Facts from two TLS handshakes (no request is sent on them). */
export interface TlsFacts {
  protocol?: string;
  cipher?: string;
  alpn?: string;
  /** Leaf first. */
  chain: Array<{ subject: string; issuer: string; validTo: string; daysLeft: number }>;
  /** The second handshake resumed the first one's session. */
  resumed: boolean;
  /** Why the handshakes could not be made, when they could not. */
  error?: string;
}

/** Why the probe ended before its plan was through. */
export type ProbeStop =
  | { kind: 'rate-limited'; status: number; retryAfterSeconds?: number; step: ProbeStepId }
  | { kind: 'cancelled'; step: ProbeStepId }
  | { kind: 'unreachable'; step: ProbeStepId; message: string };

/** Everything the steps measured: the engine's results as they came, for the analysis and the Wire tab. */
export interface ProbeObservations {
  plan: ProbePlan;
  budget?: RunResult;
  /** The ms the idle step waited before its second request, and whether the wait ended by a close. */
  idle?: { run: RunResult; waitedMs: number; closedWhileWaiting: boolean };
  pipelined?: RunResult;
  /** One request in the engine's h2 mode: ALPN h2 over https, prior knowledge (h2c) over http. */
  http2?: RunResult;
  tls?: TlsFacts;
  stop?: ProbeStop;
  requestsSent: number;
  durationMs: number;
}

export type VerdictId = 'keepalive' | 'budget' | 'idle' | 'pipelining' | 'overlap' | 'http2' | 'tls';

/** yes/no answers; `value` when the answer is a number; `unknown` when it was not measured. */
export type VerdictStatus = 'yes' | 'no' | 'partly' | 'value' | 'unknown';

export interface Verdict {
  id: VerdictId;
  question: string;
  status: VerdictStatus;
  /** The answer in one line: "yes: 10 requests per connection, then it closes". */
  answer: string;
  /** The number behind a `value` (requests, ms, factor), for --json consumers. */
  value?: number;
  /** The measurements the answer rests on. */
  evidence: string[];
  advice?: string;
}

export interface ProbeReport {
  url: string;
  method: ProbeMethod;
  plan: ProbePlan;
  verdicts: Verdict[];
  requestsSent: number;
  durationMs: number;
  stop?: ProbeStop;
}
