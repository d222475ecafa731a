// The one place that owns an origin's connection and the requests waiting to be written on it
// (the habit of undici's HTTP/1.1 client): every decision about what to write next, when to open a
// connection, and what to do with requests a closed connection left unanswered is made in pump()
// and onClosed(), so no two code paths can disagree about the state of the pipeline.
import { Connection, type CloseInfo, type ConnectionOwner } from './connection';
import { afterPendingSocketEvents } from './eventLoop';
import type { Exchange } from './exchange';
import { requestLabel } from './requestLabel';
import type { ProxyRoute } from './proxyRoute';
import type { RunContext } from './runContext';
import type { Wait } from './types';
import { beforeNonIdempotentWait, fallbackWait, probeWait, resentAfterCloseWait, resentWait } from './waits';

/** `http://host:port` with the port always spelled out. */
export function originOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.hostname}:${port}`;
}

export class OriginQueue implements ConnectionOwner {
  /** Prepared, not yet written, in run order (re-sent requests go back to the front). */
  private readonly pending: Exchange[] = [];
  private connection?: Connection;
  /** The server showed it closes after responses: pipelining to it stopped for the rest of the run. */
  private fallback = false;
  /** After a connection loss, the first re-sent request is written alone on the new connection. */
  private probeNext = false;
  private probe?: Exchange;
  private pumpQueued = false;

  constructor(
    private readonly run: RunContext,
    private readonly url: URL,
    readonly origin: string,
    /** Through a proxy, or undefined for a direct connection. */
    readonly route: ProxyRoute | undefined,
  ) {
    run.onCancel(() => {
      for (const exchange of this.pending.splice(0)) exchange.notSent(run.cancellation!.notSentReason);
    });
  }

  /**
   * A hop (the next request of an exchange whose response was a redirect or challenge) goes to the
   * front: it continues a request the run already started, and is written once the connection has
   * nothing unanswered (holdBack), so the responses on it stay in the order they were asked for.
   */
  enqueue(exchange: Exchange, hop = false): void {
    if (hop) {
      exchange.hop = true;
      this.pending.unshift(exchange);
    } else this.pending.push(exchange);
    this.pump();
  }

  onEstablished(connection: Connection): void {
    this.run.connectionsOpened += 1;
    this.run.emit({ type: 'connection-opened', connectionId: connection.id, origin: this.origin });
  }

  onResponseEnded(connection: Connection, exchange: Exchange, closesAfter: string | undefined): void {
    if (exchange === this.probe) this.probe = undefined;
    if (this.run.mode === 'fresh') {
      connection.destroy('fresh mode: one request per connection');
    } else if (closesAfter && this.run.mode === 'pipelined' && !this.fallback) {
      this.fallback = true;
      this.run.notes.push(
        `${this.origin} ends the connection after ${requestLabel(exchange.spec)} (${closesAfter}), so pipelining ` +
          `to it stopped: the rest of the run sends its requests one at a time, as in keep-alive mode.`,
      );
    }
    this.schedulePump();
  }

  onClosed(connection: Connection, info: CloseInfo, unanswered: Exchange[]): void {
    if (this.connection === connection) this.connection = undefined;
    if (this.probe?.result.connectionId === connection.id) this.probe = undefined;
    const resend: Exchange[] = [];
    for (const exchange of unanswered) {
      const failure = this.unansweredFailure(exchange, info);
      if (failure) {
        exchange.fail(failure.phase, failure.message, info.cause);
        continue;
      }
      exchange.markRetried(
        info.serverClosedAfter
          ? resentAfterCloseWait(info.serverClosedAfter.exchange, info.serverClosedAfter.why)
          : resentWait(connection.id, info.cause),
      );
      resend.push(exchange);
    }
    if (resend.length > 0) {
      this.pending.unshift(...resend);
      this.probeNext = true;
    }
    if (connection.established) {
      this.run.emit({ type: 'connection-closed', connectionId: connection.id, reason: info.reason });
    }
    this.pump();
  }

  /** Why a request the connection left unanswered cannot simply be re-sent; undefined when it can. */
  private unansweredFailure(
    exchange: Exchange,
    info: CloseInfo,
  ): { phase: 'cancelled' | 'connect' | 'tls' | 'write' | 'response'; message: string } | undefined {
    const cancellation = this.run.cancellation;
    const method = (exchange.prepared?.method ?? exchange.spec.method).toUpperCase();
    if (cancellation) return { phase: 'cancelled', message: cancellation.errorMessage };
    const through = this.route ? ` through the proxy ${this.route.via}` : '';
    if (info.failedPhase === 'tls') {
      return {
        phase: 'tls',
        message: `The TLS handshake with ${this.origin}${through} failed (${info.cause}).`,
      };
    }
    if (info.failedPhase === 'connect') {
      return { phase: 'connect', message: `Could not connect to ${this.origin}${through} (${info.cause}).` };
    }
    if (exchange.answered) {
      return {
        phase: 'response',
        message: `The connection closed while the response was arriving (${info.reason}).`,
      };
    }
    // Part of the request was still waiting to go out (a server that stopped reading, then closed).
    const [phase, closed] =
      exchange.timings.sentMs === undefined
        ? (['write', `The connection closed while the request was being written (${info.cause})`] as const)
        : (['response', 'The connection closed before the response'] as const);
    if (!exchange.idempotent)
      return { phase, message: `${closed}; not retried: ${method} is not idempotent.` };
    if (exchange.result.retried) {
      return { phase, message: `${closed}, also after re-sending it once on a new connection.` };
    }
    return undefined;
  }

  /** Pumps later, not from inside the parser's callback: first let a FIN that came with the response be seen. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    void afterPendingSocketEvents().then(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Writes every pending request that may go now, in order; stops at the first that must wait. */
  private pump(): void {
    while (this.pending.length > 0 && !this.run.cancelled) {
      const exchange = this.pending[0];
      const current = this.connection;
      // A closing connection's unanswered requests come back to the front of the queue: let them.
      if (current && current.closing && current.inFlight.length > 0) return;
      const reusable = current && current.writable && this.run.mode !== 'fresh' ? current : undefined;
      if (reusable && reusable.inFlight.length > 0) {
        const hold = this.holdBack(exchange, reusable.inFlight[reusable.inFlight.length - 1]);
        if (hold) {
          if (hold !== 'sequential') {
            exchange.addWait(hold);
            exchange.held = true;
          }
          return;
        }
      }
      this.pending.shift();
      exchange.hop = false;
      if (exchange.held) {
        // startMs is when the request's barriers cleared (types.ts), and this was its last one.
        exchange.held = false;
        exchange.timings.startMs = this.run.clock.now();
      }
      const connection = reusable ?? this.open();
      if (this.probeNext) {
        this.probeNext = false;
        this.probe = exchange;
      }
      connection.write(exchange);
    }
  }

  /** Whether a request may be pipelined behind `last`, or what it waits for. */
  private holdBack(exchange: Exchange, last: Exchange): Wait | 'sequential' | undefined {
    if (this.run.mode !== 'pipelined' || exchange.hop) return 'sequential';
    if (this.fallback) return fallbackWait(last, this.origin);
    if (this.probe) return probeWait(this.probe);
    if (!exchange.idempotent) return beforeNonIdempotentWait(exchange, last);
    return undefined;
  }

  private open(): Connection {
    const connection = new Connection({
      id: this.run.connectionId(),
      url: this.url,
      origin: this.origin,
      clock: this.run.clock,
      limits: this.run.limits,
      connectTimeoutMs: this.run.connectTimeoutMs,
      tls: this.run.tls,
      route: this.route,
      owner: this,
    });
    this.run.connections.push(connection);
    this.connection = connection;
    return connection;
  }
}
