// One origin's HTTP/2 side: its current session and what happens to a request whose stream did
// not end with a response. A request the server did not process (REFUSED_STREAM, or past the last
// stream of a GOAWAY) is sent again once on a new stream, whatever its method (RFC 9113 §8.7); a
// reset is an error with its code; a lost connection is treated as for HTTP/1.1 (an unanswered
// idempotent request is sent again once). A server that does not speak HTTP/2 (ALPN, or an
// HTTP/1.x answer to the preface) gets every request of the run over HTTP/1.1, with a note.
import type { Exchange } from '../exchange';
import { requestLabel } from '../requestLabel';
import type { RunContext } from '../runContext';
import { refusedStreamWait, resentWait } from '../waits';
import { H2Session, type H2CloseInfo, type H2SessionOwner, type StreamFailure } from './h2Session';

export class H2Origin implements H2SessionOwner {
  private session?: H2Session;
  /** Why the server does not speak HTTP/2, once that is known: its requests go over HTTP/1.1. */
  private noH2?: string;

  constructor(
    private readonly run: RunContext,
    private readonly url: URL,
    readonly origin: string,
    /** Hands a request to the origin's HTTP/1.1 queue. */
    private readonly http1: (exchange: Exchange) => void,
  ) {}

  enqueue(exchange: Exchange): void {
    if (this.run.cancelled) return exchange.notSent(this.run.cancellation!.notSentReason);
    if (this.noH2 !== undefined) return this.http1(exchange);
    const session = this.session?.writable ? this.session : this.open();
    session.write(exchange);
  }

  onEstablished(session: H2Session): void {
    this.run.connectionsOpened += 1;
    this.run.emit({ type: 'connection-opened', connectionId: session.id, origin: this.origin });
  }

  onNoH2(_session: H2Session, reason: string, waiting: Exchange[]): void {
    if (this.noH2 === undefined) {
      this.noH2 = reason;
      this.run.notes.push(
        `${this.origin} does not speak HTTP/2 (${reason}): its requests went over HTTP/1.1 keep-alive instead.`,
      );
    }
    for (const exchange of waiting) this.http1(exchange);
  }

  onStreamDone(session: H2Session): void {
    // A request line asked for HTTP/2 in fresh mode: one request per connection still.
    if (this.run.mode === 'fresh') session.closeWhenIdle('fresh mode: one request per connection');
  }

  onStreamFailed(session: H2Session, exchange: Exchange, failure: StreamFailure): void {
    const cancellation = this.run.cancellation;
    if (cancellation) exchange.fail('cancelled', cancellation.errorMessage);
    else if (failure.kind === 'refused') this.resendRefused(session, exchange, failure.why);
    else if (failure.kind === 'reset') {
      exchange.fail('response', `The server reset the stream (RST_STREAM ${failure.code}).`, failure.code);
    } else this.onLost(session, exchange, failure.cause);
    this.onStreamDone(session);
  }

  onClosed(session: H2Session, info: H2CloseInfo, unsent: Exchange[]): void {
    if (this.session === session) this.session = undefined;
    if (info.established) {
      this.run.emit({ type: 'connection-closed', connectionId: session.id, reason: info.reason });
    }
    for (const exchange of unsent) {
      const cancellation = this.run.cancellation;
      if (cancellation) exchange.notSent(cancellation.notSentReason);
      else if (info.established) this.enqueue(exchange);
      else if (info.failedPhase === 'tls')
        exchange.fail('tls', `The TLS handshake with ${this.origin} failed (${info.cause}).`, info.cause);
      else
        exchange.fail(
          'connect',
          `Could not open an HTTP/2 connection to ${this.origin} (${info.cause}).`,
          info.cause,
        );
    }
  }

  private resendRefused(session: H2Session, exchange: Exchange, why: string): void {
    if (exchange.result.retried) {
      exchange.fail(
        'response',
        `Not processed by the server, also after re-sending it once: ${why}.`,
        'REFUSED_STREAM',
      );
      return;
    }
    exchange.markRetried(refusedStreamWait(session.id, why));
    this.enqueue(exchange);
  }

  private onLost(session: H2Session, exchange: Exchange, cause: string): void {
    const method = (exchange.prepared?.method ?? exchange.spec.method).toUpperCase();
    if (exchange.answered) {
      exchange.fail('response', `The connection closed while the response was arriving (${cause}).`, cause);
    } else if (!exchange.idempotent) {
      exchange.fail(
        'response',
        `The connection closed before the response (${cause}); not retried: ${method} is not idempotent.`,
        cause,
      );
    } else if (exchange.result.retried) {
      exchange.fail(
        'response',
        `The connection closed before the response (${cause}), also after re-sending it once.`,
        cause,
      );
    } else {
      exchange.markRetried(resentWait(session.id, cause));
      this.enqueue(exchange);
    }
  }

  private open(): H2Session {
    const session = new H2Session({
      id: this.run.connectionId(),
      url: this.url,
      origin: this.origin,
      clock: this.run.clock,
      connectTimeoutMs: this.run.connectTimeoutMs,
      tls: this.run.tls,
      owner: this,
    });
    this.run.connections.push(session);
    this.session = session;
    return session;
  }
}

/** The note for a request whose request line chose its protocol against the run's mode. */
export function protocolNote(exchange: Exchange, protocol: 'h2' | 'http/1.1', mode: string): string {
  return protocol === 'h2'
    ? `${requestLabel(exchange.spec)}: its request line asks for HTTP/2, so it went over HTTP/2 although the run is ${mode}.`
    : `${requestLabel(exchange.spec)}: its request line asks for HTTP/1.1, so it went over HTTP/1.1 keep-alive in this HTTP/2 run.`;
}
