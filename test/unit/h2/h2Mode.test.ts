// Mode h2 against the demo server, over h2c (prior knowledge) and over TLS (ALPN h2): one connection
// per origin as the server counts it, streams handled side by side, the same barriers as
// pipelining, timings per stream, the frame list, and the request line's protocol winning over the mode.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunOptions } from '../../../src/core/engine/types';
import { parseStoredRun, serializeStoredRun, toStoredRun } from '../../../src/core/history/storedRun';
import { bodies, requests } from '../../support/requestSpecs';

describe('engine h2 mode (demo server)', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer({ tlsPort: 0 });
  });
  after(async () => {
    await demo.close();
  });
  beforeEach(() => demo.resetStats());

  const over = (secure: boolean): { origin: string; options: Partial<RunOptions> } =>
    secure
      ? { origin: demo.tls!.origin, options: { tls: { ca: demo.tls!.certificate } } }
      : { origin: demo.origin, options: {} };

  for (const secure of [false, true]) {
    const label = secure ? 'h2 over TLS' : 'h2c';

    it(`${label}: the classic pair is handled side by side on one connection, streams 1 and 3`, async () => {
      const { origin, options } = over(secure);
      const result = await runRequests(
        requests([
          ['GET', `${origin}/delay?ms=300`],
          ['GET', `${origin}/delay?ms=200`],
        ]),
        { mode: 'h2', ...options },
      );
      assert.deepEqual(
        bodies(result.requests).map((b) => b.length > 0),
        [true, true],
      );
      assert.deepEqual(
        result.requests.map((r) => [r.protocol, r.streamId, r.connectionId, r.response?.httpVersion]),
        [
          ['h2', 1, 1, '2'],
          ['h2', 3, 1, '2'],
        ],
      );
      assert.equal(result.connectionsOpened, 1);
      assert.equal(demo.stats().connections, 1);
      // Side by side: the 200 ms stream ended before the 300 ms one although it was sent second.
      const [slow, fast] = result.requests;
      assert.ok(fast.timings.endMs! < slow.timings.endMs!, 'the second stream was not held behind the first');
      const t = slow.timings;
      assert.ok(t.connectMs !== undefined && (!secure || t.tlsMs !== undefined));
      assert.ok(t.sentMs! <= t.firstByteMs! && t.firstByteMs! <= t.endMs!);
      assert.equal(fast.timings.connectMs, undefined, 'connect time belongs to the first stream');
      assert.equal(fast.reused, true);
    });

    it(`${label}: the frame list names every frame, with decoded headers on HEADERS`, async () => {
      const { origin, options } = over(secure);
      const result = await runRequests(requests([['GET', `${origin}/bytes?n=5`]]), {
        mode: 'h2',
        ...options,
      });
      const frames = result.connections[0].frames!;
      assert.equal(result.connections[0].protocol, 'h2');
      const sentHeaders = frames.find((f) => f.direction === 'sent' && f.type === 'HEADERS')!;
      assert.deepEqual(sentHeaders.flags, ['END_STREAM', 'END_HEADERS']);
      assert.equal(sentHeaders.streamId, 1);
      assert.deepEqual(sentHeaders.headers!.slice(0, 4), [
        [':method', 'GET'],
        [':scheme', secure ? 'https' : 'http'],
        [':authority', new URL(origin).host],
        [':path', '/bytes?n=5'],
      ]);
      const received = frames.find((f) => f.direction === 'received' && f.type === 'HEADERS')!;
      assert.ok(received.headers!.some(([name, value]) => name === ':status' && value === '200'));
      const data = frames.filter((f) => f.direction === 'received' && f.type === 'DATA' && f.streamId === 1);
      assert.equal(
        data.reduce((sum, f) => sum + f.length, 0),
        5,
      );
      assert.ok(frames.some((f) => f.direction === 'received' && f.type === 'SETTINGS' && f.detail));
      assert.equal(result.connections[0].written.length, 0, 'no raw bytes are kept for h2');
    });
  }

  it('1,000 small GETs over h2c: one connection seen by the server, every response right', async () => {
    const list: Array<[string, string]> = [];
    for (let i = 0; i < 1000; i++) list.push(['GET', `${demo.origin}/bytes?n=${(i % 7) + 1}`]);
    const result = await runRequests(requests(list), { mode: 'h2' });
    assert.equal(result.requests.filter((r) => r.outcome === 'response').length, 1000);
    assert.ok(result.requests.every((r, i) => r.response!.bodyBytes === (i % 7) + 1));
    assert.equal(demo.stats().connections, 1);
    assert.equal(result.connections[0].frames!.length > 2000, true);
  });

  it('keeps the file-order rules of pipelining: the request after a POST waits for it (the POST itself does not wait)', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${demo.origin}/delay?ms=100`],
        ['POST', `${demo.origin}/echo`, { body: 'x' }],
        ['GET', `${demo.origin}/bytes?n=1`],
      ]),
      { mode: 'h2' },
    );
    const [first, post, after] = result.requests;
    assert.deepEqual(
      result.requests.map((r) => r.waits.map((w) => w.kind)),
      [[], [], ['non-idempotent']],
    );
    // Streams are independent: the POST went out while the first stream was still open.
    assert.ok(post.timings.sentMs! < first.timings.endMs!);
    assert.ok(after.timings.startMs >= post.timings.endMs!);
  });

  it('a request line asking for HTTP/2 goes over HTTP/2 in keep-alive mode; HTTP/1.1 pins HTTP/1.1 in h2 mode', async () => {
    const specs = requests([
      ['GET', `${demo.origin}/bytes?n=1`],
      ['GET', `${demo.origin}/bytes?n=2`],
    ]);
    specs[1].protocol = 'h2';
    const keepalive = await runRequests(specs, { mode: 'keepalive' });
    assert.deepEqual(
      keepalive.requests.map((r) => r.protocol),
      ['http/1.1', 'h2'],
    );
    assert.ok(keepalive.notes.some((n) => n.includes('asks for HTTP/2')));
    specs[1].protocol = 'http/1.1';
    const h2 = await runRequests(specs, { mode: 'h2' });
    assert.deepEqual(
      h2.requests.map((r) => r.protocol),
      ['h2', 'http/1.1'],
    );
    assert.ok(h2.notes.some((n) => n.includes('asks for HTTP/1.1')));
  });

  it('history masks credentials in the decoded headers of HTTP/2 frames and cuts the frame list', async () => {
    const specs = requests([
      ['GET', `${demo.origin}/bytes?n=1`, { headers: [['Authorization', 'Bearer s3cret']] }],
      ['GET', `${demo.origin}/bytes?n=2`],
    ]);
    const result = await runRequests(specs, { mode: 'h2' });
    const kept = result.connections[0].frames!.length - 1;
    const limits = { maxBodyBytes: 1000, maxWireBytes: 2000, maxFrames: kept };
    const entry = {
      id: 'x',
      file: 'f',
      mode: 'h2' as const,
      startedAt: '',
      wallMs: 0,
      statuses: [],
      cancelled: false,
    };
    const stored = parseStoredRun(serializeStoredRun({ entry, run: toStoredRun(result, limits) }));
    const frames = stored.run.connections[0].frames!;
    assert.equal(frames.length, kept);
    assert.equal(stored.run.connections[0].framesTruncated, true);
    const sent = frames.find((f) => f.direction === 'sent' && f.type === 'HEADERS')!;
    assert.deepEqual(
      sent.headers!.find(([name]) => name === 'authorization'),
      ['authorization', 'Bearer •••'],
    );
    assert.ok(!JSON.stringify(stored).includes('s3cret'));
    const live = result.connections[0].frames!.find((f) => f.direction === 'sent' && f.type === 'HEADERS')!;
    assert.ok(
      live.headers!.some(([, value]) => value === 'Bearer s3cret'),
      'the live run is not changed',
    );
  });
});
