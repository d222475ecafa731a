// What decides whether a request passed in `httpipe run`: it got a response, every `??` assertion
// under it held, its scripts threw nothing and their `client.test`s passed, and --fail-on-status
// did not reject its status. Every report (table, stderr, JSON,
// JUnit) and the exit code read this one verdict.
import { assertRun } from '../core/assertions/assertRun';
import type { AssertionResult } from '../core/assertions/types';
import type { RequestResult, RunResult } from '../core/engine/types';
import type { RequestBlock } from '../core/parser/model';
import { scriptsPassed } from '../core/scripts/runScripts';
import type { RequestScripts } from '../core/scripts/types';
import { rejectingRule } from './failOnStatus';

export interface RequestChecks {
  assertions(index: number): readonly AssertionResult[];
  /** What the request's scripts did (tests, logs, error); undefined when it has none. */
  scripts(index: number): RequestScripts | undefined;
  /** The --fail-on-status rule the request's status fell under. */
  rejectedBy(index: number): string | undefined;
}

export function checkRun(
  requests: readonly RequestBlock[],
  result: RunResult,
  failOnStatus: readonly string[],
  scripts?: { resultOf(index: number): RequestScripts | undefined },
): RequestChecks {
  const assertions = assertRun(requests, result.requests);
  const rejected = new Map<number, string>();
  for (const request of result.requests) {
    const rule =
      request.outcome === 'response' ? rejectingRule(failOnStatus, request.response.status) : undefined;
    if (rule) rejected.set(request.index, rule);
  }
  return {
    assertions: (index) => assertions.get(index) ?? [],
    rejectedBy: (index) => rejected.get(index),
    scripts: (index) => scripts?.resultOf(index),
  };
}

export function requestPassed(request: RequestResult, checks: RequestChecks): boolean {
  return (
    request.outcome === 'response' &&
    checks.rejectedBy(request.index) === undefined &&
    checks.assertions(request.index).every((assertion) => assertion.passed) &&
    scriptsPassed(checks.scripts(request.index))
  );
}
