// Barriers in pipelined mode (RFC 9112 §9.3.2), checked by when requests ARRIVED at a recording
// server: nothing is pipelined past a POST or a @no-pipeline request, a POST is not written behind
// unanswered requests, and a request that uses an earlier response is prepared after it ended.
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestResult } from '../../../src/core/engine/types';
import { startRecordingServer, type RecordingServer } from '../../support/recordingServer';
import { bodies, requests } from '../../support/requestSpecs';

describe('engine barriers (recording server)', () => {
  let server: RecordingServer;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const arrival = (target: string): { arrivedMs: number; answeredMs?: number } => {
    const found = server.requests.find((r) => r.target === target);
    assert.ok(found, `${target} never arrived`);
    return found;
  };

  it('pipelines idempotent requests: all arrive before the first is answered', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/a?ms=200`],
        ['PUT', `${server.origin}/b`, { body: 'x' }],
        ['DELETE', `${server.origin}/c`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(bodies(result.requests), ['GET /a?ms=200', 'PUT /b', 'DELETE /c']);
    const firstAnswered = arrival('/a?ms=200').answeredMs!;
    assert.ok(arrival('/b').arrivedMs < firstAnswered);
    assert.ok(arrival('/c').arrivedMs < firstAnswered);
    assert.deepEqual(
      result.requests.map((r) => r.waits),
      [[], [], []],
    );
  });

  it('writes a POST only when nothing is unanswered, and pipelines nothing past it', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/first?ms=200`],
        ['POST', `${server.origin}/login?ms=100`, { name: 'login', body: '{}' }],
        ['GET', `${server.origin}/after`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(
      result.requests.map((r) => r.outcome),
      ['response', 'response', 'response'],
    );
    assert.ok(arrival('/login?ms=100').arrivedMs >= arrival('/first?ms=200').answeredMs!);
    assert.ok(arrival('/after').arrivedMs >= arrival('/login?ms=100').answeredMs!);
    assert.equal(server.connectionCount, 1);
    const [first, login, after] = result.requests;
    assert.deepEqual(
      login.waits.map((w) => [w.kind, w.on]),
      [['non-idempotent', 0]],
    );
    // Its start is when that barrier cleared, not when it was prepared.
    assert.ok(login.timings.startMs >= first.timings.endMs!);
    assert.deepEqual(after.waits, [
      {
        kind: 'non-idempotent',
        on: 1,
        reason: 'waits for #2 login: POST is not idempotent (RFC 9112 §9.3.2)',
      },
    ]);
  });

  it('pipelines nothing past a @no-pipeline request', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/alone?ms=150`, { noPipeline: true }],
        ['GET', `${server.origin}/next`],
      ]),
      { mode: 'pipelined' },
    );
    assert.ok(arrival('/next').arrivedMs >= arrival('/alone?ms=150').answeredMs!);
    assert.deepEqual(
      result.requests[1].waits.map((w) => [w.kind, w.on]),
      [['no-pipeline', 0]],
    );
  });

  it('prepares a dependent request only after the response it uses ended, and hands it that result', async () => {
    let seen: readonly RequestResult[] = [];
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/token?ms=200`, { name: 'login' }],
        ['GET', `${server.origin}/unrelated`],
        [
          'GET',
          `${server.origin}/me`,
          {
            dependsOn: [0],
            prepare: (results) => {
              seen = results;
              const token = results.find((r) => r.index === 0)!.response!.body.toString();
              return { method: 'GET', url: new URL(`${server.origin}/me`), headers: [['X-Token', token]] };
            },
          },
        ],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(bodies(result.requests), ['GET /token?ms=200', 'GET /unrelated', 'GET /me']);
    assert.ok(
      arrival('/unrelated').arrivedMs < arrival('/token?ms=200').answeredMs!,
      'independent request pipelined',
    );
    assert.ok(arrival('/me').arrivedMs >= arrival('/token?ms=200').answeredMs!);
    const me = server.requests.find((r) => r.target === '/me')!;
    assert.deepEqual(
      me.headers.find(([name]) => name === 'X-Token'),
      ['X-Token', 'GET /token?ms=200'],
    );
    assert.ok(seen.some((r) => r.index === 0 && r.outcome === 'response'));
    assert.deepEqual(result.requests[2].waits, [
      { kind: 'dependency', on: 0, reason: 'waits for #1 login: uses its response' },
    ]);
  });

  it('does not send a request whose dependency failed, and says which one; the rest goes on', async () => {
    const result = await runRequests(
      requests([
        [
          'GET',
          `${server.origin}/login`,
          {
            name: 'login',
            prepare: () => {
              throw new Error('variable {{password}} is not defined (auth.http:3:12)');
            },
          },
        ],
        ['GET', `${server.origin}/me`, { dependsOn: [0] }],
        ['GET', `${server.origin}/public`],
      ]),
      { mode: 'pipelined' },
    );
    const [login, me, pub] = result.requests;
    assert.equal(login.outcome, 'error');
    assert.deepEqual(login.error, {
      phase: 'prepare',
      message: 'variable {{password}} is not defined (auth.http:3:12)',
    });
    assert.equal(me.outcome, 'not-sent');
    assert.equal(me.notSentReason, 'depends on #1 login, which failed');
    assert.equal(pub.outcome, 'response');
    assert.deepEqual(
      server.requests.map((r) => r.target),
      ['/public'],
    );
  });

  it('does not wait forever for a dependency that is missing or comes later', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/a`, { dependsOn: [1] }],
        ['GET', `${server.origin}/b`, { dependsOn: [7] }],
        ['GET', `${server.origin}/c`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(
      result.requests.map((r) => r.notSentReason),
      [
        'depends on request #2, which does not come before it',
        'depends on request #8, which is not part of this run',
        undefined,
      ],
    );
  });
});
