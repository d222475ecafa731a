import type { RunMode } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import { compareModes } from '../../../src/core/compare/compareModes';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import type { RequestSpec } from '../../../src/core/engine/types';

function delaySpec(origin: string, index: number, ms: number): RequestSpec {
  const url = `${origin}/delay?ms=${ms}`;
  return {
    index,
    name: `delay ${ms}`,
    method: 'GET',
    displayUrl: url,
    dependsOn: [],
    noPipeline: false,
    prepare: () => ({ method: 'GET', url: new URL(url), headers: [] }),
  };
}

describe('compareModes (real engine, demo server)', () => {
  let server: DemoServer;

  before(async () => {
    server = await startDemoServer();
  });

  after(async () => {
    await server.close();
  });

  it('runs every mode, interleaved, and summarizes them', async () => {
    const order: RunMode[] = [];
    let specSets = 0;
    const makeSpecs = (): RequestSpec[] => {
      specSets++;
      return [delaySpec(server.origin, 0, 300), delaySpec(server.origin, 1, 200)];
    };
    const comparison = await compareModes(makeSpecs, {
      repeat: 2,
      onProgress: (done, total, last) => {
        assert.equal(total, 8);
        assert.equal(done, order.length + 1);
        order.push(last.mode);
      },
    });
    assert.deepEqual(order, [
      'fresh',
      'keepalive',
      'pipelined',
      'h2',
      'fresh',
      'keepalive',
      'pipelined',
      'h2',
    ]);
    assert.equal(specSets, 8, 'every run gets its own specs');
    assert.equal(comparison.repeat, 2);
    assert.deepEqual(
      comparison.modes.map((m) => [m.mode, m.wallMs.length, m.connectionsMedian, m.failedRuns]),
      [
        ['fresh', 2, 2, 0],
        ['keepalive', 2, 1, 0],
        ['pipelined', 2, 1, 0],
        ['h2', 2, 1, 0],
      ],
    );
    assert.deepEqual(
      comparison.perRequest.map((r) => [r.index, r.name, Object.keys(r.medianMs).sort()]),
      [
        [0, 'delay 300', ['fresh', 'h2', 'keepalive', 'pipelined']],
        [1, 'delay 200', ['fresh', 'h2', 'keepalive', 'pipelined']],
      ],
    );
    // Sequential modes need ~500 ms, pipelined ~300 ms: a wide enough gap to say which is faster.
    const pipelinedVsKeepalive = comparison.ratios.find(
      (r) => r.slower === 'keepalive' && r.faster === 'pipelined',
    );
    assert.ok(pipelinedVsKeepalive, JSON.stringify(comparison.ratios));
    assert.ok(pipelinedVsKeepalive.ratio > 1);
  });

  it('rejects a repeat count below 1', async () => {
    await assert.rejects(
      compareModes(() => [], { repeat: 0 }),
      /repeat must be a whole number of at least 1/,
    );
  });

  it('stops when cancelled instead of averaging in a cancelled run', async () => {
    const controller = new AbortController();
    let runs = 0;
    const comparing = compareModes(() => [delaySpec(server.origin, 0, 2000)], {
      repeat: 3,
      signal: controller.signal,
      onProgress: () => runs++,
    });
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    await assert.rejects(comparing, /user cancelled/);
    assert.equal(runs, 0);
  });
});
