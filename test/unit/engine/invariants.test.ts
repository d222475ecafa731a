// Randomized runs against a misbehaving server (answers, closes mid-pipeline, says Connection: close,
// talks HTTP/1.0, sends garbage, stalls), in every mode, checking the promises the engine makes
// whatever happens: it resolves, every request ends exactly once with a consistent outcome, no
// non-idempotent request reaches the server twice, nothing is sent more than twice (plus once per
// connection that answered something before it closed), no socket stays
// open, and every response's timings are in order (sent ≤ first byte ≤ end).
import { HTTP1_MODES } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import { type RequestResult } from '../../../src/core/engine/types';
import { requests, type SpecOptions } from '../../support/requestSpecs';
import { assertTimingOrder } from '../../support/timingOrder';
import { okResponse, startScriptedServer, type ScriptedConnection } from '../../support/scriptedServer';

/** Small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Behaviour = 'ok' | 'chunked' | 'close-after' | 'http10' | 'drop' | 'garbage' | 'stall';
const BEHAVIOURS: Behaviour[] = [
  'ok',
  'ok',
  'ok',
  'chunked',
  'close-after',
  'http10',
  'drop',
  'garbage',
  'stall',
];

function idOf(target: string): string {
  return target.slice(1);
}

/** Answers each request on the connection in order, misbehaving as the dice say; stops at the first close. */
async function misbehave(c: ScriptedConnection, random: () => number): Promise<void> {
  for (let n = 1; ; n++) {
    const received = await Promise.race([c.requests(n), c.closed.then(() => undefined)]);
    if (!received) return;
    const body = idOf(received[n - 1].target);
    const behaviour = BEHAVIOURS[Math.floor(random() * BEHAVIOURS.length)];
    switch (behaviour) {
      case 'ok':
        c.write(okResponse(body));
        break;
      case 'chunked':
        c.write(
          `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        );
        break;
      case 'close-after':
        c.end(okResponse(body, 'Connection: close\r\n'));
        return;
      case 'http10':
        c.end(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        return;
      case 'drop':
        c.destroy();
        return;
      case 'garbage':
        c.write('HTTP/1.1 2xx whatever\r\n\r\n');
        return;
      case 'stall':
        return;
    }
  }
}

function assertConsistent(r: RequestResult): void {
  switch (r.outcome) {
    case 'response':
      assert.ok(r.response && !r.error && r.notSentReason === undefined, JSON.stringify(r));
      assert.equal(r.response.body.toString(), String(r.index));
      break;
    case 'error':
      assert.ok(r.error && !r.response && r.error.message.length > 0, JSON.stringify(r));
      break;
    case 'not-sent':
      assert.ok(r.notSentReason && !r.response && !r.error, JSON.stringify(r));
      break;
  }
}

describe('engine invariants under a misbehaving server (randomized, seeded)', () => {
  for (let seed = 1; seed <= 24; seed++) {
    const mode = HTTP1_MODES[seed % HTTP1_MODES.length];
    it(`seed ${seed} (${mode})`, async () => {
      const random = prng(seed);
      const server = await startScriptedServer((c) => misbehave(c, random));
      try {
        const count = 3 + Math.floor(random() * 6);
        const list: Array<[string, string, SpecOptions?]> = [];
        for (let i = 0; i < count; i++) {
          const method = random() < 0.25 ? 'POST' : 'GET';
          const options: SpecOptions = {
            body: method === 'POST' ? 'x' : undefined,
            noPipeline: random() < 0.1,
          };
          if (i > 0 && random() < 0.2) options.dependsOn = [Math.floor(random() * i)];
          list.push([method, `${server.origin}/${i}`, options]);
        }
        let finished = 0;
        const result = await runRequests(requests(list), {
          mode,
          requestTimeoutMs: 150,
          runTimeoutMs: seed % 5 === 0 ? 300 : undefined,
          onEvent: (event) => {
            if (event.type === 'request-finished') finished++;
          },
        });
        assert.equal(result.requests.length, count);
        assert.equal(finished, count, 'one request-finished event per request');
        result.requests.forEach((r, i) => {
          assert.equal(r.index, i);
          assertConsistent(r);
        });
        const arrivals = new Map<string, number>();
        for (const c of server.connections) {
          for (const request of c.received)
            arrivals.set(request.target, (arrivals.get(request.target) ?? 0) + 1);
        }
        list.forEach(([method, url], i) => {
          const times = arrivals.get(new URL(url).pathname) ?? 0;
          // A re-send after a connection that answered earlier requests does not use up the one retry.
          const productive = result.connections.filter((c) => c.read.length > 0).length;
          assert.ok(
            times <= (method === 'POST' ? 1 : 2 + productive),
            `#${i} ${method} arrived ${times} times`,
          );
          if (result.requests[i].retried) assert.equal(method, 'GET');
        });
        for (const connection of result.connections) assert.notEqual(connection.closedMs, undefined);
        assertTimingOrder(result);
      } finally {
        await server.close();
      }
    });
  }
});
