// `httpipe compare FILE`: the file in all four modes, repeatedly, and how the modes compare.
import { modeLabel } from '../../core/common/runModes';
import { compareModes } from '../../core/compare/compareModes';
import { newRunCookieJar } from '../../core/cookies/runCookieJar';
import { BudgetMemory } from '../../core/engine/connectionBudget';
import type { Command } from '../args';
import { renderComparison } from '../compareReport';
import { ScriptGlobals } from '../../core/scripts/scriptGlobals';
import { loadRequestFile } from '../loadRequestFile';
import { proxyForCli } from '../proxyArguments';
import { cancelOnSignals, type Output } from './output';

export async function compareCommand(
  args: Extract<Command, { command: 'compare' }>,
  out: Output,
): Promise<number> {
  const file = await loadRequestFile(args.file, args, new ScriptGlobals());
  const proxy = proxyForCli(args);
  for (const problem of file.problems) out.error(problem.text);
  for (const warning of file.tls.warnings) out.error(`httpipe: warning: ${warning}`);
  const signals = cancelOnSignals();
  try {
    const comparison = await compareModes(file.makeSpecs, {
      repeat: args.repeat,
      signal: signals.signal,
      newCookieJar: args.cookieJar ? newRunCookieJar : undefined,
      runOptions: {
        requestTimeoutMs: args.requestTimeoutMs,
        tls: file.tls.tls,
        proxy,
        followRedirects: args.followRedirects,
        // One session: what the first pipelined run learns about a connection budget serves the next rounds.
        budgetMemory: new BudgetMemory(),
      },
      onProgress: (done, total, last) => {
        if (process.stderr.isTTY)
          out.error(`run ${done}/${total}: ${modeLabel(last.mode)} ${last.wallMs.toFixed(1)} ms`);
      },
    });
    out.print(args.json ? JSON.stringify(comparison, null, 2) : renderComparison(comparison));
    const failed = comparison.modes.some((m) => m.failedRuns > 0);
    if (failed)
      out.error(
        'error: some runs had requests without a response; see `httpipe run FILE --mode MODE` for details',
      );
    return failed || file.problems.some((p) => p.severity === 'error') ? 1 : 0;
  } catch (error) {
    if (!signals.signal.aborted) throw error;
    out.error(`httpipe: ${(signals.signal.reason as Error).message}`);
    return 130;
  } finally {
    signals.dispose();
  }
}
