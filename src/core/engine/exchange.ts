// One request of the run and the result it is building. It outlives a single connection: when the
// server drops a connection before answering, the same exchange is written again on a new one; and
// a redirect or Digest challenge turns its response into a hop, after which it sends the next request.
// Settling is guarded so that every request ends exactly once, whatever races with what
// (a timeout against a late response, a cancel against a connect error, ...).
// Its state is read-only from outside: the scheduler, the origin queue and the connection each move it
// through methods named after the transition (started, held, written, head received, re-sent, settled),
// so every field has one writer, here.
import { hasHeader, headerValue } from '../common/headerFields';
import { BodyCollector } from './bodyCollector';
import type { RunClock } from './clock';
import { isIdempotent } from './idempotency';
import type {
  ErrorPhase,
  Hop,
  HopReason,
  Outcome,
  PreparedRequest,
  RequestError,
  RequestResult,
  RequestResultBase,
  RequestSpec,
  ResponseData,
  ResponseHead,
  RequestTimings,
  Wait,
  WireProtocol,
} from './types';

/** Where the current attempt sits: on which connection, and whether that connection had to be opened for it. */
export interface AttemptPlacement {
  connectionId: number;
  positionOnConnection: number;
  reused: boolean;
  written: [number, number];
  /** Default `http/1.1`. */
  protocol?: WireProtocol;
  /** HTTP/2: the stream the attempt is sent on. */
  streamId?: number;
}

/**
 * The result while it is built: the fields of every outcome, and the outcome's own one (response, error
 * or not-sent reason), set as it settles. Once settled it is the `RequestResult` of that outcome.
 */
export type ResultDraft = RequestResultBase & {
  outcome: Outcome;
  response?: ResponseData;
  error?: RequestError;
  notSentReason?: string;
};

/** When a connection's opening phases ended: only on the request that opened it. */
export type ConnectionPhases = Partial<Pick<RequestTimings, 'dnsMs' | 'connectMs' | 'proxyMs' | 'tlsMs'>>;

/**
 * What the scheduler hooks into every exchange, once, before the run starts: one object for all of
 * them (no closures per request), told which exchange it is about.
 */
export interface ExchangeHooks {
  /** Asked when a response ended, before it settles the request: true when it became a hop instead. */
  followUp(exchange: Exchange, head: ResponseHead): boolean;
  /** Told synchronously when the exchange settles (the scheduler's list of finished results). */
  onSettle(exchange: Exchange, result: RequestResult): void;
  /** Told synchronously when the final response head arrives, before its body (the cookie jar). */
  onHead(exchange: Exchange, head: ResponseHead): void;
}

/** Told synchronously when an exchange it holds settles (an origin's queue keeping count of what is outstanding). */
export interface SettleWatcher {
  onExchangeSettled(exchange: Exchange): void;
}

/** Run-wide pieces every exchange of a run shares, so none is made per request. */
export interface ExchangeSetting {
  /** A fresh collector for an attempt's body (in-memory limit, spool dir). */
  newBody(): BodyCollector;
  clock: RunClock;
  /** Told after the hooks when an exchange settles (the run's `request-finished` event). */
  onSettled(result: RequestResult): void;
}

export class Exchange {
  private readonly building: ResultDraft;
  private isIdempotent: boolean;
  private preparedRequest?: PreparedRequest;
  private serialized?: Buffer;
  private isSettled = false;
  // State of the current attempt's response.
  /** The current attempt's 1xx heads; made with the first one (most responses have none). */
  private interimHeads?: ResponseHead[];
  private finalHead?: ResponseHead;
  /** The current attempt's body; made when the attempt begins. */
  private collector?: BodyCollector;
  private anyByte = false;
  /** Held back by its origin's queue (a barrier there): its start is when it was finally written. */
  private heldBack = false;
  private queuedHop = false;
  private answeringDigest = false;
  private hooks?: ExchangeHooks;
  /** The queues holding it (two when a hop goes to another origin); usually one. */
  private watchers?: SettleWatcher | SettleWatcher[];
  /** Made only when someone waits for it (a dependency, a barrier): most exchanges never need one. */
  private settledPromise?: Promise<RequestResult>;
  private resolveDone?: (result: RequestResult) => void;
  private readonly clock: RunClock;

