// `httpipe run FILE`: one run in one mode, printed as a table or as JSON.
import { runRequests } from '../../core/engine/runRequests';
import type { Command } from '../args';
import { describeFailure } from '../failureReport';
import { toJsonReport } from '../jsonReport';
import { loadRequestFile } from '../loadRequestFile';
import { renderRun } from '../runReport';
import { cancelOnSignals, type Output } from './output';

export async function runCommand(args: Extract<Command, { command: 'run' }>, out: Output): Promise<number> {
  const file = await loadRequestFile(args);
  for (const problem of file.problems) out.error(problem.text);
  const signals = cancelOnSignals();
  try {
    const result = await runRequests(file.makeSpecs(), { mode: args.mode, signal: signals.signal, requestTimeoutMs: args.requestTimeoutMs });
    out.print(args.json ? JSON.stringify(toJsonReport(result), null, 2) : renderRun(result));
    const failures = result.requests
      .map(request => describeFailure(request, file.placeOfRequest(request.index)))
      .filter((line): line is string => line !== undefined);
    for (const line of failures) out.error(line);
    if (signals.signal.aborted) return 130;
    const fileHasErrors = file.problems.some(p => p.severity === 'error');
    return failures.length > 0 || fileHasErrors ? 1 : 0;
  } finally {
    signals.dispose();
  }
}
