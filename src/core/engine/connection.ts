// One HTTP/1.1 connection: the socket, its response parser, and the FIFO of exchanges written on it
// and not yet answered. Responses arrive in request order (RFC 9112 §9.3.2), so the head of that FIFO
// is always the exchange the parser is reading for. This class reads and writes; deciding WHAT to
// write next, and what to do with the exchanges left unanswered when it closes, belongs to its owner.
// Through a proxy the socket goes to the proxy; for an https: origin a CONNECT tunnel (`ProxyTunnel`)
// comes first and gives back the TLS session with the origin that HTTP is then written on.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { RunClock } from './clock';
import { DeadlineTimer } from './deadlineTimer';
import type { Exchange } from './exchange';
import type { ProxyRoute } from './proxyRoute';
import { ProxyTunnel } from './proxyTunnel';
import { requestLabel } from './requestLabel';
import { ResponseParser, type HttpParseError } from './responseParser';
import { handshakeOptions, socketAddress } from './socketOptions';
import { tlsFor } from './tlsSettings';
import type { ConnectionRecord, EngineLimits, ResponseHead, TlsOptions } from './types';
import { WireLog } from './wireLog';
import { headerValues } from '../common/headerFields';

export interface CloseInfo {
  /** The TCP (and TLS) handshake completed, and the tunnel through a proxy; when false, nothing written ever reached the server. */
  established: boolean;
  /**
   * Which handshake failed: for a connection never established, or `tls` when the server ended the
   * session with a TLS alert (TLS 1.3 servers check a client certificate after our side is done).
   * Through a proxy, `connect` covers reaching the proxy (its TLS too) and the CONNECT tunnel.
   */
  failedPhase?: 'connect' | 'tls';
  /** Error code or short detail: `ECONNREFUSED`, `connect timeout`, `closed by server`. */
  cause: string;
  /** Why it closed, in words (also the record's closeReason). */
  reason: string;
  /** The response after which the server announced it would close, when that is why it closed. */
  serverClosedAfter?: { exchange: Exchange; why: string };
  /** The server (or a socket error), not we, ended it. */
  byServer: boolean;
  /** Responses that ended on it, and the last of them: a close after some is a connection budget. */
  responses: number;
  lastAnswered?: Exchange;
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
  /** Through a proxy; undefined for a direct connection. */
  route?: ProxyRoute;
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
  /** Responses that ended on it so far. */
  responses = 0;
  /** A request that ends the connection (`Connection: close`) was written: it must be the last (RFC 9112 §9.6). */
  lastRequestWritten = false;
  /** Resolves once the socket is fully closed: a run never ends with a socket still open. */
  readonly whenClosed: Promise<void>;

  private markClosed!: () => void;

