// The engine's contract: what goes in (request specs and options) and what comes out (one result
// per request, one record per connection). The CLI prints it, the extension posts it to the webview,
// history stores it. Times are milliseconds since the run started (process.hrtime based).

import type { RunMode } from '../common/runModes';

/** The protocol a request went over (`h2`: HTTP/2, over TLS with ALPN or cleartext with prior knowledge). */
export type WireProtocol = 'http/1.1' | 'h2';

/** A request ready for the wire: every variable resolved, the body read. */
export interface PreparedRequest {
  method: string;
  /** Absolute http: or https: URL. The fragment is never sent. */
  url: URL;
  /** In the user's order and case. The serializer adds Host and Content-Length when missing. */
  headers: Array<[string, string]>;
  body?: Buffer;
  /**
   * Digest credentials (`Authorization: Digest user password` in the file): the request goes out without
   * Authorization, and a 401 Digest challenge is answered as a new hop. Never logged or stored.
   */
  auth?: { scheme: 'digest'; username: string; password: string };
}

/** One request of a run, as the scheduler sees it before it is prepared. */
export interface RequestSpec {
  /** Position in the run; results come back in this order. */
  index: number;
  /** Display name: the request's `@name`, or `METHOD url` when it has none. */
  name: string;
  /** Known before preparation so the scheduler can plan barriers (RFC 9112 §9.3.2). */
  method: string;
  /** The target as written, shown when the request is never prepared. */
  displayUrl: string;
  /** Indexes of earlier requests whose response this one uses (`{{login.response…}}`). */
  dependsOn: number[];
  /**
   * Why the request waits for a dependency, when it is not for its response: worded by the caller
   * (`uses \`token\`, set by the response handler of #1 login`), keyed by the dependency's index.
   */
  dependencyReasons?: ReadonlyMap<number, string>;
  /** `# @no-pipeline`: nothing is pipelined past this request. */
  noPipeline: boolean;
  /** `# @timeout`: overrides RunOptions.requestTimeoutMs for this request. */
  timeoutMs?: number;
  /** `# @no-redirect`: a 3xx is this request's final response. */
  noRedirect?: boolean;
  /** `# @no-cookie-jar`: the run's cookie jar neither adds cookies to this request nor stores its Set-Cookie. */
  noCookieJar?: boolean;
  /**
   * The protocol the request line asks for (`HTTP/1.1`, `HTTP/2`, `HTTP/2 (Prior Knowledge)`,
   * `HTTP/2.0`); it wins over the run's mode. Absent: the mode decides (HTTP/2 in mode `h2`).
   */
  protocol?: WireProtocol;
  /**
   * Called when the request's turn comes, after its dependencies have ended, with the results so far.
   * A throw or rejection becomes this request's error (phase `prepare`); the run goes on.
   */
  prepare(results: readonly RequestResult[]): PreparedRequest | Promise<PreparedRequest>;
}

export interface EngineLimits {
  /** Status line plus header section, per response. */
  maxHeaderBytes: number;
  maxHeaderCount: number;
  /** Body bytes kept in memory per response; the rest is counted (and spooled when a spool dir is set). */
  maxBodyBytesInMemory: number;
  /** Bytes of each direction of each connection kept for the raw wire view. */
  maxWireLogBytes: number;
  /**
   * Body bytes all responses of a run keep in memory together; past it bodies are spooled (with a
   * spool dir) or counted and not kept. A 1,000-response run of 1 MiB bodies then stays bounded.
   */
  memoryBudgetBytes: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxHeaderBytes: 256 * 1024,
  maxHeaderCount: 1000,
  maxBodyBytesInMemory: 16 * 1024 * 1024,
  maxWireLogBytes: 4 * 1024 * 1024,
  memoryBudgetBytes: 256 * 1024 * 1024,
};

/** Client certificate and trust for one host (PEM strings or buffers; `pfx` is PKCS#12). */
export interface TlsHostOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  pfx?: string | Buffer;
  passphrase?: string;
}

