// A 200 MB body over HTTP/2 (h2c, a Node http2 server writing with backpressure) received by the
// engine in a child process: memory does not follow the body (flow control and the body collector
// keep it flat), the spooled file is whole, and the frame list stops at its cap.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MAX_FRAMES_KEPT } from '../../../src/core/engine/h2/h2Session';
import type { LargeBodyReport } from '../../support/largeBodyChild';

const MiB = 1024 * 1024;
const BODY_BYTES = 200 * MiB;
/** The same bound as for HTTP/1.1 (test/unit/engine/largeResponses.test.ts). */
const MAX_RSS_GROWTH = 150 * MiB;

function bigChunk(i: number): Buffer {
  return Buffer.alloc(MiB, i & 0xff);
}

describe('engine h2 mode: a 200 MB body in a child process', function () {
  this.timeout(120_000);
  let spoolDir: string;
  let server: http2.Http2Server;
  const sessions = new Set<http2.ServerHttp2Session>();

  before(async () => {
    server = http2.createServer();
    server.on('session', (session) => {
      sessions.add(session);
      session.on('error', () => undefined);
    });
    server.on('stream', (stream) => {
      stream.on('error', () => undefined);
      stream.respond({ ':status': 200, 'content-length': BODY_BYTES });
      let i = 0;
      const writeMore = (): void => {
        while (i < BODY_BYTES / MiB) {
          if (!stream.write(bigChunk(i++))) return void stream.once('drain', writeMore);
        }
        stream.end();
      };
      writeMore();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    spoolDir = mkdtempSync(join(tmpdir(), 'httpipe-h2-spool-'));
  });
  after(async () => {
    rmSync(spoolDir, { recursive: true, force: true });
    for (const session of sessions) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('spools it whole with a bounded preview; RSS stays far below the body size', async () => {
    const hash = createHash('sha256');
    for (let i = 0; i < BODY_BYTES / MiB; i++) hash.update(bigChunk(i));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
    const child = join(__dirname, '../../support/largeBodyChild.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', child, url, spoolDir, '-', 'h2'],
      {
        maxBuffer: MiB,
      },
    );
    const report = JSON.parse(stdout) as LargeBodyReport;
    const growth = report.peakRss - report.baselineRss;
    console.log(
      `      h2, spooled 200 MB: growth ${(growth / MiB).toFixed(1)} MiB, ${report.frames} frames kept`,
    );
    assert.equal(report.outcome, 'response', report.error);
    assert.equal(report.bodyBytes, BODY_BYTES);
    assert.equal(report.previewBytes, 16 * MiB);
    assert.equal(statSync(report.bodyFile!).size, BODY_BYTES);
    const fileHash = createHash('sha256');
    for await (const chunk of createReadStream(report.bodyFile!)) fileHash.update(chunk as Buffer);
    assert.equal(fileHash.digest('hex'), hash.digest('hex'));
    assert.ok(growth < MAX_RSS_GROWTH, `RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
    assert.equal(report.frames, MAX_FRAMES_KEPT);
    assert.equal(report.framesTruncated, true);
  });
});
