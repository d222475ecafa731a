// `httpipe probe URL`: announces the plan (on stderr, so --json stays parseable), runs it, and prints
// the server report as text or JSON. Exit codes: 0 the probe got its answers (whatever they are), 1
// the server could not be reached or asked the probe to stop (429, 503), 2 usage, 130 cancelled.
import { analyzeProbe } from '../../core/probe/analyzeProbe';
import { planProbe, ProbeOptionsError } from '../../core/probe/probePlan';
import { renderProbePlan, renderProbeText } from '../../core/probe/probeText';
import { runProbe } from '../../core/probe/runProbe';
import type { ProbeOptions } from '../../core/probe/types';
import { UsageError, type ProbeArgs } from '../args';
import { proxyForCli } from '../proxyArguments';
import { cancelOnSignals, type Output } from './output';

export async function probeCommand(args: ProbeArgs, out: Output): Promise<number> {
  let url: URL;
  try {
    url = new URL(args.url);
  } catch {
    throw new UsageError(`"${args.url}" is not a URL (http://host:port/path)`);
  }
  const options: ProbeOptions = {
    method: args.method,
    maxRequests: args.maxRequests,
    idleWaitMs: args.idleWaitMs,
    maxPerConnection: args.maxPerConnection,
    pipelineDepth: args.depth,
    requestTimeoutMs: args.requestTimeoutMs,
    tls: { rejectUnauthorized: !args.insecure },
    proxy: proxyForCli(args),
  };
  let plan;
  try {
    plan = planProbe(url, options);
  } catch (error) {
    if (error instanceof ProbeOptionsError) throw new UsageError(error.message);
    throw error;
  }
  if (args.insecure) out.error('httpipe: warning: --insecure: TLS certificates are not verified');
  out.error(renderProbePlan(plan));
  const signals = cancelOnSignals();
  try {
    const observed = await runProbe(plan, options, {
      signal: signals.signal,
      onStep: (step, requests) => {
        if (process.stderr.isTTY)
          out.error(`probe: ${step}${requests > 0 ? ` (up to ${requests} requests)` : ''}…`);
      },
    });
    const report = analyzeProbe(observed, options);
    out.print(args.json ? JSON.stringify(report, null, 2) : renderProbeText(report));
    if (report.stop?.kind === 'cancelled') return 130;
    const noAnswer = report.verdicts.find((v) => v.id === 'keepalive')?.status === 'unknown';
    return report.stop || noAnswer ? 1 : 0;
  } finally {
    signals.dispose();
  }
}
