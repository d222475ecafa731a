// Redirects and Digest challenges as hops of one request, against real node:http servers on loopback.
import type { RunMode } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newRunCookieJar } from '../../../src/core/cookies/runCookieJar';
import { runRequests } from '../../../src/core/engine/runRequests';
import { parseChallenges } from '../../../src/core/engine/digestAuth';
import { startLoopbackProxy } from '../../support/loopbackProxy';
import { bodies, requests } from '../../support/requestSpecs';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  origin: string;
  seen: Seen[];
  connections: number;
  server: http.Server;
}

async function startServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<TestServer> {
  const state = { seen: [] as Seen[], connections: 0 } as TestServer;
  state.server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      state.seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  state.server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

async function stop(server: TestServer): Promise<void> {
  server.server.closeAllConnections();
  await new Promise<void>((resolve) => server.server.close(() => resolve()));
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** /redirect/STATUS?to=URL answers STATUS to `to`; /loop redirects to itself; anything else echoes. */
function redirecting(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const url = new URL(req.url!, 'http://x');
  const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (redirect)
    return send(res, Number(redirect[1]), 'moved', { Location: url.searchParams.get('to') ?? '/final' });
  if (url.pathname === '/loop') return send(res, 302, '', { Location: '/loop' });
  if (url.pathname === '/no-location') return send(res, 302, 'nowhere');
  send(res, 200, `${req.method} ${req.url} ${body}`);
}

describe('engine hops: redirects', () => {
  let a: TestServer;
  let b: TestServer;
  beforeEach(async () => {
    a = await startServer(redirecting);
    b = await startServer(redirecting);
  });
  afterEach(async () => {
    await stop(a);
    await stop(b);
  });

  for (const mode of ['keepalive', 'pipelined'] as RunMode[]) {
    it(`follows a same-origin 302 on the same connection (${mode})`, async () => {
      const result = await runRequests(
        requests([
          ['GET', `${a.origin}/redirect/302?to=/final`],
          ['GET', `${a.origin}/after`],
        ]),
        { mode },
      );
      const [first, second] = result.requests;
      assert.equal(first.outcome, 'response');
      assert.equal(first.response!.status, 200);
      assert.equal(first.url, `${a.origin}/final`);
      assert.equal(first.hops!.length, 1);
      const hop = first.hops![0];
      assert.deepEqual(hop.reason, { kind: 'redirect', status: 302, location: `${a.origin}/final` });
      assert.equal(hop.status, 302);
      assert.equal(hop.url, `${a.origin}/redirect/302?to=/final`);
      assert.equal(hop.connectionId, first.connectionId);
      assert.equal(hop.positionOnConnection, 1);
      assert.equal(first.reused, true);
      assert.equal(second.response!.body.toString(), 'GET /after ');
      assert.equal(a.connections, 1);
      // Keep-alive waits for the whole request, hop included; pipelining had /after on the wire already,
      // and the hop went out once it was answered.
      const order = mode === 'keepalive' ? [0, 0, 1] : [0, 1, 0];
      assert.deepEqual(result.connections[0].requests, order);
      assert.equal(first.positionOnConnection, order.lastIndexOf(0) + 1);
      if (mode === 'pipelined') assert.ok(second.timings.endMs! <= first.timings.sentMs!);
      assert.ok(hop.timings.endMs! <= first.timings.startMs);
    });
  }

  it('opens the other origin for a cross-origin hop and drops Authorization there', async () => {
    const result = await runRequests(
      requests([
        [
          'GET',
          `${a.origin}/redirect/302?to=${encodeURIComponent(`${b.origin}/there`)}`,
          {
            headers: [
              ['Authorization', 'Bearer secret'],
              ['X-Keep', '1'],
            ],
          },
        ],
      ]),
      { mode: 'keepalive' },
    );
    const [r] = result.requests;
    assert.equal(r.response!.body.toString(), 'GET /there ');
    assert.notEqual(r.hops![0].connectionId, r.connectionId);
    assert.equal(b.seen[0].headers.authorization, undefined);
    assert.equal(b.seen[0].headers['x-keep'], '1');
    assert.equal(a.seen[0].headers.authorization, 'Bearer secret');
  });

  it('keeps Authorization on a same-origin hop', async () => {
    await runRequests(
      requests([
        ['GET', `${a.origin}/redirect/301?to=/final`, { headers: [['Authorization', 'Bearer secret']] }],
      ]),
      { mode: 'keepalive' },
    );
    assert.deepEqual(
      a.seen.map((s) => s.headers.authorization),
      ['Bearer secret', 'Bearer secret'],
    );
  });

  for (const status of [301, 302, 303]) {
    it(`turns a POST into a GET without body or Content-* headers on ${status}`, async () => {
      const result = await runRequests(
        requests([
          [
            'POST',
            `${a.origin}/redirect/${status}?to=/final`,
            {
              body: '{"a":1}',
              headers: [
                ['Content-Type', 'application/json'],
                ['X-Keep', '1'],
              ],
            },
          ],
        ]),
        { mode: 'keepalive' },
      );
      assert.equal(result.requests[0].method, 'GET');
      assert.equal(result.requests[0].response!.body.toString(), 'GET /final ');
      const hopped = a.seen[1];
      assert.equal(hopped.method, 'GET');
      assert.equal(hopped.headers['content-type'], undefined);
      assert.equal(hopped.headers['content-length'], undefined);
      assert.equal(hopped.headers['x-keep'], '1');
      assert.equal(result.requests[0].hops![0].method, 'POST');
    });
  }

  for (const status of [307, 308]) {
    it(`keeps the POST and its body on ${status}`, async () => {
      const result = await runRequests(
        requests([
          [
            'POST',
            `${a.origin}/redirect/${status}?to=/final`,
            { body: 'payload', headers: [['Content-Type', 'text/plain']] },
          ],
        ]),
        { mode: 'pipelined' },
      );
      assert.equal(result.requests[0].response!.body.toString(), 'POST /final payload');
      assert.equal(a.seen[1].headers['content-type'], 'text/plain');
    });
  }

  it('resolves a relative Location against the hop URL', async () => {
    const result = await runRequests(requests([['GET', `${a.origin}/redirect/302?to=../up/x?q=1`]]), {
      mode: 'fresh',
    });
    assert.equal(result.requests[0].url, `${a.origin}/up/x?q=1`);
    assert.equal(a.connections, 2);
  });

  it('ends a redirect loop as an error naming the limit, hops kept', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${a.origin}/loop`],
        ['GET', `${a.origin}/after`],
      ]),
      { mode: 'keepalive' },
    );
    const [r, after] = result.requests;
    assert.equal(r.outcome, 'error');
    assert.match(r.error!.message, /10 redirects/);
    assert.equal(r.hops!.length, 11);
    assert.equal(a.seen.filter((s) => s.url === '/loop').length, 11);
    assert.equal(after.response!.status, 200);
  });

  it('treats a 3xx without Location as the final response, with a note', async () => {
    const result = await runRequests(requests([['GET', `${a.origin}/no-location`]]), { mode: 'keepalive' });
    assert.equal(result.requests[0].response!.status, 302);
    assert.equal(result.requests[0].hops, undefined);
    assert.ok(result.notes.some((n) => /no Location/.test(n)));
  });

  it('does not follow with @no-redirect, nor with followRedirects off', async () => {
    const url = `${a.origin}/redirect/302?to=/final`;
    const noRedirect = await runRequests(
      requests([
        ['GET', url, { noRedirect: true }],
        ['GET', url],
      ]),
      { mode: 'keepalive' },
    );
    assert.deepEqual(
      noRedirect.requests.map((r) => r.response!.status),
      [302, 200],
    );
    const off = await runRequests(requests([['GET', url]]), { mode: 'keepalive', followRedirects: false });
    assert.equal(off.requests[0].response!.status, 302);
    assert.equal(off.requests[0].hops, undefined);
  });

  it('matches every response in a pipelined run with a redirect in the middle', async () => {
    const list: Array<[string, string]> = [];
    for (let i = 0; i < 8; i++)
      list.push(['GET', i === 3 ? `${a.origin}/redirect/302?to=/landed` : `${a.origin}/r${i}`]);
    const result = await runRequests(requests(list), { mode: 'pipelined' });
    assert.deepEqual(
      bodies(result.requests),
      list.map((_, i) => (i === 3 ? 'GET /landed ' : `GET /r${i} `)),
    );
    assert.equal(result.requests[3].hops!.length, 1);
    assert.equal(a.connections, 1);
    // The hop went out after the pipeline drained: after every request written before it was answered.
    const hopWritten = result.requests[3].positionOnConnection!;
    assert.equal(hopWritten, result.connections[0].requests.lastIndexOf(3) + 1);
    for (const r of result.requests) {
      if (r.index !== 3 && r.positionOnConnection! < hopWritten)
        assert.ok(r.timings.endMs! <= result.requests[3].timings.sentMs!);
    }
  });
});

describe('engine hops: a server closing mid-pipeline with a hop in flight', () => {
  let s: TestServer;
  afterEach(async () => stop(s));

  it('re-sends the unanswered idempotent hop on a new connection', async () => {
    let landed = 0;
    s = await startServer((req, res, body) => {
      if (req.url === '/start') return send(res, 302, '', { Location: '/landed' });
      if (req.url === '/landed' && landed++ === 0) {
        req.socket.destroy();
        return;
      }
      send(res, 200, `${req.method} ${req.url} ${body}`);
    });
    const result = await runRequests(
      requests([
        ['GET', `${s.origin}/start`],
        ['GET', `${s.origin}/next`],
      ]),
      { mode: 'pipelined' },
    );
    const [r, next] = result.requests;
    assert.equal(r.response!.body.toString(), 'GET /landed ');
    assert.equal(r.retried, true);
    assert.equal(r.hops![0].retried, false);
    assert.notEqual(r.connectionId, r.hops![0].connectionId);
    assert.equal(next.outcome, 'response');
    assert.equal(next.response!.body.toString(), 'GET /next ');
  });

  it('does not re-send a 307 POST hop the server dropped', async () => {
    s = await startServer((req, res) => {
      if (req.url === '/start') return send(res, 307, '', { Location: '/landed' });
      req.socket.destroy();
    });
    const result = await runRequests(requests([['POST', `${s.origin}/start`, { body: 'x' }]]), {
      mode: 'pipelined',
    });
    const [r] = result.requests;
    assert.equal(r.outcome, 'error');
    assert.match(r.error!.message, /not retried: POST is not idempotent/);
    assert.equal(r.hops!.length, 1);
    assert.equal(s.seen.filter((x) => x.url === '/landed').length, 1);
  });
});

describe('engine hops: Digest auth', () => {
  let s: TestServer;
  afterEach(async () => stop(s));

  /** Verifies the Authorization answer itself, as RFC 7616 §3.4.1 says a server computes it. */
  function digestServer(algorithm: 'MD5' | 'SHA-256', password: string): Promise<TestServer> {
    const hashName = algorithm === 'MD5' ? 'md5' : 'sha256';
    const h = (text: string): string => createHash(hashName).update(text).digest('hex');
    const realm = 'test@loopback';
    const nonce = 'n0nce-' + algorithm;
    return startServer((req, res) => {
      const authorization = req.headers.authorization;
      const challenge = {
        'WWW-Authenticate': `Digest realm="${realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="op4que"`,
      };
      if (!authorization) return send(res, 401, 'who?', challenge);
      const params = parseChallenges(authorization)[0].params;
      const ha1 = h(`alice:${realm}:${password}`);
      const ha2 = h(`${req.method}:${params.get('uri')}`);
      const expected = h(`${ha1}:${nonce}:${params.get('nc')}:${params.get('cnonce')}:auth:${ha2}`);
      const ok =
        params.get('response') === expected &&
        params.get('opaque') === 'op4que' &&
        params.get('uri') === req.url &&
        params.get('username') === 'alice';
      if (!ok) return send(res, 401, 'wrong', challenge);
      send(res, 200, `welcome ${req.method} ${req.url}`);
    });
  }

  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`answers a ${algorithm} challenge as a second hop`, async () => {
      s = await digestServer(algorithm, 'Circle of Life');
      const result = await runRequests(
        requests([
          [
            'GET',
            `${s.origin}/private?x=1`,
            { auth: { scheme: 'digest', username: 'alice', password: 'Circle of Life' } },
          ],
        ]),
        { mode: 'keepalive' },
      );
      const [r] = result.requests;
      assert.equal(r.response!.status, 200);
      assert.equal(r.response!.body.toString(), 'welcome GET /private?x=1');
      assert.equal(r.hops!.length, 1);
      assert.equal(r.hops![0].status, 401);
      assert.deepEqual(r.hops![0].reason, { kind: 'digest', realm: 'test@loopback', algorithm });
      assert.equal(s.seen[0].headers.authorization, undefined);
      assert.equal(s.connections, 1);
      const wire = result.connections[0].written.toString('latin1');
      assert.ok(!wire.includes('Circle of Life'), 'the password never goes on the wire');
    });
  }

  it('ends with the second 401 when the password is wrong', async () => {
    s = await digestServer('MD5', 'right');
    const result = await runRequests(
      requests([
        ['GET', `${s.origin}/private`, { auth: { scheme: 'digest', username: 'alice', password: 'wrong' } }],
      ]),
      { mode: 'pipelined' },
    );
    const [r] = result.requests;
    assert.equal(r.outcome, 'response');
    assert.equal(r.response!.status, 401);
    assert.equal(r.hops!.length, 1);
    assert.equal(s.seen.length, 2);
  });

  it('ends with the 401 when its challenge cannot be answered', async () => {
    s = await startServer((_req, res) =>
      send(res, 401, 'no', { 'WWW-Authenticate': 'Digest realm="r", nonce="n", algorithm=SHA-512-256' }),
    );
    const result = await runRequests(
      requests([['GET', `${s.origin}/p`, { auth: { scheme: 'digest', username: 'u', password: 'p' } }]]),
      { mode: 'keepalive' },
    );
    assert.equal(result.requests[0].response!.status, 401);
    assert.equal(result.requests[0].hops, undefined);
    assert.equal(s.seen.length, 1);
    assert.ok(result.notes.some((n) => /no Digest challenge/.test(n)));
  });
});

