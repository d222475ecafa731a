// The CLI's TLS flags as a real process against a self-signed loopback HTTPS server: verification is
// on by default, --insecure turns it off with a warning on stderr, --certificates trusts the server
// by its certificate (ca), the environment's SSLConfiguration applies, and a certificate file that
// cannot be used is a usage error before any request goes out.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeSelfSignedCert, type SelfSignedCert } from '../../support/selfSignedCert';
import { cli } from './cliProcess';

describe('httpipe CLI: TLS flags (real process, self-signed server)', function () {
  this.timeout(30_000);
  let certificate: SelfSignedCert;
  let server: https.Server;
  let dir: string;
  let connections = 0;

  before(async () => {
    certificate = makeSelfSignedCert();
    server = https.createServer(certificate, (_req, res) => res.end('secure'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-tls-'));
    await writeFile(path.join(dir, 'secure.http'), `GET https://localhost:${port}/\n`);
    await writeFile(path.join(dir, 'server.crt'), certificate.cert);
    await writeFile(
      path.join(dir, 'trust.json'),
      JSON.stringify({ [`localhost:${port}`]: { ca: 'server.crt' } }),
    );
    await writeFile(
      path.join(dir, 'broken.json'),
      JSON.stringify({ [`localhost:${port}`]: { cert: 'missing.crt', key: 'missing.key' } }),
    );
    await writeFile(
      path.join(dir, 'http-client.env.json'),
      JSON.stringify({ dev: { SSLConfiguration: { verifyHostCertificate: false } }, prod: {} }),
    );
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses the self-signed certificate by default', async () => {
    const result = await cli(['run', 'secure.http', '--json'], dir);
    assert.equal(result.code, 1);
    const [request] = JSON.parse(result.stdout).requests;
    assert.equal(request.outcome, 'error');
    assert.match(JSON.stringify(request.error), /DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('--insecure gets through and says on stderr that certificates are not verified', async () => {
    const result = await cli(['run', 'secure.http', '--json', '--insecure'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).requests[0].status, 200);
    assert.equal(
      result.stderr,
      'httpipe: warning: TLS certificates are not verified (--insecure): use this only with development servers.\n',
    );
  });

  it('--certificates with the server certificate as ca gets through with verification on, without a warning', async () => {
    const result = await cli(['run', 'secure.http', '--json', '--certificates', 'trust.json'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
  });

  it("applies the selected environment's verifyHostCertificate: false, with a warning naming the env file", async () => {
    const dev = await cli(['compare', 'secure.http', '--repeat', '1', '--json', '--env', 'dev'], dir);
    assert.equal(dev.code, 0, dev.stderr);
    assert.match(
      dev.stderr,
      /^httpipe: warning: TLS certificates are not verified \(verifyHostCertificate: false in http-client\.env\.json \(environment "dev"\)\)/,
    );
    const prod = await cli(['run', 'secure.http', '--env', 'prod'], dir);
    assert.equal(prod.code, 1);
  });

  it('stops with exit code 2 before any request when a certificate file cannot be used, naming flag, host and path', async () => {
    const before = connections;
    const result = await cli(['run', 'secure.http', '--certificates', 'broken.json'], dir);
    assert.equal(result.code, 2);
    const { port } = server.address() as AddressInfo;
    assert.equal(
      result.stderr,
      `httpipe: --certificates broken.json["localhost:${port}"].cert: cannot read ${path.join(dir, 'missing.crt')} (no such file)\n(httpipe help shows the usage)\n`,
    );
    assert.equal(connections, before);
    const missing = await cli(['run', 'secure.http', '--certificates', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--certificates nope\.json: cannot read it \(ENOENT\)/);
  });
});
