// The hops of a request for the panel and the CLI: what each earlier exchange was and why another
// request followed it, in words a user reads ("302 → http://…/home", "Digest challenge answered").
import type { Hop, HopReason } from '../engine/types';
import { timingSegments } from './timingSegments';
import type { HopView } from './views';

export function describeHopReason(reason: HopReason): string {
  if (reason.kind === 'redirect') return `redirect ${reason.status} to ${reason.location}`;
  return `Digest challenge (realm ${JSON.stringify(reason.realm)}, ${reason.algorithm}) answered with the credentials`;
}

/** `position`: 0-based place of the hop in the request's hops. */
export function toHopView(hop: Hop, position: number): HopView {
  const { startMs, endMs } = hop.timings;
  return {
    method: hop.method,
    url: hop.url,
    status: hop.status,
    statusText: hop.statusText,
    reason: describeHopReason(hop.reason),
    connectionId: hop.connectionId,
    reused: hop.reused,
    retried: hop.retried,
    totalMs: endMs === undefined ? undefined : endMs - startMs,
    segments: timingSegments(hop.timings).map((segment) => ({ ...segment, hop: position + 1 })),
  };
}
