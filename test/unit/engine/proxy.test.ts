// Requests through an HTTP proxy (a loopback proxy written for the tests, test/support/loopbackProxy.ts):
// http: origins in absolute-form on the proxy connection, kept alive and pipelined; https: origins
// through a CONNECT tunnel with TLS to the origin inside it; refusals, credentials and NO_PROXY.
import { HTTP1_MODES } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { toRequestSummary } from '../../../src/core/report/requestSummary';
import { toRunSummary } from '../../../src/core/report/runSummary';
import { startLoopbackProxy, type LoopbackProxy } from '../../support/loopbackProxy';
import { requests } from '../../support/requestSpecs';
import { makeSelfSignedCert, type SelfSignedCert } from '../../support/selfSignedCert';

/** A port nothing listens on: it was free a moment ago. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('engine through an HTTP proxy (loopback proxy)', () => {
  let demo: DemoServer;
  let proxy: LoopbackProxy;
  let certificate: SelfSignedCert;
  let secure: https.Server;
  let securePort: number;

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    certificate = makeSelfSignedCert();
    secure = https.createServer(certificate, (req, res) => res.end(`secure ${req.url}`));
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    securePort = (secure.address() as AddressInfo).port;
  });
  after(async () => {
    await demo.close();
    secure.closeAllConnections();
    await new Promise<void>((resolve) => secure.close(() => resolve()));
  });
  beforeEach(async () => {
    proxy = await startLoopbackProxy();
    demo.resetStats();
  });
  afterEach(() => proxy.close());

  const viaProxy = () => ({ http: new URL(proxy.url), https: new URL(proxy.url) });

  for (const mode of HTTP1_MODES) {
    it(`${mode}: sends http: requests to the proxy in absolute-form and reads the origin's responses`, async () => {
      const urls = [`${demo.origin}/status/201`, `${demo.origin}/bytes?n=5`, `${demo.origin}/status/204`];
      const result = await runRequests(requests(urls.map((url) => ['GET', url])), {
        mode,
        proxy: viaProxy(),
      });
      assert.deepEqual(
        result.requests.map((r) => r.response?.status),
        [201, 200, 204],
      );
      assert.deepEqual(
        proxy.connections.flatMap((c) => c.requests.map((r) => r.target)),
        urls,
      );
      assert.equal(proxy.connections.length, mode === 'fresh' ? 3 : 1);
      assert.equal(result.connectionsOpened, mode === 'fresh' ? 3 : 1);
      assert.ok(
        result.connections.every((c) => c.via === proxy.url && c.origin === `http://127.0.0.1:${demo.port}`),
      );
      // The wire log shows what was really written: the absolute-form request line.
      assert.match(
        result.connections[0].written.toString('latin1'),
        new RegExp(`^GET ${demo.origin}/status/201 HTTP/1.1\r\n`),
      );
    });
  }

  it('pipelines on the proxy connection: both requests reach the proxy before the first answer, and overlap', async () => {
    const started = performance.now();
    const result = await runRequests(
      requests([
        ['GET', `${demo.origin}/delay?ms=400`],
        ['GET', `${demo.origin}/delay?ms=400`],
      ]),
      { mode: 'pipelined', proxy: viaProxy() },
    );
    const elapsed = performance.now() - started;
    assert.deepEqual(
      result.requests.map((r) => r.response?.status),
      [200, 200],
    );
    const [connection] = proxy.connections;
    assert.equal(proxy.connections.length, 1);
    assert.ok(
      connection.requests[1].arrivedMs < connection.firstAnswerMs!,
      'the second request was written before the first was answered',
    );
    assert.ok(elapsed < 750, `two pipelined 400 ms requests took ${elapsed.toFixed(0)} ms`);
  });

  it('tunnels https: through CONNECT, with TLS to the origin inside, and times the tunnel', async () => {
    const result = await runRequests(
      requests([
        ['GET', `https://localhost:${securePort}/a`],
        ['GET', `https://localhost:${securePort}/b`],
      ]),
      { mode: 'keepalive', proxy: viaProxy(), tls: { ca: certificate.cert } },
    );
    assert.deepEqual(
      result.requests.map((r) => r.response?.body.toString()),
      ['secure /a', 'secure /b'],
    );
    const [connection] = proxy.connections;
    assert.equal(proxy.connections.length, 1);
    assert.equal(connection.requests[0].method, 'CONNECT');
    assert.equal(connection.requests[0].target, `localhost:${securePort}`);
    const t = result.requests[0].timings;
    assert.ok(t.connectMs! <= t.proxyMs! && t.proxyMs! <= t.tlsMs!, JSON.stringify(t));
    // The panel draws the tunnel as its own segment and names the proxy on the connection.
    const kinds = toRequestSummary(result.requests[0]).segments.map((s) => s.kind);
    assert.deepEqual(
      kinds.filter((k) => k === 'connect' || k === 'proxy' || k === 'tls'),
      ['connect', 'proxy', 'tls'],
    );
    assert.equal(toRunSummary(result).connections[0].via, proxy.url);
    assert.equal(result.requests[1].reused, true);
    // The origin's responses are matched after the proxy's reply, whose bytes the read log keeps first.
    const read = result.connections[0].read.toString('latin1');
    assert.match(read, /^HTTP\/1.1 200 Connection established\r\n\r\n/);
    assert.ok(result.requests[0].wire!.read![0] > 0);
  });

  it('still verifies the origin certificate through the tunnel', async () => {
    const result = await runRequests(requests([['GET', `https://localhost:${securePort}/`]]), {
      mode: 'keepalive',
      proxy: viaProxy(),
    });
    assert.equal(result.requests[0].outcome, 'error');
    assert.equal(result.requests[0].error?.phase, 'tls');
  });

  it('ends a request whose CONNECT is refused as a connect error naming the proxy and its status; the rest goes on', async () => {
    await proxy.close();
    proxy = await startLoopbackProxy({ refuseConnect: { status: 403, text: 'Forbidden' } });
    const result = await runRequests(
      requests([
        ['GET', `https://localhost:${securePort}/`],
        ['GET', `${demo.origin}/status/204`],
      ]),
      { mode: 'pipelined', proxy: viaProxy(), tls: { ca: certificate.cert } },
    );
    const [refused, plain] = result.requests;
    assert.equal(refused.outcome, 'error');
    assert.equal(refused.error?.phase, 'connect');
    assert.match(refused.error!.message, new RegExp(`through the proxy ${proxy.url}`));
    assert.match(refused.error!.cause ?? '', /answered CONNECT with 403 Forbidden/);
    assert.equal(plain.response?.status, 204);
  });

  it('says which proxy it could not reach', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const result = await runRequests(requests([['GET', `${demo.origin}/status/204`]]), {
      mode: 'keepalive',
      proxy: { http: new URL(closed) },
    });
    assert.equal(result.requests[0].error?.phase, 'connect');
    assert.match(result.requests[0].error!.message, new RegExp(`through the proxy ${closed}.*ECONNREFUSED`));
    assert.equal(demo.stats().requests, 0);
  });

  it('sends the proxy URL credentials as Proxy-Authorization, on every http: request and on CONNECT, and never shows them', async () => {
    await proxy.close();
    const authorization = `Basic ${Buffer.from('ann:s3cr:et').toString('base64')}`;
    proxy = await startLoopbackProxy({ requireAuthorization: authorization });
    const withCredentials = new URL(proxy.url);
    withCredentials.username = 'ann';
    withCredentials.password = 's3cr:et';
    const options = {
      mode: 'keepalive' as const,
      proxy: { http: withCredentials, https: withCredentials },
      tls: { ca: certificate.cert },
    };
    const result = await runRequests(
      requests([
        ['GET', `${demo.origin}/status/204`],
        ['GET', `${demo.origin}/status/201`],
        ['GET', `https://localhost:${securePort}/t`],
      ]),
      options,
    );
    assert.deepEqual(
      result.requests.map((r) => r.response?.status),
      [204, 201, 200],
    );
    assert.equal(proxy.connections.flatMap((c) => c.requests).length, 3);
    assert.ok(
      result.connections.every((c) => c.via === proxy.url),
      'via has no credentials',
    );
    // Without credentials: the http: request gets the proxy's 407 as its response, CONNECT fails to connect.
    const refused = await runRequests(
      requests([
        ['GET', `${demo.origin}/status/204`],
        ['GET', `https://localhost:${securePort}/t`],
      ]),
      { ...options, proxy: viaProxy() },
    );
    assert.equal(refused.requests[0].response?.status, 407);
    assert.equal(refused.requests[1].error?.phase, 'connect');
    assert.match(refused.requests[1].error!.cause ?? '', /407/);
  });

  it('reaches origins listed in noProxy directly', async () => {
    const result = await runRequests(requests([['GET', `${demo.origin}/status/204`]]), {
      mode: 'keepalive',
      proxy: { ...viaProxy(), noProxy: 'example.com, 127.0.0.1' },
    });
    assert.equal(result.requests[0].response?.status, 204);
    assert.equal(proxy.connections.length, 0);
    assert.equal(result.connections[0].via, undefined);
  });
});
