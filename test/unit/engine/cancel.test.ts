// Cancel and timeouts, counted from the outside: how many sockets the servers still see open and how
// many TCP sockets the process still holds after a run, not only what the result claims.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunResult } from '../../../src/core/engine/types';
import { requests } from '../../support/requestSpecs';
import {
  answerEveryRequest,
  okResponse,
  startScriptedServer,
  type ScriptedServer,
} from '../../support/scriptedServer';

/** TCP sockets this process holds (client and server side), from Node's own handle list. */
function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
}

/** Fails unless every server-side socket closes within `withinMs`. */
async function serverSeesEveryClose(servers: ScriptedServer[], withinMs: number): Promise<void> {
  const all = Promise.all(servers.flatMap((server) => server.connections.map((c) => c.closed)));
  const inTime = await Promise.race([all.then(() => true), sleep(withinMs).then(() => false)]);
  assert.ok(inTime, `a server still had an open connection ${withinMs} ms after the run`);
}

function assertOneOutcomeEach(result: RunResult): void {
  for (const r of result.requests) {
    const set = [r.response, r.error, r.notSentReason].filter((x) => x !== undefined);
    assert.equal(set.length, 1, JSON.stringify(r));
  }
}

describe('engine: cancel and timeouts, counted from outside', () => {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  async function server(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
    const started = await startScriptedServer(script);
    servers.push(started);
    return started;
  }

  it('cancel aborts the connections to every origin at once: in flight -> cancelled errors, the rest not-sent', async () => {
    const silent = await Promise.all([
      server(() => undefined),
      server(() => undefined),
      server(() => undefined),
    ]);
    const socketsBefore = openTcpSockets();
    const controller = new AbortController();
    const running = runRequests(
      requests([
        ['GET', `${silent[0].origin}/a1`],
        ['GET', `${silent[1].origin}/b1`],
        ['GET', `${silent[2].origin}/c1`],
        ['GET', `${silent[0].origin}/a2`],
        ['POST', `${silent[1].origin}/b2`, { body: 'x' }],
        ['GET', `${silent[2].origin}/c2`],
      ]),
      { mode: 'pipelined', signal: controller.signal },
    );
    // Every server has its connection and requests before the cancel.
    await Promise.all(
      silent.map(async (s) => {
        while (s.connections.length === 0) await sleep(5);
        await s.connections[0].requests(1);
      }),
    );
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assertOneOutcomeEach(result);
    assert.deepEqual(
      result.requests.map((r) => [r.outcome, r.error?.phase ?? r.notSentReason]),
      [
        ['error', 'cancelled'],
        ['error', 'cancelled'],
        ['error', 'cancelled'],
        ['error', 'cancelled'],
        ['not-sent', 'cancelled'],
        ['not-sent', 'cancelled'],
      ],
    );
    assert.equal(result.connections.length, 3);
    assert.ok(
      result.connections.every((c) => c.closeReason === 'cancelled'),
      JSON.stringify(result.connections.map((c) => c.closeReason)),
    );
    // "At once": the servers see every connection closed right after runRequests resolved.
    await serverSeesEveryClose(silent, 200);
    assert.equal(openTcpSockets(), socketsBefore);
  });

  it('cancel while a connect is still under way (TLS handshake never answered) ends it as cancelled', async () => {
    const silent = await server(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await runRequests(requests([['GET', `https://127.0.0.1:${silent.port}/x`]]), {
      mode: 'keepalive',
      signal: controller.signal,
      connectTimeoutMs: 10_000,
    });
    assert.deepEqual([result.requests[0].outcome, result.requests[0].error?.phase], ['error', 'cancelled']);
    assert.equal(result.connectionsOpened, 0);
    await serverSeesEveryClose([silent], 1_000);
  });

  it('a run leaves no socket open: keep-alive connections are closed when runRequests resolves', async () => {
    const origins = await Promise.all([server(answerEveryRequest), server(answerEveryRequest)]);
    const socketsBefore = openTcpSockets();
    for (const mode of ['fresh', 'keepalive', 'pipelined'] as const) {
      const result = await runRequests(
        requests([
          ['GET', `${origins[0].origin}/1`],
          ['GET', `${origins[1].origin}/2`],
          ['GET', `${origins[0].origin}/3`],
        ]),
        { mode },
      );
      assert.deepEqual(
        result.requests.map((r) => r.outcome),
        ['response', 'response', 'response'],
      );
      await serverSeesEveryClose(origins, 1_000);
      assert.equal(openTcpSockets(), socketsBefore, `${mode}: TCP sockets left open`);
    }
  });

  it('a # @timeout longer than the run-wide requestTimeoutMs wins for its request', async () => {
    const slow = await server(async (c) => {
      for (let n = 1; ; n++) {
        const received = await Promise.race([c.requests(n), c.closed.then(() => undefined)]);
        if (!received) return;
        const { target } = received[n - 1];
        await sleep(target === '/patient' ? 300 : 0);
        c.write(okResponse(target));
      }
    });
    const result = await runRequests(
      requests([
        ['GET', `${slow.origin}/patient`, { timeoutMs: 2_000 }],
        ['GET', `${slow.origin}/quick`],
      ]),
      { mode: 'keepalive', requestTimeoutMs: 100 },
    );
    assert.deepEqual(
      result.requests.map((r) => r.response?.body.toString()),
      ['/patient', '/quick'],
    );
  });

  it('the run timeout cancels the run across origins, leaving no socket open', async () => {
    const silent = await Promise.all([server(() => undefined), server(() => undefined)]);
    const socketsBefore = openTcpSockets();
    const result = await runRequests(
      requests([
        ['GET', `${silent[0].origin}/1`],
        ['GET', `${silent[1].origin}/2`],
      ]),
      { mode: 'keepalive', runTimeoutMs: 200 },
    );
    assert.deepEqual(
      result.requests.map((r) => r.error?.phase ?? r.notSentReason),
      ['cancelled', 'run timeout of 200 ms reached'],
    );
    assert.ok(result.wallMs < 2_000, `${result.wallMs} ms`);
    await serverSeesEveryClose(silent, 1_000);
    assert.equal(openTcpSockets(), socketsBefore);
  });
});
