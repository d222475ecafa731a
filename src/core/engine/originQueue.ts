// The one place that owns an origin's connections and the requests waiting to be written on them
// (the habit of undici's HTTP/1.1 client): every decision about what to write next, when to open a
// connection, and what to do with requests a closed connection left unanswered is made in pump()
// and onClosed(), so no two code paths can disagree about the state of the pipeline.
// What it learns about the server lives here too (connectionBudget.ts words it): a server that closes
// connections after k > 1 responses has a budget of k, and from then on at most k requests go on one
// connection, the connections the waiting requests need opened at once (a budget an earlier run of the
// session learned counts from the first request on); a server that closes after every response gets
// one request at a time.
import { Connection, type CloseInfo, type ConnectionOwner } from './connection';
import { ConnectionBudget } from './connectionBudget';
import { afterPendingSocketEvents } from './eventLoop';
import type { Exchange, SettleWatcher } from './exchange';
import type { ProxyRoute } from './proxyRoute';
import { asksToClose } from './requestSerializer';
import type { RunContext } from './runContext';
import type { Wait } from './types';
import {
  beforeNonIdempotentWait,
  fallbackWait,
  probeWait,
  resentAfterCloseWait,
  resentAfterSilentCloseWait,
  resentWait,
} from './waits';

/** `http://host:port` with the port always spelled out. */
export function originOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.hostname}:${port}`;
}

/**
 * With a known budget (learned in this run or remembered from an earlier one), how many connections
 * may carry requests at once: the connections the waiting requests need are opened together, each
 * filled up to the budget, rather than one after another as the earlier ones close. Bounded, so a
 * long file against a small budget does not open hundreds; 32 is far below what a server takes from
 * one client (nginx's default worker_connections is 512, apache's MaxRequestWorkers 150).
 */
const BUDGET_CONNECTIONS = 32;

export class OriginQueue implements ConnectionOwner, SettleWatcher {
  /** Prepared, not yet written, in run order (re-sent requests go back to the front). */
  private readonly pending: Exchange[] = [];
  /** Open connections, oldest first; new requests go on the last one. */
  private readonly connections: Connection[] = [];
  /** Handed to this queue and not settled yet, hops included: what a non-idempotent request waits for. */
  private readonly outstanding = new Set<Exchange>();
  private readonly budget: ConnectionBudget;
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
    this.budget = new ConnectionBudget(
      origin,
      route,
      run.mode === 'pipelined' ? run.budgetMemory : undefined,
    );
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
      exchange.markHopQueued();
      this.pending.unshift(exchange);
    } else this.pending.push(exchange);
    if (!this.outstanding.has(exchange)) {
      this.outstanding.add(exchange);
      exchange.watch(this);
    }
    this.pump();
  }

  onExchangeSettled(exchange: Exchange): void {
    this.outstanding.delete(exchange);
    this.schedulePump();
  }

  /** The run's note on what was learned about this origin's connections, if anything. */
  finish(): void {
    const note = this.budget.summary();
    if (note) this.run.notes.push(note);
  }

  onEstablished(connection: Connection): void {
    this.run.connectionsOpened += 1;
    this.run.emit({ type: 'connection-opened', connectionId: connection.id, origin: this.origin });
  }

  onResponseEnded(connection: Connection, exchange: Exchange, closesAfter: string | undefined): void {
    if (exchange === this.probe) this.probe = undefined;
    if (this.run.mode === 'fresh') {
      connection.destroy('fresh mode: one request per connection');
    } else if (closesAfter && this.run.mode === 'pipelined' && !asksToClose(exchange.prepared)) {
      // The request itself asked for the close: nothing to learn about the server.
      this.learn(this.budget.closedAfter(connection.responses, closesAfter, exchange));
    }
    this.schedulePump();
  }

  onClosed(connection: Connection, info: CloseInfo, unanswered: Exchange[]): void {
    const at = this.connections.indexOf(connection);
    if (at >= 0) this.connections.splice(at, 1);
    if (this.probe?.result.connectionId === connection.id) this.probe = undefined;
    // Responses came, then the server closed without a word with requests still unanswered: it ends
    // connections after that many (tinyproxy after every one).
    const silentBudget =
      info.byServer &&
      info.established &&
      !info.serverClosedAfter &&
      info.responses > 0 &&
      unanswered.length > 0;
    if (silentBudget && this.run.mode === 'pipelined')
      this.learn(this.budget.closedSilently(info.responses, info.lastAnswered!));
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
          : silentBudget
            ? resentAfterSilentCloseWait(info.lastAnswered!, connection.id, info.cause)
            : resentWait(connection.id, info.cause),
      );
      resend.push(exchange);
    }
    if (resend.length > 0) {
      this.pending.unshift(...resend);
      // A connection that answered nothing says nothing about the next one: try it with one request first.
      if (info.responses === 0) this.probeNext = true;
    }
    if (connection.established) {
      this.run.emit({ type: 'connection-closed', connectionId: connection.id, reason: info.reason });
    }
    this.pump();
  }

  private learn(note: string | undefined): void {
    if (note) this.run.notes.push(note);
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
    // A connection that answered earlier requests made progress, so re-sending again cannot loop:
    // only losses on connections that answered nothing count against the one retry.
    if (exchange.result.retried && info.responses === 0) {
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
      // A closing connection's unanswered requests come back to the front of the queue: let them.
      if (this.connections.some((c) => c.closing && c.inFlight.length > 0)) return;
      const exchange = this.pending[0];
      const hold = this.holdBack(exchange);
      if (hold) {
        if (hold !== 'sequential') exchange.markHeld(hold);
        return;
      }
      const connection = this.connectionFor();
      if (!connection) return;
      this.pending.shift();
      // startMs of a held request is when its barriers cleared (types.ts), and this was its last one.
      exchange.markDequeued();
      if (this.probeNext) {
        this.probeNext = false;
        this.probe = exchange;
      }
      connection.write(exchange);
      // RFC 9112 §9.6: nothing may follow a request that asks to close the connection.
      if (asksToClose(exchange.prepared)) connection.lastRequestWritten = true;
    }
  }

  /** Whether the request may be written now, or what it waits for. */
  private holdBack(exchange: Exchange): Wait | 'sequential' | undefined {
    const last = this.lastInFlight();
    if (this.run.mode !== 'pipelined' || exchange.hop) return last ? 'sequential' : undefined;
    if (!exchange.idempotent) {
      // Every earlier exchange of this origin, hops included, has ended: nothing is pipelined before it.
      let latest: Exchange | undefined;
      for (const other of this.outstanding)
        if (other !== exchange && (!latest || other.index > latest.index)) latest = other;
      if (latest) return beforeNonIdempotentWait(exchange, latest);
    }
    if (!last) return undefined;
    if (this.budget.fallback) return fallbackWait(last, this.budget.fallback);
    if (this.probe) return probeWait(this.probe);
    return undefined;
  }

  /** The exchange written last on the newest connection that still has one unanswered. */
  private lastInFlight(): Exchange | undefined {
    for (let i = this.connections.length - 1; i >= 0; i--) {
      const inFlight = this.connections[i].inFlight;
      if (inFlight.length > 0) return inFlight[inFlight.length - 1];
    }
    return undefined;
  }

  /** The connection the next request goes on: the newest while it has room, or a new one when allowed. */
  private connectionFor(): Connection | undefined {
    const newest = this.connections.at(-1);
    const budget = this.budget.requests;
    if (
      newest &&
      newest.writable &&
      this.run.mode !== 'fresh' &&
      (budget === undefined || newest.requestsWritten < budget)
    )
      return newest;
    if (budget !== undefined && this.run.mode === 'pipelined') {
      const draining = this.connections.filter((c) => c.inFlight.length > 0).length;
      if (draining >= BUDGET_CONNECTIONS) return undefined;
    }
    return this.open();
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
    this.connections.push(connection);
    this.budget.connectionOpened();
    return connection;
  }
}
