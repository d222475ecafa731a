import type { RunMode } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import {
  median,
  modeRatios,
  perRequestMedians,
  summarizeMode,
} from '../../../src/core/compare/modeStatistics';
import { describeRatio } from '../../../src/core/compare/describeComparison';
import type { ModeSummary } from '../../../src/core/compare/types';
import type { Outcome, RequestResult, RunResult } from '../../../src/core/engine/types';
import { okResponse } from '../../support/responseFixture';

function request(
  index: number,
  startMs: number,
  endMs: number | undefined,
  outcome: Outcome = 'response',
): RequestResult {
  const base = {
    index,
    name: `r${index}`,
    method: 'GET',
    url: `http://127.0.0.1/r${index}`,
    reused: false,
    retried: false,
    waits: [],
    timings: { startMs, endMs },
  };
  // The statistics read only the outcome and the timings; each outcome still carries its own field.
  if (outcome === 'error') return { ...base, outcome, error: { phase: 'connect', message: 'refused' } };
  if (outcome === 'not-sent') return { ...base, outcome, notSentReason: 'cancelled' };
  return { ...base, outcome, response: okResponse() };
}

function run(mode: RunMode, wallMs: number, connectionsOpened: number, requests: RequestResult[]): RunResult {
  return { mode, wallMs, connectionsOpened, requests, connections: [], notes: [], cancelled: false };
}

function summary(mode: RunMode, medianMs: number): ModeSummary {
  return {
    mode,
    wallMs: [medianMs],
    medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    connectionsMedian: 1,
    failedRuns: 0,
  };
}

describe('mode statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    assert.equal(median([]), undefined);
    assert.equal(median([7]), 7);
    assert.equal(median([9, 1, 5]), 5);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('summarizes one mode: wall times in run order, median, spread, connections, failed runs', () => {
    const runs = [
      run('fresh', 2600, 2, [request(0, 0, 1600), request(1, 1600, 2600)]),
      run('fresh', 2500, 2, [request(0, 0, 1500), request(1, 1500, 2500)]),
      run('fresh', 2550, 3, [request(0, 0, 1550), request(1, 1550, undefined, 'error')]),
    ];
    assert.deepEqual(summarizeMode('fresh', runs), {
      mode: 'fresh',
      wallMs: [2600, 2500, 2550],
      medianMs: 2550,
      minMs: 2500,
      maxMs: 2600,
      connectionsMedian: 2,
      failedRuns: 1,
    });
  });

  it('gives per-request medians and spread per mode, leaving out requests that never got a response', () => {
    const runsByMode = new Map<RunMode, RunResult[]>([
      [
        'keepalive',
        [
          run('keepalive', 2500, 1, [request(0, 0, 1500), request(1, 1500, 2500)]),
          run('keepalive', 2520, 1, [request(0, 0, 1510), request(1, 1510, 2520)]),
        ],
      ],
      [
        'pipelined',
        [
          run('pipelined', 1500, 1, [request(0, 0, 1500), request(1, 0, 1500)]),
          run('pipelined', 1600, 1, [request(0, 0, 1600), request(1, 0, undefined, 'not-sent')]),
        ],
      ],
    ]);
    assert.deepEqual(perRequestMedians(runsByMode), [
      {
        index: 0,
        name: 'r0',
        medianMs: { keepalive: 1505, pipelined: 1550 },
        spreadMs: { keepalive: { minMs: 1500, maxMs: 1510 }, pipelined: { minMs: 1500, maxMs: 1600 } },
      },
      {
        index: 1,
        name: 'r1',
        medianMs: { keepalive: 1005, pipelined: 1500 },
        spreadMs: { keepalive: { minMs: 1000, maxMs: 1010 }, pipelined: { minMs: 1500, maxMs: 1500 } },
      },
    ]);
  });

  it('compares each pair of modes as slower median over faster median', () => {
    const ratios = modeRatios([
      summary('pipelined', 1500),
      summary('fresh', 2600),
      summary('keepalive', 2500),
    ]);
    assert.deepEqual(
      ratios.map((r) => [r.faster, r.slower]),
      [
        ['keepalive', 'fresh'],
        ['pipelined', 'fresh'],
        ['pipelined', 'keepalive'],
      ],
    );
    assert.ok(Math.abs(ratios[2].ratio - 2500 / 1500) < 1e-9);
    assert.equal(describeRatio(ratios[2]), 'pipelined 1.67× faster than keep-alive');
    assert.equal(describeRatio(ratios[0]), 'keep-alive and fresh took about the same time (1.04×)');
  });

  it('leaves out pairs with equal medians and modes that did not run', () => {
    assert.deepEqual(modeRatios([summary('fresh', 1000), summary('keepalive', 1000)]), []);
    assert.deepEqual(modeRatios([summary('fresh', 0), summary('pipelined', 10)]), []);
  });
});
