// One HTTP/1.1 connection: the socket, its response parser, and the FIFO of exchanges written on it
// and not yet answered. Responses arrive in request order (RFC 9112 §9.3.2), so the head of that FIFO
// is always the exchange the parser is reading for. This class reads and writes; deciding WHAT to
// write next, and what to do with the exchanges left unanswered when it closes, belongs to its owner.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { RunClock } from './clock';
import type { Exchange } from './exchange';
import { requestLabel } from './requestLabel';
import { ResponseParser, type HttpParseError } from './responseParser';
import { tlsFor } from './tlsSettings';
import type { ConnectionRecord, EngineLimits, ResponseHead, TlsOptions } from './types';
import { WireLog } from './wireLog';

export interface CloseInfo {
  /** The TCP (and TLS) handshake completed; when false, nothing written ever reached the server. */
  established: boolean;
  /**
   * Which handshake failed: for a connection never established, or `tls` when the server ended the
   * session with a TLS alert (TLS 1.3 servers check a client certificate after our side is done).
   */
  failedPhase?: 'connect' | 'tls';
  /** Error code or short detail: `ECONNREFUSED`, `connect timeout`, `closed by server`. */
  cause: string;
  /** Why it closed, in words (also the record's closeReason). */
  reason: string;
  /** The response after which the server announced it would close, when that is why it closed. */
  serverClosedAfter?: { exchange: Exchange; why: string };
}

export interface ConnectionOwner {
  onEstablished(connection: Connection): void;
  /** `closesAfter`: the server ends the connection after this response (and why); nothing more may be written. */
  onResponseEnded(connection: Connection, exchange: Exchange, closesAfter: string | undefined): void;
  /** `unanswered`: exchanges written on it that got no response, in order. */
  onClosed(connection: Connection, info: CloseInfo, unanswered: Exchange[]): void;
}

export interface ConnectionSettings {
  id: number;
  url: URL;
  origin: string;
  clock: RunClock;
  limits: EngineLimits;
  connectTimeoutMs: number;
  tls?: TlsOptions;
  owner: ConnectionOwner;
}

export class Connection {
  readonly id: number;
  readonly origin: string;
  readonly record: ConnectionRecord;
  /** Written, not yet fully answered; the head is the one being read. */
  readonly inFlight: Exchange[] = [];
  established = false;
  /** The server announced it will close, or we are closing: nothing more may be written. */
  closing = false;
  closed = false;
  /** Resolves once the socket is fully closed: a run never ends with a socket still open. */
  readonly whenClosed: Promise<void>;

  private markClosed!: () => void;

  private readonly socket: net.Socket;
  private readonly parser: ResponseParser;
  private readonly writeLog: WireLog;
  private readonly readLog: WireLog;
  private readonly clock: RunClock;
  private readonly owner: ConnectionOwner;
  private readonly timers = new Map<Exchange, NodeJS.Timeout>();
  private connectTimer?: NodeJS.Timeout;
  private written = 0;
  private tcpConnected = false;
  private closedByUs = false;
  private serverClosedAfter?: { exchange: Exchange; why: string };
  private errorCause?: string;
  /** Read offset where the response currently being read started. */
  private responseStart = 0;
  /** Arrival time and end offset of the chunk being parsed, for first-byte times inside it. */
  private chunkMs = 0;
  private chunkEnd = 0;
  private finishedParsing = false;

  constructor(settings: ConnectionSettings) {
    this.id = settings.id;
    this.origin = settings.origin;
    this.clock = settings.clock;
    this.owner = settings.owner;
    this.writeLog = new WireLog(settings.limits.maxWireLogBytes);
    this.readLog = new WireLog(settings.limits.maxWireLogBytes);
    this.record = {
      id: this.id,
      origin: this.origin,
      openedMs: this.clock.now(),
      requests: [],
      written: Buffer.alloc(0),
      read: Buffer.alloc(0),
      writtenTruncated: false,
      readTruncated: false,
    };
    this.parser = new ResponseParser(
      {
        onInterim: (head) => this.onInterim(head),
        onHead: (head) => this.onHead(head),
        onBody: (chunk) => this.onBody(chunk),
        onComplete: (trailers, endOffset, keepAlive) => this.onComplete(trailers, endOffset, keepAlive),
        onError: (error) => this.onParseError(error),
      },
      { maxHeaderBytes: settings.limits.maxHeaderBytes, maxHeaderCount: settings.limits.maxHeaderCount },
    );
    this.whenClosed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.socket = this.openSocket(settings);
    this.connectTimer = setTimeout(() => {
      this.errorCause = 'connect timeout';
      this.destroy(`no connection within ${settings.connectTimeoutMs} ms`, false);
    }, settings.connectTimeoutMs);
  }

  /** Open and allowed to carry another request. */
  get writable(): boolean {
    return !this.closed && !this.closing;
  }

