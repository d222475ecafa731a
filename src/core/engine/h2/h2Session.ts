// One HTTP/2 connection (RFC 9113): our own TCP/TLS socket (ALPN h2, or cleartext with prior
// knowledge), Node's http2 session on top of it through a FrameTap, and a stream per request.
// Requests wait here until the server's SETTINGS arrived and then go out as streams, never more at
// once than its SETTINGS_MAX_CONCURRENT_STREAMS. The socket is ours so that DNS, connect and TLS
// are timed as for HTTP/1.1; the tap gives each stream's sent and first-byte times and the frame
// list. This class reads and writes; what to do with a refused or lost stream is its owner's call.
// Everything here runs per stream or per frame, so it is kept lean: the frame list is logged as
// numbers (FrameLog), one timer watches every stream's deadline, header lists are only made for
// the Wire tab when it is read.
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { RunClock } from '../clock';
import { errorCause } from '../connection';
import { DeadlineTimer } from '../deadlineTimer';
import type { ConnectionPhases, Exchange } from '../exchange';
import { handshakeOptions, socketAddress } from '../socketOptions';
import { tlsFor } from '../tlsSettings';
import type { ConnectionRecord, H2Frame, TlsOptions } from '../types';
import { CANCEL, NO_ERROR, REFUSED_STREAM, errorCodeName } from './errorCodes';
import { FrameLog } from './frameLog';
import {
  DATA,
  END_STREAM,
  HEADERS,
  RST_STREAM,
  SETTINGS,
  frameErrorCode,
  type FrameSink,
} from './frameReader';
import { FrameTap } from './frameTap';
import { headerPairs, nodeRequestHeaders, requestHeaderList, responseHead } from './h2Headers';

/** Frames kept per connection for the Wire tab; a 200 MB download has about 25,000. */
export const MAX_FRAMES_KEPT = 20_000;

/** Why a stream ended without its response. */
export type StreamFailure =
  /** The server did not process it (REFUSED_STREAM, or past the last stream of its GOAWAY): safe to send again. */
  | { kind: 'refused'; why: string }
  /** The server reset it with an error code. */
  | { kind: 'reset'; code: string }
  /** The connection went away under it. */
  | { kind: 'lost'; cause: string };

export interface H2CloseInfo {
  /** SETTINGS arrived: the session was up. */
  established: boolean;
  failedPhase?: 'connect' | 'tls';
  cause: string;
  reason: string;
}

export interface H2SessionOwner {
  onEstablished(session: H2Session): void;
  /** The server does not speak HTTP/2 here (ALPN chose otherwise, or it answered in HTTP/1.x); `waiting` never went out. */
  onNoH2(session: H2Session, reason: string, waiting: Exchange[]): void;
  /** A stream finished with its exchange settled: there is room for another. */
  onStreamDone(session: H2Session): void;
  onStreamFailed(session: H2Session, exchange: Exchange, failure: StreamFailure): void;
  /** `unsent`: requests that waited here and never became streams. */
  onClosed(session: H2Session, info: H2CloseInfo, unsent: Exchange[]): void;
}

export interface H2SessionSettings {
  id: number;
  url: URL;
  origin: string;
  clock: RunClock;
  connectTimeoutMs: number;
  tls?: TlsOptions;
  owner: H2SessionOwner;
}

interface StreamEntry {
  exchange: Exchange;
  stream: http2.ClientHttp2Stream;
  streamId: number;
  trailers: Array<[string, string]>;
  /** The request's header list for its HEADERS frame in the frame list. */
  headers: () => Array<[string, string]>;
  /** The frame-list index of the last HEADERS frame received, to decorate once Node decoded it. */
  receivedHeadersFrame: number;
}

export class H2Session {
  readonly id: number;
  readonly origin: string;
  readonly record: ConnectionRecord;
  established = false;
  /** A GOAWAY came, the server does not speak HTTP/2, or we are closing: no new streams. */
  closing = false;
  closed = false;
  readonly whenClosed: Promise<void>;