  constructor(
    readonly spec: RequestSpec,
    readonly timeoutMs: number,
    private readonly setting: ExchangeSetting,
  ) {
    this.clock = setting.clock;
    this.isIdempotent = isIdempotent(spec.method);
    this.building = {
      index: spec.index,
      name: spec.name,
      method: spec.method,
      url: spec.displayUrl,
      outcome: 'not-sent',
      reused: false,
      retried: false,
      waits: [],
      timings: { startMs: 0 },
    };
  }

  /** Resolves with the result once it settled. */
  get done(): Promise<RequestResult> {
    if (!this.settledPromise) {
      if (this.isSettled) this.settledPromise = Promise.resolve(this.building as RequestResult);
      else
        this.settledPromise = new Promise((resolve) => {
          this.resolveDone = resolve;
        });
    }
    return this.settledPromise;
  }

  /** Asks to be told when it settles; a watcher already told of it is not added twice. */
  watch(watcher: SettleWatcher): void {
    const watchers = this.watchers;
    if (watchers === undefined) this.watchers = watcher;
    else if (Array.isArray(watchers)) {
      if (!watchers.includes(watcher)) watchers.push(watcher);
    } else if (watchers !== watcher) this.watchers = [watchers, watcher];
  }

  get index(): number {
    return this.spec.index;
  }

  /** The result so far; once `settled`, `done` gives it as the `RequestResult` of its outcome. */
  get result(): Readonly<ResultDraft> {
    return this.building;
  }

  get timings(): Readonly<RequestTimings> {
    return this.building.timings;
  }

  /** Of the request written now: a redirect can turn a POST into a GET. */
  get idempotent(): boolean {
    return this.isIdempotent;
  }

  get prepared(): PreparedRequest | undefined {
    return this.preparedRequest;
  }

  /** The serialized request; the same bytes are sent again on a retry. */
  get bytes(): Buffer | undefined {
    return this.serialized;
  }

  get settled(): boolean {
    return this.isSettled;
  }

  /** The current attempt's final response head, once it arrived. */
  get head(): ResponseHead | undefined {
    return this.finalHead;
  }

  /** Some byte of this attempt's response arrived, so a connection loss is no longer "unanswered". */
  get answered(): boolean {
    return this.anyByte;
  }

  /** A hop waiting in its origin's queue for the connection to drain. */
  get hop(): boolean {
    return this.queuedHop;
  }

  /** The request now on the wire carries our answer to a Digest challenge (so a second 401 is final). */
  get digestAnswered(): boolean {
    return this.answeringDigest;
  }

  /** The scheduler's hooks; set once, before the run starts. */
  attach(hooks: ExchangeHooks): void {
    this.hooks = hooks;
  }

  /** The scheduler starts it (gates passed): its start time, until a barrier of its queue moves it. */
  markStarted(): void {
    this.building.timings.startMs = this.clock.now();
  }

  /** Its start time, unless something already started it (for requests settled before they started). */
  ensureStarted(): void {
    this.building.timings.startMs ||= this.clock.now();
  }

  /** Settled as not-sent before the scheduler started it (a failed dependency, a cancelled run). */
  notStarted(reason: string): void {
    this.ensureStarted();
    this.notSent(reason);
  }

  /** Its origin's queue holds it back for `wait` (recorded once). */
  markHeld(wait: Wait): void {
    this.addWait(wait);
    this.heldBack = true;
  }

  /** Queued as the next hop of its request: written once its connection has nothing unanswered. */
  markHopQueued(): void {
    this.queuedHop = true;
  }

