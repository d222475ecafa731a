// Turns a request's timestamps into consecutive waterfall segments. A phase that did not happen
// (no DNS on a reused connection, no turn wait when not pipelined) yields no segment. A request that
// failed ends with a `failed` segment from its last completed phase to the moment it failed.
import type { RequestTimings } from '../engine/types';
import type { TimingSegment, TimingSegmentKind } from './views';

export function timingSegments(t: RequestTimings, failed = false): TimingSegment[] {
  const segments: TimingSegment[] = [];
  let cursor = t.startMs;
  const push = (kind: TimingSegmentKind, toMs: number | undefined) => {
    if (toMs === undefined) return;
    if (toMs > cursor) segments.push({ kind, fromMs: cursor, toMs });
    cursor = Math.max(cursor, toMs);
  };
  push('dns', t.dnsMs);
  push('connect', t.connectMs);
  // Through a proxy to an https: origin: the CONNECT round trip that opens the tunnel.
  push('proxy', t.proxyMs);
  push('tls', t.tlsMs);
  push('send', t.sentMs);
  // Pipelined: written, but the previous response on the connection is still arriving.
  push('turn', t.turnMs);
  push('wait', t.firstByteMs);
  push(failed ? 'failed' : 'receive', t.endMs);
  return segments;
}
