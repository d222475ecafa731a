// Small readings of engine results shared by the verdicts: which requests got a response, how long
// one took, what the server said about the connection, and times in words.
import { headerValue } from '../common/headerFields';
import type { RequestResult, RunResult } from '../engine/types';
import type { ProbeStop, Verdict, VerdictId } from './types';

export type Answered = RequestResult & { response: NonNullable<RequestResult['response']> };

export function answered(run: RunResult | undefined): Answered[] {
  return (run?.requests ?? []).filter((r): r is Answered => r.outcome === 'response' && !!r.response);
}

export function header(result: Answered, name: string): string | undefined {
  return headerValue(result.response.headers, name);
}

/** From the request's last byte to its response's last byte. */
export function serverTimeMs(result: RequestResult): number | undefined {
  const { sentMs, endMs } = result.timings;
  return sentMs === undefined || endMs === undefined ? undefined : endMs - sentMs;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(value >= 10_000 ? 1 : 2)} s`;
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ms`;
}

/** `Server` header of the first response, for advice that names the server's own setting. */
export function serverSoftware(run: RunResult | undefined): string | undefined {
  const first = answered(run)[0];
  return first ? header(first, 'server') : undefined;
}

export function describeStop(stop: ProbeStop): string {
  switch (stop.kind) {
    case 'rate-limited':
      return (
        `the probe stopped: the server answered ${stop.status}` +
        (stop.retryAfterSeconds === undefined ? '' : ` with Retry-After ${stop.retryAfterSeconds} s`)
      );
    case 'cancelled':
      return 'the probe was cancelled';
    case 'unreachable':
      return `the server could not be reached: ${stop.message}`;
  }
}

export function notMeasured(id: VerdictId, question: string, why: string, advice?: string): Verdict {
  return { id, question, status: 'unknown', answer: `not measured: ${why}`, evidence: [], advice };
}
