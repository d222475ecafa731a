// HTTPS connections: certificate checks, SNI, ALPN limited to http/1.1, TLS timing, and the connect
// timeout covering a handshake that never completes.
import assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { runRequests } from '../../../src/core/engine/runRequests';
import { requests } from '../../support/requestSpecs';
import { startScriptedServer } from '../../support/scriptedServer';
import { makeSelfSignedCert, type SelfSignedCert } from '../../support/selfSignedCert';

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
      requests([['GET', `https://localhost:${port}/a`], ['GET', `https://localhost:${port}/b`]]),
      { mode: 'pipelined', tls: { ca: certificate.cert } },
    );
    assert.deepEqual(result.requests.map((r) => r.response?.body.toString()), ['secure /a', 'secure /b']);
    assert.deepEqual(handshakes, [
      { alpn: 'http/1.1', servername: 'localhost' },
      { alpn: 'http/1.1', servername: 'localhost' },
    ]);
    const [opener, second] = result.requests;
    const t = opener.timings;
    assert.ok(t.dnsMs! <= t.connectMs! && t.connectMs! <= t.tlsMs! && t.tlsMs! <= t.firstByteMs!, JSON.stringify(t));
    assert.equal(second.timings.tlsMs, undefined);
    assert.equal(result.connections[0].origin, `https://localhost:${port}`);
  });

  it('sends no SNI for an IP address', async () => {
    const result = await runRequests(requests([['GET', `https://127.0.0.1:${port}/ip`]]), { mode: 'keepalive', tls: { ca: certificate.cert } });
    assert.equal(result.requests[0].outcome, 'response');
    assert.equal(handshakes[0].servername, false);
  });

  it('rejects an untrusted certificate as a tls error, unless verification is turned off', async () => {
    const rejected = await runRequests(requests([['GET', `https://localhost:${port}/x`]]), { mode: 'keepalive' });
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