describe('engine hops: with the cookie jar and a proxy', () => {
  let server: TestServer;
  beforeEach(async () => {
    // /login sets a session cookie and redirects to /home, which answers with the cookie it got.
    server = await startServer((req, res) => {
      if (req.url === '/login')
        return send(res, 302, '', { Location: '/home', 'Set-Cookie': 'session=s1; Path=/' });
      send(res, 200, `cookie=${req.headers.cookie ?? ''}`);
    });
  });
  afterEach(() => stop(server));

  for (const mode of ['fresh', 'keepalive', 'pipelined'] as RunMode[]) {
    it(`a redirect's Set-Cookie goes into the jar before the next hop is written (${mode})`, async () => {
      const result = await runRequests(requests([['GET', `${server.origin}/login`]]), {
        mode,
        cookieJar: newRunCookieJar(),
      });
      const [request] = result.requests;
      assert.equal(request.response!.body.toString(), 'cookie=session=s1');
      assert.deepEqual(request.cookies, { sent: ['session'], stored: ['session'] });
      assert.equal(request.hops![0].status, 302);
    });
  }

  it('sends every hop through the proxy, in absolute-form, on the proxy connection', async () => {
    const proxy = await startLoopbackProxy();
    try {
      const result = await runRequests(requests([['GET', `${server.origin}/login`]]), {
        mode: 'keepalive',
        proxy: { http: new URL(proxy.url), https: new URL(proxy.url) },
      });
      assert.equal(result.requests[0].response!.status, 200);
      assert.deepEqual(
        proxy.connections.flatMap((c) => c.requests.map((r) => r.target)),
        [`${server.origin}/login`, `${server.origin}/home`],
      );
      assert.equal(proxy.connections.length, 1);
      assert.equal(result.requests[0].hops![0].connectionId, result.requests[0].connectionId);
    } finally {
      await proxy.close();
    }
  });
});