  private readonly socket: net.Socket;
  private session?: http2.ClientHttp2Session;
  private readonly waiting: Exchange[] = [];
  private readonly streams = new Map<number, StreamEntry>();
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS (unlimited until it says otherwise). */
  private maxConcurrent = Number.POSITIVE_INFINITY;
  private goaway?: { lastStreamId: number; code: string };
  /** Streams the server reset, with the code it gave. */
  private readonly resetByServer = new Map<number, number>();
  private streamsOpened = 0;
  /** DNS, connect and TLS times, given to the first stream (which is only created once SETTINGS came). */
  private readonly phases: ConnectionPhases = {};
  private readonly frameLog = new FrameLog(MAX_FRAMES_KEPT);
  /** Each stream must end within its `timeoutMs` of being opened (one timer for all). */
  private readonly deadlines: DeadlineTimer<StreamEntry>;
  private readonly clock: RunClock;
  private readonly owner: H2SessionOwner;
  private connectTimer?: NodeJS.Timeout;
  private errorCause?: string;
  /** The socket closed or failed: streams cut off now were lost with it. */
  private lost = false;
  private receivedAny = false;
  private failedPhase?: 'connect' | 'tls';
  private closedByUs = false;
  private socketClosed = false;
  private sessionClosed = false;
  /** Waiting requests with no stream slot at all (SETTINGS_MAX_CONCURRENT_STREAMS 0): how long they may wait. */
  private noSlotTimer?: NodeJS.Timeout;
  private markClosed!: () => void;

  constructor(private readonly settings: H2SessionSettings) {
    this.id = settings.id;
    this.origin = settings.origin;
    this.clock = settings.clock;
    this.owner = settings.owner;
    this.deadlines = new DeadlineTimer<StreamEntry>(this.clock, (entry) => this.onStreamTimeout(entry));
    this.record = {
      id: this.id,
      origin: this.origin,
      protocol: 'h2',
      openedMs: this.clock.now(),
      requests: [],
      written: Buffer.alloc(0),
      read: Buffer.alloc(0),
      writtenTruncated: false,
      readTruncated: false,
    };
    // Made from the log when read (the Wire tab, the history); the bare run never builds them.
    const log = this.frameLog;
    Object.defineProperty(this.record, 'frames', {
      enumerable: true,
      configurable: true,
      get: (): H2Frame[] => log.frames,
    });
    this.whenClosed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.socket = this.openSocket();
    this.connectTimer = setTimeout(() => {
      this.failedPhase = 'connect';
      this.errorCause ??= this.socket.connecting
        ? 'connect timeout'
        : `no HTTP/2 SETTINGS from the server within ${settings.connectTimeoutMs} ms`;
      this.destroy(`no HTTP/2 session within ${settings.connectTimeoutMs} ms`, false);
    }, settings.connectTimeoutMs);
  }

  /** Open and taking new streams. */
  get writable(): boolean {
    return !this.closed && !this.closing;
  }

  /** Requests waiting here or in flight. */
  get load(): number {
    return this.waiting.length + this.streams.size;
  }

  /** Takes a prepared request; it becomes a stream as soon as SETTINGS arrived and a stream slot is free. */
  write(exchange: Exchange): void {
    this.waiting.push(exchange);
    this.pump();
  }

  /** Closes the connection now; streams still open end as lost, waiting requests go back to the owner. */
  destroy(reason: string, byUs = true): void {
    if (this.closed) return;
    this.closing = true;
    this.closedByUs ||= byUs;
    this.record.closeReason ??= reason;
    this.session?.destroy();
    this.socket.destroy();
  }

  /** Ends the session politely once its streams are done (GOAWAY NO_ERROR from our side). */
  closeWhenIdle(reason: string): void {
    if (this.load > 0 || this.closed) return;
    this.closing = true;
    this.closedByUs = true;
    this.record.closeReason ??= reason;
    if (this.session) this.session.close();
    else this.socket.destroy();
  }