  /** Its origin's queue takes it to be written; a held request starts now (its last barrier cleared). */
  markDequeued(): void {
    this.queuedHop = false;
    if (this.heldBack) {
      this.heldBack = false;
      this.building.timings.startMs = this.clock.now();
    }
  }

  /** Its connection's opening phases, for the request that opened it. */
  markConnectionPhases(phases: ConnectionPhases): void {
    Object.assign(this.building.timings, phases);
  }

  /** Its response became the one being read on its connection. */
  markTurn(atMs: number): void {
    this.building.timings.turnMs = atMs;
  }

  /** Its bytes were handed down to the OS socket (the first time counts). */
  markSent(atMs: number): void {
    this.building.timings.sentMs ??= atMs;
  }

  addInterim(head: ResponseHead): void {
    (this.interimHeads ??= []).push(head);
  }

  addBody(chunk: Buffer): void {
    this.collector!.add(chunk);
  }

  /** The serialization point: the jar's cookies the request carries (a hop adds to the earlier ones). */
  addCookiesSent(names: readonly string[]): void {
    const use = this.cookieUse();
    for (const name of names) if (!use.sent.includes(name)) use.sent.push(name);
  }

  /** The response-head point: cookies of this response that the jar stored. */
  addCookiesStored(names: readonly string[]): void {
    const use = this.cookieUse();
    for (const name of names) if (!use.stored.includes(name)) use.stored.push(name);
  }

  /** Written before request `from`'s response set these cookies, so it went without them. */
  addCookiesMissed(from: number, names: string[]): void {
    (this.cookieUse().missed ??= []).push({ from, names });
  }

  private cookieUse(): NonNullable<RequestResult['cookies']> {
    return (this.building.cookies ??= { sent: [], stored: [] });
  }

  /** Records a wait once: the queue re-checks a held request after every response and would repeat it. */
  addWait(wait: Wait): void {
    if (!this.building.waits.some((w) => w.kind === wait.kind && w.on === wait.on))
      this.building.waits.push(wait);
  }

  setPrepared(prepared: PreparedRequest, bytes: Buffer): void {
    this.preparedRequest = prepared;
    this.serialized = bytes;
    this.building.method = prepared.method;
    // Without the fragment, which is never sent. In a serialized URL a '#' can only start the fragment
    // (elsewhere it is percent-encoded), so cutting there equals re-parsing without the hash, at a
    // fraction of the cost in long runs.
    const href = prepared.url.href;
    const fragment = href.indexOf('#');
    this.building.url = fragment === -1 ? href : href.slice(0, fragment);
  }

  /** A new attempt starts on a connection: forget whatever the previous attempt gathered. */
  beginAttempt(placement: AttemptPlacement): void {
    const t = this.building.timings;
    // A new object only when an earlier attempt left timings behind (a re-send): the first attempt's
    // timings hold nothing but startMs yet, and are kept.
    if (this.building.connectionId !== undefined) this.building.timings = { startMs: t.startMs };
    this.building.connectionId = placement.connectionId;
    this.building.positionOnConnection = placement.positionOnConnection;
    this.building.reused = placement.reused;
    this.building.protocol = placement.protocol ?? 'http/1.1';
    if (placement.streamId === undefined) delete this.building.streamId;
    else this.building.streamId = placement.streamId;
    this.building.wire = { written: placement.written };
    this.interimHeads = undefined;
    this.finalHead = undefined;
    // A retried attempt's bytes are not part of any result: their budget and spool file go.
    this.collector?.discard();
    this.collector = this.setting.newBody();
    this.anyByte = false;
  }

  /** The one place a final response head reaches the exchange. */
  receiveHead(head: ResponseHead): void {
    this.finalHead = head;
    const length = announcedBodyLength(head);
    if (length !== undefined) this.collector!.expect(length);
    this.hooks?.onHead(this, head);
  }

  markFirstByte(atMs: number): void {
    this.anyByte = true;
    this.building.timings.firstByteMs ??= atMs;
  }

