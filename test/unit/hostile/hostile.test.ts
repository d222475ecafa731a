// Runs every row of the hostile-server table (scenarios.ts) against a real loopback server and checks,
// besides the row's own expectations, what must hold whatever a server does: the run resolves within
// its bound, nothing rejects unhandled, every request has exactly one outcome, and every socket is
// closed on both sides when runRequests resolves.
import { HTTP1_MODES } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRequests } from '../../../src/core/engine/runRequests';
import { type RequestResult, type RunResult } from '../../../src/core/engine/types';
import { requests } from '../../support/requestSpecs';
import { startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';
import { EVERY_MODE, HOSTILE_SCENARIOS, type Expected } from './scenarios';

/** How long after the run the server may take to notice its sockets closed (the FIN is in flight). */
const SERVER_SEES_CLOSE_MS = 2_000;

function assertOutcome(result: RequestResult, expected: Expected): void {
  const where = `#${result.index + 1} ${result.method} ${result.url}: ${JSON.stringify({
    outcome: result.outcome,
    status: result.response?.status,
    error: result.error,
    notSentReason: result.notSentReason,
    retried: result.retried,
  })}`;
  assert.equal(result.outcome, expected.outcome, where);
  // Exactly one outcome: the other fields stay empty.
  assert.equal(result.response !== undefined, expected.outcome === 'response', where);
  assert.equal(result.error !== undefined, expected.outcome === 'error', where);
  assert.equal(result.notSentReason !== undefined, expected.outcome === 'not-sent', where);
  switch (expected.outcome) {
    case 'response':
      assert.equal(result.response!.status, expected.status, where);
      if (expected.body !== undefined)
        assert.equal(result.response!.body.toString('latin1'), expected.body, where);
      assert.equal(result.retried, expected.retried, where);
      break;
    case 'error':
      assert.equal(result.error!.phase, expected.phase, where);
      assert.ok(result.error!.message.length > 0, where);
      if (typeof expected.cause === 'string') assert.equal(result.error!.cause, expected.cause, where);
      else if (expected.cause) assert.match(result.error!.cause ?? '', expected.cause, where);
      if (expected.message) assert.match(result.error!.message, expected.message, where);
      assert.equal(result.retried, expected.retried, where);
      break;
    case 'not-sent':
      if (typeof expected.reason === 'string') assert.equal(result.notSentReason, expected.reason, where);
      else assert.match(result.notSentReason!, expected.reason, where);
      break;
  }
}

async function serverSawEveryClose(server: ScriptedServer): Promise<void> {
  const everyClose = Promise.all(server.connections.map((c) => c.closed)).then(() => true);
  const closedInTime = await Promise.race([everyClose, sleep(SERVER_SEES_CLOSE_MS).then(() => false)]);
  assert.ok(closedInTime, 'a server-side socket was still open after the run');
}

const RUNS = HOSTILE_SCENARIOS.flatMap((scenario) =>
  (scenario.mode === EVERY_MODE ? HTTP1_MODES : [scenario.mode]).map((mode) => ({ scenario, mode })),
);

describe(`hostile servers (${HOSTILE_SCENARIOS.length} scenarios, ${RUNS.length} runs)`, () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  let server: ScriptedServer | undefined;

  before(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  beforeEach(() => {
    unhandled.length = 0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const { scenario, mode } of RUNS) {
    const withinMs = scenario.withinMs ?? 5_000;
    it(`${mode}: ${scenario.name}`, async function () {
      this.timeout(withinMs + SERVER_SEES_CLOSE_MS + 5_000);
      server = await startScriptedServer(scenario.server);
      const origin = scenario.https ? `https://127.0.0.1:${server.port}` : server.origin;
      const specs = requests(
        scenario.requests.map(([method, path, options]) => [method, `${origin}${path}`, options]),
      );
      const controller = new AbortController();
      const cancelTimer =
        scenario.cancelAfterMs === undefined
          ? undefined
          : setTimeout(() => controller.abort(), scenario.cancelAfterMs);

      const started = performance.now();
      let overdue: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        runRequests(specs, { ...scenario.options, mode, signal: controller.signal }),
        new Promise<never>((_, reject) => {
          overdue = setTimeout(
            () => reject(new Error(`the run did not finish within ${withinMs} ms`)),
            withinMs,
          );
        }),
      ]).finally(() => {
        clearTimeout(overdue);
        clearTimeout(cancelTimer);
      });
      const tookMs = performance.now() - started;

      assert.equal(result.requests.length, scenario.expect.length);
      result.requests.forEach((r, i) => assertOutcome(r, scenario.expect[i]));
      assertClientClosed(result);
      await serverSawEveryClose(server);
      scenario.check?.(result, server);
      // Rejections surface after a turn of the event loop.
      await sleep(10);
      assert.deepEqual(unhandled, [], 'unhandled rejection');
      assert.ok(tookMs < withinMs, `took ${Math.round(tookMs)} ms`);
    });
  }
});

function assertClientClosed(result: RunResult): void {
  for (const connection of result.connections) {
    assert.notEqual(connection.closedMs, undefined, `connection ${connection.id} left open`);
  }
}
