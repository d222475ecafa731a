// `httpipe run` with scripts, as a real process of the esbuild bundle (so the QuickJS WASM is proven
// to be inside dist/cli.js): tests, logs and errors in --json and JUnit, the exit code, --no-scripts.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { cli } from './cliProcess';

const BUNDLE = path.resolve(__dirname, '../../../../dist/cli.js');

const lines = (origin: string, check: string): string =>
  [
    '# @name login',
    `GET ${origin}/echo?token=t-1`,
    '',
    '> {%',
    '  client.global.set("token", response.body.url.split("token=")[1]);',
    '  client.log("got", response.status);',
    '%}',
    '',
    '###',
    '# @name me',
    `GET ${origin}/echo`,
    'Authorization: Bearer {{token}}',
    '',
    `> {% client.test("token sent", () => client.assert(${check}, "wrong token")) %}`,
  ].join('\n');

describe('httpipe run with scripts (bundle, demo server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let dir: string;
  beforeEach(async () => {
    server = await startDemoServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-scripts-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sentToken = 'JSON.stringify(response.body.headers).includes("Bearer t-1")';

  it('reports tests and logs in --json and exits 0 when they pass', async () => {
    await writeFile(path.join(dir, 'api.http'), lines(server.origin, sentToken));
    const run = await cli(['run', 'api.http', '--json', '--mode', 'pipelined'], dir, BUNDLE);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.requests.map((r: { scripts: unknown }) => r.scripts),
      [
        { tests: [], logs: ['got 200'], error: null, skipped: null },
        {
          tests: [{ name: 'token sent', passed: true, message: null }],
          logs: [],
          error: null,
          skipped: null,
        },
      ],
    );
    assert.match(report.requests[1].waits[0].reason, /uses `token`, set by the response handler of #1 login/);
  });

  it('fails the run on a failed test (stderr, JUnit testcase) and runs nothing with --no-scripts', async () => {
    await writeFile(path.join(dir, 'api.http'), lines(server.origin, 'false'));
    const run = await cli(['run', 'api.http', '--junit', 'junit.xml'], dir, BUNDLE);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✗ token sent — wrong token/);
    assert.match(
      run.stderr,
      /api\.http:11:1: error: request #2 "me": script test failed: token sent: wrong token/,
    );
    const junit = await readFile(path.join(dir, 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testcase name="#2 me › token sent"[^>]*>\s*<failure type="script-test" message="wrong token"/,
    );

    const off = await cli(['run', 'api.http', '--no-scripts'], dir, BUNDLE);
    assert.equal(off.code, 1);
    assert.match(off.stderr, /this script does not run: scripts are turned off \(--no-scripts\)/);
    assert.match(off.stderr, /variable "token" is not defined/);
  });
});