  /** Writes an exchange's bytes behind whatever is in flight; its response is expected in that order. */
  write(exchange: Exchange): void {
    const bytes = exchange.bytes;
    const method = exchange.prepared?.method;
    if (!bytes || !method) throw new Error('exchange written before it was prepared');
    // "Reused": the request rides on a connection another request opened (in pipelined mode that
    // may happen before the handshake is even done).
    const reused = this.written > 0;
    this.written += 1;
    this.record.requests.push(exchange.index);
    exchange.beginAttempt({
      connectionId: this.id,
      positionOnConnection: this.written,
      reused,
      written: this.writeLog.append(bytes),
    });
    if (this.inFlight.length === 0) exchange.timings.turnMs = this.clock.now();
    this.inFlight.push(exchange);
    this.parser.expect(method);
    this.timers.set(
      exchange,
      setTimeout(() => this.onRequestTimeout(exchange), exchange.timeoutMs),
    );
    this.socket.write(bytes, (error) => {
      // Node also calls back without an error for a write cut short by the socket's destruction:
      // then nobody knows the bytes left, and sentMs must not claim they did.
      if (!error && !this.socket.destroyed && exchange.result.connectionId === this.id) {
        exchange.timings.sentMs = this.clock.now();
      }
    });
  }

  /**
   * Closes the connection now; exchanges still in flight go back to the owner as unanswered.
   * `byUs` false: we only act on what the server did or failed to do (it ended, it never connected).
   */
  destroy(reason: string, byUs = true): void {
    if (this.closed) return;
    this.closing = true;
    this.closedByUs ||= byUs;
    this.record.closeReason ??= reason;
    this.socket.destroy();
  }

  private openSocket(settings: ConnectionSettings): net.Socket {
    const { url } = settings;
    const secure = url.protocol === 'https:';
    // URL keeps IPv6 literals bracketed; sockets want them bare.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port) || (secure ? 443 : 80);
    const socket = secure
      ? tls.connect({
          host,
          port,
          // SNI only carries host names (RFC 6066 §3), never IP literals.
          servername: net.isIP(host) ? undefined : host,
          // httpipe measures HTTP/1.1 on purpose: never let ALPN negotiate h2.
          ALPNProtocols: ['http/1.1'],
          // Verification on unless turned off; client certificates only for their own host.
          ...tlsFor(url, settings.tls),
        })
      : net.connect({ host, port });
    socket.setNoDelay(true);
    socket.on('lookup', () => this.onPhase('dnsMs'));
    socket.on('connect', () => {
      this.tcpConnected = true;
      this.onPhase('connectMs');
      if (!secure) this.onEstablished();
    });
    socket.on('secureConnect', () => {
      this.onPhase('tlsMs');
      this.onEstablished();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCause ??= errorCause(error);
    });
    socket.on('close', () => this.onClose());
    return socket;
  }

  /** DNS, connect and TLS times belong to the request that opened the connection. */
  private onPhase(phase: 'dnsMs' | 'connectMs' | 'tlsMs'): void {
    const opener = this.inFlight[0];
    if (opener && opener.result.positionOnConnection === 1) opener.timings[phase] = this.clock.now();
  }

  private onEstablished(): void {
    clearTimeout(this.connectTimer);
    this.established = true;
    this.record.remoteAddress = this.socket.remoteAddress;
    this.record.localPort = this.socket.localPort;
    this.owner.onEstablished(this);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.chunkMs = this.clock.now();
    this.chunkEnd = this.readLog.append(chunk)[1];
    if (!this.serverClosedAfter) this.inFlight[0]?.markFirstByte(this.chunkMs);
    this.parser.execute(chunk);
  }

  private onInterim(head: ResponseHead): void {
    this.inFlight[0]?.interim.push(head);
  }

  private onHead(head: ResponseHead): void {
    const exchange = this.inFlight[0];
    exchange?.receiveHead(head);
  }

  private onBody(chunk: Buffer): void {
    this.inFlight[0]?.body.add(chunk);
  }

  private onComplete(trailers: Array<[string, string]>, endOffset: number, keepAlive: boolean): void {
    const exchange = this.inFlight[0];
    const head = exchange?.head;
    if (!exchange || !head) return;
    this.inFlight.shift();
    this.clearTimer(exchange);
    exchange.succeed(trailers, [this.responseStart, endOffset]);
    this.responseStart = endOffset;
    const next = this.inFlight[0];
    // After a response that ends the connection, whatever else arrives answers nothing (RFC 9112 §9.6).
    if (next && keepAlive) {
      next.timings.turnMs = this.clock.now();
      // Its first bytes may have come in the same chunk as the end of this response.
      if (endOffset < this.chunkEnd) next.markFirstByte(this.chunkMs);
    }
    const closesAfter = keepAlive ? undefined : whyServerCloses(head);
    if (closesAfter) {
      this.closing = true;
      this.serverClosedAfter = { exchange, why: closesAfter };
    }
    this.owner.onResponseEnded(this, exchange, closesAfter);
    // The server's decision, not ours: the cause left for unanswered requests is "closed by server".
    if (closesAfter) this.destroy(`the server ends the connection after ${requestLabel(exchange.spec)} (${closesAfter})`, false);
  }

