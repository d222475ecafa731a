// Redirects and Digest auth as the CLI user sees them: a real process against the demo server's
// /redirect and /digest routes, in the table (one line per hop), in --json, and with --no-follow-redirects.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { cli } from './cliProcess';

const FILE = [
  '@host = http://127.0.0.1:1',
  '',
  '### moved',
  'GET {{host}}/redirect?to=/redirect%3Fto%3D/status/201&status=301',
  '',
  '### after post',
  'POST {{host}}/redirect?to=/echo&status=303',
  'Content-Type: text/plain',
  '',
  'gone after the 303',
  '',
  '### pinned',
  '# @no-redirect',
  'GET {{host}}/redirect?to=/status/200',
  '',
  '### private',
  'GET {{host}}/digest',
  'Authorization: Digest demo demo',
  '',
].join('\n');

describe('httpipe CLI: redirects and Digest auth as hops (real process, demo server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let dir: string;

  before(async () => {
    server = await startDemoServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-hops-'));
    await writeFile(path.join(dir, 'hops.http'), FILE);
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const mode of ['fresh', 'keepalive', 'pipelined']) {
    it(`${mode}: follows redirects and answers the Digest challenge, a line per hop under the request`, async () => {
      const result = await cli(['run', 'hops.http', '--mode', mode, '--var', `host=${server.origin}`], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      const lines = result.stdout.split('\n');
      const row = (name: string) =>
        lines.find((line) => new RegExp(`^\\s*\\d+\\s+${name}\\s`).test(line)) ?? '';
      assert.match(row('moved'), / 201 /);
      assert.match(row('after post'), / 200 /);
      assert.match(row('pinned'), / 302 /);
      assert.match(row('private'), / 200 /);
      const hops = lines.filter((line) => /^\s+↳ hop/.test(line));
      assert.equal(hops.length, 4, hops.join('\n'));
      assert.match(
        hops[0],
        new RegExp(
          `↳ hop 1: GET ${server.origin}/redirect\\?to=.* → 301, redirect 301 to ${server.origin}/redirect\\?to=/status/201 \\(#\\d+ (new|reused)`,
        ),
      );
      assert.match(hops[1], /↳ hop 2: GET .* → 302, redirect 302 to .*\/status\/201/);
      assert.match(hops[2], /↳ hop 1: POST .* → 303, redirect 303 to .*\/echo/);
      assert.match(
        hops[3],
        /↳ hop 1: GET .*\/digest → 401, Digest challenge \(realm "httpipe demo", MD5\) answered/,
      );
      assert.ok(!result.stdout.includes('demo demo'), 'the credentials are not printed');
    });
  }

  it('--json lists each hop with its reason, connection and timings; the 303 continued as GET without the body', async () => {
    const result = await cli(
      ['run', 'hops.http', '--mode', 'keepalive', '--json', '--var', `host=${server.origin}`],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const [moved, afterPost, pinned, priv] = report.requests;
    assert.deepEqual(
      moved.hops.map((h: { status: number }) => h.status),
      [301, 302],
    );
    assert.deepEqual(moved.hops[0].reason, {
      kind: 'redirect',
      status: 301,
      location: `${server.origin}/redirect?to=/status/201`,
    });
    assert.equal(moved.hops[0].connection, 1);
    assert.ok(moved.hops[0].timings.endMs <= moved.hops[1].timings.startMs + 0.01);
    assert.equal(afterPost.method, 'GET');
    assert.equal(afterPost.url, `${server.origin}/echo`);
    assert.deepEqual(pinned.hops, []);
    assert.equal(priv.hops[0].reason.kind, 'digest');
    assert.equal(report.connectionsOpened, 1);
  });

  it('--no-follow-redirects: every 3xx is the final response; Digest is still answered', async () => {
    const result = await cli(
      ['run', 'hops.http', '--json', '--no-follow-redirects', '--var', `host=${server.origin}`],
      dir,
    );
    const report = JSON.parse(result.stdout);
    assert.deepEqual(
      report.requests.map((r: { status: number }) => r.status),
      [301, 303, 302, 200],
    );
    assert.deepEqual(
      report.requests.map((r: { hops: unknown[] }) => r.hops.length),
      [0, 0, 0, 1],
    );
  });
});