  private openSocket(): net.Socket {
    const { url } = this.settings;
    const secure = url.protocol === 'https:';
    const { host, port } = socketAddress(url);
    const socket = secure
      ? tls.connect({
          host,
          port,
          ...handshakeOptions(host),
          ...tlsFor(url, this.settings.tls),
          ALPNProtocols: ['h2', 'http/1.1'],
        })
      : net.connect({ host, port });
    socket.setNoDelay(true);
    socket.on('lookup', () => (this.phases.dnsMs = this.clock.now()));
    socket.on('connect', () => {
      this.phases.connectMs = this.clock.now();
      if (!secure) this.startSession();
    });
    socket.on('secureConnect', () => {
      this.phases.tlsMs = this.clock.now();
      const alpn = (socket as tls.TLSSocket).alpnProtocol;
      if (alpn === 'h2') this.startSession();
      else this.refuseH2(`the server chose ${alpn ? alpn : 'no protocol'} in ALPN, not h2`);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCause ??= errorCause(error);
    });
    socket.on('end', () => (this.lost = true));
    socket.on('close', () => {
      this.lost = true;
      this.socketClosed = true;
      // Only a handshake that began and did not end is TLS's failure; no SETTINGS after it is the connection's.
      const inHandshake = secure && this.phases.connectMs !== undefined && this.phases.tlsMs === undefined;
      if (!this.established) this.failedPhase ??= inHandshake ? 'tls' : 'connect';
      // Node ends its session when the tap closes; make sure, so that the run never waits on it.
      if (this.session && !this.session.destroyed) this.session.destroy();
      this.closeWhenBothDone();
    });
    return socket;
  }

  /** TCP (and TLS with ALPN h2) is up: Node's session runs over the tap from here. */
  private startSession(): void {
    if (this.closing) return;
    const tap = new FrameTap(this.socket, {
      now: () => this.clock.now(),
      onSent: this.onFrameSent,
      onReceived: this.onFrameReceived,
      onBytesReceived: (chunk) => this.onBytesReceived(chunk),
    });
    const session = http2.connect(this.settings.url.origin, {
      createConnection: () => tap,
      settings: { enablePush: false },
    });
    this.session = session;
    session.on('remoteSettings', (remote) => {
      this.maxConcurrent = remote.maxConcurrentStreams ?? Number.POSITIVE_INFINITY;
      if (!this.established) this.onEstablished();
      this.pump();
    });
    session.on('goaway', (code, lastStreamId) => {
      this.closing = true;
      this.goaway ??= { lastStreamId, code: errorCodeName(code) };
      this.record.closeReason ??= `the server sent GOAWAY (${errorCodeName(code)}, last stream ${lastStreamId})`;
    });
    session.on('error', (error: NodeJS.ErrnoException) => {
      this.errorCause ??= error.code ?? error.message;
    });
    session.on('close', () => {
      this.sessionClosed = true;
      // Streams Node closed along with the session and that have not reported yet were lost with it.
      for (const entry of [...this.streams.values()]) this.onStreamClose(entry);
      this.socket.destroy();
      this.closeWhenBothDone();
    });
  }

  /** The connection is over once its socket closed and the session on it (if one was made) did too. */
  private closeWhenBothDone(): void {
    if (this.socketClosed && (!this.session || this.sessionClosed)) this.onClose();
  }

  private refuseH2(reason: string): void {
    this.closing = true;
    this.record.closeReason = `${reason}: its requests go over HTTP/1.1 instead`;
    this.owner.onNoH2(this, reason, this.waiting.splice(0));
    this.destroy(this.record.closeReason);
  }

  private onBytesReceived(chunk: Buffer): void {
    if (this.receivedAny) return;
    this.receivedAny = true;
    // A server without HTTP/2 answers the preface as a bad HTTP/1.1 request.
    if (chunk.subarray(0, 7).toString('latin1') === 'HTTP/1.') {
      const statusLine = chunk.subarray(0, Math.max(0, chunk.indexOf('\r\n'))).toString('latin1');
      this.refuseH2(
        `the server answered in HTTP/1.x (${JSON.stringify(statusLine.slice(0, 60))}), not HTTP/2`,
      );
    } else if (chunk.length >= 4 && chunk[3] !== SETTINGS) {
      // An HTTP/2 server's first frame is SETTINGS (RFC 9113 §3.4); python's http.server, for one,
      // answers the preface with an HTTP/0.9-style page without a status line.
      this.refuseH2(
        `the server's first bytes are not an HTTP/2 SETTINGS frame (${JSON.stringify(chunk.subarray(0, 30).toString('latin1'))})`,
      );
    }
  }

  private onEstablished(): void {
    clearTimeout(this.connectTimer);
    this.established = true;
    this.record.remoteAddress = this.socket.remoteAddress;
    this.record.localPort = this.socket.localPort;
    this.owner.onEstablished(this);
  }