export interface TlsOptions extends TlsHostOptions {
  /** Verify the server certificate (default true). Off only by explicit user choice. */
  rejectUnauthorized?: boolean;
  /**
   * Per host, keyed `host:port` or `host` (as written in URLs, IPv6 in brackets, case-insensitive);
   * `host:port` wins over `host`. Each field set there replaces the run-wide one for that host.
   */
  perHost?: Record<string, TlsHostOptions>;
}

/**
 * Requests through an HTTP proxy (RFC 9110 §3.7). http: origins: each request in absolute-form
 * (RFC 9112 §3.2.2) on a connection to the proxy, one connection per origin, kept alive and
 * pipelined as without a proxy. https: origins: a CONNECT tunnel (RFC 9110 §9.3.6) per connection,
 * then TLS with the origin inside it, then requests as usual. Built by src/core/proxy.
 */
export interface ProxyOptions {
  /** Proxy for http: origins (`http://` or `https://` proxy URL; user:password become Proxy-Authorization). */
  http?: URL;
  /** Proxy for https: origins. */
  https?: URL;
  /** Origins reached directly: NO_PROXY syntax, see src/core/proxy/noProxy.ts. */
  noProxy?: string | readonly string[];
  /** Proxy-Authorization value for a proxy URL without credentials (VS Code's http.proxyAuthorization). */
  authorization?: string;
  /** Verify an https: proxy's certificate (default true; VS Code's http.proxyStrictSSL). */
  rejectUnauthorized?: boolean;
}

export interface RunOptions {
  mode: RunMode;
  signal?: AbortSignal;
  /** Per request, from the moment it was written until its response ended (default 30 s). */
  requestTimeoutMs?: number;
  /** Whole run (default: none). When it fires, the run is cancelled with that reason. */
  runTimeoutMs?: number;
  /** TCP connect plus TLS handshake (default 10 s). */
  connectTimeoutMs?: number;
  limits?: Partial<EngineLimits>;
  /**
   * Directory for bodies larger than maxBodyBytesInMemory or past the run's memoryBudgetBytes: such a body is written in full to a new
   * temp file there (ResponseData.bodyFile) while `body` keeps the in-memory preview. The files are
   * the caller's to delete. Without it, the bytes past the limit are only counted.
   */
  spoolDir?: string;
  tls?: TlsOptions;
  /** Follow 301/302/303/307/308 as hops of the same request (default true). */
  followRedirects?: boolean;
  /** Redirects followed per request before it ends as an error (default 10). */
  maxRedirects?: number;
  /** The run's cookie jar (one per run); without it no cookies are added or stored. */
  cookieJar?: CookieJarPort;
  proxy?: ProxyOptions;
  /**
   * The session's memory of connection budgets (one per extension window or CLI process, shared by
   * its runs): pipelined runs start from what an earlier run learned about an origin, opening the
   * connections they need at once. Without it every run learns afresh.
   */
  budgetMemory?: BudgetMemoryPort;
  /** Live progress for UIs; must not throw. */
  onEvent?: (event: RunEvent) => void;
}

/**
 * Connection budgets a session learned, keyed by origin (and proxy route): `BudgetMemory` in
 * connectionBudget.ts. A port here so that this contract imports no engine module (the webview reads it).
 */
export interface BudgetMemoryPort {
  recall(key: string): number | undefined;
  remember(key: string, requests: number): void;
}

/**
 * A cookie jar as the engine sees it (RFC 6265); the implementation (src/core/cookies) is the caller's,
 * so the engine depends on no cookie library.
 */
export interface CookieJarPort {
  /** The name/value pairs the jar would send to `url` now, in the order the jar sends them. */
  cookiesFor(url: URL): Array<[string, string]>;
  /** Stores the Set-Cookie field values of a response to `url`; returns the names the jar accepted. */
  store(url: URL, setCookieValues: readonly string[]): string[];
}

