// The CLI on a chained file (a login whose response later requests use), pipelined: the report says
// which request waited for which and why, so a user sees where the pipeline stopped.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { cli } from './cliProcess';

describe('httpipe run on a chained file (real process, demo server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let dir: string;

  before(async () => {
    server = await startDemoServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-chain-'));
    await writeFile(
      path.join(dir, 'chain.http'),
      [
        '# @name login',
        'POST {{host}}/echo',
        'Content-Type: application/json',
        '',
        '{"token": "t-42"}',
        '',
        '###',
        '# @name me',
        'GET {{host}}/delay?ms=50&t={{login.response.body.$.body}}',
        '',
        '###',
        '# @name health',
        'GET {{host}}/status/200',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints "waits for #1 login" for the request that uses its response', async () => {
    const result = await cli(
      ['run', 'chain.http', '--mode', 'pipelined', '--var', `host=${server.origin}`],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^#2 me waits for #1 login: uses its response$/m);
    // health uses nothing and follows an idempotent request: pipelined behind me, no wait line.
    assert.doesNotMatch(result.stdout, /^#3 health waits/m);
  });
});
