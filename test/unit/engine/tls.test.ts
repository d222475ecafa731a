// HTTPS connections: certificate checks, SNI, ALPN limited to http/1.1, TLS timing, and the connect
// timeout covering a handshake that never completes.
import assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { runRequests } from '../../../src/core/engine/runRequests';
import { requests } from '../../support/requestSpecs';
import { startScriptedServer } from '../../support/scriptedServer';
import { makeSelfSignedCert, toPfx, type SelfSignedCert } from '../../support/selfSignedCert';

describe('engine over TLS', () => {
  let certificate: SelfSignedCert;
  let server: https.Server;
  let port: number;
  const handshakes: Array<{ alpn: unknown; servername: unknown }> = [];

  before(async () => {
    certificate = makeSelfSignedCert();
    // The server would happily speak h2: the engine must not let it.
    server = https.createServer({ ...certificate, ALPNProtocols: ['h2', 'http/1.1'] }, (req, res) => {
      const socket = req.socket as TLSSocket;
      handshakes.push({ alpn: socket.alpnProtocol, servername: socket.servername });
      res.end(`secure ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    handshakes.length = 0;
  });

  it('negotiates http/1.1 only, sends SNI for a host name, and times DNS, connect and TLS on the opener', async () => {
    const result = await runRequests(
      requests([
        ['GET', `https://localhost:${port}/a`],
        ['GET', `https://localhost:${port}/b`],
      ]),
      { mode: 'pipelined', tls: { ca: certificate.cert } },
    );
    assert.deepEqual(
      result.requests.map((r) => r.response?.body.toString()),
      ['secure /a', 'secure /b'],
    );
    assert.deepEqual(handshakes, [
      { alpn: 'http/1.1', servername: 'localhost' },
      { alpn: 'http/1.1', servername: 'localhost' },
    ]);
    const [opener, second] = result.requests;
    const t = opener.timings;
    assert.ok(
      t.dnsMs! <= t.connectMs! && t.connectMs! <= t.tlsMs! && t.tlsMs! <= t.firstByteMs!,
      JSON.stringify(t),
    );
    assert.equal(second.timings.tlsMs, undefined);
    assert.equal(result.connections[0].origin, `https://localhost:${port}`);
  });

  it('sends no SNI for an IP address', async () => {
    const result = await runRequests(requests([['GET', `https://127.0.0.1:${port}/ip`]]), {
      mode: 'keepalive',
      tls: { ca: certificate.cert },
    });
    assert.equal(result.requests[0].outcome, 'response');
    assert.equal(handshakes[0].servername, false);
  });

  it('rejects an untrusted certificate as a tls error, unless verification is turned off', async () => {
    const rejected = await runRequests(requests([['GET', `https://localhost:${port}/x`]]), {
      mode: 'keepalive',
    });
    assert.equal(rejected.requests[0].error!.phase, 'tls');
    assert.equal(rejected.requests[0].error!.cause, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(rejected.connectionsOpened, 0);
    const accepted = await runRequests(requests([['GET', `https://localhost:${port}/x`]]), {
      mode: 'keepalive',
      tls: { rejectUnauthorized: false },
    });
    assert.equal(accepted.requests[0].outcome, 'response');
  });

  it('gives up on a handshake that never completes after connectTimeoutMs', async () => {
    const silent = await startScriptedServer(() => undefined);
    try {
      const result = await runRequests(requests([['GET', `https://127.0.0.1:${silent.port}/`]]), {
        mode: 'keepalive',
        connectTimeoutMs: 150,
      });
      const error = result.requests[0].error!;
      assert.equal(error.phase, 'tls');
      assert.equal(error.cause, 'connect timeout');
      assert.ok(result.requests[0].timings.endMs! < 3_000);
    } finally {
      await silent.close();
    }
  });
});

describe('engine over TLS: client certificates per host', () => {
  let serverCert: SelfSignedCert;
  let ours: SelfSignedCert;
  let stranger: SelfSignedCert;
  let server: https.Server;
  let port: number;
  const clients: string[] = [];

  before(async () => {
    serverCert = makeSelfSignedCert();
    ours = makeSelfSignedCert('httpipe-client');
    stranger = makeSelfSignedCert('stranger');
    // Trusts exactly one client certificate (ours is its own CA) and refuses handshakes without it.
    server = https.createServer(
      { ...serverCert, ca: ours.cert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        clients.push(String(peer.subject.CN));
        res.end(`hello ${peer.subject.CN}`);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    clients.length = 0;
  });

  const get = (path: string) => requests([['GET', `https://localhost:${port}${path}`]]);

  it('presents the certificate configured for host:port, and the server accepts it', async () => {
    const result = await runRequests(get('/a'), {
      mode: 'keepalive',
      tls: { ca: serverCert.cert, perHost: { [`localhost:${port}`]: { cert: ours.cert, key: ours.key } } },
    });
    assert.equal(result.requests[0].response?.body.toString(), 'hello httpipe-client');
    assert.deepEqual(clients, ['httpipe-client']);
  });

  it('presents a PKCS#12 bundle with its passphrase', async () => {
    const result = await runRequests(get('/pfx'), {
      mode: 'keepalive',
      tls: {
        ca: serverCert.cert,
        perHost: { [`localhost:${port}`]: { pfx: toPfx(ours, 'secret'), passphrase: 'secret' } },
      },
    });
    assert.equal(
      result.requests[0].response?.body.toString(),
      'hello httpipe-client',
      JSON.stringify(result.requests[0].error),
    );
  });

  it('matches a host entry without a port, case-insensitively; host:port wins over host', async () => {
    const byHost = await runRequests(get('/b'), {
      mode: 'keepalive',
      tls: { ca: serverCert.cert, perHost: { LOCALHOST: { cert: ours.cert, key: ours.key } } },
    });
    assert.equal(byHost.requests[0].outcome, 'response');
    const portWins = await runRequests(get('/c'), {
      mode: 'keepalive',
      tls: {
        ca: serverCert.cert,
        perHost: {
          localhost: { cert: stranger.cert, key: stranger.key },
          [`localhost:${port}`]: { cert: ours.cert, key: ours.key },
        },
      },
    });
    assert.equal(portWins.requests[0].outcome, 'response');
    assert.deepEqual(clients, ['httpipe-client', 'httpipe-client']);
  });

  for (const [label, perHost] of [
    ['no client certificate', () => ({})],
    [
      'a certificate configured for another host',
      () => ({ [`127.0.0.1:${port}`]: { cert: ours.cert, key: ours.key } }),
    ],
  ] as const) {
    it(`is refused with a TLS alert with ${label}: a tls error with the alert as cause, not re-sent`, async () => {
      const result = await runRequests(get('/d'), {
        mode: 'keepalive',
        tls: { ca: serverCert.cert, perHost: perHost() },
      });
      const [request] = result.requests;
      // TLS 1.3 finishes the client's side of the handshake before the server checks the certificate,
      // so the refusal is an alert arriving after the request was written.
      assert.deepEqual(request.error, {
        phase: 'tls',
        message: `The TLS handshake with https://localhost:${port} failed (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED).`,
        cause: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      });
      assert.equal(request.retried, false);
      assert.equal(result.connections.length, 1);
      assert.deepEqual(clients, []);
      assert.notEqual(result.connections[0].closedMs, undefined);
    });
  }

  it('is refused with a certificate the server does not trust: Node closes without an alert, so it is a close before the response', async () => {
    const result = await runRequests(get('/d'), {
      mode: 'keepalive',
      tls: {
        ca: serverCert.cert,
        perHost: { [`localhost:${port}`]: { cert: stranger.cert, key: stranger.key } },
      },
    });
    const [request] = result.requests;
    assert.equal(request.error?.phase, 'response');
    assert.match(request.error!.message, /closed before the response, also after re-sending it once/);
    assert.deepEqual(clients, []);
    for (const connection of result.connections) assert.notEqual(connection.closedMs, undefined);
  });

  it('overrides only the fields the host entry sets: the run-wide ca still verifies the server', async () => {
    const result = await runRequests(get('/e'), {
      mode: 'keepalive',
      tls: { ca: serverCert.cert, perHost: { localhost: { cert: ours.cert, key: ours.key, ca: undefined } } },
    });
    assert.equal(result.requests[0].outcome, 'response', JSON.stringify(result.requests[0].error));
  });
});
