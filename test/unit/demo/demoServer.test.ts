import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { header, rawExchange } from './rawExchange';

function get(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: demo\r\n${extra}\r\n`;
}

function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

describe('demo server', () => {
  let server: DemoServer;

  beforeEach(async () => {
    server = await startDemoServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('listens on loopback with an ephemeral port by default', () => {
    assert.ok(server.port > 0);
    assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
  });

  it('works on pipelined requests at the same time and answers in order', async () => {
    const responses = await rawExchange(server.port, get('/delay?ms=400') + get('/delay?ms=400'), 2);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200],
    );
    // One after the other would take at least 800 ms.
    assert.ok(responses[1].receivedMs < 750, `second response after ${responses[1].receivedMs} ms`);
  });

  it('keeps request order even when a later pipelined request is ready first', async () => {
    const responses = await rawExchange(
      server.port,
      get('/delay?ms=300') + get('/delay?ms=10') + get('/status/201'),
      3,
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 201],
    );
    assert.equal(json(responses[0].body).delayedMs, 300);
    assert.equal(json(responses[1].body).delayedMs, 10);
  });

  it('echoes the request with headers in their order and case', async () => {
    const body = 'name=httpipe&x=1';
    const request = `POST /echo?q=1 HTTP/1.1\r\nHost: demo\r\nX-Second: b\r\nx-first: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const [response] = await rawExchange(server.port, request, 1);
    const echoed = json(response.body);
    assert.equal(echoed.method, 'POST');
    assert.equal(echoed.url, '/echo?q=1');
    assert.equal(echoed.httpVersion, '1.1');
    assert.deepEqual(echoed.headers, [
      ['Host', 'demo'],
      ['X-Second', 'b'],
      ['x-first', 'a'],
      ['Content-Length', String(body.length)],
    ]);
    assert.equal(echoed.body, body);
  });

  it('reads a POST body before answering the request pipelined behind it', async () => {
    const post = 'POST /echo HTTP/1.1\r\nHost: demo\r\nContent-Length: 5\r\n\r\nhello';
    const responses = await rawExchange(server.port, post + get('/bytes?n=3'), 2);
    assert.equal(json(responses[0].body).body, 'hello');
    assert.equal(responses[1].body.toString(), 'abc');
  });

  it('sends N bytes with Content-Length', async () => {
    const [response] = await rawExchange(server.port, get('/bytes?n=30'), 1);
    assert.equal(header(response.headers, 'content-length'), '30');
    assert.equal(response.body.toString(), 'abcdefghijklmnopqrstuvwxyzabcd');
  });

  it('sends N bytes chunked in several chunks', async () => {
    const [response] = await rawExchange(server.port, get('/chunked?n=1000'), 1);
    assert.equal(header(response.headers, 'transfer-encoding'), 'chunked');
    assert.equal(header(response.headers, 'content-length'), undefined);
    assert.equal(response.body.length, 1000);
    assert.deepEqual(response.chunkSizes, [250, 250, 250, 250]);
    const [seven] = await rawExchange(server.port, get('/chunked?n=10&chunks=3'), 1);
    assert.deepEqual(seven.chunkSizes, [4, 4, 2]);
  });

  it('answers any status code, without a body where HTTP forbids one', async () => {
    const responses = await rawExchange(
      server.port,
      get('/status/418') + get('/status/204') + get('/status/503'),
      3,
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      [418, 204, 503],
    );
    assert.equal(responses[1].body.length, 0);
    assert.equal(json(responses[2].body).status, 503);
  });

  it('rejects bad parameters and unknown paths with a reason', async () => {
    const responses = await rawExchange(
      server.port,
      get('/delay?ms=soon') + get('/bytes?n=-1') + get('/status/99') + get('/nowhere'),
      4,
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      [400, 400, 400, 404],
    );
    assert.match(String(json(responses[0].body).error), /ms must be/);
    assert.match(String(json(responses[3].body).error), /no route \/nowhere/);
  });

  it('redirects to a path on itself with the status asked for, and to nowhere else', async () => {
    const responses = await rawExchange(
      server.port,
      get('/redirect?to=/status/201&status=307') +
        get('/redirect') +
        get('/redirect?to=//elsewhere.test/') +
        get('/redirect?status=200'),
      4,
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      [307, 302, 400, 400],
    );
    assert.equal(header(responses[0].headers, 'location'), '/status/201');
    assert.equal(header(responses[1].headers, 'location'), '/status/200');
  });

  it('guards /digest with Digest auth (user and password demo), checked as RFC 7616 computes it', async () => {
    const [challenge] = await rawExchange(server.port, get('/digest?algorithm=SHA-256'), 1);
    assert.equal(challenge.status, 401);
    const www = header(challenge.headers, 'www-authenticate')!;
    assert.match(www, /^Digest realm="httpipe demo", qop="auth", algorithm=SHA-256, nonce="[0-9a-f]+"$/);
    const nonce = /nonce="([^"]+)"/.exec(www)![1];
    // Computed here by hand, not with the engine's code, so the route is checked independently.
    const h = (text: string) => createHash('sha256').update(text).digest('hex');
    const uri = '/digest?algorithm=SHA-256';
    const answer = (password: string) => {
      const response = h(
        `${h(`demo:httpipe demo:${password}`)}:${nonce}:00000001:c0ffee:auth:${h(`GET:${uri}`)}`,
      );
      return `Authorization: Digest username="demo", realm="httpipe demo", nonce="${nonce}", uri="${uri}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c0ffee", response="${response}"\r\n`;
    };
    const [right, wrong] = await rawExchange(
      server.port,
      get(uri, answer('demo')) + get(uri, answer('nope')),
      2,
    );
    assert.equal(right.status, 200);
    assert.deepEqual(json(right.body), { authenticated: 'demo', algorithm: 'SHA-256' });
    assert.equal(wrong.status, 401);
  });

  it('counts connections and requests, without counting /stats itself', async () => {
    await rawExchange(server.port, get('/status/200') + get('/status/200'), 2);
    await rawExchange(server.port, get('/status/200'), 1);
    assert.deepEqual(server.stats(), { connections: 2, requests: 3 });
    const [seen] = await rawExchange(server.port, get('/stats?reset=1'), 1);
    assert.deepEqual(json(seen.body), { connections: 3, requests: 3 });
    assert.deepEqual(server.stats(), { connections: 0, requests: 0 });
    await rawExchange(server.port, get('/status/200'), 1);
    server.resetStats();
    assert.deepEqual(server.stats(), { connections: 0, requests: 0 });
  });

  it('closes promptly with an idle keep-alive connection and a pending delay open', async () => {
    const idle = connect(server.port, '127.0.0.1');
    const slow = connect(server.port, '127.0.0.1');
    const closed = Promise.all([idle, slow].map((s) => new Promise((resolve) => s.on('close', resolve))));
    await new Promise((resolve) => slow.on('connect', resolve));
    slow.write(get('/delay?ms=30000'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    await closed;
    assert.ok(Date.now() - started < 1000);
  });
});