/** What the run's cookie jar did for one request; absent when the jar was off for it. Names only, never values. */
export interface CookieUse {
  /** Cookie names the jar added to the request's Cookie header, hops included (names the user wrote are not among them). */
  sent: string[];
  /** Cookie names of the Set-Cookie fields the jar accepted from the response and its hops (a deletion counts too). */
  stored: string[];
  /**
   * Pipelined runs: cookies an earlier request's response set after this request was already written,
   * which the jar would otherwise have sent with it.
   */
  missed?: MissedCookies[];
}

export interface MissedCookies {
  /** Index of the request whose response set them. */
  from: number;
  names: string[];
}

export type RunEvent =
  | { type: 'request-started'; index: number }
  | { type: 'request-finished'; result: RequestResult }
  | { type: 'connection-opened'; connectionId: number; origin: string }
  | { type: 'connection-closed'; connectionId: number; reason: string };

export type Outcome = 'response' | 'error' | 'not-sent';

/** Every field is ms since the run's start; absent when the phase did not happen. */
export interface RequestTimings {
  /** The scheduler took the request up (its dependencies and barriers were cleared). */
  startMs: number;
  /**
   * DNS, TCP and TLS phases end: only on the request that opened its connection. Through a proxy,
   * DNS and connect are those of the proxy, and for an https: origin `proxyMs` is when the proxy's
   * 2xx to CONNECT arrived (the tunnel's round trip runs from connectMs to proxyMs) and `tlsMs` the
   * end of the handshake with the origin inside the tunnel; behind an https: proxy, the proxy's own
   * handshake is inside the proxy phase (https: origin) or is the TLS phase (http: origin).
   */
  dnsMs?: number;
  connectMs?: number;
  proxyMs?: number;
  tlsMs?: number;
  /** The request's last byte was handed to the kernel. */
  sentMs?: number;
  /** The response's turn began: the previous response on the connection ended (pipelining). */
  turnMs?: number;
  firstByteMs?: number;
  endMs?: number;
}

export interface ResponseHead {
  /** `1.1`, `1.0`. */
  httpVersion: string;
  status: number;
  statusText: string;
  /** As received, in order, names in the server's case. */
  headers: Array<[string, string]>;
}

export interface ResponseData extends ResponseHead {
  /** 1xx interim responses that came before the final one. */
  interim: ResponseHead[];
  trailers: Array<[string, string]>;
  /** Body with transfer coding removed (content coding untouched), up to maxBodyBytesInMemory. */
  body: Buffer;
  /** All body bytes received, also past the in-memory limit. */
  bodyBytes: number;
  bodyTruncated: boolean;
  /** Whole body on disk when it passed the in-memory limit and spooling was on. */
  bodyFile?: string;
}

export type ErrorPhase = 'prepare' | 'connect' | 'tls' | 'write' | 'response' | 'timeout' | 'cancelled';

export interface RequestError {
  phase: ErrorPhase;
  /** One sentence a user can act on. */
  message: string;
  /** Underlying code or detail: `ECONNREFUSED`, `invalid chunk size`, … */
  cause?: string;
  /** For malformed responses: offset in the connection's read stream where parsing failed. */
  byteOffset?: number;
}

/** Why a request was not written as soon as the previous one was. */
export interface Wait {
  kind: 'non-idempotent' | 'no-pipeline' | 'dependency' | 'fallback' | 'retry';
  /** The request waited for, when there is one. */
  on?: number;
  reason: string;
}

/** Why a hop's response was not the final one. */
export type HopReason =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'digest'; realm: string; algorithm: string };

/**
 * An earlier exchange of a request: a redirect that was followed, or a 401 Digest challenge that was
 * answered. Each hop is a new request written on a connection (not a replay), with its own timing.
 */
export interface Hop {
  method: string;
  url: string;
  httpVersion: string;
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  /** Why the next hop (or the final exchange) followed this response. */
  reason: HopReason;
  connectionId?: number;
  positionOnConnection?: number;
  reused: boolean;
  retried: boolean;
  timings: RequestTimings;
  wire?: { written: [number, number]; read?: [number, number] };
}