  private pump(): void {
    if (!this.established || this.closing || !this.session) return;
    while (this.waiting.length > 0 && this.streams.size < this.maxConcurrent)
      this.submit(this.waiting.shift()!);
    this.watchForNoSlot();
  }

  /**
   * A server may allow 0 streams for a while (RFC 9113 §6.5.2) and raise it later; one that keeps it
   * at 0 for the connect timeout would hold its requests forever, so they end as errors.
   */
  private watchForNoSlot(): void {
    const stuck = this.waiting.length > 0 && this.streams.size === 0 && this.maxConcurrent === 0;
    if (!stuck) {
      clearTimeout(this.noSlotTimer);
      this.noSlotTimer = undefined;
      return;
    }
    this.noSlotTimer ??= setTimeout(() => {
      this.noSlotTimer = undefined;
      if (this.maxConcurrent !== 0) return;
      for (const exchange of this.waiting.splice(0)) {
        exchange.ensureStarted();
        exchange.fail(
          'connect',
          `The server allowed no streams (SETTINGS_MAX_CONCURRENT_STREAMS 0) for ${this.settings.connectTimeoutMs} ms.`,
          'SETTINGS_MAX_CONCURRENT_STREAMS 0',
        );
      }
      this.closeWhenIdle('the server allowed no streams');
    }, this.settings.connectTimeoutMs);
  }

  private submit(exchange: Exchange): void {
    const prepared = exchange.prepared!;
    const hasBody = prepared.body !== undefined && prepared.body.length > 0;
    let stream: http2.ClientHttp2Stream;
    try {
      stream = this.session!.request(nodeRequestHeaders(prepared), { endStream: !hasBody });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      exchange.fail('write', `The request cannot be sent over HTTP/2: ${e.message}.`, e.code);
      this.owner.onStreamDone(this);
      return;
    }
    this.streamsOpened += 1;
    const streamId = stream.id!;
    exchange.beginAttempt({
      connectionId: this.id,
      positionOnConnection: this.streamsOpened,
      reused: this.streamsOpened > 1,
      // HTTP/2 connections keep frames, not bytes: no byte range to point at.
      written: [0, 0],
      protocol: 'h2',
      streamId,
    });
    if (this.streamsOpened === 1) exchange.markConnectionPhases(this.phases);
    const turnMs = this.clock.now();
    exchange.markTurn(turnMs);
    this.record.requests.push(exchange.index);
    // The frame list's copy of the header list keeps neither the body nor Digest credentials alive.
    const { method, url, headers } = prepared;
    const bodyLength = prepared.body?.length;
    const entry: StreamEntry = {
      exchange,
      stream,
      streamId,
      trailers: [],
      headers: () => requestHeaderList({ method, url, headers }, bodyLength),
      receivedHeadersFrame: -1,
    };
    this.streams.set(streamId, entry);
    stream.on('headers', (_headers: http2.IncomingHttpHeaders, _flags: number, raw: string[]) => {
      // Informational (1xx) heads; the final one comes as 'response'.
      this.decorate(entry, raw);
      exchange.addInterim(responseHead(raw));
    });
    stream.on('response', (_headers: http2.IncomingHttpHeaders, _flags: number, raw: string[]) => {
      this.decorate(entry, raw);
      exchange.receiveHead(responseHead(raw));
    });
    stream.on('data', (chunk: Buffer) => exchange.addBody(chunk));
    stream.on('trailers', (_headers: http2.IncomingHttpHeaders, _flags: number, raw: string[]) => {
      this.decorate(entry, raw);
      entry.trailers = headerPairs(raw);
    });
    stream.on('end', () => this.onStreamEnd(entry));
    // The outcome is decided on 'close', from the codes; the error itself says less.
    stream.on('error', () => undefined);
    stream.on('close', () => this.onStreamClose(entry));
    this.deadlines.watch(entry, turnMs + exchange.timeoutMs);
    if (hasBody) stream.end(prepared.body);
  }

  private onStreamEnd(entry: StreamEntry): void {
    const { exchange } = entry;
    if (this.streams.get(entry.streamId) !== entry || !exchange.head) return;
    this.forget(entry);
    exchange.succeed(entry.trailers, [0, 0]);
    this.owner.onStreamDone(this);
  }

