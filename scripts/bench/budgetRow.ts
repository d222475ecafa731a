// Issue 13's row: httpipe pipelining 200 GETs to nginx with `keepalive_requests 10` against the same
// to nginx without a limit, interleaved round by round. Target: within 1.3× (before the connection
// budget it was 2–3×, every request after the 10th going one at a time). The connections each run
// used are counted on nginx's access log: 20 with the limit, 1 without.
import { median } from '../../src/core/compare/modeStatistics';
import { runRequests } from '../../src/core/engine/runRequests';
import type { RequestSpec } from '../../src/core/engine/types';
import { startNginxBench, type BenchServer } from './servers';

const REQUESTS = 200;
const LIMIT = 10;
export const BUDGET_TARGET = 1.3;

export interface BudgetRowResult {
  limitedMs: number;
  unlimitedMs: number;
  ratio: number;
  /** Distinct connection counts nginx logged per run, and whether they were what was expected. */
  limitedConnections: number[];
  unlimitedConnections: number[];
  countsOk: boolean;
  errors: string[];
}

function specs(origin: string): RequestSpec[] {
  return Array.from({ length: REQUESTS }, (_, index) => ({
    index,
    name: `GET ${index}`,
    method: 'GET',
    displayUrl: `${origin}/small.bin`,
    dependsOn: [],
    noPipeline: false,
    prepare: () => ({ method: 'GET', url: new URL(`${origin}/small.bin`), headers: [] }),
  }));
}

async function timedRun(server: BenchServer, errors: string[]): Promise<{ ms: number; connections: number }> {
  const started = process.hrtime.bigint();
  const result = await runRequests(specs(server.origin), { mode: 'pipelined' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const failed = result.requests.filter((r) => r.response?.status !== 200).length;
  if (failed > 0) errors.push(`${server.name}: ${failed} of ${REQUESTS} without a 200`);
  const seen = await server.counter.take(REQUESTS);
  if (seen.requests !== REQUESTS) errors.push(`${server.name}: nginx logged ${seen.requests} requests`);
  return { ms, connections: seen.connections };
}

export async function measureBudgetRow(rounds: number): Promise<BudgetRowResult> {
  const limited = await startNginxBench({ keepaliveRequests: LIMIT });
  const unlimited = await startNginxBench();
  const errors: string[] = [];
  const limitedMs: number[] = [];
  const unlimitedMs: number[] = [];
  const limitedConnections: number[] = [];
  const unlimitedConnections: number[] = [];
  try {
    // One warm-up run each, not counted.
    await timedRun(limited, []);
    await timedRun(unlimited, []);
    for (let round = 0; round < rounds; round++) {
      const a = await timedRun(limited, errors);
      const b = await timedRun(unlimited, errors);
      limitedMs.push(a.ms);
      limitedConnections.push(a.connections);
      unlimitedMs.push(b.ms);
      unlimitedConnections.push(b.connections);
    }
  } finally {
    await limited.close();
    await unlimited.close();
  }
  const l = median(limitedMs) ?? Number.NaN;
  const u = median(unlimitedMs) ?? Number.NaN;
  return {
    limitedMs: l,
    unlimitedMs: u,
    ratio: l / u,
    limitedConnections,
    unlimitedConnections,
    countsOk:
      limitedConnections.every((c) => c === REQUESTS / LIMIT) && unlimitedConnections.every((c) => c === 1),
    errors,
  };
}

export function formatBudgetRow(result: BudgetRowResult, rounds: number): string {
  const distinct = (values: number[]): string => [...new Set(values)].join(', ');
  const met = result.ratio <= BUDGET_TARGET && result.countsOk && result.errors.length === 0;
  return [
    `### nginx: pipelined ${REQUESTS} GETs, keepalive_requests ${LIMIT} vs no limit (${rounds} rounds, interleaved)`,
    '',
    '| nginx | median ms | connections seen by nginx (per run) |',
    '|---|---:|---:|',
    `| keepalive_requests ${LIMIT} | ${result.limitedMs.toFixed(2)} | ${distinct(result.limitedConnections)} (expected ${REQUESTS / LIMIT}) |`,
    `| no limit | ${result.unlimitedMs.toFixed(2)} | ${distinct(result.unlimitedConnections)} (expected 1) |`,
    '',
    `Ratio ${result.ratio.toFixed(2)}× (target ≤ ${BUDGET_TARGET}×, connection counts ${result.countsOk ? 'as expected' : 'NOT as expected'}): ${met ? 'met' : 'missed'}.`,
    ...result.errors.map((e) => `- ${e}`),
  ].join('\n');
}
