// The CLI on features of other tools' files (real process, demo server on loopback): `# @prompt`
// answered with --var, and without a terminal a clear error naming --var; `>>` saving the body.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { cli } from './cliProcess';

describe('httpipe run on httpYac / JetBrains / Kulala features (real process, demo server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let dir: string;

  before(async () => {
    server = await startDemoServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-peer-'));
    await writeFile(
      path.join(dir, 'peer.http'),
      [
        '# @prompt token Your API token',
        'GET {{host}}/echo?t={{token}}',
        '',
        '>> ./saved/echo.json',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the --var value of a prompt and saves the body where >> says', async () => {
    const run = await cli(['run', 'peer.http', '--var', `host=${server.origin}`, '--var', 'token=abc'], dir);
    assert.equal(run.code, 0, run.stderr);
    const saved = JSON.parse(await readFile(path.join(dir, 'saved/echo.json'), 'utf8'));
    assert.equal(new URL(saved.url, 'http://x').searchParams.get('t'), 'abc');
  });

  it('fails the request without a terminal to ask on, naming --var, at the prompt line', async () => {
    const run = await cli(['run', 'peer.http', '--var', `host=${server.origin}`], dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /peer\.http:1:11: @prompt token has no value: give it with --var token=/);
    assert.match(run.stderr, /peer\.http:4:1: the response is not saved: request #1 got no response/);
  });
});
