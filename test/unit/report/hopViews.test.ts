// A request with hops, from a real run against the demo server (a redirect, then a Digest challenge),
// as the panel, the wire view and the history see it: every exchange's segments, bytes and headers
// attributed to the request, hop headers masked in the stored copy.
import { strict as assert } from 'node:assert';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunResult } from '../../../src/core/engine/types';
import { toStoredRun } from '../../../src/core/history/storedRun';
import { toRequestDetail } from '../../../src/core/report/requestDetail';
import { toRequestSummary } from '../../../src/core/report/requestSummary';
import { toConnectionWireView } from '../../../src/core/report/wireView';
import { requests } from '../../support/requestSpecs';

describe('views of a request with hops (demo server)', () => {
  let server: DemoServer;
  let run: RunResult;

  before(async () => {
    server = await startDemoServer();
    // /redirect → /digest (401 challenge) → /digest answered: two hops, one connection.
    run = await runRequests(
      requests([
        [
          'GET',
          `${server.origin}/redirect?to=/digest`,
          { auth: { scheme: 'digest', username: 'demo', password: 'demo' } },
        ],
        ['GET', `${server.origin}/status/204`],
      ]),
      { mode: 'pipelined' },
    );
  });
  after(() => server.close());

  it('the summary has every hop and one waterfall row: hop segments first, marked, then the final ones', () => {
    const summary = toRequestSummary(run.requests[0]);
    assert.equal(summary.statusLabel, '200');
    assert.deepEqual(
      summary.hops.map((h) => [h.status, h.reason.split(' ')[0]]),
      [
        [302, 'redirect'],
        [401, 'Digest'],
      ],
    );
    assert.deepEqual([...new Set(summary.segments.map((s) => s.hop))], [1, 2, undefined]);
    for (let i = 1; i < summary.segments.length; i++)
      assert.ok(summary.segments[i].fromMs >= summary.segments[i - 1].toMs - 0.001, 'in time order');
    // The total counts every hop, not only the final exchange.
    const first = run.requests[0].hops![0].timings.startMs;
    assert.ok(Math.abs(summary.totalMs! - (run.requests[0].timings.endMs! - first)) < 0.001);
    assert.deepEqual(toRequestSummary(run.requests[1]).hops, []);
  });

  it('the detail has each hop status line, headers and raw bytes', () => {
    const detail = toRequestDetail(
      run.requests[0],
      (id) => run.connections.find((c) => c.id === id),
      1024 * 1024,
    );
    assert.deepEqual(
      detail.hopDetails.map((h) => h.statusLine),
      ['HTTP/1.1 302 Found', 'HTTP/1.1 401 Unauthorized'],
    );
    assert.ok(detail.hopDetails[1].headers.some((h) => h.name.toLowerCase() === 'www-authenticate'));
    assert.match(detail.hopDetails[0].rawRequest!, /^GET \/redirect\?to=\/digest HTTP\/1\.1␍␊/);
    assert.match(detail.hopDetails[1].rawRequest!, /^GET \/digest HTTP\/1\.1␍␊/);
    assert.doesNotMatch(detail.hopDetails[1].rawRequest!, /Authorization/);
    assert.match(detail.rawRequest!, /Authorization: Digest username="demo"/);
  });

  it('the wire view gives every exchange of the connection to its request, and the segments tile the stream', () => {
    assert.equal(run.connections.length, 1);
    const [connection] = run.connections;
    const view = toConnectionWireView(connection, run.requests, 1024 * 1024);
    assert.deepEqual(
      view.written.map((s) => s.requestIndex),
      [0, 1, 0, 0],
    );
    assert.deepEqual(
      view.read.map((s) => s.requestIndex),
      [0, 1, 0, 0],
    );
    for (let i = 1; i < view.read.length; i++) assert.equal(view.read[i].start, view.read[i - 1].end);
    assert.equal(view.read.at(-1)!.end, connection.read.length);
  });

  it("the stored copy masks the hops' secrets and maps their byte ranges into the masked log", () => {
    const withCookie: RunResult = {
      ...run,
      requests: run.requests.map((r, i) =>
        i === 0
          ? {
              ...r,
              hops: r.hops!.map((h, j) =>
                j === 0 ? { ...h, headers: [...h.headers, ['Set-Cookie', 'sid=s3cret; Path=/']] } : h,
              ),
            }
          : r,
      ),
    };
    const stored = toStoredRun(withCookie);
    const request = stored.requests[0];
    assert.deepEqual(request.hops![0].headers.at(-1), ['Set-Cookie', 'sid=•••; Path=/']);
    assert.equal(
      run.requests[0].hops![0].headers.some(([name]) => name === 'Set-Cookie'),
      false,
      'the run itself is not changed',
    );
    const [connection] = stored.connections;
    assert.equal(request.hops!.length, 2);
    const final = request.wire!.written;
    const finalText = connection.written.subarray(final[0], final[1]).toString('utf8');
    assert.match(finalText, /^GET \/digest HTTP\/1\.1\r\n/);
    assert.match(finalText, /Authorization: Digest •••/);
    const hop = request.hops![1].wire!.read!;
    assert.match(
      connection.read.subarray(hop[0], hop[1]).toString('latin1'),
      /^HTTP\/1\.1 401 Unauthorized\r\n/,
    );
  });
});
