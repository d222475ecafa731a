// Issue 13's row: httpipe pipelining 200 GETs to nginx with `keepalive_requests 10` against the same
// to nginx without a limit, interleaved round by round. A session (an extension window, a CLI process)
// remembers a budget it learned (RunOptions.budgetMemory), so the row shows two limited runs apart:
// the first run of a session, which learns the budget (its first connection carries all 200 requests,
// nginx answers 10, the other 190 are re-sent), and a run whose budget an earlier run of the session
// remembered, which opens its 20 connections at once. The target, within 1.3× of the unlimited run,
// is judged on the remembered runs: they are what every run after the first one is. The connections
// each run used are counted on nginx's access log: 20 with the limit, 1 without.
import { median } from '../../src/core/compare/modeStatistics';
import { BudgetMemory } from '../../src/core/engine/connectionBudget';
import { runRequests } from '../../src/core/engine/runRequests';
import type { RequestSpec } from '../../src/core/engine/types';
import { startNginxBench, type BenchServer } from './servers';

const REQUESTS = 200;
const LIMIT = 10;
export const BUDGET_TARGET = 1.3;

/** One kind of run, over the rounds: medians and what nginx saw. */
export interface BudgetRunSeries {
  /** Wall time of a run, median. */
  ms: number;
  /** This process's CPU time (user + system) for a run, median: less moved by other processes' load. */
  cpuMs: number;
  /** Connections nginx logged, per run. */
  connections: number[];
}

export interface BudgetRowResult {
  /** keepalive_requests 10, each run with a new memory: it learns the budget. */
  first: BudgetRunSeries;
  /** keepalive_requests 10, the budget remembered from an earlier run of the session. */
  remembered: BudgetRunSeries;
  unlimited: BudgetRunSeries;
  /** remembered / unlimited wall medians: what the target is judged on. */
  ratio: number;
  firstRatio: number;
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

interface TimedRun {
  ms: number;
  cpuMs: number;
  connections: number;
}

async function timedRun(
  server: BenchServer,
  memory: BudgetMemory,
  label: string,
  errors: string[],
): Promise<TimedRun> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await runRequests(specs(server.origin), { mode: 'pipelined', budgetMemory: memory });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const failed = result.requests.filter((r) => r.response?.status !== 200).length;
  if (failed > 0) errors.push(`${label}: ${failed} of ${REQUESTS} without a 200`);
  const seen = await server.counter.take(REQUESTS);
  if (seen.requests !== REQUESTS) errors.push(`${label}: nginx logged ${seen.requests} requests`);
  return { ms, cpuMs: (used.user + used.system) / 1000, connections: seen.connections };
}

function series(runs: TimedRun[]): BudgetRunSeries {
  return {
    ms: median(runs.map((r) => r.ms)) ?? Number.NaN,
    cpuMs: median(runs.map((r) => r.cpuMs)) ?? Number.NaN,
    connections: runs.map((r) => r.connections),
  };
}

export async function measureBudgetRow(rounds: number): Promise<BudgetRowResult> {
  const limited = await startNginxBench({ keepaliveRequests: LIMIT });
  const unlimited = await startNginxBench();
  const errors: string[] = [];
  const first: TimedRun[] = [];
  const remembered: TimedRun[] = [];
  const unlimitedRuns: TimedRun[] = [];
  // The session the remembered runs belong to; the unlimited runs get one too (it stays empty).
  const session = new BudgetMemory();
  const unlimitedSession = new BudgetMemory();
  try {
    // One warm-up run each, not counted; the limited one also teaches the session its budget.
    await timedRun(limited, session, 'warm-up', []);
    await timedRun(unlimited, unlimitedSession, 'warm-up', []);
    for (let round = 0; round < rounds; round++) {
      first.push(await timedRun(limited, new BudgetMemory(), 'first run', errors));
      remembered.push(await timedRun(limited, session, 'remembered', errors));
      unlimitedRuns.push(await timedRun(unlimited, unlimitedSession, 'no limit', errors));
    }
  } finally {
    await limited.close();
    await unlimited.close();
  }
  const result = { first: series(first), remembered: series(remembered), unlimited: series(unlimitedRuns) };
  const expected = REQUESTS / LIMIT;
  return {
    ...result,
    ratio: result.remembered.ms / result.unlimited.ms,
    firstRatio: result.first.ms / result.unlimited.ms,
    countsOk:
      [...result.first.connections, ...result.remembered.connections].every((c) => c === expected) &&
      result.unlimited.connections.every((c) => c === 1),
    errors,
  };
}

export function formatBudgetRow(result: BudgetRowResult, rounds: number): string {
  const distinct = (values: number[]): string => [...new Set(values)].join(', ');
  const row = (label: string, s: BudgetRunSeries, ratio: string, expected: number): string =>
    `| ${label} | ${s.ms.toFixed(2)} | ${s.cpuMs.toFixed(2)} | ${ratio} | ${distinct(s.connections)} (expected ${expected}) |`;
  const met = result.ratio <= BUDGET_TARGET && result.countsOk && result.errors.length === 0;
  return [
    `### nginx: pipelined ${REQUESTS} GETs, keepalive_requests ${LIMIT} vs no limit (${rounds} rounds, interleaved)`,
    '',
    '| nginx | median ms | median client CPU ms | × no limit | connections seen by nginx (per run) |',
    '|---|---:|---:|---:|---:|',
    row(
      `keepalive_requests ${LIMIT}, first run of a session (learns the budget)`,
      result.first,
      `${result.firstRatio.toFixed(2)}×`,
      REQUESTS / LIMIT,
    ),
    row(
      `keepalive_requests ${LIMIT}, budget remembered from an earlier run`,
      result.remembered,
      `${result.ratio.toFixed(2)}×`,
      REQUESTS / LIMIT,
    ),
    row('no limit', result.unlimited, '1.00×', 1),
    '',
    `Target ≤ ${BUDGET_TARGET}×, judged on the remembered runs (every run of a session after the one that ` +
      `learned the budget): ${result.ratio.toFixed(2)}×, connection counts ` +
      `${result.countsOk ? 'as expected' : 'NOT as expected'}: ${met ? 'met' : 'missed'}. ` +
      `The first run is shown, not judged: it writes all ${REQUESTS} on one connection and re-sends the ` +
      `${REQUESTS - LIMIT} nginx leaves unanswered.`,
    ...result.errors.map((e) => `- ${e}`),
  ].join('\n');
}
