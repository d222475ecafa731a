import { strict as assert } from 'node:assert';
import type { ModeComparison } from '../../../src/core/compare/types';
import { toComparisonView } from '../../../src/core/report/comparisonView';

describe('toComparisonView', () => {
  const comparison: ModeComparison = {
    repeat: 3,
    modes: [
      {
        mode: 'pipelined',
        wallMs: [1500, 1510, 1490],
        medianMs: 1500,
        minMs: 1490,
        maxMs: 1510,
        connectionsMedian: 1,
        failedRuns: 0,
      },
      {
        mode: 'fresh',
        wallMs: [2600, 2500, 2550],
        medianMs: 2550,
        minMs: 2500,
        maxMs: 2600,
        connectionsMedian: 2,
        failedRuns: 0,
      },
      {
        mode: 'keepalive',
        wallMs: [2490, 2500, 2510],
        medianMs: 2500,
        minMs: 2490,
        maxMs: 2510,
        connectionsMedian: 1,
        failedRuns: 1,
      },
    ],
    perRequest: [
      {
        index: 0,
        name: 'slow',
        medianMs: { fresh: 1500, pipelined: 1490 },
        spreadMs: { fresh: { minMs: 1480, maxMs: 1520 } },
      },
    ],
    ratios: [
      { faster: 'pipelined', slower: 'keepalive', ratio: 2500 / 1500 },
      { faster: 'pipelined', slower: 'fresh', ratio: 2550 / 1500 },
    ],
  };

  it('orders bars fresh, keep-alive, pipelined and scales them to the slowest median', () => {
    const view = toComparisonView(comparison);
    assert.deepEqual(
      view.bars.map((b) => b.mode),
      ['fresh', 'keepalive', 'pipelined'],
    );
    assert.deepEqual(
      view.bars.map((b) => b.label),
      ['fresh', 'keep-alive', 'pipelined'],
    );
    assert.equal(view.bars[0].fraction, 1);
    assert.equal(view.bars[2].fraction, 1500 / 2550);
    assert.equal(view.bars[1].failedRuns, 1);
  });

  it('words the ratios like the CLI, biggest difference first', () => {
    const view = toComparisonView(comparison);
    assert.deepEqual(view.ratios, [
      'pipelined 1.70× faster than fresh',
      'pipelined 1.67× faster than keep-alive',
    ]);
  });

  it('lists per-request medians and spread for every mode, empty where there was no response', () => {
    const [row] = toComparisonView(comparison).perRequest;
    assert.deepEqual(row.modes, [
      { mode: 'fresh', medianMs: 1500, minMs: 1480, maxMs: 1520 },
      { mode: 'keepalive', medianMs: undefined, minMs: undefined, maxMs: undefined },
      { mode: 'pipelined', medianMs: 1490, minMs: undefined, maxMs: undefined },
    ]);
  });
});
