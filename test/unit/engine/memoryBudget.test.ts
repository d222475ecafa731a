// The run-wide memory budget (issue 17): bodies of one run share it; past it a body is spooled to
// disk (with a spool dir) or counted and not kept. 1,000 responses of 1 MiB run in a child process
// whose peak RSS must stay far below the gigabyte they add up to; each byte is kept once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { ManyBodiesReport } from '../../support/manyBodiesChild';
import { requests } from '../../support/requestSpecs';

const MiB = 1024 * 1024;
const RSS_LIMIT = 400 * MiB;

/** Serves `/n` with an n-byte body (byte k is k % 251) from one shared buffer; chunked when asked. */
async function startBodyServer(): Promise<{ origin: string; server: Server }> {
  const body = Buffer.alloc(4 * MiB);
  for (let k = 0; k < body.length; k++) body[k] = k % 251;
  const server = createServer((req, res) => {
    const [path, query] = (req.url ?? '/').split('?');
    const bytes = body.subarray(0, Number(path.slice(1)));
    if (query === 'chunked') {
      res.write(bytes.subarray(0, bytes.length >> 1));
      res.end(bytes.subarray(bytes.length >> 1));
    } else {
      res.setHeader('Content-Length', bytes.length);
      res.end(bytes);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function expectedBody(bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  for (let k = 0; k < bytes; k++) body[k] = k % 251;
  return body;
}

describe('engine: run-wide memory budget', () => {
  let origin: string;
  let server: Server;
  let spoolDir: string;
  before(async () => ({ origin, server } = await startBodyServer()));
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (spoolDir = mkdtempSync(join(tmpdir(), 'httpipe-budget-'))));
  afterEach(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('keeps bodies whole until the budget is spent, then counts them without keeping them', async () => {
    const result = await runRequests(
      requests(
        Array.from({ length: 5 }, (_, k): ['GET', string] => [
          'GET',
          `${origin}/${MiB}${k === 4 ? '?chunked' : ''}`,
        ]),
      ),
      { mode: 'pipelined', limits: { memoryBudgetBytes: 2.5 * MiB } },
    );
    const bodies = result.requests.map((r) => r.response!);
    assert.deepEqual(
      bodies.map((b) => [b.bodyBytes, b.body.length, b.bodyTruncated]),
      [
        [MiB, MiB, false],
        [MiB, MiB, false],
        // What is left of the budget is kept: a preview, never a hole in the middle.
        [MiB, MiB / 2, true],
        [MiB, 0, true],
        [MiB, 0, true],
      ],
    );
    assert.ok(bodies[0].body.equals(expectedBody(MiB)));
    assert.ok(bodies[2].body.equals(expectedBody(MiB / 2)));
  });

  it('spools the bodies past the budget to disk, whole, with a spool dir', async () => {
    const result = await runRequests(
      requests(
        [1, 2, 3].map((k): ['GET', string] => ['GET', `${origin}/${MiB}${k === 3 ? '?chunked' : ''}`]),
      ),
      { mode: 'keepalive', spoolDir, limits: { memoryBudgetBytes: 1.5 * MiB } },
    );
    const [first, second, third] = result.requests.map((r) => r.response!);
    assert.equal(first.bodyFile, undefined);
    assert.ok(first.body.equals(expectedBody(MiB)));
    for (const spooled of [second, third]) {
      assert.ok(spooled.bodyFile, 'spooled');
      assert.ok(readFileSync(spooled.bodyFile).equals(expectedBody(MiB)));
    }
    assert.equal(second.body.length, MiB / 2);
    assert.equal(third.body.length, 0);
  });

  it('joins a chunked body once and keeps a known-length body in one buffer of its size', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${origin}/${3 * MiB}?chunked`],
        ['GET', `${origin}/${3 * MiB}`],
      ]),
      { mode: 'keepalive' },
    );
    for (const { response } of result.requests) {
      assert.ok(response!.body.equals(expectedBody(3 * MiB)));
      // Not a view into something bigger: the body's memory is the body.
      assert.equal(response!.body.buffer.byteLength, 3 * MiB);
    }
  });

  describe('1,000 responses of 1 MiB in a child process', function () {
    this.timeout(300_000);

    it(`peaks below ${RSS_LIMIT / MiB} MiB RSS with the default budget, counting what it does not keep`, async () => {
      const child = join(__dirname, '../../support/manyBodiesChild.js');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [child, `${origin}/${MiB}`, '1000', '-'],
        {
          maxBuffer: MiB,
        },
      );
      const report = JSON.parse(stdout) as ManyBodiesReport;
      assert.equal(report.responses, 1000);
      assert.equal(report.bodyBytes, 1000 * MiB);
      assert.equal(report.keptBytes, 256 * MiB);
      assert.equal(report.countedOnly, 1000 - 256);
      assert.ok(report.peakRss <= RSS_LIMIT, `peak RSS ${(report.peakRss / MiB).toFixed(0)} MiB`);
    });
  });
});
