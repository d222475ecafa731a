// What the extension-host test suite writes for the runner that started VS Code: one entry per test,
// so the runner can count and name failures instead of only seeing an exit code.
export interface SuiteTestResult {
  title: string;
  passed: boolean;
  error?: string;
}

export interface SuiteResults {
  tests: SuiteTestResult[];
  /** Measurements the suites took, by name (e.g. activation milliseconds), for the runner to print. */
  figures: Record<string, number>;
}

const figures: Record<string, number> = {};

/** Called by a test to hand a measurement to the runner through the results file. */
export function recordFigure(name: string, value: number): void {
  figures[name] = value;
}

export function recordedFigures(): Record<string, number> {
  return { ...figures };
}

/** Environment variable naming the JSON file the suite writes; inherited by the extension host. */
export const RESULTS_FILE_ENV = 'HTTPIPE_SUITE_RESULTS';

/**
 * Set by the e2e harness for the untrusted-workspace extension host: a value that must never reach a
 * server from an untrusted workspace, through `{{$processEnv}}`, `{{$dotenv}}` or a body file.
 */
export const UNTRUSTED_CANARY_ENV = 'HTTPIPE_UNTRUSTED_CANARY';