  /** The socket to the origin, or to the proxy. */
  private readonly socket: net.Socket;
  /**
   * The socket HTTP is written on: `socket`, or for a tunnel the TLS session inside it, which
   * exists only once the proxy said yes; requests written before that wait in `beforeTunnel`.
   */
  private transport?: net.Socket;
  private readonly beforeTunnel: Exchange[] = [];
  /** Through a proxy to an https: origin: reads the proxy's reply to CONNECT, then gives `transport`. */
  private tunnel?: ProxyTunnel;
  /** Read-log offset where HTTP responses start (after a proxy's reply to CONNECT). */
  private readBase = 0;
  private readonly settings: ConnectionSettings;
  private readonly parser: ResponseParser;
  private readonly writeLog: WireLog;
  private readonly readLog: WireLog;
  /** Reads arrive in the shared read buffer (onRead), not as 'data' chunks of their own. */
  private readonly reusesReads: boolean;
  private readonly clock: RunClock;
  private readonly owner: ConnectionOwner;
  /** Each request must be answered within its `timeoutMs` of being written (one timer for all). */
  private readonly timeouts: DeadlineTimer<Exchange>;
  /**
   * Written, and their bytes not yet handed down to the OS socket, oldest first, from `unsentHead` on
   * (see handedDown). Entries before `unsentDated` have been dated already: each is dated once, so a
   * pipeline of n requests costs n, not n², however Node batches their write callbacks.
   */
  private readonly unsent: Exchange[] = [];
  private unsentHead = 0;
  private unsentDated = 0;
  private lastAnswered?: Exchange;
  private connectTimer?: NodeJS.Timeout;
  private written = 0;
  /** TCP to the origin is up, or the proxy is ready to carry our bytes to it: a failure after this is TLS's. */
  private reachedOrigin = false;
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
    this.settings = settings;
    this.writeLog = new WireLog(settings.limits.maxWireLogBytes);
    this.reusesReads = readsIntoSharedBuffer(settings);
    // Bytes read into the shared read buffer are overwritten by the next read: the log keeps copies.
    this.readLog = new WireLog(settings.limits.maxWireLogBytes, this.reusesReads);
    this.record = {
      id: this.id,
      origin: this.origin,
      ...(settings.route ? { via: settings.route.via } : {}),
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
    this.timeouts = new DeadlineTimer<Exchange>(this.clock, (exchange) => this.onRequestTimeout(exchange));
    this.whenClosed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.socket = this.openSocket(settings);
    // Without a tunnel, requests go on the socket at once: Node holds what is written before the
    // connection (and TLS) is up, so pipelined requests leave back to back the moment it is.
    if (!settings.route?.tunnel) this.transport = this.socket;
    this.connectTimer = setTimeout(() => {
      this.errorCause = 'connect timeout';
      this.destroy(`no connection within ${settings.connectTimeoutMs} ms`, false);
    }, settings.connectTimeoutMs);
  }

  /** Open and allowed to carry another request. */
  get writable(): boolean {
    return !this.closed && !this.closing && !this.lastRequestWritten;
  }

  /** Requests written on it so far. */
  get requestsWritten(): number {
    return this.written;
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
    if (this.inFlight.length === 0) exchange.markTurn(this.clock.now());
    this.inFlight.push(exchange);
    this.parser.expect(method);
    this.timeouts.watch(exchange, this.clock.now() + exchange.timeoutMs);
    if (this.transport) this.send(this.transport, exchange);
    else this.beforeTunnel.push(exchange);
  }

  /**
   * sentMs is when the request's last byte went to the kernel. Node's write callback is not that moment
   * over TLS: TLSWrap defers the callback of a write it completed at once to the next check phase, so a
   * fast server's response could be read first (sentMs > firstByteMs), and a run could end before it
   * (no sentMs at all). So a request's bytes are dated when Node hands them down to the OS socket: at
   * write() on an established, idle transport; for a request Node buffered behind an earlier one, when
   * that one's write completes (Node flushes its buffer right before calling back); for requests written
   * during the handshake, when the connection is established. A small request handed down to an idle
   * socket is in the kernel at that moment; a large one is dated by its callback, which for a write
   * that did not complete at once comes when it did.
   */
  private send(transport: net.Socket, exchange: Exchange): void {
    const idle = this.established && transport.writableLength === 0;
    this.unsent.push(exchange);
    transport.write(exchange.bytes!, this.onWritten);
    if (idle) this.handedDown(exchange);
  }

  /**
   * Every write's callback (one function, not a closure per request). Node calls back in write order,
   * so it is about the oldest unsent exchange, unless the close let go of them all.
   */
  private readonly onWritten = (error: Error | null | undefined): void => {
    const exchange = this.unsent[this.unsentHead];
    const transport = this.transport;
    if (!exchange || !transport) return;
    this.unsentHead += 1;
    // Node also calls back without an error for a write cut short by the socket's destruction:
    // then nobody knows the bytes left, and sentMs must not claim they did.
    if (error || transport.destroyed || exchange.result.connectionId !== this.id) return;
    // What Node buffered behind this write went down to the socket just before this callback.
    for (let i = Math.max(this.unsentDated, this.unsentHead); i < this.unsent.length; i++)
      this.handedDown(this.unsent[i]);
    this.unsentDated = this.unsent.length;
    if (this.unsentHead === this.unsent.length) this.forgetUnsent();
    exchange.markSent(this.clock.now());
  };

