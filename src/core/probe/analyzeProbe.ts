// From what a probe observed to its report: one verdict per question, in the order the user reads them.
import { budgetVerdict, idleVerdict, keepAliveVerdict } from './connectionVerdicts';
import { http2Verdict } from './http2Verdict';
import { tlsVerdict } from './tlsVerdict';
import { overlapVerdict, pipeliningVerdict } from './pipelineVerdicts';
import type { ProbeObservations, ProbeOptions, ProbeReport } from './types';

export function analyzeProbe(
  observed: ProbeObservations,
  options: Pick<ProbeOptions, 'idleWaitMs'>,
): ProbeReport {
  const url = new URL(observed.plan.url);
  const pipelining = pipeliningVerdict(observed);
  return {
    url: observed.plan.url,
    method: observed.plan.method,
    plan: observed.plan,
    verdicts: [
      keepAliveVerdict(observed.budget, observed.stop),
      budgetVerdict(
        observed.budget,
        observed.stop,
        observed.plan.steps.find((step) => step.id === 'budget')?.requests ?? 0,
      ),
      idleVerdict(observed, options.idleWaitMs),
      pipelining,
      overlapVerdict(observed, pipelining),
      http2Verdict(observed, url),
      tlsVerdict(observed, url),
    ],
    requestsSent: observed.requestsSent,
    durationMs: Math.round(observed.durationMs),
    stop: observed.stop,
  };
}