  private onParseError(error: HttpParseError): void {
    const exchange = this.inFlight.shift();
    // A reset (or another socket error) cut the response short: that, not the missing bytes, is the cause.
    const socketFailed = error.code === 'unexpected-eof' && this.errorCause !== undefined;
    if (exchange) {
      this.clearTimer(exchange);
      exchange.fail(
        'response',
        socketFailed
          ? `The connection failed (${this.errorCause}) while the response was arriving: ${error.message}.`
          : `The response is not valid HTTP/1.1: ${error.message}.`,
        socketFailed ? this.errorCause : error.code,
        error.byteOffset,
      );
    }
    this.destroy(`malformed response: ${error.message}`);
  }

  private onRequestTimeout(exchange: Exchange): void {
    const at = this.inFlight.indexOf(exchange);
    if (at < 0) return;
    this.inFlight.splice(at, 1);
    this.timers.delete(exchange);
    exchange.fail(
      'timeout',
      `No complete response within ${exchange.timeoutMs} ms; the connection was closed.`,
      'request timeout',
    );
    // The connection's read position is now unknowable: close it, the owner re-sends what it can.
    this.destroy(`${requestLabel(exchange.spec)} timed out`);
  }

  /** The server finished sending: a close-delimited body ends here; a half-received response fails. */
  private onEnd(): void {
    this.closing = true;
    this.finishParsing();
    this.destroy('closed by server', false);
  }

  private finishParsing(): void {
    // Only when a response is under way: an unanswered request is not a broken response but a
    // candidate for re-sending.
    if (this.finishedParsing || !this.inFlight[0]?.answered) return;
    this.finishedParsing = true;
    this.parser.finish();
  }

  private onClose(): void {
    if (!this.closedByUs) this.finishParsing();
    this.closed = true;
    this.closing = true;
    clearTimeout(this.connectTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const cause = this.errorCause ?? (this.closedByUs ? this.record.closeReason! : 'closed by server');
    this.record.closedMs = this.clock.now();
    this.record.closeReason ??= cause;
    this.record.written = this.writeLog.toBuffer();
    this.record.read = this.readLog.toBuffer();
    this.record.writtenTruncated = this.writeLog.truncated;
    this.record.readTruncated = this.readLog.truncated;
    const info: CloseInfo = { established: this.established, cause, reason: this.record.closeReason };
    if (!this.established) info.failedPhase = this.tcpConnected ? 'tls' : 'connect';
    // An alert is the server's final word on the session: re-sending on a new one would meet it again.
    else if (/^(ERR_SSL_|EPROTO)/.test(this.errorCause ?? '')) info.failedPhase = 'tls';
    if (this.serverClosedAfter) info.serverClosedAfter = this.serverClosedAfter;
    this.owner.onClosed(this, info, this.inFlight.splice(0));
    this.markClosed();
  }

  private clearTimer(exchange: Exchange): void {
    clearTimeout(this.timers.get(exchange));
    this.timers.delete(exchange);
  }
}

/**
 * A socket error's code. A TLS failure met while writing arrives as a bare `EPROTO` whose message
 * holds OpenSSL's reason (`...:SSL routines:ssl3_get_record:wrong version number:...`): keep the reason.
 */
function errorCause(error: NodeJS.ErrnoException): string {
  const reason = error.code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1] : undefined;
  return reason ? `EPROTO: ${reason}` : (error.code ?? error.message);
}

/** Why a response that is not keep-alive ends its connection (RFC 9112 §9.3, §9.6), in words. */
function whyServerCloses(head: ResponseHead): string {
  if (head.status === 101) return 'it switched protocols';
  const values = (wanted: string): string =>
    head.headers
      .filter(([name]) => name.toLowerCase() === wanted)
      .map(([, value]) => value)
      .join(',');
  const connection = values('connection');
  if (/(^|,)\s*close\s*(,|$)/i.test(connection)) return 'Connection: close';
  if (head.httpVersion === '1.0' && !/(^|,)\s*keep-alive\s*(,|$)/i.test(connection)) return 'HTTP/1.0 without keep-alive';
  // The parser refuses to reuse a connection whose framing is ambiguous (a request-smuggling sign).
  if (values('transfer-encoding') && values('content-length')) return 'it sent both Content-Length and Transfer-Encoding';
  if (head.httpVersion === '1.0' && values('transfer-encoding')) return 'Transfer-Encoding in HTTP/1.0';
  return 'its body ends when the connection closes';
}
