// Failures that must never hang or crash a run: refused connections, per-request and run timeouts,
// cancellation (also during a prepare() that never settles). Every request still ends with exactly
// one outcome, and every connection is closed when runRequests resolves.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunEvent, RunResult } from '../../../src/core/engine/types';
import { startRecordingServer, type RecordingServer } from '../../support/recordingServer';
import { bodies, requests } from '../../support/requestSpecs';
import { okResponse, startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function assertAllClosed(result: RunResult): void {
  for (const connection of result.connections)
    assert.notEqual(connection.closedMs, undefined, `connection ${connection.id} left open`);
}

describe('engine failures', () => {
  let recording: RecordingServer;
  let scripted: ScriptedServer | undefined;
  beforeEach(async () => {
    recording = await startRecordingServer();
  });
  afterEach(async () => {
    await recording.close();
    await scripted?.close();
    scripted = undefined;
  });

  for (const mode of ['fresh', 'keepalive', 'pipelined'] as const) {
    it(`${mode}: a refused connection is an error with its cause, and the run goes on`, async () => {
      const port = await closedPort();
      const result = await runRequests(
        requests([
          ['GET', `http://127.0.0.1:${port}/nobody`],
          ['GET', `${recording.origin}/somebody`],
        ]),
        { mode },
      );
      const [refused, ok] = result.requests;
      assert.equal(refused.outcome, 'error');
      assert.equal(refused.error!.phase, 'connect');
      assert.equal(refused.error!.cause, 'ECONNREFUSED');
      assert.match(refused.error!.message, new RegExp(`Could not connect to http://127\\.0\\.0\\.1:${port}`));
      assert.equal(refused.retried, false);
      assert.equal(ok.outcome, 'response');
      assert.equal(result.connectionsOpened, 1);
      assertAllClosed(result);
    });
  }

  it('times a request out (spec.timeoutMs over requestTimeoutMs), closes its connection and re-sends the idempotent ones behind it', async () => {
    scripted = await startScriptedServer(async (c) => {
      if (c.index === 0) return; // never answers
      const [request] = await c.requests(1);
      c.write(okResponse(request.target));
    });
    const started = Date.now();
    const result = await runRequests(
      requests([
        ['GET', `${scripted.origin}/stuck`, { timeoutMs: 150 }],
        ['GET', `${scripted.origin}/behind`],
      ]),
      { mode: 'pipelined', requestTimeoutMs: 10_000 },
    );
    assert.ok(Date.now() - started < 5_000);
    const [stuck, behind] = result.requests;
    assert.equal(stuck.outcome, 'error');
    assert.equal(stuck.error!.phase, 'timeout');
    assert.match(stuck.error!.message, /150 ms/);
    assert.equal(behind.outcome, 'response');
    assert.equal(behind.retried, true);
    assert.equal(behind.response!.body.toString(), '/behind');
    assert.match(result.connections[0].closeReason!, /#1 .* timed out/);
    assertAllClosed(result);
  });

  it('applies requestTimeoutMs to every request that has no timeout of its own', async () => {
    scripted = await startScriptedServer(() => undefined);
    const result = await runRequests(requests([['GET', `${scripted.origin}/silent`]]), {
      mode: 'keepalive',
      requestTimeoutMs: 100,
    });
    assert.equal(result.requests[0].error!.phase, 'timeout');
    assert.ok(result.requests[0].timings.endMs! < 3_000);
  });

  it('cancels on the run timeout: in-flight requests end as cancelled errors, the rest as not-sent', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${recording.origin}/slow?ms=5000`],
        ['GET', `${recording.origin}/never`],
        ['GET', `${recording.origin}/never-either`],
      ]),
      { mode: 'keepalive', runTimeoutMs: 200 },
    );
    assert.equal(result.cancelled, true);
    assert.ok(result.wallMs < 2_000, `took ${result.wallMs} ms`);
    const [slow, never, neverEither] = result.requests;
    assert.equal(slow.error!.phase, 'cancelled');
    assert.match(slow.error!.message, /run timeout of 200 ms/);
    assert.equal(never.outcome, 'not-sent');
    assert.equal(never.notSentReason, 'run timeout of 200 ms reached');
    assert.equal(neverEither.outcome, 'not-sent');
    assert.ok(result.notes.some((note) => /run timeout of 200 ms/.test(note)));
    assert.deepEqual(
      recording.requests.map((r) => r.target),
      ['/slow?ms=5000'],
    );
    assertAllClosed(result);
  });

  it('cancels through the AbortSignal: every socket is destroyed at once', async () => {
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const running = runRequests(
      requests([
        ['GET', `${recording.origin}/a?ms=5000`],
        ['GET', `${recording.origin}/b?ms=5000`],
        ['POST', `${recording.origin}/c`, { body: 'x' }],
      ]),
      { mode: 'pipelined', signal: controller.signal, onEvent: (event) => events.push(event) },
    );
    await sleep(100);
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.deepEqual(
      result.requests.map((r) => r.outcome),
      ['error', 'error', 'not-sent'],
    );
    assert.deepEqual(
      result.requests.map((r) => r.error?.phase),
      ['cancelled', 'cancelled', undefined],
    );
    assert.equal(result.requests[2].notSentReason, 'cancelled');
    assert.equal(
      result.requests.some((r) => r.retried),
      false,
    );
    assert.deepEqual(events.filter((e) => e.type === 'request-finished').length, 3);
    assertAllClosed(result);
  });

  it('cancels a run stuck in a prepare() that never settles', async () => {
    const controller = new AbortController();
    const specs = requests([['GET', `${recording.origin}/x`]]);
    specs[0].prepare = () => new Promise(() => undefined);
    setTimeout(() => controller.abort(), 50);
    const result = await runRequests(specs, { mode: 'keepalive', signal: controller.signal });
    assert.equal(result.requests[0].outcome, 'not-sent');
    assert.equal(result.requests[0].notSentReason, 'cancelled');
  });

  it('sends nothing for a signal that is already aborted', async () => {
    const result = await runRequests(requests([['GET', `${recording.origin}/x`]]), {
      mode: 'fresh',
      signal: AbortSignal.abort(),
    });
    assert.deepEqual(
      result.requests.map((r) => r.notSentReason),
      ['cancelled'],
    );
    assert.equal(recording.connectionCount, 0);
  });

  it('reports a prepare() failure as an error in phase prepare and sends the others', async () => {
    const specs = requests([
      ['GET', `${recording.origin}/bad`],
      ['GET', `${recording.origin}/good`],
    ]);
    specs[0].prepare = async () => {
      throw new Error('cannot read body file ./missing.json (api.http:7:3)');
    };
    const result = await runRequests(specs, { mode: 'keepalive' });
    assert.deepEqual(result.requests[0].error, {
      phase: 'prepare',
      message: 'cannot read body file ./missing.json (api.http:7:3)',
    });
    assert.deepEqual(bodies(result.requests), ['<error>', 'GET /good']);
  });

  it('survives an onEvent hook that throws', async () => {
    const result = await runRequests(requests([['GET', `${recording.origin}/x`]]), {
      mode: 'keepalive',
      onEvent: () => {
        throw new Error('buggy UI');
      },
    });
    assert.equal(result.requests[0].outcome, 'response');
  });
});
