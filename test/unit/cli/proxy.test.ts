// The CLI's proxy as a real process: HTTP_PROXY / NO_PROXY from its environment, --proxy and
// --no-proxy, and a proxy URL it cannot use, against the demo server and the loopback proxy.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { startLoopbackProxy, type LoopbackProxy } from '../../support/loopbackProxy';
import { cli, MAIN } from './cliProcess';

describe('httpipe CLI through a proxy (real process)', function () {
  this.timeout(30_000);
  let demo: DemoServer;
  let proxy: LoopbackProxy;
  let dir: string;
  const run = (args: string[], env: Record<string, string> = {}) =>
    cli(['run', 'two.http', '--mode', 'pipelined', '--var', `host=${demo.origin}`, ...args], dir, MAIN, env);
  const targets = () => proxy.connections.flatMap((c) => c.requests.map((r) => r.target));

  before(async () => {
    demo = await startDemoServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-proxy-'));
    await writeFile(
      path.join(dir, 'two.http'),
      '### one\nGET {{host}}/status/201\n\n### two\nGET {{host}}/status/204\n',
    );
  });
  after(async () => {
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    proxy = await startLoopbackProxy();
  });
  afterEach(() => proxy.close());

  it('sends through HTTP_PROXY (the lower-case spelling wins), pipelined on one connection, and says so', async () => {
    const result = await run([], { http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:1' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(targets(), [`${demo.origin}/status/201`, `${demo.origin}/status/204`]);
    assert.match(result.stdout, new RegExp(`pipelined: .* 1 connection opened through ${proxy.url}`));
  });

  it('--proxy URL beats the environment; --no-proxy connects directly; NO_PROXY exempts an origin', async () => {
    assert.equal((await run(['--proxy', proxy.url], { HTTP_PROXY: 'http://127.0.0.1:1' })).code, 0);
    assert.equal(targets().length, 2);
    const direct = await run(['--no-proxy'], { HTTP_PROXY: proxy.url });
    assert.equal(direct.code, 0, direct.stderr);
    const exempt = await run([], { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    assert.equal(exempt.code, 0, exempt.stderr);
    assert.equal(targets().length, 2, 'the proxy saw nothing more');
  });

  it('stops before any request with exit code 2 when the proxy URL cannot be used', async () => {
    const result = await run([], { HTTPS_PROXY: 'socks5://127.0.0.1:1080' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /HTTPS_PROXY: socks5 proxies are not supported/);
    const both = await run(['--proxy', proxy.url, '--no-proxy']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--proxy and --no-proxy cannot go together/);
  });

  it('says which proxy it could not reach', async () => {
    const result = await run(['--proxy', 'http://127.0.0.1:1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /through the proxy http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  });
});
