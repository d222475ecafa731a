// buildTlsOptions end to end: its output given to the engine against self-signed loopback HTTPS
// servers. The default refuses the untrusted certificate; the env file's opt-out and a per-host ca
// both get through; an environment's client certificate is presented to a server that demands one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunResult } from '../../../src/core/engine/types';
import { buildTlsOptions, type TlsSources } from '../../../src/core/tls/tlsOptions';
import { requests } from '../../support/requestSpecs';
import { makeSelfSignedCert, type SelfSignedCert } from '../../support/selfSignedCert';

async function listen(server: https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('TLS settings in a run against self-signed loopback servers', () => {
  let serverCert: SelfSignedCert;
  let clientCert: SelfSignedCert;
  let plain: https.Server;
  let demanding: https.Server;
  let plainPort: number;
  let demandingPort: number;
  let root: string;
  let httpFile: string;

  before(async () => {
    serverCert = makeSelfSignedCert();
    clientCert = makeSelfSignedCert('httpipe-client');
    plain = https.createServer(serverCert, (_req, res) => res.end('hello'));
    // Refuses any handshake without the one client certificate it trusts.
    demanding = https.createServer(
      { ...serverCert, ca: clientCert.cert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        res.end(`hello ${(req.socket as TLSSocket).getPeerCertificate().subject.CN}`);
      },
    );
    plainPort = await listen(plain);
    demandingPort = await listen(demanding);
  });
  after(async () => {
    await close(plain);
    await close(demanding);
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'httpipe-tls-run-'));
    mkdirSync(join(root, 'api'));
    httpFile = join(root, 'api', 'requests.http');
    writeFileSync(httpFile, '');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function get(url: string, sources: TlsSources): Promise<RunResult> {
    const plan = buildTlsOptions(sources);
    assert.deepEqual(plan.problems, []);
    return runRequests(requests([['GET', url]]), { mode: 'keepalive', tls: plan.tls });
  }

  it('refuses the self-signed certificate by default', async () => {
    const result = await get(`https://localhost:${plainPort}/`, {
      filePath: httpFile,
      workspaceRoot: root,
      environment: 'dev',
    });
    assert.equal(result.requests[0].error?.phase, 'tls');
    assert.equal(result.requests[0].error?.cause, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it("gets through with the environment's verifyHostCertificate: false, and only with that environment", async () => {
    writeFileSync(
      join(root, 'http-client.private.env.json'),
      JSON.stringify({ dev: { SSLConfiguration: { verifyHostCertificate: false } }, prod: {} }),
    );
    const dev = await get(`https://localhost:${plainPort}/`, {
      filePath: httpFile,
      workspaceRoot: root,
      environment: 'dev',
    });
    assert.equal(dev.requests[0].response?.body.toString(), 'hello');
    const prod = await get(`https://localhost:${plainPort}/`, {
      filePath: httpFile,
      workspaceRoot: root,
      environment: 'prod',
    });
    assert.equal(prod.requests[0].error?.phase, 'tls');
  });

  it("gets through with verification on when the host's entry trusts the server's certificate (ca)", async () => {
    writeFileSync(join(root, 'dev-server.crt'), serverCert.cert);
    const certificates = {
      value: { [`localhost:${plainPort}`]: { ca: 'dev-server.crt' } },
      name: 'setting httpipe.certificates',
      base: root,
    };
    const trusted = await get(`https://localhost:${plainPort}/`, { certificates });
    assert.equal(trusted.requests[0].response?.body.toString(), 'hello');
    // The entry is for that port only: the other server is still checked against the system CAs.
    const other = await get(`https://localhost:${demandingPort}/`, { certificates });
    assert.equal(other.requests[0].error?.cause, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it("presents the environment's client certificate (one PEM file with the key) to a server that demands it", async () => {
    writeFileSync(join(root, 'client.pem'), clientCert.key + clientCert.cert);
    writeFileSync(
      join(root, 'http-client.env.json'),
      JSON.stringify({
        dev: { SSLConfiguration: { clientCertificate: 'client.pem', verifyHostCertificate: false } },
      }),
    );
    const withCertificate = await get(`https://localhost:${demandingPort}/`, {
      filePath: httpFile,
      workspaceRoot: root,
      environment: 'dev',
    });
    assert.equal(
      withCertificate.requests[0].response?.body.toString(),
      'hello httpipe-client',
      JSON.stringify(withCertificate.requests[0].error),
    );
    const without = await get(`https://localhost:${demandingPort}/`, { rejectUnauthorized: false });
    assert.equal(without.requests[0].outcome, 'error');
  });
});
