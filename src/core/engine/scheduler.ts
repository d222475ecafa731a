// Walks the run's requests in order and decides when each may be prepared: after the responses it
// depends on, after barriers (RFC 9112 §9.3.2), and in fresh/keep-alive mode after the previous
// request ended. A prepared request is handed to its origin's queue, which decides when it hits the
// wire; in pipelined mode the walk does not wait for that, so requests to different origins overlap.
// A response that asks for another request (a redirect, a Digest challenge) becomes a hop: the next
// request of the same exchange goes through the same send() as the first.
import { afterPendingSocketEvents } from './eventLoop';
import type { Exchange, ExchangeHooks } from './exchange';
import { H2Origin, protocolNote } from './h2/h2Origin';
import { decideHop, type HopPolicy } from './hops';
import { OriginQueue, originOf } from './originQueue';
import { requestLabel } from './requestLabel';
import { proxyRouteFor } from './proxyRoute';
import { serializeRequest } from './requestSerializer';
import type { RunContext } from './runContext';
import type { PreparedRequest, RequestResult, ResponseHead, WireProtocol } from './types';
import { isConcurrentMode, modeFacts } from '../common/runModes';
import { afterNonIdempotentWait, dependencyWait, noPipelineWait } from './waits';
import { messageOf } from '../common/messageOf';

export class Scheduler implements ExchangeHooks {
  /** Run position by request index: dependencies must come earlier, or the walk would wait forever. */
  private readonly positions = new Map<number, number>();
  private readonly queues = new Map<string, OriginQueue>();
  private readonly h2Origins = new Map<string, H2Origin>();
  /** Results finished so far and their run positions, both in run order (kept as exchanges settle). */
  private readonly finished: RequestResult[] = [];
  private readonly finishedPositions: number[] = [];
  /** A copy of `finished` handed to prepare(); shared until the next request settles. */
  private finishedSnapshot?: readonly RequestResult[];
  /** Resolves runAll's wait once the last exchange settled: one promise for the run, not one per request. */
  private allSettled?: () => void;

  constructor(
    private readonly run: RunContext,
    private readonly exchanges: Exchange[],
    private readonly hopPolicy: HopPolicy,
  ) {
    exchanges.forEach((exchange, position) => {
      this.positions.set(exchange.index, position);
      exchange.attach(this);
    });
  }

  onSettle(exchange: Exchange, result: RequestResult): void {
    this.addFinished(result, this.positions.get(exchange.index)!);
    if (this.finished.length === this.exchanges.length) this.allSettled?.();
  }

  /** The response-head point, hops included: Set-Cookie is stored before the body, so requests
   * serialized meanwhile (and the next hop) can use it. */
  onHead(exchange: Exchange, head: ResponseHead): void {
    this.run.cookies.onResponseHead(exchange, head);
  }

  /** Resolves once every request has its outcome. */
  async runAll(): Promise<void> {
    for (let k = 0; k < this.exchanges.length && !this.run.cancelled; k++) {
      const exchange = this.exchanges[k];
      const gating = this.gate(exchange, this.exchanges[k - 1]);
      if (gating) await gating;
      if (this.run.cancelled || exchange.settled) continue;
      const starting = this.start(exchange);
      if (starting) await starting;
    }
    const cancellation = this.run.cancellation;
    if (cancellation) {
      // Queued and in-flight requests are settled by their queues and connections; the rest never started.
      for (const exchange of this.exchanges) {
        if (!exchange.settled && !exchange.prepared) {
          exchange.notStarted(cancellation.notSentReason);
        }
      }
    }
    if (this.finished.length < this.exchanges.length)
      await new Promise<void>((resolve) => (this.allSettled = resolve));
    for (const queue of this.queues.values()) queue.finish();
  }

  /**
   * Waits until the request may be prepared; settles it as not-sent when a dependency failed.
   * Undefined, without a detour through the microtask queue, when there is nothing to wait for.
   */
  private gate(exchange: Exchange, previous: Exchange | undefined): Promise<void> | undefined {
    if (exchange.spec.dependsOn.length === 0 && !this.mustAwaitPrevious(exchange, previous)) return undefined;
    return this.awaitGate(exchange, previous);
  }

  private async awaitGate(exchange: Exchange, previous: Exchange | undefined): Promise<void> {
    const waitedForDependencies = await this.awaitDependencies(exchange);
    const waitedForPrevious = await this.awaitPrevious(exchange, previous);
    // A response just ended: before its connection is reused, let a FIN that came right behind it be seen.
    if ((waitedForDependencies || waitedForPrevious) && !this.run.cancelled) await afterPendingSocketEvents();
  }

