// The demo server's /gzip and /br routes, fetched by the real engine (which keeps the body as it
// came: content coding still applied) and decoded with decodeContent.

import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { decodeContent } from '../../../src/core/encoding/decodeContent';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestSpec } from '../../../src/core/engine/types';

function get(index: number, url: string): RequestSpec {
  return {
    index,
    name: url,
    method: 'GET',
    displayUrl: url,
    dependsOn: [],
    noPipeline: false,
    prepare: async () => ({ method: 'GET', url: new URL(url), headers: [] }),
  };
}

describe('demo server: compressed bodies', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer();
  });
  after(async () => {
    await demo.close();
  });

  it('serves /gzip?n=N and /br?n=N with Content-Encoding; the engine keeps them encoded and decodeContent restores the filler', async () => {
    const n = 100_000;
    const run = await runRequests(
      [
        get(0, `${demo.origin}/gzip?n=${n}`),
        get(1, `${demo.origin}/br?n=${n}`),
        get(2, `${demo.origin}/gzip?n=x`),
      ],
      { mode: 'pipelined' },
    );
    const [gzip, br, bad] = run.requests.map((r) => r.response!);
    for (const [response, coding] of [
      [gzip, 'gzip'],
      [br, 'br'],
    ] as const) {
      const encoding = response.headers.find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
      assert.equal(encoding, coding);
      assert.ok(response.body.length < n / 10, `${coding}: ${response.body.length} bytes on the wire`);
      const decoded = decodeContent(response.body, encoding);
      assert.deepEqual(decoded.applied, [coding]);
      assert.equal(decoded.body.length, n);
      assert.equal(decoded.body.subarray(0, 30).toString(), 'abcdefghijklmnopqrstuvwxyzabcd');
    }
    assert.equal(bad.status, 400);
  });
});
