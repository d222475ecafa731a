// The CLI's cookie jar as a user sees it (real process, a loopback server that sets a cookie and
// echoes the Cookie it got): a login's cookie reaches the next request, the report names it (never
// its value in the table), and --no-cookie-jar turns the jar off.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startCookieServer, setPath, type CookieServer } from '../../support/cookieServer';
import { cli } from './cliProcess';

describe('httpipe run with the cookie jar (real process)', function () {
  this.timeout(30_000);
  let server: CookieServer;
  let dir: string;

  before(async () => {
    server = await startCookieServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-cookies-'));
    await writeFile(
      path.join(dir, 'login.http'),
      [
        '# @name login',
        `POST {{host}}${setPath(['sid=s3cr3t; Path=/; HttpOnly'])}`,
        '',
        '{}',
        '',
        '###',
        '# @name me',
        'GET {{host}}/me',
        '',
        '###',
        '# @name anonymous',
        '# @no-cookie-jar',
        'GET {{host}}/public',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pipelined behind the login POST: the GET carries sid, the table says so by name, @no-cookie-jar sends none', async () => {
    const result = await cli(
      ['run', 'login.http', '--mode', 'pipelined', '--var', `host=${server.origin}`],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /#1 login stored cookie sid from its response in the cookie jar/);
    assert.match(result.stdout, /#2 me sent cookie sid from the run's cookie jar/);
    assert.doesNotMatch(result.stdout, /s3cr3t/);
    assert.deepEqual(
      server.received.slice(-2).map((r) => r.cookie),
      ['sid=s3cr3t', ''],
    );
  });

  it('--json has the names per request; --no-cookie-jar sends and stores nothing', async () => {
    const withJar = JSON.parse(
      (await cli(['run', 'login.http', '--json', '--var', `host=${server.origin}`], dir)).stdout,
    );
    assert.deepEqual(
      withJar.requests.map((r: { cookies: unknown }) => r.cookies),
      [{ sent: [], stored: ['sid'] }, { sent: ['sid'], stored: [] }, null],
    );
    const without = await cli(
      ['run', 'login.http', '--json', '--no-cookie-jar', '--var', `host=${server.origin}`],
      dir,
    );
    assert.equal(without.code, 0, without.stderr);
    assert.deepEqual(
      JSON.parse(without.stdout).requests.map((r: { cookies: unknown }) => r.cookies),
      [null, null, null],
    );
    assert.deepEqual(
      server.received.slice(-3).map((r) => r.cookie),
      ['', '', ''],
    );
  });
});