  private forgetUnsent(): void {
    this.unsent.length = 0;
    this.unsentHead = 0;
    this.unsentDated = 0;
  }

  private handedDown(exchange: Exchange): void {
    if (exchange.bytes!.length <= HANDED_DOWN_AT_ONCE_BYTES) exchange.markSent(this.clock.now());
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
    this.transport?.destroy();
    this.socket.destroy();
  }

  private openSocket(settings: ConnectionSettings): net.Socket {
    const { url, route } = settings;
    const target = route?.proxy ?? url;
    const secure = target.protocol === 'https:';
    const { host, port } = socketAddress(target);
    const socket = secure
      ? tls.connect({
          host,
          port,
          ...handshakeOptions(host),
          // A proxy's certificate is checked as http.proxyStrictSSL says; client certificates only for their own host.
          ...(route
            ? { ...tlsFor(target, settings.tls), rejectUnauthorized: route.rejectUnauthorized }
            : tlsFor(url, settings.tls)),
        })
      : net.connect({
          host,
          port,
          ...(this.reusesReads && {
            onread: {
              buffer: readBuffer(),
              callback: (bytes: number, buffer: Uint8Array) => this.onRead(bytes, buffer),
            },
          }),
        });
    socket.setNoDelay(true);
    socket.on('lookup', () => this.onPhase('dnsMs'));
    socket.on('connect', () => {
      if (!route) this.reachedOrigin = true;
      this.onPhase('connectMs');
      if (!secure) this.onTargetReady();
    });
    socket.on('secureConnect', () => {
      this.onPhase('tlsMs');
      this.onTargetReady();
    });
    this.listen(
      socket,
      this.reusesReads
        ? undefined
        : (chunk) => (this.tunnel?.awaitingReply ? this.onTunnelReply(chunk) : this.onData(chunk)),
    );
    return socket;
  }

