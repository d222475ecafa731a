// The demo server's routes. Each answers from the request alone, so pipelined requests can be
// worked on at the same time: Node's http server emits 'request' for every pipelined request as
// soon as it is parsed and holds back each response until the ones before it have been sent.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';
import { parseChallenges } from '../engine/digestAuth';

/** Caps keep a stray or hostile request from tying the demo server up. */
const MAX_DELAY_MS = 60_000;
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_CHUNKS = 1000;
const MAX_ECHO_BODY_BYTES = 1024 * 1024;
/** Compressing takes time: a smaller cap than /bytes keeps one request from holding the server up. */
const MAX_COMPRESSED_BYTES = 16 * 1024 * 1024;
const DEFAULT_CHUNKS = 4;

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  onCancel: (cancel: () => void) => void,
) => void;

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value) + '\n');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

function badRequest(res: ServerResponse, message: string): void {
  sendJson(res, 400, { error: message });
}

/** A whole number in [0, max] from the query, the default when absent, undefined when invalid. */
function intParam(url: URL, name: string, max: number, fallback?: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value <= max ? value : undefined;
}

/** Predictable filler (`abc…xyz` repeated) so a client can check what it received. */
function filler(length: number, offset = 0): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) out[i] = 97 + ((i + offset) % 26);
  return out;
}

const delay: RouteHandler = (_req, res, url, onCancel) => {
  const ms = intParam(url, 'ms', MAX_DELAY_MS);
  if (ms === undefined) return badRequest(res, `ms must be a whole number from 0 to ${MAX_DELAY_MS}`);
  const startedAt = process.hrtime.bigint();
  const timer = setTimeout(() => {
    const waitedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    sendJson(res, 200, { delayedMs: ms, waitedMs: Math.round(waitedMs) });
  }, ms);
  onCancel(() => clearTimeout(timer));
};

const status: RouteHandler = (req, res, url) => {
  const code = Number(url.pathname.slice('/status/'.length));
  if (!Number.isInteger(code) || code < 200 || code > 599) {
    return badRequest(res, 'status code must be a whole number from 200 to 599');
  }
  // 204 and 304 never carry a body (RFC 9110 §15.3.5, §15.4.5); HEAD never does either.
  if (code === 204 || code === 304 || req.method === 'HEAD') {
    res.writeHead(code);
    res.end();
    return;
  }
  sendJson(res, code, { status: code });
};

const bytes: RouteHandler = (_req, res, url) => {
  const n = intParam(url, 'n', MAX_BYTES);
  if (n === undefined) return badRequest(res, `n must be a whole number from 0 to ${MAX_BYTES}`);
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': n });
  res.end(filler(n));
};

const chunked: RouteHandler = (_req, res, url, onCancel) => {
  const n = intParam(url, 'n', MAX_BYTES);
  const chunks = intParam(url, 'chunks', MAX_CHUNKS, DEFAULT_CHUNKS);
  if (n === undefined) return badRequest(res, `n must be a whole number from 0 to ${MAX_BYTES}`);
  if (!chunks) return badRequest(res, `chunks must be a whole number from 1 to ${MAX_CHUNKS}`);
  // No Content-Length, so Node frames the body with Transfer-Encoding: chunked, one chunk per write.
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  const size = Math.ceil(n / chunks);
  let offset = 0;
  let pending: NodeJS.Immediate | undefined;
  // One write per event-loop turn so the chunks also leave as separate TCP segments most of the time.
  const writeNext = (): void => {
    if (offset >= n) {
      res.end();
      return;
    }
    const length = Math.min(size, n - offset);
    res.write(filler(length, offset));
    offset += length;
    pending = setImmediate(writeNext);
  };
  writeNext();
  onCancel(() => {
    if (pending) clearImmediate(pending);
  });
};

const echo: RouteHandler = (req, res) => {
  const parts: Buffer[] = [];
  let received = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_ECHO_BODY_BYTES) tooLarge = true;
    else parts.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) {
      sendJson(res, 413, { error: `echo bodies are limited to ${MAX_ECHO_BODY_BYTES} bytes` });
      return;
    }
    const headers: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    sendJson(res, 200, {
      method: req.method,
      url: req.url,
      httpVersion: req.httpVersion,
      headers,
      body: Buffer.concat(parts).toString('utf8'),
      bodyBytes: received,
    });
  });
};