  markRetried(wait: Wait): void {
    this.building.retried = true;
    this.building.waits.push(wait);
  }

  succeed(trailers: Array<[string, string]>, read: [number, number]): void {
    const head = this.finalHead;
    if (this.isSettled || !head) return;
    if (this.building.wire) this.building.wire.read = read;
    this.building.timings.endMs = this.clock.now();
    const body = this.collector!;
    if (this.hooks?.followUp(this, head)) {
      body.discard();
      return;
    }
    const bodyFile = body.finish();
    if (body.spoolError !== undefined) {
      this.fail(
        'response',
        `The body passed the in-memory limit and could not be written to the spool directory (${body.spoolError}).`,
        body.spoolError,
      );
      return;
    }
    this.building.response = {
      httpVersion: head.httpVersion,
      status: head.status,
      statusText: head.statusText,
      headers: head.headers,
      interim: this.interimHeads ?? [],
      trailers,
      body: body.toBuffer(),
      bodyBytes: body.total,
      bodyTruncated: body.truncated,
    };
    if (bodyFile !== undefined) this.building.response.bodyFile = bodyFile;
    // The body is in the result now; the collector would only keep its bookkeeping alive.
    this.collector = undefined;
    this.settle('response');
  }

  /**
   * The response that just ended is a hop: keep it in `hops` and start over for the next request,
   * which `next` describes (the caller serializes and enqueues it).
   */
  recordHop(reason: HopReason): void {
    const r = this.building;
    const head = this.finalHead!;
    const hop: Hop = {
      method: r.method,
      url: r.url,
      httpVersion: head.httpVersion,
      status: head.status,
      statusText: head.statusText,
      headers: head.headers,
      reason,
      reused: r.reused,
      retried: r.retried,
      timings: r.timings,
    };
    if (r.connectionId !== undefined) hop.connectionId = r.connectionId;
    if (r.positionOnConnection !== undefined) hop.positionOnConnection = r.positionOnConnection;
    if (r.wire) hop.wire = r.wire;
    (r.hops ??= []).push(hop);
    r.timings = { startMs: this.clock.now() };
    r.retried = false;
    delete r.connectionId;
    delete r.positionOnConnection;
    delete r.wire;
    this.answeringDigest = reason.kind === 'digest';
  }

  /** Sets the next hop's request (serialized by the scheduler) before it is enqueued. */
  setHop(prepared: PreparedRequest, bytes: Buffer): void {
    this.setPrepared(prepared, bytes);
    this.isIdempotent = isIdempotent(prepared.method);
  }

  fail(phase: ErrorPhase, message: string, cause?: string, byteOffset?: number): void {
    if (this.isSettled) return;
    this.collector?.discard();
    this.building.error = { phase, message };
    if (cause !== undefined) this.building.error.cause = cause;
    if (byteOffset !== undefined) this.building.error.byteOffset = byteOffset;
    this.settle('error');
  }

  notSent(reason: string): void {
    if (this.isSettled) return;
    this.building.notSentReason = reason;
    this.settle('not-sent');
  }

  private settle(outcome: Outcome): void {
    this.isSettled = true;
    this.building.outcome = outcome;
    if (outcome !== 'not-sent') this.building.timings.endMs = this.clock.now();
    // The outcome's own field was set by the caller (succeed, fail, notSent) just before.
    const result = this.building as RequestResult;
    this.hooks?.onSettle(this, result);
    this.setting.onSettled(result);
    const watchers = this.watchers;
    if (Array.isArray(watchers)) for (const watcher of watchers) watcher.onExchangeSettled(this);
    else watchers?.onExchangeSettled(this);
    this.resolveDone?.(result);
  }
}

/** Content-Length when it frames the body (no Transfer-Encoding), so the body gets one buffer of its size. */
function announcedBodyLength(head: ResponseHead): number | undefined {
  if (hasHeader(head.headers, 'transfer-encoding')) return undefined;
  const length = Number(headerValue(head.headers, 'content-length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
