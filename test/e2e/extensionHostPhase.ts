// Phase 1: the mocha suite in test/vscode runs inside the real extension host of code-server. The web
// workbench runs the suite when opened with extensionTestsPath and calls back through two functions
// the page exposes: codeAutomationLog (the suite's console) and codeAutomationExit (its exit code).
// The per-test results come from the JSON file the suite writes (see test/vscode/suiteResults.ts).
import * as fs from 'node:fs';
import * as util from 'node:util';
import type { SuiteResults } from '../vscode/suiteResults';
import type { Tally } from './tally';
import { openWorkbench, remoteUri, type WorkbenchOptions } from './workbench';

const SUITE_TIMEOUT_MS = 180_000;

export interface ExtensionHostPhaseOptions extends Omit<WorkbenchOptions, 'payload'> {
  /**
   * VS Code loads a test runner only with an extension development path. The harness gives it an
   * empty folder, so the extension under test is the one installed from the VSIX, not the work tree.
   */
  developmentPath: string;
  /** Compiled out/test/vscode/index.js. */
  testsEntry: string;
  resultsFile: string;
}

/** Runs the suite and tallies its tests; returns what the suite wrote, figures included. */
export async function runExtensionHostPhase(
  options: ExtensionHostPhaseOptions,
  tally: Tally,
): Promise<SuiteResults | undefined> {
  // A results file left by an earlier phase must not stand in for this one's.
  fs.rmSync(options.resultsFile, { force: true });
  const { context, page, url } = await openWorkbench({
    ...options,
    payload: [
      ['extensionDevelopmentPath', remoteUri(options.host, options.developmentPath)],
      ['extensionTestsPath', remoteUri(options.host, options.testsEntry)],
    ],
  });
  try {
    let exited!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) =>
      console.log(
        `    | ${util
          .format(...(args ?? []))
          .split('\n')
          .join('\n    | ')}`,
      ),
    );
    await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exitCode,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    return report(code, options.resultsFile, tally);
  } finally {
    await context.close();
  }
}

function report(code: number | 'timeout', resultsFile: string, tally: Tally): SuiteResults | undefined {
  const results: SuiteResults | undefined = fs.existsSync(resultsFile)
    ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults)
    : undefined;
  for (const test of results?.tests ?? []) {
    if (test.passed) tally.pass(`extension host: ${test.title}`);
    else tally.fail(`extension host: ${test.title}`, test.error);
  }
  const failedInFile = results?.tests.some((t) => !t.passed) ?? false;
  // Whatever the file says, the exit code must agree: a crash after the last test, a suite that never
  // loaded, or a timeout is a failure of its own.
  if (code === 'timeout')
    tally.fail('extension host: suite finished', `no exit within ${SUITE_TIMEOUT_MS / 1000} s`);
  else if (!results)
    tally.fail('extension host: suite finished', `exit code ${code} and no results file ${resultsFile}`);
  else if (results.tests.length === 0) tally.fail('extension host: suite finished', 'the suite ran no test');
  else if ((code !== 0) !== failedInFile)
    tally.fail('extension host: suite finished', `exit code ${code} disagrees with the results file`);
  return results;
}
