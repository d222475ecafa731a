// Each client the benchmark measures must really send every request and use the connections its mode
// claims, as the server counts them; otherwise the benchmark's table compares the wrong things.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { allPeers } from '../../../scripts/bench/peers';
import { demoStatsCounter, type ConnectionCounter } from '../../../scripts/bench/servers';

const REQUESTS = 5;

describe('benchmark peers against the demo server', () => {
  let server: DemoServer;
  let counter: ConnectionCounter;

  before(async () => {
    server = await startDemoServer();
    counter = demoStatsCounter(server.origin);
  });

  after(async () => {
    await server.close();
  });

  beforeEach(async () => {
    await counter.take(0);
  });

  for (const peer of allPeers()) {
    it(`${peer.name} sends ${REQUESTS} GETs on the connections it claims`, async () => {
      const run = await peer.run(
        server.origin,
        Array.from({ length: REQUESTS }, () => '/bytes?n=64'),
      );
      assert.deepEqual(run, { ok: REQUESTS, bodyBytes: REQUESTS * 64 });
      assert.deepEqual(await counter.take(REQUESTS), {
        connections: peer.expectedConnections(REQUESTS),
        requests: REQUESTS,
      });
    });
  }

  it('the /stats counter leaves out its own connection and request', async () => {
    assert.deepEqual(await counter.take(0), { connections: 0, requests: 0 });
    assert.deepEqual(server.stats(), { connections: 0, requests: 0 });
  });
});