/** `/gzip?n=N`, `/br?n=N`: N bytes of filler sent with that Content-Encoding, for clients that decode it. */
function compressed(coding: 'gzip' | 'br'): RouteHandler {
  return (_req, res, url) => {
    const n = intParam(url, 'n', MAX_COMPRESSED_BYTES);
    if (n === undefined) return badRequest(res, `n must be a whole number from 0 to ${MAX_COMPRESSED_BYTES}`);
    const done = (error: Error | null, body: Buffer): void => {
      if (error) return sendJson(res, 500, { error: error.message });
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Encoding': coding,
        'Content-Length': body.length,
      });
      res.end(body);
    };
    // Asynchronous, so other pipelined requests are served while a large body is compressed.
    if (coding === 'gzip') zlib.gzip(filler(n), done);
    else zlib.brotliCompress(filler(n), done);
  };
}

const gzipped = compressed('gzip');
const brotli = compressed('br');

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `/redirect?to=/path&status=302`: a redirect to a path on this server. Only paths: the demo server
 * must not become an open redirect to anywhere.
 */
const redirect: RouteHandler = (_req, res, url) => {
  const to = url.searchParams.get('to') ?? '/status/200';
  const code = intParam(url, 'status', 399, 302);
  if (!to.startsWith('/') || to.startsWith('//'))
    return badRequest(res, 'to must be a path on this server, like /status/200');
  if (code === undefined || !REDIRECT_STATUSES.has(code))
    return badRequest(res, 'status must be 301, 302, 303, 307 or 308');
  const body = Buffer.from(`Redirecting to ${to}\n`);
  res.writeHead(code, {
    Location: to,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
};

export const DEMO_DIGEST_USER = 'demo';
export const DEMO_DIGEST_PASSWORD = 'demo';
const DIGEST_REALM = 'httpipe demo';

/**
 * `/digest?algorithm=MD5|SHA-256`: protected by Digest auth (RFC 7616, qop=auth) for user `demo`,
 * password `demo`. Answers the first request with a 401 challenge and checks the answer as a server does.
 */
const digest: RouteHandler = (req, res, url) => {
  const algorithm = url.searchParams.get('algorithm') ?? 'MD5';
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256')
    return badRequest(res, 'algorithm must be MD5 or SHA-256');
  const h = (text: string): string =>
    createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(text)
      .digest('hex');
  const answer = parseChallenges(req.headers.authorization ?? '').find(
    (c) => c.scheme.toLowerCase() === 'digest',
  )?.params;
  if (answer) {
    const ha1 = h(`${DEMO_DIGEST_USER}:${DIGEST_REALM}:${DEMO_DIGEST_PASSWORD}`);
    const ha2 = h(`${req.method}:${answer.get('uri')}`);
    const expected = h(
      `${ha1}:${answer.get('nonce')}:${answer.get('nc')}:${answer.get('cnonce')}:auth:${ha2}`,
    );
    if (
      answer.get('username') === DEMO_DIGEST_USER &&
      answer.get('uri') === req.url &&
      answer.get('response') === expected
    ) {
      return sendJson(res, 200, { authenticated: DEMO_DIGEST_USER, algorithm });
    }
  }
  const nonce = randomBytes(12).toString('hex');
  const body = Buffer.from(
    JSON.stringify({ error: answer ? 'wrong credentials' : 'credentials required' }) + '\n',
  );
  res.writeHead(401, {
    'WWW-Authenticate': `Digest realm="${DIGEST_REALM}", qop="auth", algorithm=${algorithm}, nonce="${nonce}"`,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
};

/** Exact paths first, then the one prefix route. */
export function findRoute(pathname: string): RouteHandler | undefined {
  switch (pathname) {
    case '/delay':
      return delay;
    case '/bytes':
      return bytes;
    case '/chunked':
      return chunked;
    case '/echo':
      return echo;
    case '/gzip':
      return gzipped;
    case '/br':
      return brotli;
    case '/redirect':
      return redirect;
    case '/digest':
      return digest;
  }
  return pathname.startsWith('/status/') ? status : undefined;
}