  /** `onData` undefined: the socket reads into the shared buffer and calls onRead instead of emitting 'data'. */
  private listen(socket: net.Socket, onData: ((chunk: Buffer) => void) | undefined): void {
    if (onData) socket.on('data', onData);
    socket.on('end', () => this.onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCause ??= errorCause(error);
    });
    socket.on('close', () => this.onClose());
  }

  /** The origin or the proxy is connected (and its TLS done): HTTP may start, or the tunnel is asked for. */
  private onTargetReady(): void {
    const route = this.settings.route;
    if (!route?.tunnel) {
      this.reachedOrigin = true;
      this.onEstablished();
      return;
    }
    this.tunnel = new ProxyTunnel(
      this.socket,
      {
        url: this.settings.url,
        route,
        tls: this.settings.tls,
        maxHeaderBytes: this.settings.limits.maxHeaderBytes,
      },
      {
        onTunnel: (transport) => this.onTunnel(transport),
        onRefused: (cause, reason) => {
          this.errorCause ??= cause;
          this.destroy(reason, false);
        },
      },
    );
    this.writeLog.append(this.tunnel.request());
  }

  private onTunnelReply(chunk: Buffer): void {
    this.readLog.append(chunk);
    this.tunnel!.read(chunk);
  }

  /** The proxy opened the tunnel: HTTP goes over the TLS session inside it, also what waited for it. */
  private onTunnel(transport: tls.TLSSocket): void {
    this.reachedOrigin = true;
    this.onPhase('proxyMs');
    this.readBase = this.readLog.total;
    this.responseStart = this.readBase;
    transport.on('secureConnect', () => {
      this.onPhase('tlsMs');
      this.onEstablished();
    });
    this.listen(transport, (chunk) => this.onData(chunk));
    this.transport = transport;
    for (const exchange of this.beforeTunnel.splice(0)) this.send(transport, exchange);
  }

  /** DNS, connect and TLS times belong to the request that opened the connection. */
  private onPhase(phase: 'dnsMs' | 'connectMs' | 'proxyMs' | 'tlsMs'): void {
    const opener = this.inFlight[0];
    if (opener && opener.result.positionOnConnection === 1)
      opener.markConnectionPhases({ [phase]: this.clock.now() });
  }

  private onEstablished(): void {
    clearTimeout(this.connectTimer);
    this.established = true;
    // Node held the first request written during the handshake and hands it down now; the rest follow
    // when its write completes.
    const first = this.unsent[this.unsentHead];
    if (first) this.handedDown(first);
    this.record.remoteAddress = this.socket.remoteAddress;
    this.record.localPort = this.socket.localPort;
    this.owner.onEstablished(this);
  }

  /** A read into the shared buffer: its bytes are valid only until this returns (see sharedReadBuffer). */
  private onRead(bytes: number, buffer: Uint8Array): true {
    this.onData(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
    // Keep reading: the bytes were handled (and what is kept, copied) before this returns.
    return true;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.chunkMs = this.clock.now();
    this.chunkEnd = this.readLog.append(chunk)[1];
    if (!this.serverClosedAfter) this.inFlight[0]?.markFirstByte(this.chunkMs);
    this.parser.execute(chunk);
  }

  private onInterim(head: ResponseHead): void {
    this.inFlight[0]?.addInterim(head);
  }

  private onHead(head: ResponseHead): void {
    const exchange = this.inFlight[0];
    exchange?.receiveHead(head);
  }

  private onBody(chunk: Buffer): void {
    this.inFlight[0]?.addBody(chunk);
  }

  private onComplete(trailers: Array<[string, string]>, parsedEnd: number, keepAlive: boolean): void {
    // The parser counts from the first response; the read log also holds a proxy's reply to CONNECT.
    const endOffset = parsedEnd + this.readBase;
    const exchange = this.inFlight[0];
    const head = exchange?.head;
    if (!exchange || !head) return;
    this.inFlight.shift();
    this.timeouts.done(exchange);
    this.responses += 1;
    this.lastAnswered = exchange;
    exchange.succeed(trailers, [this.responseStart, endOffset]);
    this.responseStart = endOffset;
    const next = this.inFlight[0];
    // After a response that ends the connection, whatever else arrives answers nothing (RFC 9112 §9.6).
    if (next && keepAlive) {
      next.markTurn(this.clock.now());
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
    if (closesAfter) {
      this.destroy(
        `the server ends the connection after ${requestLabel(exchange.spec)} (${closesAfter})`,
        false,
      );
      this.settleClose();
    }
  }

  private onParseError(error: HttpParseError): void {
    const exchange = this.inFlight.shift();
    // A reset (or another socket error) cut the response short: that, not the missing bytes, is the cause.
    const socketFailed = error.code === 'unexpected-eof' && this.errorCause !== undefined;
    if (exchange) {
      this.timeouts.done(exchange);
      exchange.fail(
        'response',
        socketFailed
          ? `The connection failed (${this.errorCause}) while the response was arriving: ${error.message}.`
          : `The response is not valid HTTP/1.1: ${error.message}.`,
        socketFailed ? this.errorCause : error.code,
        error.byteOffset + this.readBase,
      );
    }
    this.destroy(`malformed response: ${error.message}`);
  }

  private onRequestTimeout(exchange: Exchange): void {
    const at = this.inFlight.indexOf(exchange);
    if (at < 0) return;
    this.inFlight.splice(at, 1);
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
    this.errorCause ??= this.tunnel?.endedCause();
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
    this.settleClose();
    this.markClosed();
  }

  /**
   * The connection is over for the run: its record is final and the owner gets the unanswered requests.
   * Runs at the socket's close, or earlier, once the server announced its close: nothing after that
   * response answers anything (RFC 9112 §9.6), so the owner need not wait for the socket to re-send.
   */
  private settleClose(): void {
    if (this.closed) return;
    if (!this.closedByUs) this.finishParsing();
    this.closed = true;
    this.closing = true;
    clearTimeout(this.connectTimer);
    this.timeouts.clear();
    const cause = this.errorCause ?? (this.closedByUs ? this.record.closeReason! : 'closed by server');
    this.record.closedMs = this.clock.now();
    this.record.closeReason ??= cause;
    this.record.closedBy = this.closedByUs ? 'client' : 'server';
    this.record.written = this.writeLog.toBuffer();
    this.record.read = this.readLog.toBuffer();
    this.record.writtenTruncated = this.writeLog.truncated;
    this.record.readTruncated = this.readLog.truncated;
    this.forgetUnsent();
    const info: CloseInfo = {
      established: this.established,
      cause,
      reason: this.record.closeReason,
      byServer: !this.closedByUs,
      responses: this.responses,
    };
    if (this.lastAnswered) info.lastAnswered = this.lastAnswered;
    if (!this.established) info.failedPhase = this.reachedOrigin ? 'tls' : 'connect';
    // An alert is the server's final word on the session: re-sending on a new one would meet it again.
    else if (/^(ERR_SSL_|EPROTO)/.test(this.errorCause ?? '')) info.failedPhase = 'tls';
    if (this.serverClosedAfter) info.serverClosedAfter = this.serverClosedAfter;
    this.owner.onClosed(this, info, this.inFlight.splice(0));
  }
}

/**
 * Plain TCP connections read into this one buffer (`net.connect`'s `onread`) instead of a new 64 KiB
 * ArrayBuffer per read: a large download then leaves no garbage behind (it was tens of MiB of RSS
 * waiting for the GC at 200 MB), and many small reads no allocation. One buffer serves every socket,
 * since Node reads one socket at a time and hands the bytes over synchronously; so whatever keeps
 * bytes past the callback copies them: the read log (WireLog with `copies`), the body collector (it
 * always copies), the parser's pieces of a head that spans reads.
 */
let sharedReadBuffer: Buffer | undefined;
const READ_BUFFER_BYTES = 64 * 1024;

function readBuffer(): Buffer {
  return (sharedReadBuffer ??= Buffer.allocUnsafeSlow(READ_BUFFER_BYTES));
}

/**
 * Plain TCP straight to the origin reads into the shared buffer; TLS reads through its own layer, and
 * through a proxy the socket may carry a tunnel's TLS, which reads the socket as a stream.
 */
function readsIntoSharedBuffer({ url, route }: ConnectionSettings): boolean {
  return !route && url.protocol !== 'https:';
}

/**
 * A request up to this size handed down to an idle socket is in the kernel when write() returns (one
 * TLS record, one uv_try_write); a larger one may still be queued, and is dated by its write callback.
 */
const HANDED_DOWN_AT_ONCE_BYTES = 16 * 1024;

/**
 * A socket error's code. A TLS failure met while writing arrives as a bare `EPROTO` whose message
 * holds OpenSSL's reason (`...:SSL routines:ssl3_get_record:wrong version number:...`): keep the reason.
 */
export function errorCause(error: NodeJS.ErrnoException): string {
  const reason = error.code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1] : undefined;
  return reason ? `EPROTO: ${reason}` : (error.code ?? error.message);
}

/** Why a response that is not keep-alive ends its connection (RFC 9112 §9.3, §9.6), in words. */
function whyServerCloses(head: ResponseHead): string {
  if (head.status === 101) return 'it switched protocols';
  const values = (wanted: string): string => headerValues(head.headers, wanted).join(',');
  const connection = values('connection');
  if (/(^|,)\s*close\s*(,|$)/i.test(connection)) return 'Connection: close';
  if (head.httpVersion === '1.0' && !/(^|,)\s*keep-alive\s*(,|$)/i.test(connection))
    return 'HTTP/1.0 without keep-alive';
  // The parser refuses to reuse a connection whose framing is ambiguous (a request-smuggling sign).
  if (values('transfer-encoding') && values('content-length'))
    return 'it sent both Content-Length and Transfer-Encoding';
  if (head.httpVersion === '1.0' && values('transfer-encoding')) return 'Transfer-Encoding in HTTP/1.0';
  return 'its body ends when the connection closes';
}
