// One stderr line per request that did not get a response or failed a check (a `??` assertion,
// --fail-on-status), with its place in the file and, for malformed responses, the byte of the
// connection's read stream where parsing failed.
import type { RequestScripts } from '../core/scripts/types';
import type { AssertionResult } from '../core/assertions/types';
import type {
  ErrorPhase,
  ErrorResult,
  NotSentResult,
  RequestResult,
  ResponseResult,
} from '../core/engine/types';

const WHAT_HAPPENED: Record<ErrorPhase, string> = {
  prepare: 'could not be prepared',
  connect: 'could not connect',
  tls: 'failed in the TLS handshake',
  write: 'failed while being sent',
  response: 'got a response that could not be read',
  timeout: 'timed out',
  cancelled: 'was cancelled',
};

export function describeFailure(request: ErrorResult | NotSentResult, place: string): string {
  const who = `request #${request.index + 1} "${request.name}"`;
  if (request.outcome === 'not-sent') return `${place}: error: ${who} was not sent: ${request.notSentReason}`;
  const { phase, message, cause, byteOffset } = request.error;
  // A close before any byte of the response is not a response that could not be read.
  const what =
    phase === 'response' && request.timings.firstByteMs === undefined
      ? 'got no response'
      : WHAT_HAPPENED[phase];
  const details = [
    ...(cause ? [cause] : []),
    ...(request.connectionId === undefined ? [] : [`connection #${request.connectionId}`]),
    ...(byteOffset === undefined ? [] : [`byte ${byteOffset} of the bytes received on it`]),
  ];
  return `${place}: error: ${who} ${what}: ${message}${details.length ? ` [${details.join(', ')}]` : ''}`;
}

/** A failed `??` line of a request that got a response, placed at the assertion. */
export function describeAssertionFailure(
  request: RequestResult,
  assertion: AssertionResult,
  place: string,
): string {
  return `${place}: error: request #${request.index + 1} "${request.name}": assertion failed: ${assertion.text}: ${assertion.message}`;
}

export function describeRejectedStatus(request: ResponseResult, rule: string, place: string): string {
  return `${place}: error: request #${request.index + 1} "${request.name}" got status ${request.response.status}, which --fail-on-status ${rule} rejects`;
}

/** A script error at its own place, and each failed `client.test` at the request. */
export function describeScriptFailures(
  request: RequestResult,
  scripts: RequestScripts | undefined,
  place: string,
): string[] {
  if (!scripts) return [];
  const who = `request #${request.index + 1} "${request.name}"`;
  return [
    ...(scripts.error
      ? [`${scripts.error.place}: error: ${who}: script error: ${scripts.error.message}`]
      : []),
    ...scripts.tests
      .filter((test) => !test.passed)
      .map(
        (test) => `${place}: error: ${who}: script test failed: ${test.name}: ${test.message ?? 'failed'}`,
      ),
  ];
}
