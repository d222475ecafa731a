// One file's part of `httpipe run`: what was loaded, what the engine did, and the checks on it.
import type { RunResult } from '../core/engine/types';
import type { LoadedRequestFile } from './loadRequestFile';
import { requestPassed, type RequestChecks } from './requestChecks';

export interface FileRun {
  loaded: LoadedRequestFile;
  /** Wall-clock start, for JUnit's timestamp; the engine's times are relative to it. */
  startedAt: Date;
  result: RunResult;
  checks: RequestChecks;
}

export function fileHasErrors(run: FileRun): boolean {
  return run.loaded.problems.some((problem) => problem.severity === 'error');
}

/** What exit code 0 needs from each file. */
export function filePassed(run: FileRun): boolean {
  return (
    !fileHasErrors(run) &&
    !run.result.cancelled &&
    run.result.requests.every((request) => requestPassed(request, run.checks))
  );
}
