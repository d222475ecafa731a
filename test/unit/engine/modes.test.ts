// The three modes against the demo server: how many connections each opens (as the server counts
// them), that pipelining overlaps server work while keep-alive does not, and that responses are
// matched to their requests even when the server finishes them out of order.
import { RUN_MODES } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { type RunEvent } from '../../../src/core/engine/types';
import { bodies, requests } from '../../support/requestSpecs';

describe('engine modes (demo server)', () => {
  let demo: DemoServer;
  beforeEach(async () => {
    demo = await startDemoServer();
  });
  afterEach(async () => {
    await demo.close();
  });

  const four = (): ReturnType<typeof requests> =>
    requests([
      ['GET', `${demo.origin}/delay?ms=30`],
      ['GET', `${demo.origin}/bytes?n=5`],
      ['GET', `${demo.origin}/status/204`],
      ['GET', `${demo.origin}/chunked?n=10&chunks=3`],
    ]);

  it('fresh opens one connection per request and sends Connection: close', async () => {
    const result = await runRequests(four(), { mode: 'fresh' });
    assert.deepEqual(
      result.requests.map((r) => r.outcome),
      ['response', 'response', 'response', 'response'],
    );
    assert.equal(demo.stats().connections, 4);
    assert.equal(result.connectionsOpened, 4);
    assert.deepEqual(new Set(result.requests.map((r) => r.connectionId)).size, 4);
    for (const r of result.requests) {
      assert.equal(r.reused, false);
      assert.equal(r.positionOnConnection, 1);
    }
    for (const c of result.connections)
      assert.match(c.written.toString('latin1'), /\r\nconnection: close\r\n/i);
  });

  for (const mode of ['keepalive', 'pipelined'] as const) {
    it(`${mode} uses one connection for the whole run`, async () => {
      const result = await runRequests(four(), { mode });
      assert.deepEqual(bodies(result.requests).slice(1), ['abcde', '', 'abcdefghij']);
      assert.equal(demo.stats().connections, 1);
      assert.equal(demo.stats().requests, 4);
      assert.equal(result.connectionsOpened, 1);
      assert.deepEqual(
        result.requests.map((r) => r.positionOnConnection),
        [1, 2, 3, 4],
      );
      assert.deepEqual(
        result.requests.map((r) => r.reused),
        [false, true, true, true],
      );
      assert.deepEqual(result.connections[0].requests, [0, 1, 2, 3]);
    });
  }

  it("counts connections per mode through the demo server's /stats, asked in the same run", async () => {
    const expected = { fresh: 4, keepalive: 1, pipelined: 1, h2: 1 };
    for (const mode of RUN_MODES) {
      demo.resetStats();
      const specs = requests([
        ['GET', `${demo.origin}/bytes?n=1`],
        ['GET', `${demo.origin}/bytes?n=2`],
        ['GET', `${demo.origin}/bytes?n=3`],
        // Depends on the others so it is written after they were answered, even when pipelining.
        ['GET', `${demo.origin}/stats`, { dependsOn: [0, 1, 2] }],
      ]);
      const result = await runRequests(specs, { mode });
      const stats = JSON.parse(result.requests[3].response!.body.toString());
      assert.deepEqual(stats, { connections: expected[mode], requests: 3 }, mode);
    }
  });

  it('emits events: each request starts and finishes once, each opened connection closes', async () => {
    const events: RunEvent[] = [];
    await runRequests(four(), { mode: 'fresh', onEvent: (event) => events.push(event) });
    const count = (type: RunEvent['type']): number => events.filter((e) => e.type === type).length;
    assert.deepEqual(
      [
        count('request-started'),
        count('request-finished'),
        count('connection-opened'),
        count('connection-closed'),
      ],
      [4, 4, 4, 4],
    );
    const firstFinish = events.findIndex((e) => e.type === 'request-finished');
    assert.ok(events.findIndex((e) => e.type === 'connection-opened') < firstFinish);
  });

  it('pipelined overlaps two 400 ms requests; keep-alive does not', async () => {
    const slowPair = (): ReturnType<typeof requests> =>
      requests([
        ['GET', `${demo.origin}/delay?ms=400`],
        ['GET', `${demo.origin}/delay?ms=400`],
      ]);
    const pipelined = await runRequests(slowPair(), { mode: 'pipelined' });
    const keepalive = await runRequests(slowPair(), { mode: 'keepalive' });
    assert.ok(pipelined.wallMs < 700, `pipelined took ${pipelined.wallMs} ms`);
    assert.ok(keepalive.wallMs >= 800, `keep-alive took ${keepalive.wallMs} ms`);
    // The second request was on the wire before the first response arrived.
    const [first, second] = pipelined.requests;
    assert.ok(second.timings.sentMs! < first.timings.firstByteMs!);
  });

  it('pipelined runs requests to different origins concurrently, each on its own connection', async () => {
    const other = await startDemoServer();
    try {
      const pair = (): ReturnType<typeof requests> =>
        requests([
          ['GET', `${demo.origin}/delay?ms=400`],
          ['GET', `${other.origin}/delay?ms=400`],
        ]);
      const pipelined = await runRequests(pair(), { mode: 'pipelined' });
      assert.ok(pipelined.wallMs < 700, `pipelined took ${pipelined.wallMs} ms`);
      assert.deepEqual(
        pipelined.connections.map((c) => c.origin),
        [demo.origin, other.origin],
      );
      const keepalive = await runRequests(pair(), { mode: 'keepalive' });
      assert.ok(keepalive.wallMs >= 800, `keep-alive took ${keepalive.wallMs} ms`);
      assert.deepEqual([demo.stats().connections, other.stats().connections], [2, 2]);
    } finally {
      await other.close();
    }
  });

  it('matches responses to requests when the server finishes them out of order', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${demo.origin}/delay?ms=300`],
        ['GET', `${demo.origin}/delay?ms=1`],
        ['GET', `${demo.origin}/delay?ms=150`],
      ]),
      { mode: 'pipelined' },
    );
    const delays = result.requests.map((r) => JSON.parse(r.response!.body.toString()).delayedMs);
    assert.deepEqual(delays, [300, 1, 150]);
    assert.equal(result.connectionsOpened, 1);
    // Each response's [start, end) in the read log holds exactly that response.
    const read = result.connections[0].read.toString('latin1');
    for (const r of result.requests) {
      const [start, end] = r.wire!.read!;
      assert.match(
        read.slice(start, end),
        new RegExp(
          `^HTTP/1\\.1 200 OK[\\s\\S]*"delayedMs":${JSON.parse(r.response!.body.toString()).delayedMs},`,
        ),
      );
    }
    // And each request's written range holds that request.
    const written = result.connections[0].written.toString('latin1');
    result.requests.forEach((r, i) => {
      const [start, end] = r.wire!.written;
      assert.ok(written.slice(start, end).startsWith(`GET /delay?ms=${[300, 1, 150][i]} HTTP/1.1\r\n`));
    });
  });

  it('records timings in order for every mode', async () => {
    for (const mode of RUN_MODES) {
      const result = await runRequests(
        requests([
          ['GET', `${demo.origin}/bytes?n=3`],
          ['GET', `${demo.origin}/bytes?n=4`],
        ]),
        { mode },
      );
      for (const r of result.requests) {
        const t = r.timings;
        assert.ok(t.sentMs !== undefined && t.firstByteMs !== undefined && t.endMs !== undefined, mode);
        assert.ok(
          t.startMs <= t.sentMs! && t.sentMs! <= t.firstByteMs! && t.firstByteMs! <= t.endMs!,
          `${mode} ${JSON.stringify(t)}`,
        );
      }
      const opener = result.requests[0].timings;
      assert.ok(opener.connectMs !== undefined && opener.connectMs <= opener.sentMs!, mode);
      assert.equal(result.requests[1].timings.connectMs === undefined, mode !== 'fresh', mode);
    }
  });

  it('talks to an IPv6 loopback origin', async function () {
    let v6: DemoServer;
    try {
      v6 = await startDemoServer({ host: '::1' });
    } catch {
      this.skip();
    }
    try {
      const result = await runRequests(
        requests([
          ['GET', `${v6.origin}/bytes?n=3`],
          ['GET', `${v6.origin}/bytes?n=2`],
        ]),
        { mode: 'pipelined' },
      );
      assert.deepEqual(bodies(result.requests), ['abc', 'ab']);
      assert.equal(result.connections[0].origin, v6.origin);
      assert.equal(result.connections[0].remoteAddress, '::1');
    } finally {
      await v6.close();
    }
  });
});
