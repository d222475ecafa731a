// `httpipe run FILE|GLOB...`: each file in turn, in one mode, printed as tables or JSON, with its
// `??` assertions and --fail-on-status checked, and optionally a JUnit report. Every file is read
// and planned before the first request goes out, so a typo in the last path costs no requests.
import { writeFile } from 'node:fs/promises';
import { newRunCookieJar } from '../../core/cookies/runCookieJar';
import { BudgetMemory } from '../../core/engine/connectionBudget';
import { runRequests } from '../../core/engine/runRequests';
import { ScriptGlobals } from '../../core/scripts/scriptGlobals';
import { saveResponses } from '../../core/plan/responseSaves';
import type { RunArgs } from '../args';
import {
  describeAssertionFailure,
  describeFailure,
  describeRejectedStatus,
  describeScriptFailures,
} from '../failureReport';
import { expandFileArguments } from '../fileArguments';
import { filePassed, type FileRun } from '../fileRun';
import { toJsonFilesReport, toJsonReport } from '../jsonReport';
import { renderJunit } from '../junitReport';
import { loadRequestFile, type LoadedRequestFile } from '../loadRequestFile';
import { proxyForCli } from '../proxyArguments';
import { checkRun } from '../requestChecks';
import { renderRun, renderSummary } from '../runReport';
import { cancelOnSignals, type Output } from './output';

export async function runCommand(args: RunArgs, out: Output): Promise<number> {
  const { files, several } = await expandFileArguments(args.files);
  const loaded: LoadedRequestFile[] = [];
  // Script variables carry over from file to file, as within a JetBrains session.
  const globals = new ScriptGlobals();
  for (const file of files) loaded.push(await loadRequestFile(file, args, globals));
  const proxy = proxyForCli(args);

  // Once each, not once per file: `--insecure` over fifty files is one warning.
  for (const warning of new Set(loaded.flatMap((file) => file.tls.warnings)))
    out.error(`httpipe: warning: ${warning}`);
  const signals = cancelOnSignals();
  // One CLI process is one session: a budget learned on one file's run serves the next files.
  const budgetMemory = new BudgetMemory();
  const runs: FileRun[] = [];
  try {
    for (const file of loaded) {
      for (const problem of file.problems) out.error(problem.text);
      const startedAt = new Date();
      const plan = file.makePlan();
      const result = await runRequests(plan.specs, {
        mode: args.mode,
        signal: signals.signal,
        requestTimeoutMs: args.requestTimeoutMs,
        tls: file.tls.tls,
        cookieJar: args.cookieJar ? newRunCookieJar() : undefined,
        followRedirects: args.followRedirects,
        proxy,
        budgetMemory,
        limits:
          args.memoryBudgetBytes === undefined ? undefined : { memoryBudgetBytes: args.memoryBudgetBytes },
      });
      await plan.scripts?.finish(result);
      const run: FileRun = {
        loaded: file,
        startedAt,
        result,
        checks: checkRun(file.requests, result, args.failOnStatus, plan.scripts),
      };
      runs.push(run);
      if (!args.json)
        out.print(
          several ? `── ${file.file}\n${renderRun(result, run.checks)}\n` : renderRun(result, run.checks),
        );
      for (const line of failureLines(run)) out.error(line);
      // `>> file` lines: the CLI runs only files it was given, so it trusts them like VS Code's trusted mode.
      const saves = await saveResponses(file.requests, result.requests, {
        filePath: file.filePath,
        trusted: true,
        displayPath: () => file.file,
      });
      for (const saved of saves) if (saved.error) out.error(`httpipe: error: ${saved.error}`);
      if (signals.signal.aborted) break;
    }
  } finally {
    signals.dispose();
  }

  if (args.json) {
    out.print(
      JSON.stringify(
        several ? toJsonFilesReport(runs) : toJsonReport(runs[0].result, runs[0].checks),
        null,
        2,
      ),
    );
  } else {
    out.print(renderSummary(runs));
  }
  if (signals.signal.aborted && runs.length < loaded.length) {
    out.error(
      `httpipe: not run after the cancel: ${loaded
        .slice(runs.length)
        .map((file) => file.file)
        .join(', ')}`,
    );
  }
  if (args.junit !== undefined) {
    try {
      await writeFile(args.junit, renderJunit(runs));
    } catch (error) {
      out.error(
        `httpipe: cannot write the JUnit report to ${args.junit}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
      return 2;
    }
  }
  if (signals.signal.aborted) return 130;
  return runs.every(filePassed) ? 0 : 1;
}

/** stderr lines for every request that failed, each at the place in the file it is about. */
function failureLines({ loaded, result, checks }: FileRun): string[] {
  return result.requests.flatMap((request) => {
    const place = loaded.placeOfRequest(request.index);
    if (request.outcome !== 'response') return [describeFailure(request, place)];
    const rule = checks.rejectedBy(request.index);
    return [
      ...(rule ? [describeRejectedStatus(request, rule, place)] : []),
      ...checks
        .assertions(request.index)
        .filter((assertion) => !assertion.passed)
        .map((assertion) =>
          describeAssertionFailure(request, assertion, loaded.placeInFile(assertion.range)),
        ),
      ...describeScriptFailures(request, checks.scripts(request.index), place),
    ];
  });
}
