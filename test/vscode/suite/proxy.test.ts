// VS Code's proxy settings in the real extension host: with http.proxy set, a send goes through the
// proxy (a loopback proxy started here) in absolute-form; http.noProxy exempts an origin; an
// unusable http.proxy sends nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import type { RunResult } from '../../../src/core/engine/types';
import { startLoopbackProxy, type LoopbackProxy } from '../../support/loopbackProxy';

describe('httpipe through VS Code’s proxy settings (extension host)', () => {
  let demo: DemoServer;
  let proxy: LoopbackProxy;
  let dir: string;
  const http = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    proxy = await startLoopbackProxy();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-proxy-suite-'));
  });
  after(async () => {
    for (const key of ['proxy', 'noProxy'])
      await http().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await proxy.close();
    await demo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function send(): Promise<RunResult | undefined> {
    const file = path.join(dir, 'proxied.http');
    fs.writeFileSync(
      file,
      `### one\nGET ${demo.origin}/status/201\n\n### two\nGET ${demo.origin}/status/204\n`,
    );
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    return vscode.commands.executeCommand<RunResult | undefined>('httpipe.sendAll', uri, 'pipelined');
  }

  it('sends through http.proxy, pipelined on one proxy connection', async () => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    const result = await send();
    assert.deepEqual(
      result?.requests.map((r) => r.response?.status),
      [201, 204],
    );
    assert.deepEqual(
      proxy.connections.flatMap((c) => c.requests.map((r) => r.target)),
      [`${demo.origin}/status/201`, `${demo.origin}/status/204`],
    );
    assert.equal(result?.connections[0].via, proxy.url);
  });

  it('reaches an origin in http.noProxy directly', async () => {
    await http().update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
    const seen = proxy.connections.length;
    const result = await send();
    assert.deepEqual(
      result?.requests.map((r) => r.response?.status),
      [201, 204],
    );
    assert.equal(proxy.connections.length, seen);
    await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
  });

  it('sends nothing when http.proxy is not a usable proxy URL', async () => {
    await http().update('proxy', 'socks5://127.0.0.1:1080', vscode.ConfigurationTarget.Global);
    demo.resetStats();
    assert.equal(await send(), undefined);
    assert.equal(demo.stats().requests, 0);
  });
});
