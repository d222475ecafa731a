// The reasons a request was held back, and the run notes on what a server's connections showed, worded
// for the user. One place so the CLI, the panel and the tests all see the same sentences.
import type { Exchange } from './exchange';
import { requestLabel } from './requestLabel';
import type { Wait } from './types';

type Held = Pick<Exchange, 'index' | 'spec'>;

/** `why` is the spec's own reason for the dependency; by default the request uses the response. */
export function dependencyWait(on: Held, why = 'uses its response'): Wait {
  return {
    kind: 'dependency',
    on: on.index,
    reason: `waits for ${requestLabel(on.spec)}: ${why}`,
  };
}

/** The earlier request is not idempotent, so nothing is pipelined past it (RFC 9112 §9.3.2). */
export function afterNonIdempotentWait(on: Held): Wait {
  const method = on.spec.method.toUpperCase();
  return {
    kind: 'non-idempotent',
    on: on.index,
    reason: `waits for ${requestLabel(on.spec)}: ${method} is not idempotent (RFC 9112 §9.3.2)`,
  };
}

/** This request is not idempotent, so it is never written behind unanswered ones: a lost connection would strand it. */
export function beforeNonIdempotentWait(self: Held, on: Held): Wait {
  const method = self.spec.method.toUpperCase();
  return {
    kind: 'non-idempotent',
    on: on.index,
    reason:
      `waits for ${requestLabel(on.spec)}: ${method} is not idempotent, so it is written only once ` +
      `nothing is unanswered on the connection (RFC 9112 §9.3.2)`,
  };
}

export function noPipelineWait(on: Held): Wait {
  return {
    kind: 'no-pipeline',
    on: on.index,
    reason: `waits for ${requestLabel(on.spec)}: it is marked @no-pipeline`,
  };
}

/** `closes`: who closes after the first response (closedAfterFirstResponse, closesSilently). */
export function fallbackWait(on: Held, closes: string): Wait {
  return {
    kind: 'fallback',
    on: on.index,
    reason: `waits for ${requestLabel(on.spec)}: ${closes}, so requests to it go one at a time`,
  };
}

/** The server (or proxy) `who` announced its close after the first response on a connection. */
export function closedAfterFirstResponse(who: string, why: string): string {
  return `${who} closed the connection after its first response (${why})`;
}

/** The server (or proxy) `who` closed after a response without announcing it, leaving requests unanswered. */
export function closesSilently(who: string): string {
  return `${who} closes the connection after every response without Connection: close`;
}

/** The run note when pipelining to an origin stopped; `closes` is one of the two sentences above. */
export function fallbackNote(closes: string): string {
  return `${closes}, so pipelining to it stopped: the rest of the run sends its requests one at a time, as in keep-alive mode.`;
}

/** The run note on a learned connection budget. */
export function budgetNote(who: string, requests: number, connections: number): string {
  return `${who} closes connections after ${requests} requests: ${connections} connections used.`;
}

/** Re-sent because the server closed after an earlier response, announcing it would. */
export function resentAfterCloseWait(after: Held, why: string): Wait {
  return {
    kind: 'retry',
    on: after.index,
    reason: `re-sent on a new connection: the server closed the previous one after ${requestLabel(after.spec)} (${why})`,
  };
}

/** Re-sent because the server closed after an earlier response without announcing it. */
export function resentAfterSilentCloseWait(after: Held, connectionId: number, cause: string): Wait {
  return {
    kind: 'retry',
    on: after.index,
    reason: `re-sent on a new connection: connection ${connectionId} closed after ${requestLabel(after.spec)} without Connection: close (${cause})`,
  };
}

export function resentWait(connectionId: number, cause: string): Wait {
  return {
    kind: 'retry',
    reason: `re-sent on a new connection: connection ${connectionId} closed before answering (${cause})`,
  };
}

/** After a retry the first re-sent request goes alone, to learn whether the new connection holds up. */
export function probeWait(on: Held): Wait {
  return {
    kind: 'retry',
    on: on.index,
    reason: `waits for ${requestLabel(on.spec)}: after a connection loss the first re-sent request goes alone`,
  };
}

/** HTTP/2: the server did not process the stream (REFUSED_STREAM, or after its GOAWAY's last stream), RFC 9113 §8.7. */
export function refusedStreamWait(connectionId: number, why: string): Wait {
  return {
    kind: 'retry',
    reason: `re-sent on a new HTTP/2 stream: on connection ${connectionId} ${why}`,
  };
}