  /** Returns whether it had to wait. */
  private async awaitDependencies(exchange: Exchange): Promise<boolean> {
    const position = this.positions.get(exchange.index)!;
    let waited = false;
    for (const index of exchange.spec.dependsOn) {
      const sourcePosition = this.positions.get(index);
      if (sourcePosition === undefined || sourcePosition >= position) {
        const where = sourcePosition === undefined ? 'is not part of this run' : 'does not come before it';
        exchange.notStarted(`depends on request #${index + 1}, which ${where}`);
        return false;
      }
      const source = this.exchanges[sourcePosition];
      if (!source.settled) {
        exchange.addWait(dependencyWait(source, exchange.spec.dependencyReasons?.get(index)));
        await this.untilCancelled(source.done);
        if (this.run.cancelled) return false;
        waited = true;
      }
      if (source.result.outcome !== 'response') {
        const what = source.result.outcome === 'error' ? 'failed' : 'was not sent';
        exchange.notStarted(`depends on ${requestLabel(source.spec)}, which ${what}`);
        return false;
      }
    }
    return waited;
  }

  /** Sequential modes wait for the previous request; pipelined mode only at barriers. Returns whether it had to wait. */
  private async awaitPrevious(exchange: Exchange, previous: Exchange | undefined): Promise<boolean> {
    if (!this.mustAwaitPrevious(exchange, previous)) return false;
    if (isConcurrentMode(this.run.mode)) {
      exchange.addWait(previous.idempotent ? noPipelineWait(previous) : afterNonIdempotentWait(previous));
    }
    await this.untilCancelled(previous.done);
    return true;
  }

  /** Whether the request waits for the previous one: always in sequential modes, at barriers in pipelined and HTTP/2 mode. */
  private mustAwaitPrevious(exchange: Exchange, previous: Exchange | undefined): previous is Exchange {
    if (exchange.settled || !previous || previous.settled) return false;
    return !isConcurrentMode(this.run.mode) || !previous.idempotent || previous.spec.noPipeline;
  }

  /**
   * Prepares the request and hands it to its origin's queue. A prepare() that answers synchronously is
   * handled synchronously (undefined); otherwise the returned promise resolves once it is handed over.
   */
  private start(exchange: Exchange): Promise<void> | undefined {
    exchange.markStarted();
    this.run.emit({ type: 'request-started', index: exchange.index });
    let preparing: PreparedRequest | PromiseLike<PreparedRequest>;
    try {
      preparing = exchange.spec.prepare(this.resultsSoFar());
    } catch (error) {
      exchange.fail('prepare', messageOf(error), causeOf(error));
      return undefined;
    }
    if (isPromiseLike(preparing)) return this.handOverWhenPrepared(exchange, preparing);
    this.handOver(exchange, preparing);
    return undefined;
  }

  private async handOverWhenPrepared(
    exchange: Exchange,
    preparing: PromiseLike<PreparedRequest>,
  ): Promise<void> {
    let prepared: PreparedRequest | typeof CANCELLED;
    try {
      // A prepare() that never settles must not hold a cancelled run open.
      prepared = await Promise.race([
        preparing,
        this.run.whenCancelled.then((): typeof CANCELLED => CANCELLED),
      ]);
    } catch (error) {
      exchange.fail('prepare', messageOf(error), causeOf(error));
      return;
    }
    if (prepared !== CANCELLED) this.handOver(exchange, prepared);
  }

  /** A prepared request's first send, unless the run was cancelled while it was being prepared. */
  private handOver(exchange: Exchange, userPrepared: PreparedRequest): void {
    if (this.run.cancelled) return;
    this.send(exchange, userPrepared, false);
  }

