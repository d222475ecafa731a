// The machine-readable form of one run (`httpipe run --json`): a stable, flat shape for scripts,
// without the wire bytes. All times are ms since the run's start, rounded to 0.01 ms.
// One FILE on the command line prints one run; several files or a glob print `{ passed, files }`
// with one run per file, so a script's parsing does not depend on how many files a glob matched.
import type { RequestScripts } from '../core/scripts/types';
import type { RunMode } from '../core/common/runModes';
import { describeHopReason } from '../core/report/hopViews';
import type {
  CookieUse,
  Hop,
  HopReason,
  RequestError,
  RequestResult,
  RequestTimings,
  RunResult,
  Wait,
  WireProtocol,
} from '../core/engine/types';
import { filePassed, type FileRun } from './fileRun';
import { requestPassed, type RequestChecks } from './requestChecks';

export interface JsonTimings {
  startMs: number;
  dnsMs: number | null;
  connectMs: number | null;
  /** Through a proxy: when it answered CONNECT (https: origins). */
  proxyMs: number | null;
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
  /** `http/1.1` or `h2`, null when the request was never written. */
  protocol: WireProtocol | null;
  /** HTTP/2 stream id, null over HTTP/1.1. */
  stream: number | null;
  reused: boolean;
  retried: boolean;
  timings: JsonTimings;
  bodyBytes: number | null;
  error: RequestError | null;
  notSentReason: string | null;
  waits: Wait[];
  /** Earlier exchanges of the request (followed redirects, an answered Digest challenge), in order; the fields above describe the final one. */
  hops: JsonHop[];
  /** Cookie names the run's jar sent, stored and (pipelined) missed; null when the jar was off. */
  cookies: CookieUse | null;
  /** Got a response, passed every assertion, and its status was not rejected by --fail-on-status. */
  passed: boolean;
  /** The --fail-on-status rule (`4xx`, `404`) its status fell under. */
  failOnStatus: string | null;
  /** One per `??` line under the request, in file order. */
  assertions: JsonAssertion[];
  /** What its pre-request scripts and response handlers did; null when it has none. */
  scripts: JsonScripts | null;
}

export interface JsonScripts {
  tests: Array<{ name: string; passed: boolean; message: string | null }>;
  /** `client.log` / `console.log` lines, in order. */
  logs: string[];
  /** The first script error, at its `file:line:col`. */
  error: { message: string; place: string } | null;
  /** Why the scripts did not run (`--no-scripts`, no response). */
  skipped: string | null;
}

export interface JsonHop {
  method: string;
  url: string;
  status: number;
  reason: HopReason;
  /** The reason in words, as the terminal prints it. */
  description: string;
  connection: number | null;
  reused: boolean;
  retried: boolean;
  timings: JsonTimings;
}

export interface JsonAssertion {
  /** 1-based line of the `??` line. */
  line: number;
  text: string;
  passed: boolean;
  actual: string | null;
  message: string;
}

export interface JsonRunReport {
  mode: RunMode;
  wallMs: number;
  connectionsOpened: number;
  cancelled: boolean;
  notes: string[];
  requests: JsonRequestReport[];
}

export interface JsonFilesReport {
  /** Every request of every file passed and no file had errors: what exit code 0 means. */
  passed: boolean;
  files: Array<{ file: string } & JsonRunReport>;
}

function ms(value: number): number;
function ms(value: number | undefined): number | null;
function ms(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 100) / 100;
}

function jsonTimings(timings: RequestTimings): JsonTimings {
  return {
    startMs: ms(timings.startMs),
    dnsMs: ms(timings.dnsMs),
    connectMs: ms(timings.connectMs),
    proxyMs: ms(timings.proxyMs),
    tlsMs: ms(timings.tlsMs),
    sentMs: ms(timings.sentMs),
    firstByteMs: ms(timings.firstByteMs),
    endMs: ms(timings.endMs),
  };
}

function jsonHop(hop: Hop): JsonHop {
  return {
    method: hop.method,
    url: hop.url,
    status: hop.status,
    reason: hop.reason,
    description: describeHopReason(hop.reason),
    connection: hop.connectionId ?? null,
    reused: hop.reused,
    retried: hop.retried,
    timings: jsonTimings(hop.timings),
  };
}

function requestReport(request: RequestResult, checks: RequestChecks): JsonRequestReport {
  const { timings } = request;
  return {
    name: request.name,
    method: request.method,
    url: request.url,
    outcome: request.outcome,
    status: request.response?.status ?? null,
    connection: request.connectionId ?? null,
    protocol: request.protocol ?? null,
    stream: request.streamId ?? null,
    reused: request.reused,
    retried: request.retried,
    timings: jsonTimings(timings),
    bodyBytes: request.response?.bodyBytes ?? null,
    error: request.error ?? null,
    notSentReason: request.notSentReason ?? null,
    waits: request.waits,
    hops: (request.hops ?? []).map(jsonHop),
    cookies: request.cookies ?? null,
    passed: requestPassed(request, checks),
    failOnStatus: checks.rejectedBy(request.index) ?? null,
    assertions: checks.assertions(request.index).map((a) => ({
      line: a.line,
      text: a.text,
      passed: a.passed,
      actual: a.actual ?? null,
      message: a.message,
    })),
    scripts: jsonScripts(checks.scripts(request.index)),
  };
}

function jsonScripts(scripts: RequestScripts | undefined): JsonScripts | null {
  if (!scripts) return null;
  return {
    tests: scripts.tests.map((t) => ({ name: t.name, passed: t.passed, message: t.message ?? null })),
    logs: scripts.logs,
    error: scripts.error ?? null,
    skipped: scripts.skipped ?? null,
  };
}

export function toJsonReport(result: RunResult, checks: RequestChecks): JsonRunReport {
  return {
    mode: result.mode,
    wallMs: ms(result.wallMs),
    connectionsOpened: result.connectionsOpened,
    cancelled: result.cancelled,
    notes: result.notes,
    requests: result.requests.map((request) => requestReport(request, checks)),
  };
}

export function toJsonFilesReport(runs: readonly FileRun[]): JsonFilesReport {
  return {
    passed: runs.every(filePassed),
    files: runs.map((run) => ({ file: run.loaded.file, ...toJsonReport(run.result, run.checks) })),
  };
}