/** What every request's result has, whatever its outcome (the fields of the final exchange). */
export interface RequestResultBase {
  index: number;
  name: string;
  method: string;
  /** Resolved URL when the request was prepared, the written target otherwise. */
  url: string;
  connectionId?: number;
  /** 1-based position of this request on its connection. */
  positionOnConnection?: number;
  /** What the request was written over; absent when it never was. */
  protocol?: WireProtocol;
  /** HTTP/2: the stream the request was sent on. */
  streamId?: number;
  /** The connection was already open when this request was written. */
  reused: boolean;
  /** Re-sent on a new connection after the server closed before answering it (or refused its HTTP/2 stream). */
  retried: boolean;
  waits: Wait[];
  cookies?: CookieUse;
  timings: RequestTimings;
  /** Where this exchange sits in its connection's wire log ([start, end) byte offsets). */
  wire?: { written: [number, number]; read?: [number, number] };
  /**
   * The earlier exchanges of this request (redirects followed, Digest challenges answered), in order;
   * absent when there were none. Every other field describes the final exchange.
   */
  hops?: Hop[];
}

export interface ResponseResult extends RequestResultBase {
  outcome: 'response';
  response: ResponseData;
  error?: never;
  notSentReason?: never;
}

export interface ErrorResult extends RequestResultBase {
  outcome: 'error';
  error: RequestError;
  response?: never;
  notSentReason?: never;
}

export interface NotSentResult extends RequestResultBase {
  outcome: 'not-sent';
  notSentReason: string;
  response?: never;
  error?: never;
}

/**
 * A request's result: narrow on `outcome` to reach the response, the error or the reason it was not
 * sent. Each variant carries only its own of those three (the others are `never`, so reading them
 * before narrowing gives `undefined`, not a type error).
 */
export type RequestResult = ResponseResult | ErrorResult | NotSentResult;

export interface ConnectionRecord {
  id: number;
  /** `http://host:port`. */
  origin: string;
  /** The proxy the connection went to, without credentials (`http://127.0.0.1:3128`); remoteAddress is then the proxy's. */
  via?: string;
  remoteAddress?: string;
  localPort?: number;
  openedMs: number;
  closedMs?: number;
  closeReason?: string;
  /** Who ended it: `server` (it closed, reset or never answered the connect), `client` (httpipe did). */
  closedBy?: 'client' | 'server';
  /** Request indexes in the order they were written on this connection (a request's hops repeat it). */
  requests: number[];
  /** `h2`: an HTTP/2 connection, shown as `frames`; its bytes (HPACK-compressed) are not kept. */
  protocol?: WireProtocol;
  /** HTTP/2: every frame sent and received, in order (up to a limit, see framesTruncated). */
  frames?: H2Frame[];
  framesTruncated?: boolean;
  written: Buffer;
  read: Buffer;
  writtenTruncated: boolean;
  readTruncated: boolean;
}

/** One HTTP/2 frame on a connection (RFC 9113 §4.1), with its headers decoded for HEADERS frames. */
export interface H2Frame {
  direction: 'sent' | 'received';
  atMs: number;
  /** `HEADERS`, `DATA`, `SETTINGS`, …; `0x2a` for a type RFC 9113 does not name. */
  type: string;
  streamId: number;
  /** Flag names (`END_STREAM`, `END_HEADERS`, `ACK`, …). */
  flags: string[];
  /** Payload length in bytes. */
  length: number;
  /** HEADERS: the header fields it carried, pseudo-headers first, as sent or as Node's HPACK decoder read them. */
  headers?: Array<[string, string]>;
  /** Control frames: the payload in words (`MAX_CONCURRENT_STREAMS=100`, `REFUSED_STREAM`, `+65535`). */
  detail?: string;
}

export interface RunResult {
  mode: RunMode;
  wallMs: number;
  connectionsOpened: number;
  requests: RequestResult[];
  connections: ConnectionRecord[];
  /** Run-level explanations, e.g. a pipelining fallback and its reason. */
  notes: string[];
  cancelled: boolean;
}
