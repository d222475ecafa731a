// The list row for one request: status, size, time, connection facts and the waits that explain them.
import type { RequestScripts } from '../scripts/types';
import type { RequestResult } from '../engine/types';
import { requestDurationMs } from '../engine/requestExchanges';
import { describeCookieUse } from './cookieUse';
import { toHopView } from './hopViews';
import { timingSegments } from './timingSegments';
import type { RequestSummaryView, StatusClass } from './views';

function statusClassOf(result: RequestResult): StatusClass {
  if (result.outcome === 'error') return 'error';
  if (result.outcome === 'not-sent') return 'not-sent';
  const hundreds = Math.floor(result.response.status / 100);
  return hundreds >= 1 && hundreds <= 5 ? (`${hundreds}xx` as StatusClass) : 'error';
}

function statusLabelOf(result: RequestResult): string {
  if (result.outcome === 'response') return String(result.response.status);
  return result.outcome === 'error' ? 'error' : 'not sent';
}

/** One sentence: the error with its phase and cause, or why the request was never written. */
export function describeProblem(result: RequestResult): string | undefined {
  if (result.outcome === 'error') {
    const { phase, message, cause, byteOffset } = result.error;
    const at = byteOffset === undefined ? '' : ` at response byte ${byteOffset}`;
    // Messages often name their phase or cause already ("Cancelled before …", "… (ECONNREFUSED)"):
    // say each once, whatever its case.
    const said = message.toLowerCase();
    const where = said.startsWith(phase.toLowerCase()) ? '' : `${phase}: `;
    const because = cause && !said.includes(cause.toLowerCase()) ? ` (${cause})` : '';
    return `${where}${message}${because}${at}`;
  }
  if (result.outcome === 'not-sent') return result.notSentReason ?? 'not sent';
  return undefined;
}

/** `scripts`: what the request's scripts did, once they ran. */
export function toRequestSummary(result: RequestResult, scripts?: RequestScripts): RequestSummaryView {
  const hops = (result.hops ?? []).map(toHopView);
  const summary: RequestSummaryView = {
    index: result.index,
    name: result.name,
    method: result.method,
    url: result.url,
    statusClass: statusClassOf(result),
    statusLabel: statusLabelOf(result),
    statusText: result.response?.statusText,
    sizeBytes: result.response?.bodyBytes,
    totalMs: requestDurationMs(result),
    connectionId: result.connectionId,
    positionOnConnection: result.positionOnConnection,
    streamId: result.streamId,
    reused: result.reused,
    retried: result.retried,
    waits: result.waits.map((w) => ({ ...w })),
    cookies: describeCookieUse(result),
    hops,
    problem: describeProblem(result),
    timings: { ...result.timings },
    segments: [
      ...hops.flatMap((hop) => hop.segments),
      ...timingSegments(result.timings, result.outcome !== 'response'),
    ],
  };
  if (scripts) summary.scripts = structuredClone(scripts);
  return summary;
}
