// The assertions of a whole run, by request index: what the CLI reports and the extension posts to
// the panel next to each RequestResult.
import type { RequestResult } from '../engine/types';
import type { RequestBlock } from '../parser/model';
import { isJsAssertion } from '../parser/lineKinds';
import { evaluateAssertions } from './evaluateAssertions';
import type { AssertionResult } from './types';

/** Requests without `??` lines (or not in the run) have no entry. */
export function assertRun(
  requests: readonly RequestBlock[],
  results: readonly RequestResult[],
): Map<number, AssertionResult[]> {
  const byIndex = new Map<number, AssertionResult[]>();
  // One lookup per result, not a search of the requests: a run may have thousands of both.
  const blocks = new Map(requests.map((request) => [request.index, request]));
  for (const result of results) {
    // `?? js` lines run in the script sandbox and report as script tests.
    const lines = blocks.get(result.index)?.assertions?.filter((line) => !isJsAssertion(line.text));
    if (lines?.length) byIndex.set(result.index, evaluateAssertions(result, lines));
  }
  return byIndex;
}
