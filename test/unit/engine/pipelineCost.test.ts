// What a pipelined run costs per request does not grow with the length of the pipeline, and what it
// sets up per request stays small. Counted in operations, not timed, so it holds on a loaded machine:
// - the engine's clock reads (every timing of every request is one) for 1,000 requests against 500.
//   Requests written during the handshake all complete in one batch of write callbacks; dating the
//   ones still queued at every callback read the clock n²/2 times (about 250× the requests at 1,000),
//   where each request needs a handful;
// - timers: the request timeouts of a connection share one timer (there was one per request, 1,000
//   timers armed and cleared for a 1,000-request pipeline).
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { requests } from '../../support/requestSpecs';

interface Counts {
  clockReads: number;
  timersArmed: number;
}

/** Runs `count` pipelined GETs and returns how often the process read the monotonic clock and armed a timer meanwhile. */
async function pipelineCounts(origin: string, count: number): Promise<Counts> {
  const specs = requests(
    Array.from({ length: count }, () => ['GET', `${origin}/bytes?n=8`] as [string, string]),
  );
  const counts: Counts = { clockReads: 0, timersArmed: 0 };
  const { now } = performance;
  const { bigint } = process.hrtime;
  const originalSetTimeout = globalThis.setTimeout;
  performance.now = () => {
    counts.clockReads += 1;
    return now.call(performance);
  };
  process.hrtime.bigint = () => {
    counts.clockReads += 1;
    return bigint();
  };
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    counts.timersArmed += 1;
    return originalSetTimeout(...args);
  }) as typeof setTimeout;
  try {
    const result = await runRequests(specs, { mode: 'pipelined' });
    assert.equal(result.requests.filter((r) => r.outcome === 'response').length, count);
    assert.equal(result.connectionsOpened, 1);
  } finally {
    performance.now = now;
    process.hrtime.bigint = bigint;
    globalThis.setTimeout = originalSetTimeout;
  }
  return counts;
}

describe('engine: cost per pipelined request', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer();
  });
  after(async () => {
    await demo.close();
  });

  it('reads the clock a bounded number of times per request, however long the pipeline', async function () {
    this.timeout(30_000);
    const short = (await pipelineCounts(demo.origin, 500)).clockReads;
    const long = (await pipelineCounts(demo.origin, 1000)).clockReads;
    assert.ok(long > 1000, `${long} clock reads for 1,000 requests: is the clock still counted?`);
    assert.ok(long / 1000 < 20, `${long} clock reads for 1,000 requests`);
    assert.ok(long / short < 2.5, `1,000 requests: ${long} clock reads; 500: ${short}`);
  });

  it('arms a handful of timers for a pipeline of 1,000 requests, not one per request', async function () {
    this.timeout(30_000);
    const { timersArmed } = await pipelineCounts(demo.origin, 1000);
    assert.ok(timersArmed < 10, `${timersArmed} timers armed for 1,000 requests`);
  });
});
