// A request's exchanges in the order they were written: each hop (a followed redirect, an answered
// Digest challenge), then the final one. Whoever walks a request's bytes on the wire (wire view, raw
// tab, history's offset mapping) walks all of them, so no hop's bytes are left unattributed.
import type { RequestResult } from './types';

export interface WrittenExchange {
  connectionId?: number;
  wire?: RequestResult['wire'];
  /** 0-based hop number; absent for the final exchange. */
  hop?: number;
}

export function writtenExchanges(
  result: Pick<RequestResult, 'hops' | 'connectionId' | 'wire'>,
): WrittenExchange[] {
  const hops = (result.hops ?? []).map((h, hop): WrittenExchange => ({
    connectionId: h.connectionId,
    wire: h.wire,
    hop,
  }));
  return [...hops, { connectionId: result.connectionId, wire: result.wire }];
}

/** When the request began: its first hop's start, or its own when it had none. */
export function requestStartMs(result: Pick<RequestResult, 'hops' | 'timings'>): number {
  return result.hops?.[0]?.timings.startMs ?? result.timings.startMs;
}

/**
 * How long the whole request took, hops included: what a user means by a request's duration (the
 * panel's time, the CLI's `took`, `?? duration`, JUnit, Compare's medians). Undefined until it ended.
 */
export function requestDurationMs(result: Pick<RequestResult, 'hops' | 'timings'>): number | undefined {
  const { endMs } = result.timings;
  return endMs === undefined ? undefined : endMs - requestStartMs(result);
}
