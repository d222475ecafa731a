import { strict as assert } from 'node:assert';
import type { RequestResult } from '../../../src/core/engine/types';
import { toRequestSummary } from '../../../src/core/report/requestSummary';
import { okResponse } from '../../support/responseFixture';
import { timingSegments } from '../../../src/core/report/timingSegments';

function result(overrides: Partial<RequestResult>): RequestResult {
  return {
    index: 0,
    name: 'r',
    method: 'GET',
    url: 'http://127.0.0.1/',
    outcome: 'response',
    // A response result carries its response; the other outcomes bring their own field in `overrides`.
    ...((overrides.outcome ?? 'response') === 'response' ? { response: okResponse() } : {}),
    reused: false,
    retried: false,
    waits: [],
    timings: { startMs: 0 },
    ...overrides,
  } as RequestResult;
}

function responseWithStatus(status: number) {
  return {
    httpVersion: '1.1',
    status,
    statusText: '',
    headers: [],
    interim: [],
    trailers: [],
    body: Buffer.alloc(3),
    bodyBytes: 3,
    bodyTruncated: false,
  };
}

describe('toRequestSummary', () => {
  it('classes statuses by hundreds and labels them with the code', () => {
    for (const [status, cls] of [
      [101, '1xx'],
      [204, '2xx'],
      [302, '3xx'],
      [404, '4xx'],
      [503, '5xx'],
    ] as const) {
      const view = toRequestSummary(result({ response: responseWithStatus(status) }));
      assert.equal(view.statusClass, cls);
      assert.equal(view.statusLabel, String(status));
    }
  });

  it('labels errors and requests never sent, with one sentence that says why', () => {
    const error = toRequestSummary(
      result({
        outcome: 'error',
        error: { phase: 'connect', message: 'Could not connect (ECONNREFUSED).', cause: 'ECONNREFUSED' },
      }),
    );
    assert.equal(error.statusLabel, 'error');
    assert.equal(error.problem, 'connect: Could not connect (ECONNREFUSED).', 'the cause is not repeated');
    const malformed = toRequestSummary(
      result({
        outcome: 'error',
        error: {
          phase: 'response',
          message: 'Malformed response.',
          cause: 'invalid chunk size',
          byteOffset: 120,
        },
      }),
    );
    assert.equal(
      malformed.problem,
      'response: Malformed response. (invalid chunk size) at response byte 120',
    );
    // The engine's cancel error names its phase and cause in its message: neither is repeated.
    const cancelled = toRequestSummary(
      result({
        outcome: 'error',
        error: { phase: 'cancelled', message: 'Cancelled before the response ended.', cause: 'cancelled' },
      }),
    );
    assert.equal(cancelled.problem, 'Cancelled before the response ended.');
    const notSent = toRequestSummary(
      result({ outcome: 'not-sent', notSentReason: 'its dependency #1 failed' }),
    );
    assert.equal(notSent.statusLabel, 'not sent');
    assert.equal(notSent.statusClass, 'not-sent');
    assert.equal(notSent.problem, 'its dependency #1 failed');
  });

  it('gives size and total time, and keeps waits with their reasons', () => {
    const wait = { kind: 'non-idempotent' as const, on: 0, reason: 'POST waits for #1' };
    const view = toRequestSummary(
      result({ response: responseWithStatus(200), timings: { startMs: 5, endMs: 45 }, waits: [wait] }),
    );
    assert.equal(view.sizeBytes, 3);
    assert.equal(view.totalMs, 40);
    assert.deepEqual(view.waits, [wait]);
  });

  it('words what the cookie jar did by cookie name, the missed ones apart', () => {
    assert.deepEqual(toRequestSummary(result({})).cookies, { used: [], missed: [] });
    const view = toRequestSummary(
      result({
        cookies: { sent: ['sid', 'theme'], stored: ['csrf'], missed: [{ from: 0, names: ['sid'] }] },
      }),
    );
    assert.deepEqual(view.cookies, {
      used: [
        "sent cookies sid, theme from the run's cookie jar",
        'stored cookie csrf from its response in the cookie jar',
      ],
      missed: [
        'went without cookie sid: the response of #1 set it after this request was written (# @no-pipeline on #1 makes it wait)',
      ],
    });
  });
});

describe('timingSegments', () => {
  it('lays a new connection out as dns, connect, send, wait, receive', () => {
    const segments = timingSegments({
      startMs: 0,
      dnsMs: 1,
      connectMs: 3,
      sentMs: 4,
      firstByteMs: 10,
      endMs: 12,
    });
    assert.deepEqual(
      segments.map((s) => [s.kind, s.fromMs, s.toMs]),
      [
        ['dns', 0, 1],
        ['connect', 1, 3],
        ['send', 3, 4],
        ['wait', 4, 10],
        ['receive', 10, 12],
      ],
    );
  });

  it('shows the CONNECT round trip through a proxy between connect and TLS', () => {
    const segments = timingSegments({
      startMs: 0,
      dnsMs: 1,
      connectMs: 2,
      proxyMs: 5,
      tlsMs: 9,
      sentMs: 10,
      firstByteMs: 12,
      endMs: 13,
    });
    assert.deepEqual(
      segments.map((s) => [s.kind, s.fromMs, s.toMs]),
      [
        ['dns', 0, 1],
        ['connect', 1, 2],
        ['proxy', 2, 5],
        ['tls', 5, 9],
        ['send', 9, 10],
        ['wait', 10, 12],
        ['receive', 12, 13],
      ],
    );
  });

  it('shows a pipelined request waiting for its turn between being sent and its response starting', () => {
    const segments = timingSegments({ startMs: 0, sentMs: 1, turnMs: 300, firstByteMs: 301, endMs: 302 });
    assert.deepEqual(
      segments.map((s) => s.kind),
      ['send', 'turn', 'wait', 'receive'],
    );
    assert.deepEqual([segments[1].fromMs, segments[1].toMs], [1, 300]);
  });

  it('ends a failed request with a failed segment instead of receiving', () => {
    const segments = timingSegments({ startMs: 0, endMs: 20 }, true);
    assert.deepEqual(segments, [{ kind: 'failed', fromMs: 0, toMs: 20 }]);
  });

  it('skips phases that did not happen or took no time', () => {
    assert.deepEqual(timingSegments({ startMs: 5, sentMs: 5 }), []);
  });
});
