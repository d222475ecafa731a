// What an HTTP/2 run costs per stream, counted in operations (not timed, so it holds on a loaded
// machine): the timers the engine starts and the clock reads it makes, for 1,000 GETs against 500 on
// one connection. Stream timeouts are one timer per session, whatever the number of streams (it was
// one per stream); the frame tap reads the clock once per chunk or write, not twice per frame.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { requests } from '../../support/requestSpecs';

interface Counts {
  timers: number;
  clockReads: number;
}

/** Runs `count` h2 GETs and counts the timers set and the monotonic clock reads meanwhile. */
async function countsFor(origin: string, count: number): Promise<Counts> {
  const specs = requests(
    Array.from({ length: count }, () => ['GET', `${origin}/bytes?n=8`] as [string, string]),
  );
  const originalTimeout = globalThis.setTimeout;
  const originalClock = process.hrtime.bigint;
  const counts: Counts = { timers: 0, clockReads: 0 };
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    counts.timers += 1;
    return originalTimeout(...args);
  }) as typeof setTimeout;
  process.hrtime.bigint = () => {
    counts.clockReads += 1;
    return originalClock();
  };
  try {
    const result = await runRequests(specs, { mode: 'h2' });
    assert.equal(result.requests.filter((r) => r.outcome === 'response').length, count);
    assert.equal(result.connectionsOpened, 1);
  } finally {
    globalThis.setTimeout = originalTimeout;
    process.hrtime.bigint = originalClock;
  }
  return counts;
}

describe('engine h2: cost per stream', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer();
  });
  after(async () => {
    await demo.close();
  });

  it('sets a bounded number of timers however many streams, and reads the clock a few times per stream', async function () {
    this.timeout(30_000);
    const short = await countsFor(demo.origin, 500);
    const long = await countsFor(demo.origin, 1000);
    assert.ok(long.timers < 50, `${long.timers} timers for 1,000 streams`);
    assert.ok(long.timers - short.timers < 10, `1,000 streams: ${long.timers} timers; 500: ${short.timers}`);
    assert.ok(long.clockReads / 1000 < 8, `${long.clockReads} clock reads for 1,000 streams`);
  });
});
