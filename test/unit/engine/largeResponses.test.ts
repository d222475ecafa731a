// Large bodies: 200 MB streams through a child process running the engine without its memory
// following the body (peak RSS measured there), with and without spooling to disk; the wire log
// stays at its cap. Smaller in-process cases pin the spool file's content and its clean-up.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { LargeBodyReport } from '../../support/largeBodyChild';
import { requests } from '../../support/requestSpecs';
import { startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';

const MiB = 1024 * 1024;
const BODY_BYTES = 200 * MiB;
/** Generous: the body is 200 MB; keeping it (or a queue of it) would blow far past this. */
const MAX_RSS_GROWTH = 150 * MiB;

/** Chunk i of the big body: 1 MiB of the byte i, so any lost or reordered MiB changes the hash. */
function bigChunk(i: number): Buffer {
  return Buffer.alloc(MiB, i & 0xff);
}

/** Serves BODY_BYTES with Content-Length to each request, writing with backpressure; returns the body's sha256. */
async function startBigBodyServer(): Promise<{ server: ScriptedServer; sha256: string }> {
  const hash = createHash('sha256');
  for (let i = 0; i < BODY_BYTES / MiB; i++) hash.update(bigChunk(i));
  const server = await startScriptedServer(async (c) => {
    await c.requests(1);
    c.write(`HTTP/1.1 200 OK\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
    for (let i = 0; i < BODY_BYTES / MiB; i++) {
      if (!(await c.writeAndDrain(bigChunk(i)))) return;
    }
  });
  return { server, sha256: hash.digest('hex') };
}

async function runChild(url: string, spoolDir: string | undefined): Promise<LargeBodyReport> {
  const child = join(__dirname, '../../support/largeBodyChild.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', child, url, spoolDir ?? '-'],
    {
      maxBuffer: MiB,
    },
  );
  return JSON.parse(stdout) as LargeBodyReport;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function mb(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** What V8 held at the sampled peak: where the growth went, for whoever reads the log of a failure. */
function atPeak({ atPeak: usage }: LargeBodyReport): string {
  return `at the peak heap ${mb(usage.heapUsed)}, external ${mb(usage.external)}, array buffers ${mb(usage.arrayBuffers)}`;
}

describe('engine: large responses', () => {
  let spoolDir: string;
  let scripted: ScriptedServer | undefined;
  beforeEach(() => {
    spoolDir = mkdtempSync(join(tmpdir(), 'httpipe-spool-'));
  });
  afterEach(async () => {
    rmSync(spoolDir, { recursive: true, force: true });
    await scripted?.close();
    scripted = undefined;
  });

  describe('200 MB in a child process', function () {
    this.timeout(120_000);

    it('spools the whole body to a file with a bounded preview; RSS stays far below the body size', async () => {
      const { server, sha256 } = await startBigBodyServer();
      scripted = server;
      const report = await runChild(`${server.origin}/big`, spoolDir);
      const growth = report.peakRss - report.baselineRss;
      console.log(
        `      spooled 200 MB: baseline RSS ${mb(report.baselineRss)}, peak ${mb(report.peakRss)}, growth ${mb(growth)}; ${atPeak(report)}`,
      );
      assert.equal(report.outcome, 'response', report.error);
      assert.equal(report.bodyBytes, BODY_BYTES);
      assert.equal(report.bodyTruncated, true);
      assert.equal(report.previewBytes, 16 * MiB);
      assert.ok(report.bodyFile, 'a body file');
      assert.equal(join(report.bodyFile, '..'), spoolDir);
      assert.equal(statSync(report.bodyFile).size, BODY_BYTES);
      assert.equal(await sha256Of(report.bodyFile), sha256);
      assert.ok(growth < MAX_RSS_GROWTH, `RSS grew by ${mb(growth)}`);
      // The wire log keeps its default cap (4 MiB per direction), not the 200 MB that passed.
      assert.equal(report.wireReadBytes, 4 * MiB);
      assert.equal(report.wireReadTruncated, true);
    });

    it('without a spool dir counts the bytes past the in-memory limit; RSS stays far below the body size', async () => {
      const { server } = await startBigBodyServer();
      scripted = server;
      const report = await runChild(`${server.origin}/big`, undefined);
      const growth = report.peakRss - report.baselineRss;
      console.log(
        `      counted 200 MB: baseline RSS ${mb(report.baselineRss)}, peak ${mb(report.peakRss)}, growth ${mb(growth)}; ${atPeak(report)}`,
      );
      assert.equal(report.outcome, 'response', report.error);
      assert.equal(report.bodyBytes, BODY_BYTES);
      assert.equal(report.previewBytes, 16 * MiB);
      assert.equal(report.bodyTruncated, true);
      assert.equal(report.bodyFile, undefined);
      assert.ok(growth < MAX_RSS_GROWTH, `RSS grew by ${mb(growth)}`);
      assert.equal(report.wireReadBytes, 4 * MiB);
    });
  });

  it("measures the child's own peak: a large parent's RSS is not inherited into it", async function () {
    this.timeout(30_000);
    // ru_maxrss survives fork and execve on Linux: a child of mocha at 200+ MiB started with that as its
    // "peak" (the growth of 154 MiB in full suites). The parent here holds 256 MiB while it forks.
    const sampler = join(__dirname, '../../support/peakRss.js');
    const child = `process.stdout.write(String(new (require(${JSON.stringify(sampler)}).PeakRssSampler)().stop().peakRss))`;
    const parent = `const held = Buffer.alloc(256 * ${MiB}, 1);
      process.stdout.write(require('node:child_process').execFileSync(process.execPath, ['-e', ${JSON.stringify(child)}]));
      held[0] = 2;`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', parent]);
    const peak = Number(stdout);
    assert.ok(peak > 0 && peak < 200 * MiB, `the child's peak RSS: ${mb(peak)}`);
  });

  it('spools a chunked body that passes the limit: the file holds all of it, the preview its start', async () => {
    const body = Array.from({ length: 20 }, (_, i) => `part-${i};`).join('');
    scripted = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      // One chunk per write, so the limit is crossed in the middle of a chunk that arrives on its own.
      for (const part of body.match(/.{1,7}/g)!) {
        await c.writeAndDrain(`${part.length.toString(16)}\r\n${part}\r\n`);
      }
      c.write('0\r\n\r\n');
    });
    const result = await runRequests(requests([['GET', `${scripted.origin}/chunked`]]), {
      mode: 'keepalive',
      spoolDir,
      limits: { maxBodyBytesInMemory: 10 },
    });
    const response = result.requests[0].response!;
    assert.equal(response.body.toString(), body.slice(0, 10));
    assert.equal(response.bodyBytes, body.length);
    assert.equal(readFileSync(response.bodyFile!, 'utf8'), body);
  });

  it('writes no file for a body within the limit', async () => {
    scripted = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789');
    });
    const result = await runRequests(requests([['GET', `${scripted.origin}/small`]]), {
      mode: 'keepalive',
      spoolDir,
      limits: { maxBodyBytesInMemory: 10 },
    });
    assert.equal(result.requests[0].response!.bodyFile, undefined);
    assert.equal(result.requests[0].response!.bodyTruncated, false);
    assert.deepEqual(readdirSync(spoolDir), []);
  });

  it('deletes the spool file of a response that broke off', async () => {
    scripted = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.end(
        'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nthis is more than ten bytes but less than a hundred',
      );
    });
    const result = await runRequests(requests([['GET', `${scripted.origin}/broken`]]), {
      mode: 'keepalive',
      spoolDir,
      limits: { maxBodyBytesInMemory: 10 },
    });
    assert.equal(result.requests[0].error!.cause, 'unexpected-eof');
    assert.deepEqual(readdirSync(spoolDir), []);
  });

  it('reports a spool dir that cannot be written as the request error, with its cause', async () => {
    scripted = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789');
    });
    const result = await runRequests(requests([['GET', `${scripted.origin}/x`]]), {
      mode: 'keepalive',
      spoolDir: join(spoolDir, 'missing'),
      limits: { maxBodyBytesInMemory: 10 },
    });
    const error = result.requests[0].error!;
    assert.equal(error.phase, 'response');
    assert.equal(error.cause, 'ENOENT');
    assert.match(error.message, /could not be written to the spool directory \(ENOENT\)/);
  });

  it('keeps the wire log at maxWireLogBytes in both directions', async () => {
    scripted = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write(`HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n${'z'.repeat(5000)}`);
    });
    const result = await runRequests(
      requests([['POST', `${scripted.origin}/x`, { body: 'q'.repeat(3000) }]]),
      {
        mode: 'keepalive',
        limits: { maxWireLogBytes: 1000 },
      },
    );
    const [connection] = result.connections;
    assert.equal(result.requests[0].response!.bodyBytes, 5000);
    assert.equal(connection.read.length, 1000);
    assert.equal(connection.written.length, 1000);
    assert.deepEqual([connection.readTruncated, connection.writtenTruncated], [true, true]);
    // Offsets still count every byte, so the exchange points past the stored part.
    assert.ok(result.requests[0].wire!.read![1] > 5000);
  });
});
