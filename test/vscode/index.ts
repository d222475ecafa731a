// Entry point VS Code loads in the extension host when started with extensionTestsPath (code-server's
// `payload` parameter, or @vscode/test-electron). Runs every compiled suite/*.test.js with mocha and
// rejects when a test failed, which makes VS Code report a non-zero exit code to whoever started it.
// untrusted/index.ts runs the suites of an untrusted workspace the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { recordedFigures, RESULTS_FILE_ENV, type SuiteResults } from './suiteResults';

export function run(): Promise<void> {
  return runSuitesIn(path.join(__dirname, 'suite'));
}

/** Runs every `*.test.js` of `suiteDir`, writing the per-test results where RESULTS_FILE_ENV says. */
export function runSuitesIn(suiteDir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 30_000 });
  for (const file of fs.readdirSync(suiteDir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(suiteDir, file));
  }
  const results: SuiteResults = { tests: [], figures: {} };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsFile = process.env[RESULTS_FILE_ENV];
      results.figures = recordedFigures();
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.tests.push({ title: test.fullTitle(), passed: true }));
    // Also reached for failing hooks, which name the hook: a broken before() must not read as "0 tests".
    runner.on('fail', (test, error: Error) =>
      results.tests.push({ title: test.fullTitle(), passed: false, error: error.stack ?? String(error) }),
    );
  });
}
