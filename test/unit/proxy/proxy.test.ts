// Requests through a loopback proxy written in test/support: absolute-form for http: origins
// (pipelined on the proxy connection), CONNECT tunnels for https: origins, refusals and failures,
// Proxy-Authorization from the URL, NO_PROXY.
import { RUN_MODES } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { runRequests } from '../../../src/core/engine/runRequests';
import { bypassesProxy, parseNoProxy } from '../../../src/core/proxy/noProxy';
import { proxyFromEnvironment } from '../../../src/core/proxy/proxyUrl';
import { startLoopbackProxy, type LoopbackProxy } from '../../support/loopbackProxy';
import { bodies, requests } from '../../support/requestSpecs';
import { makeSelfSignedCert } from '../../support/selfSignedCert';

function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  const delay = Number(new URL(req.url!, 'http://x').searchParams.get('delay') ?? 0);
  setTimeout(() => res.end(`origin ${req.url}`), delay);
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('proxy', () => {
  const certificate = makeSelfSignedCert();
  let origin: http.Server;
  let secureOrigin: https.Server;
  let port: number;
  let securePort: number;
  let proxy: LoopbackProxy;

  before(async () => {
    origin = http.createServer(answer);
    secureOrigin = https.createServer(certificate, answer);
    port = await listen(origin);
    securePort = await listen(secureOrigin);
  });
  after(async () => {
    for (const server of [origin, secureOrigin]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
  afterEach(async () => proxy?.close());

  for (const mode of RUN_MODES) {
    it(`sends http: requests in absolute-form to the proxy (${mode})`, async () => {
      proxy = await startLoopbackProxy();
      const url = (path: string) => `http://127.0.0.1:${port}${path}`;
      const result = await runRequests(
        requests([
          ['GET', url('/a')],
          ['GET', url('/b?q=1')],
          ['GET', url('/c')],
        ]),
        {
          mode,
          proxy: { http: new URL(proxy.url) },
        },
      );
      assert.deepEqual(bodies(result.requests), ['origin /a', 'origin /b?q=1', 'origin /c']);
      const seen = proxy.connections.flatMap((c) => c.requests.map((r) => r.target));
      assert.deepEqual(seen, [url('/a'), url('/b?q=1'), url('/c')]);
      assert.equal(proxy.connections.length, mode === 'fresh' ? 3 : 1);
      assert.equal(result.connections[0].via, proxy.url);
      assert.equal(result.connections[0].origin, `http://127.0.0.1:${port}`);
    });
  }

  it('pipelines on the proxy connection: the second request reaches the proxy before the first is answered', async () => {
    proxy = await startLoopbackProxy();
    const result = await runRequests(
      requests([
        ['GET', `http://127.0.0.1:${port}/slow?delay=300`],
        ['GET', `http://127.0.0.1:${port}/fast`],
      ]),
      { mode: 'pipelined', proxy: { http: new URL(proxy.url) } },
    );
    assert.deepEqual(bodies(result.requests), ['origin /slow?delay=300', 'origin /fast']);
    const [connection] = proxy.connections;
    assert.equal(proxy.connections.length, 1);
    assert.ok(
      connection.requests[1].arrivedMs < connection.firstAnswerMs!,
      'second request arrived before the first answer',
    );
  });

  it('tunnels https: through CONNECT, verifies the origin, and times the tunnel', async () => {
    proxy = await startLoopbackProxy();
    const url = `https://localhost:${securePort}/s`;
    const result = await runRequests(
      requests([
        ['GET', url],
        ['GET', url],
      ]),
      {
        mode: 'pipelined',
        tls: { ca: certificate.cert },
        proxy: { https: new URL(proxy.url) },
      },
    );
    assert.deepEqual(bodies(result.requests), ['origin /s', 'origin /s']);
    assert.equal(proxy.connections.length, 1);
    assert.equal(proxy.connections[0].requests[0].method, 'CONNECT');
    assert.equal(proxy.connections[0].requests[0].target, `localhost:${securePort}`);
    const t = result.requests[0].timings;
    assert.ok(
      t.connectMs! <= t.proxyMs! && t.proxyMs! <= t.tlsMs! && t.tlsMs! <= t.firstByteMs!,
      JSON.stringify(t),
    );
    assert.match(
      result.connections[0].read.toString('latin1'),
      /^HTTP\/1\.1 200 Connection established\r\n\r\nHTTP\/1\.1 200/,
    );
    const read = result.requests[0].wire!.read!;
    assert.match(
      result.connections[0].read.subarray(read[0], read[1]).toString('latin1'),
      /^HTTP\/1\.1 200 OK/,
    );
  });

  it('rejects an untrusted origin certificate inside the tunnel as a tls error', async () => {
    proxy = await startLoopbackProxy();
    const result = await runRequests(requests([['GET', `https://localhost:${securePort}/s`]]), {
      mode: 'keepalive',
      proxy: { https: new URL(proxy.url) },
    });
    assert.equal(result.requests[0].error?.phase, 'tls');
  });

  for (const status of [407, 403]) {
    it(`makes a CONNECT answered ${status} a connect error naming the status, and the run goes on`, async () => {
      proxy = await startLoopbackProxy({
        refuseConnect: { status, text: status === 407 ? 'Proxy Authentication Required' : 'Forbidden' },
      });
      const result = await runRequests(
        requests([
          ['GET', `https://localhost:${securePort}/s`],
          ['GET', `http://127.0.0.1:${port}/after`],
        ]),
        { mode: 'keepalive', tls: { ca: certificate.cert }, proxy: { https: new URL(proxy.url) } },
      );
      const error = result.requests[0].error!;
      assert.equal(error.phase, 'connect');
      assert.match(
        error.message,
        new RegExp(`through the proxy ${proxy.url} \\(the proxy answered CONNECT with ${status}`),
      );
      assert.deepEqual(bodies(result.requests.slice(1)), ['origin /after']);
    });
  }

  it('reports an unreachable proxy as a connect error naming it', async () => {
    proxy = await startLoopbackProxy();
    const gone = proxy.url;
    await proxy.close();
    const result = await runRequests(requests([['GET', `http://127.0.0.1:${port}/x`]]), {
      mode: 'keepalive',
      proxy: { http: new URL(gone) },
    });
    assert.equal(result.requests[0].error?.phase, 'connect');
    assert.match(
      result.requests[0].error!.message,
      new RegExp(`through the proxy ${gone} \\(ECONNREFUSED\\)`),
    );
  });

  it('sends Proxy-Authorization from the URL credentials, on each http: request and on CONNECT, never in via', async () => {
    const expected = `Basic ${Buffer.from('user:p@ss').toString('base64')}`;
    proxy = await startLoopbackProxy({ requireAuthorization: expected });
    const withCredentials = new URL(proxy.url);
    withCredentials.username = 'user';
    withCredentials.password = 'p%40ss';
    const result = await runRequests(
      requests([
        ['GET', `http://127.0.0.1:${port}/a`],
        ['GET', `http://127.0.0.1:${port}/b`],
        ['GET', `https://localhost:${securePort}/c`],
      ]),
      {
        mode: 'keepalive',
        tls: { ca: certificate.cert },
        proxy: { http: withCredentials, https: withCredentials },
      },
    );
    assert.deepEqual(bodies(result.requests), ['origin /a', 'origin /b', 'origin /c']);
    assert.ok(result.connections.every((c) => c.via === proxy.url));
    const { maskWireLog, maskVisibleText: maskSecrets } =
      await import('../../../src/core/common/secretHeaders');
    const { visibleBytes } = await import('../../../src/core/report/visibleBytes');
    for (const connection of result.connections) {
      assert.ok(connection.written.toString('latin1').includes(expected));
      assert.ok(!maskWireLog(connection.written).bytes.toString('latin1').includes(expected.slice(6)));
      assert.ok(!maskSecrets(visibleBytes(connection.written)).includes(expected.slice(6)));
    }
  });

  it('reaches NO_PROXY origins directly', async () => {
    proxy = await startLoopbackProxy();
    const result = await runRequests(requests([['GET', `http://127.0.0.1:${port}/direct`]]), {
      mode: 'keepalive',
      proxy: { http: new URL(proxy.url), noProxy: 'example.com, 127.0.0.1' },
    });
    assert.deepEqual(bodies(result.requests), ['origin /direct']);
    assert.equal(proxy.connections.length, 0);
    assert.equal(result.connections[0].via, undefined);
  });
});

describe('NO_PROXY matching', () => {
  const bypass = (list: string | string[], url: string) => bypassesProxy(new URL(url), parseNoProxy(list));
  it('matches domains and subdomains, with or without a leading dot, case-insensitively', () => {
    for (const list of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com']) {
      assert.ok(bypass(list, 'http://api.Example.com/'), list);
      assert.ok(bypass(list, 'http://example.com/'), list);
      assert.ok(!bypass(list, 'http://notexample.com/'), list);
    }
  });
  it('reads commas and spaces, *, ports, IP literals and CIDR ranges', () => {
    assert.ok(bypass('a.test b.test,c.test', 'http://b.test/'));
    assert.ok(bypass('*', 'https://anything.test/'));
    assert.ok(bypass('host.test:8080', 'http://host.test:8080/'));
    assert.ok(!bypass('host.test:8080', 'http://host.test/'));
    assert.ok(bypass('host.test:443', 'https://host.test/'));
    assert.ok(bypass('127.0.0.1', 'http://127.0.0.1:9/'));
    assert.ok(!bypass('127.0.0.1', 'http://127.0.0.2/'));
    assert.ok(bypass('::1', 'http://[::1]:8/'));
    assert.ok(bypass('[::1]:8', 'http://[::1]:8/'));
    assert.ok(bypass('10.0.0.0/8', 'http://10.1.2.3/'));
    assert.ok(!bypass('10.0.0.0/8', 'http://11.1.2.3/'));
    assert.ok(!bypass('', 'http://a.test/'));
    assert.ok(bypass(['a.test', 'b.test'], 'http://b.test/'));
  });
});

describe('proxy environment variables', () => {
  it('prefers the lower-case spelling, like curl, and names a bad variable', () => {
    const options = proxyFromEnvironment({
      HTTP_PROXY: 'http://upper:1',
      http_proxy: 'lower:2',
      HTTPS_PROXY: 'http://s:3',
      NO_PROXY: 'x.test',
    });
    assert.equal(options?.http?.href, 'http://lower:2/');
    assert.equal(options?.https?.href, 'http://s:3/');
    assert.equal(options?.noProxy, 'x.test');
    assert.equal(proxyFromEnvironment({}), undefined);
    assert.throws(
      () => proxyFromEnvironment({ https_proxy: 'socks5://p:1' }),
      /https_proxy: socks5 proxies are not supported/,
    );
  });
});
