// One request of the run and the result it is building. It outlives a single connection: when the
// server drops a connection before answering, the same exchange is written again on a new one; and
// a redirect or Digest challenge turns its response into a hop, after which it sends the next request.
// Settling is guarded so that every request ends exactly once, whatever races with what
// (a timeout against a late response, a cancel against a connect error, ...).
import { hasHeader, headerValue } from '../common/headerFields';
import { BodyCollector } from './bodyCollector';
import type { RunClock } from './clock';
import { isIdempotent } from './idempotency';
import type {
  ErrorPhase,
  Hop,
  HopReason,
  PreparedRequest,
  RequestResult,
  RequestSpec,
  ResponseHead,
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

export class Exchange {
  readonly result: RequestResult;
  readonly done: Promise<RequestResult>;
  /** Of the request written now: a redirect can turn a POST into a GET. */
  idempotent: boolean;
  prepared?: PreparedRequest;
  /** The serialized request; the same bytes are sent again on a retry. */
  bytes?: Buffer;
  settled = false;

  // State of the current attempt's response.
  interim: ResponseHead[] = [];
  head?: ResponseHead;
  body: BodyCollector;
  /** Some byte of this attempt's response arrived, so a connection loss is no longer "unanswered". */
  answered = false;
  /** Held back by its origin's queue (a barrier there): its start is when it was finally written. */
  held = false;
  /** A hop waiting in its origin's queue for the connection to drain. */
  hop = false;
  /** The request now on the wire carries our answer to a Digest challenge (so a second 401 is final). */
  digestAnswered = false;
  /** Asked when a response ended, before it settles the request: true when it became a hop instead. */
  followUp?: (exchange: Exchange, head: ResponseHead) => boolean;
  /** Told synchronously when the exchange settles (the scheduler's list of finished results). */
  onSettle?: (exchange: Exchange) => void;
  /** Told synchronously when the final response head arrives, before its body (the cookie jar). */
  onHead?: (head: ResponseHead) => void;

  private resolveDone!: (result: RequestResult) => void;

  constructor(
    readonly spec: RequestSpec,
    readonly timeoutMs: number,
    /** A fresh collector for each attempt's body (in-memory limit, spool dir). */
    private readonly newBody: () => BodyCollector,
    private readonly clock: RunClock,
    private readonly onSettled: (result: RequestResult) => void,
  ) {
    this.idempotent = isIdempotent(spec.method);
    this.body = newBody();
    this.result = {
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
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  get index(): number {
    return this.spec.index;
  }

  get timings(): RequestResult['timings'] {
    return this.result.timings;
  }

  /** Records a wait once: the queue re-checks a held request after every response and would repeat it. */
  addWait(wait: Wait): void {
    if (!this.result.waits.some((w) => w.kind === wait.kind && w.on === wait.on))
      this.result.waits.push(wait);
  }

  setPrepared(prepared: PreparedRequest, bytes: Buffer): void {
    this.prepared = prepared;
    this.bytes = bytes;
    this.result.method = prepared.method;
    // Without the fragment, which is never sent. In a serialized URL a '#' can only start the fragment
    // (elsewhere it is percent-encoded), so cutting there equals re-parsing without the hash, at a
    // fraction of the cost in long runs.
    const href = prepared.url.href;
    const fragment = href.indexOf('#');
    this.result.url = fragment === -1 ? href : href.slice(0, fragment);
  }

  /** A new attempt starts on a connection: forget whatever the previous attempt gathered. */
  beginAttempt(placement: AttemptPlacement): void {
    const t = this.result.timings;
    this.result.timings = { startMs: t.startMs };
    this.result.connectionId = placement.connectionId;
    this.result.positionOnConnection = placement.positionOnConnection;
    this.result.reused = placement.reused;
    this.result.protocol = placement.protocol ?? 'http/1.1';
    if (placement.streamId === undefined) delete this.result.streamId;
    else this.result.streamId = placement.streamId;
    this.result.wire = { written: placement.written };
    this.interim = [];
    this.head = undefined;
    // A retried attempt's bytes are not part of any result: their budget and spool file go.
    this.body.discard();
    this.body = this.newBody();
    this.answered = false;
  }

  /** The one place a final response head reaches the exchange. */
  receiveHead(head: ResponseHead): void {
    this.head = head;
    const length = announcedBodyLength(head);
    if (length !== undefined) this.body.expect(length);
    this.onHead?.(head);
  }

  markFirstByte(atMs: number): void {
    this.answered = true;
    this.result.timings.firstByteMs ??= atMs;
  }

  markRetried(wait: Wait): void {
    this.result.retried = true;
    this.result.waits.push(wait);
  }

  succeed(trailers: Array<[string, string]>, read: [number, number]): void {
    const head = this.head;
    if (this.settled || !head) return;
    if (this.result.wire) this.result.wire.read = read;
    this.result.timings.endMs = this.clock.now();
    if (this.followUp?.(this, head)) {
      this.body.discard();
      return;
    }
    const bodyFile = this.body.finish();
    if (this.body.spoolError !== undefined) {
      this.fail(
        'response',
        `The body passed the in-memory limit and could not be written to the spool directory (${this.body.spoolError}).`,
        this.body.spoolError,
      );
      return;
    }
    this.result.response = {
      httpVersion: head.httpVersion,
      status: head.status,
      statusText: head.statusText,
      headers: head.headers,
      interim: this.interim,
      trailers,
      body: this.body.toBuffer(),
      bodyBytes: this.body.total,
      bodyTruncated: this.body.truncated,
    };
    if (bodyFile !== undefined) this.result.response.bodyFile = bodyFile;
    this.settle('response');
  }

  /**
   * The response that just ended is a hop: keep it in `hops` and start over for the next request,
   * which `next` describes (the caller serializes and enqueues it).
   */
  recordHop(reason: HopReason): void {
    const r = this.result;
    const head = this.head!;
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
    this.digestAnswered = reason.kind === 'digest';
  }

  /** Sets the next hop's request (serialized by the scheduler) before it is enqueued. */
  setHop(prepared: PreparedRequest, bytes: Buffer): void {
    this.setPrepared(prepared, bytes);
    this.idempotent = isIdempotent(prepared.method);
  }

  fail(phase: ErrorPhase, message: string, cause?: string, byteOffset?: number): void {
    if (this.settled) return;
    this.body.discard();
    this.result.error = { phase, message };
    if (cause !== undefined) this.result.error.cause = cause;
    if (byteOffset !== undefined) this.result.error.byteOffset = byteOffset;
    this.settle('error');
  }

  notSent(reason: string): void {
    if (this.settled) return;
    this.result.notSentReason = reason;
    this.settle('not-sent');
  }

  private settle(outcome: RequestResult['outcome']): void {
    this.settled = true;
    this.result.outcome = outcome;
    if (outcome !== 'not-sent') this.result.timings.endMs = this.clock.now();
    this.onSettle?.(this);
    this.onSettled(this.result);
    this.resolveDone(this.result);
  }
}

/** Content-Length when it frames the body (no Transfer-Encoding), so the body gets one buffer of its size. */
function announcedBodyLength(head: ResponseHead): number | undefined {
  if (hasHeader(head.headers, 'transfer-encoding')) return undefined;
  const length = Number(headerValue(head.headers, 'content-length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
