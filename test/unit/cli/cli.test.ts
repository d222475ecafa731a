// Runs the CLI as a real process (the tsc output of src/cli/main.ts, so no bundling step is needed)
// against the demo server, and checks what users and scripts see: stdout, stderr and exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { cli, closedPort, MAIN } from './cliProcess';

describe('httpipe CLI (real process, demo server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let dir: string;

  before(async () => {
    server = await startDemoServer();
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-cli-'));
    await writeFile(
      path.join(dir, 'two.http'),
      '@host = http://127.0.0.1:1\n\n### first\nGET {{host}}/delay?ms=100\n\n### second\nPOST {{host}}/echo\nX-Test: 1\n\nhi\n',
    );
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('run --json prints one JSON object with every request, times from the run start', async () => {
    const result = await cli(['run', 'two.http', '--json', '--var', `host=${server.origin}`], dir);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report).sort(), [
      'cancelled',
      'connectionsOpened',
      'mode',
      'notes',
      'requests',
      'wallMs',
    ]);
    assert.equal(report.mode, 'keepalive');
    assert.equal(report.connectionsOpened, 1);
    assert.deepEqual(
      report.requests.map((r: Record<string, unknown>) => [
        r.name,
        r.method,
        r.url,
        r.outcome,
        r.status,
        r.connection,
        r.reused,
        r.retried,
        r.error,
      ]),
      [
        ['first', 'GET', `${server.origin}/delay?ms=100`, 'response', 200, 1, false, false, null],
        ['second', 'POST', `${server.origin}/echo`, 'response', 200, 1, true, false, null],
      ],
    );
    const [first, second] = report.requests;
    assert.deepEqual(Object.keys(first.timings).sort(), [
      'connectMs',
      'dnsMs',
      'endMs',
      'firstByteMs',
      'proxyMs',
      'sentMs',
      'startMs',
      'tlsMs',
    ]);
    assert.deepEqual(first.hops, []);
    assert.equal(first.timings.tlsMs, null);
    assert.ok(
      first.timings.connectMs <= first.timings.sentMs && first.timings.sentMs <= first.timings.firstByteMs,
    );
    assert.ok(
      first.timings.endMs <= second.timings.sentMs,
      'keep-alive writes the second request after the first response',
    );
    assert.ok(report.wallMs >= second.timings.endMs);
    assert.equal(second.bodyBytes > 0, true);
  });

  it('run prints a readable table with the wall time and connections', async () => {
    const result = await cli(['run', 'two.http', '--mode', 'fresh', '--var', `host=${server.origin}`], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /#\s+request\s+status\s+connection/);
    assert.match(result.stdout, /1\s+first\s+200\s+#1 new/);
    assert.match(result.stdout, /2\s+second\s+200\s+#2 new/);
    assert.match(result.stdout, /fresh: [\d.]+ ms wall time, 2 connections opened/);
  });

  it('run --mode pipelined says why the POST waited', async () => {
    const result = await cli(
      ['run', 'two.http', '--mode', 'pipelined', '--var', `host=${server.origin}`],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^#2 second waits for #1 first: POST is not idempotent/m);
  });

  it('--env picks the environment from http-client.env.json, and --var beats it', async () => {
    const envDir = path.join(dir, 'env');
    await mkdir(envDir);
    await writeFile(
      path.join(envDir, 'http-client.env.json'),
      JSON.stringify({ demo: { host: server.origin, code: '202' } }),
    );
    await writeFile(path.join(envDir, 'env.http'), 'GET {{host}}/status/{{code}}\n');
    const fromEnv = await cli(['run', 'env.http', '--env', 'demo', '--json'], envDir);
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.equal(JSON.parse(fromEnv.stdout).requests[0].status, 202);
    const overridden = await cli(['run', 'env.http', '--env', 'demo', '--var', 'code=203', '--json'], envDir);
    assert.equal(JSON.parse(overridden.stdout).requests[0].status, 203);
  });

  it('exits non-zero and names the request and its place when a connection is refused', async () => {
    const result = await cli(
      ['run', 'two.http', '--json', '--var', `host=http://127.0.0.1:${await closedPort()}`],
      dir,
    );
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.equal(report.requests[0].outcome, 'error');
    assert.equal(report.requests[0].error.phase, 'connect');
    assert.match(
      result.stderr,
      /^two\.http:4:1: error: request #1 "first" could not connect: .*ECONNREFUSED/m,
    );
  });

  it('names the byte where a malformed response went wrong', async () => {
    // Answers every request with a chunked body whose chunk size is not hexadecimal.
    const garbage = createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'));
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = garbage.address() as { port: number };
      const result = await cli(['run', 'two.http', '--json', '--var', `host=http://127.0.0.1:${port}`], dir);
      assert.equal(result.code, 1);
      const first = JSON.parse(result.stdout).requests[0];
      assert.equal(first.error.phase, 'response');
      assert.equal(typeof first.error.byteOffset, 'number');
      assert.match(
        result.stderr,
        new RegExp(
          `^two\\.http:4:1: error: request #1 "first" got a response that could not be read: .*\\[.*connection #1, byte ${first.error.byteOffset} of the bytes received on it\\]$`,
          'm',
        ),
      );
    } finally {
      await new Promise((resolve) => garbage.close(resolve));
    }
  });

  it('prints parse errors with file:line:col, runs the rest and exits non-zero', async () => {
    await writeFile(path.join(dir, 'broken.http'), `GET ${server.origin}/status/200\nnot a header\n`);
    const result = await cli(['run', 'broken.http', '--json'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^broken\.http:2:1: error: "not a header" is not a header/m);
    assert.equal(JSON.parse(result.stdout).requests.length, 1);
  });

  it('compare --repeat 1 --json prints the comparison of all three modes', async () => {
    const result = await cli(
      ['compare', 'two.http', '--repeat', '1', '--json', '--var', `host=${server.origin}`],
      dir,
    );
    assert.equal(result.code, 0, result.stderr);
    const comparison = JSON.parse(result.stdout);
    assert.equal(comparison.repeat, 1);
    assert.deepEqual(
      comparison.modes.map((m: { mode: string; wallMs: number[] }) => [m.mode, m.wallMs.length]),
      [
        ['fresh', 1],
        ['keepalive', 1],
        ['pipelined', 1],
        ['h2', 1],
      ],
    );
    assert.deepEqual(
      comparison.perRequest.map((r: { name: string }) => r.name),
      ['first', 'second'],
    );
    assert.ok(Array.isArray(comparison.ratios));
  });

  it('compare prints medians per mode, how they relate, and per-request medians', async () => {
    const result = await cli(['compare', 'two.http', '--repeat', '1', '--var', `host=${server.origin}`], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wall time per mode \(1 run per mode, interleaved\)/);
    assert.match(result.stdout, /^keep-alive\s+[\d.]+/m);
    assert.match(result.stdout, /Per request/);
  });

  it('exits 2 with the reason on usage errors and unreadable files', async () => {
    const badMode = await cli(['run', 'two.http', '--mode', 'parallel'], dir);
    assert.equal(badMode.code, 2);
    assert.match(badMode.stderr, /--mode must be one of fresh, keepalive, pipelined/);
    const missing = await cli(['run', 'missing.http'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.http: ENOENT/);
    await writeFile(path.join(dir, 'empty.http'), '# only a comment\n');
    const empty = await cli(['compare', 'empty.http'], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /empty\.http has no requests/);
  });

  it('Ctrl+C cancels a run: the table still shows every request, exit code 130', async () => {
    await writeFile(
      path.join(dir, 'slow.http'),
      `GET ${server.origin}/delay?ms=20000\n\n###\nGET ${server.origin}/status/200\n`,
    );
    server.resetStats();
    const child = spawn(process.execPath, [MAIN, 'run', 'slow.http'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    while (server.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const [code] = await once(child, 'close');
    assert.equal(code, 130);
    assert.match(stdout, /keep-alive: [\d.]+ ms wall time, 1 connection opened, cancelled/);
    assert.match(stderr, /^slow\.http:1:1: error: request #1 .* was cancelled: /m);
    assert.match(stderr, /^slow\.http:4:1: error: request #2 .* was not sent: /m);
  });

  it('demo-server prints its origin, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, 'demo-server'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const origin = await new Promise<string>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (text) => {
        stdout += text;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
    });
    const response = await fetch(`${origin}/status/201`);
    assert.equal(response.status, 201);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
