// What a pipelined run costs per request does not grow with the length of the pipeline. Counted in
// operations, not timed, so it holds on a loaded machine: the engine's clock reads (every timing of
// every request is one) for 1,000 requests against 500. Requests written during the handshake all
// complete in one batch of write callbacks; dating the ones still queued at every callback read the
// clock n²/2 times (about 250× the requests at 1,000), where each request needs a handful.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { requests } from '../../support/requestSpecs';

/** Runs `count` pipelined GETs and returns how often the process read the monotonic clock meanwhile. */
async function clockReads(origin: string, count: number): Promise<number> {
  const specs = requests(
    Array.from({ length: count }, () => ['GET', `${origin}/bytes?n=8`] as [string, string]),
  );
  const original = process.hrtime.bigint;
  let reads = 0;
  process.hrtime.bigint = () => {
    reads += 1;
    return original();
  };
  try {
    const result = await runRequests(specs, { mode: 'pipelined' });
    assert.equal(result.requests.filter((r) => r.outcome === 'response').length, count);
    assert.equal(result.connectionsOpened, 1);
  } finally {
    process.hrtime.bigint = original;
  }
  return reads;
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
    const short = await clockReads(demo.origin, 500);
    const long = await clockReads(demo.origin, 1000);
    assert.ok(long / 1000 < 20, `${long} clock reads for 1,000 requests`);
    assert.ok(long / short < 2.5, `1,000 requests: ${long} clock reads; 500: ${short}`);
  });
});