  private onStreamClose(entry: StreamEntry): void {
    const { exchange, stream, streamId } = entry;
    if (this.streams.get(streamId) !== entry) return;
    this.forget(entry);
    if (exchange.settled) return this.owner.onStreamDone(this);
    this.owner.onStreamFailed(this, exchange, this.whyStreamFailed(streamId, exchange, stream.rstCode));
  }

  private whyStreamFailed(streamId: number, exchange: Exchange, nodeCode: number | undefined): StreamFailure {
    const reset = this.resetByServer.get(streamId);
    if (!exchange.answered) {
      if (this.goaway && streamId > this.goaway.lastStreamId) {
        return {
          kind: 'refused',
          why: `the server's GOAWAY (${this.goaway.code}) said it did not process streams after ${this.goaway.lastStreamId}`,
        };
      }
      if (reset === REFUSED_STREAM)
        return { kind: 'refused', why: 'the server refused the stream (REFUSED_STREAM)' };
    }
    if (reset !== undefined && reset !== NO_ERROR) return { kind: 'reset', code: errorCodeName(reset) };
    if (this.lost || this.closing) return { kind: 'lost', cause: this.errorCause ?? 'closed by server' };
    // Node closed the stream itself (a protocol error it detected in the server's frames).
    return { kind: 'reset', code: errorCodeName(nodeCode ?? NO_ERROR) };
  }

  private onStreamTimeout(entry: StreamEntry): void {
    const { exchange, stream } = entry;
    if (this.streams.get(entry.streamId) !== entry) return;
    this.forget(entry);
    const waitingForWindow =
      exchange.timings.sentMs === undefined &&
      exchange.prepared?.body !== undefined &&
      exchange.timings.turnMs !== undefined;
    exchange.fail(
      'timeout',
      waitingForWindow
        ? `No complete response within ${exchange.timeoutMs} ms: the request body was still waiting for the server's flow-control window (a flow-control stall); the stream was cancelled.`
        : `No complete response within ${exchange.timeoutMs} ms; the stream was cancelled (RST_STREAM CANCEL), the connection stays open.`,
      waitingForWindow ? 'flow-control stall' : 'request timeout',
    );
    stream.close(CANCEL);
    this.owner.onStreamDone(this);
  }

  /** The stream is done with, one way or another: its slot goes to the next waiting request. */
  private forget(entry: StreamEntry): void {
    this.streams.delete(entry.streamId);
    this.deadlines.done(entry);
    this.pump();
  }

  private readonly onFrameSent: FrameSink = (type, flags, streamId, length, payload, atMs) => {
    const index = this.frameLog.add('sent', atMs, type, flags, streamId, length, payload);
    if (type !== HEADERS && type !== DATA) return;
    const entry = this.streams.get(streamId);
    if (!entry) return;
    if (type === HEADERS) this.frameLog.setHeaders(index, entry.headers);
    if ((flags & END_STREAM) !== 0) entry.exchange.markSent(atMs);
  };

  private readonly onFrameReceived: FrameSink = (type, flags, streamId, length, payload, atMs) => {
    const index = this.frameLog.add('received', atMs, type, flags, streamId, length, payload);
    if (type === HEADERS || type === DATA) {
      const entry = this.streams.get(streamId);
      if (!entry) return;
      if (type === HEADERS) entry.receivedHeadersFrame = index;
      entry.exchange.markFirstByte(atMs);
    } else if (type === RST_STREAM) {
      this.resetByServer.set(streamId, frameErrorCode(type, payload) ?? NO_ERROR);
    }
  };

  /** The stream's last HEADERS frame received gets the fields Node decoded from it, in the frame list. */
  private decorate(entry: StreamEntry, raw: readonly string[]): void {
    this.frameLog.setHeaders(entry.receivedHeadersFrame, () => headerPairs(raw));
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.noSlotTimer);
    for (const entry of [...this.streams.values()]) this.onStreamClose(entry);
    this.deadlines.clear();
    const cause = this.errorCause ?? (this.closedByUs ? this.record.closeReason! : 'closed by server');
    this.record.closedMs = this.clock.now();
    this.record.closeReason ??= cause;
    if (this.frameLog.dropped > 0) this.record.framesTruncated = true;
    const info: H2CloseInfo = { established: this.established, cause, reason: this.record.closeReason };
    if (!this.established) info.failedPhase = this.failedPhase ?? 'connect';
    this.owner.onClosed(this, info, this.waiting.splice(0));
    this.markClosed();
  }
}