  /**
   * The one place every request of the run is serialized and enqueued, the first write and every hop:
   * the jar's cookies and the proxy's request form are decided here, at the moment of sending.
   */
  private send(exchange: Exchange, userPrepared: PreparedRequest, hop: boolean): void {
    if (userPrepared.url.protocol !== 'http:' && userPrepared.url.protocol !== 'https:') {
      exchange.fail(
        'prepare',
        `Only http: and https: URLs can be sent, not ${userPrepared.url.protocol} (${userPrepared.url.href}).`,
      );
      return;
    }
    const prepared = this.run.cookies.forWire(exchange, userPrepared);
    const queue = this.queueFor(prepared.url);
    // Through a proxy, an http: request names its origin itself; a tunnelled one is sent as direct.
    const forwarded = queue.route && !queue.route.tunnel ? queue.route : undefined;
    let bytes: Buffer;
    try {
      bytes = serializeRequest(prepared, {
        connectionClose: this.run.mode === 'fresh',
        absoluteForm: forwarded !== undefined,
        proxyAuthorization: forwarded?.authorization,
      });
    } catch (error) {
      exchange.fail('write', messageOf(error), causeOf(error));
      return;
    }
    if (hop) exchange.setHop(prepared, bytes);
    else exchange.setPrepared(prepared, bytes);
    // HTTP/2 takes the prepared request itself; the HTTP/1.1 bytes are for a server that turns out not to speak it.
    const h2 = this.protocolOf(exchange, hop) === 'h2' && !queue.route ? this.h2OriginFor(queue) : undefined;
    if (h2) h2.enqueue(exchange);
    else queue.enqueue(exchange, hop);
  }

  /** The request line's protocol wins over the mode's (with a note when they differ). */
  private protocolOf(exchange: Exchange, hop: boolean): WireProtocol {
    const modes: WireProtocol = modeFacts(this.run.mode).protocol;
    const asked = exchange.spec.protocol;
    if (!asked || asked === modes) return modes;
    if (!hop) this.run.notes.push(protocolNote(exchange, asked, this.run.mode));
    return asked;
  }

  private h2OriginFor(queue: OriginQueue): H2Origin {
    let h2 = this.h2Origins.get(queue.origin);
    if (!h2) {
      h2 = new H2Origin(this.run, new URL(queue.origin), queue.origin, (exchange) => queue.enqueue(exchange));
      this.h2Origins.set(queue.origin, h2);
    }
    return h2;
  }

  /**
   * Every response of the run ends here before it settles its request, hops included.
   * True when the response became a hop and the next request is on its way.
   */
  followUp(exchange: Exchange, head: ResponseHead): boolean {
    const prepared = exchange.prepared!;
    const decision = decideHop(
      head,
      {
        prepared,
        noRedirect: exchange.spec.noRedirect === true,
        redirectsSoFar: exchange.result.hops?.filter((h) => h.reason.kind === 'redirect').length ?? 0,
        digestAnswered: exchange.digestAnswered,
      },
      this.hopPolicy,
    );
    if (decision.kind === 'final') {
      if (decision.note) this.run.notes.push(`${requestLabel(exchange.spec)}: ${decision.note}`);
      return false;
    }
    exchange.recordHop(decision.reason);
    if (decision.kind === 'error') {
      exchange.fail('response', decision.message);
      return true;
    }
    // Not from inside the parser's callback: the connection first finishes with this response (and a
    // FIN that came with it is seen), so the hop finds the connection in its real state.
    void afterPendingSocketEvents().then(() => {
      const cancellation = this.run.cancellation;
      if (cancellation) exchange.fail('cancelled', cancellation.errorMessage);
      else this.send(exchange, decision.next, true);
    });
    return true;
  }

  /** The finished results so far, in run order (look them up by `index`). */
  private resultsSoFar(): readonly RequestResult[] {
    return (this.finishedSnapshot ??= this.finished.slice());
  }

  /** Exchanges mostly settle in run order, so the search for the place almost always ends at the tail. */
  private addFinished(result: RequestResult, position: number): void {
    let at = this.finishedPositions.length;
    while (at > 0 && this.finishedPositions[at - 1] > position) at--;
    // push() at the tail: splice() would allocate the (empty) array of removed elements every time.
    if (at === this.finished.length) {
      this.finished.push(result);
      this.finishedPositions.push(position);
    } else {
      this.finished.splice(at, 0, result);
      this.finishedPositions.splice(at, 0, position);
    }
    this.finishedSnapshot = undefined;
  }

  private queueFor(url: URL): OriginQueue {
    const origin = originOf(url);
    let queue = this.queues.get(origin);
    if (!queue) {
      const originUrl = new URL(`${url.protocol}//${url.host}`);
      queue = new OriginQueue(this.run, originUrl, origin, proxyRouteFor(originUrl, this.run.proxy));
      this.queues.set(origin, queue);
    }
    return queue;
  }

  private async untilCancelled(promise: Promise<unknown>): Promise<void> {
    await Promise.race([promise, this.run.whenCancelled]);
  }
}

const CANCELLED = Symbol('cancelled');

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}

function causeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}
