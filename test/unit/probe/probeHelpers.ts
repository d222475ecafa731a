// Runs a whole probe (plan, steps, analysis) for the probe tests, checking on every run that no more
// was sent than the plan announced, and finds a verdict by its id.
import assert from 'node:assert/strict';
import { analyzeProbe } from '../../../src/core/probe/analyzeProbe';
import { planProbe } from '../../../src/core/probe/probePlan';
import { runProbe } from '../../../src/core/probe/runProbe';
import {
  DEFAULT_PROBE_OPTIONS,
  type ProbeOptions,
  type ProbeReport,
  type Verdict,
  type VerdictId,
} from '../../../src/core/probe/types';

export async function probe(url: string, overrides: Partial<ProbeOptions> = {}): Promise<ProbeReport> {
  const options = { ...DEFAULT_PROBE_OPTIONS, idleWaitMs: 3000, ...overrides };
  const plan = planProbe(new URL(url), options);
  const report = analyzeProbe(await runProbe(plan, options), options);
  assert.ok(
    report.requestsSent <= plan.maxRequests,
    `${report.requestsSent} sent, plan said at most ${plan.maxRequests}`,
  );
  return report;
}

export function verdict(report: ProbeReport, id: VerdictId): Verdict {
  const found = report.verdicts.find((v) => v.id === id);
  assert.ok(found, `no ${id} verdict`);
  return found;
}
