// The extension's TLS settings and spooled bodies, in the real extension host: a self-signed
// loopback HTTPS server is refused by default, reached with httpipe.tls.rejectUnauthorized off or
// with its certificate as `ca` in httpipe.certificates; an unusable certificate setting sends
// nothing; a body past the 16 MiB in-memory limit is spooled to a file that goes when the file's
// next run starts and when its panel closes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/engine/types';
import { makeSelfSignedCert } from '../../support/selfSignedCert';

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('httpipe TLS settings and spooled bodies (extension host)', () => {
  const certificate = makeSelfSignedCert();
  const secure = https.createServer(certificate, (_req, res) => res.end('secure'));
  // 17 MiB: past the engine's 16 MiB in-memory limit.
  const large = http.createServer((_req, res) => res.end(Buffer.alloc(17 * 1024 * 1024, 'x')));
  let securePort: number;
  let largePort: number;
  let connections = 0;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('httpipe');

  before(async () => {
    secure.on('connection', () => connections++);
    securePort = await listen(secure);
    largePort = await listen(large);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-tls-suite-'));
    fs.writeFileSync(path.join(dir, 'server.crt'), certificate.cert);
  });
  after(async () => {
    await config().update('tls.rejectUnauthorized', undefined, vscode.ConfigurationTarget.Global);
    await config().update('certificates', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const server of [secure, large]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function httpFile(name: string, text: string): vscode.Uri {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  const send = (uri: vscode.Uri) =>
    vscode.commands.executeCommand<RunResult | undefined>('httpipe.sendAll', uri, 'keepalive');

  it('refuses a self-signed certificate by default and reaches the server with httpipe.tls.rejectUnauthorized off', async () => {
    const uri = httpFile('secure.http', `GET https://localhost:${securePort}/\n`);
    const refused = await send(uri);
    assert.equal(refused?.requests[0].error?.phase, 'tls', JSON.stringify(refused?.requests[0]));
    await config().update('tls.rejectUnauthorized', false, vscode.ConfigurationTarget.Global);
    try {
      const accepted = await send(uri);
      assert.equal(accepted?.requests[0].response?.body.toString(), 'secure');
    } finally {
      await config().update('tls.rejectUnauthorized', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("trusts the server through httpipe.certificates' ca, and sends nothing when a certificate file cannot be used", async () => {
    const uri = httpFile('trusted.http', `GET https://localhost:${securePort}/\n`);
    await config().update(
      'certificates',
      { [`localhost:${securePort}`]: { ca: path.join(dir, 'server.crt') } },
      vscode.ConfigurationTarget.Global,
    );
    try {
      const trusted = await send(uri);
      assert.equal(
        trusted?.requests[0].response?.body.toString(),
        'secure',
        JSON.stringify(trusted?.requests[0]),
      );
      await config().update(
        'certificates',
        { [`localhost:${securePort}`]: { ca: path.join(dir, 'missing.crt') } },
        vscode.ConfigurationTarget.Global,
      );
      const before = connections;
      assert.equal(await send(uri), undefined, 'the run did not start');
      assert.equal(connections, before);
    } finally {
      await config().update('certificates', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("spools a body past the in-memory limit; the file goes when the file's next run starts and when its panel closes", async () => {
    const uri = httpFile('large.http', `GET http://127.0.0.1:${largePort}/\n`);
    const spooled = async (): Promise<string> => {
      const result = await send(uri);
      const response = result?.requests[0].response;
      assert.ok(response?.bodyTruncated && response.bodyFile, JSON.stringify(result?.requests[0].error));
      assert.equal(fs.statSync(response.bodyFile).size, 17 * 1024 * 1024);
      return response.bodyFile;
    };
    const first = await spooled();
    // In this window's folder under the extension's global storage, one folder per run.
    assert.match(first, /[\\/]spool[\\/]\d+-[0-9a-f]+[\\/]run-\d+[\\/]httpipe-body-[^\\/]+$/);
    const second = await spooled();
    assert.equal(fs.existsSync(first), false, 'the first run went when the second started');
    assert.equal(fs.existsSync(second), true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('the spooled body to be deleted with its panel', () => !fs.existsSync(second));
  });
});
