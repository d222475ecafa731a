// What happens when the server closes connections: mid-pipeline (re-send what is idempotent, first
// one alone), twice in a row, before a POST's response, between keep-alive requests, and servers
// that close after every response (HTTP/1.0, Connection: close) making pipelining fall back.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRequests } from '../../../src/core/engine/runRequests';
import { bodies, requests } from '../../support/requestSpecs';
import { okResponse, startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';

describe('engine connection loss and fallback (scripted server)', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const three = (origin: string): ReturnType<typeof requests> =>
    requests([
      ['GET', `${origin}/1`],
      ['GET', `${origin}/2`],
      ['GET', `${origin}/3`],
    ]);

  it('re-sends unanswered requests after a close that answered nothing: the first alone, then the rest', async () => {
    let aloneOnNewConnection = 0;
    server = await startScriptedServer(async (c) => {
      if (c.index === 0) {
        await c.requests(3);
        c.end();
        return;
      }
      const [retried] = await c.requests(1);
      await sleep(50);
      aloneOnNewConnection = c.received.length;
      c.write(okResponse(retried.target));
      const [, second, third] = await c.requests(3);
      c.write(okResponse(second.target) + okResponse(third.target));
    });
    const result = await runRequests(three(server.origin), { mode: 'pipelined' });
    assert.deepEqual(bodies(result.requests), ['/1', '/2', '/3']);
    assert.deepEqual(
      result.requests.map((r) => r.retried),
      [true, true, true],
    );
    assert.equal(aloneOnNewConnection, 1, 'the first re-sent request was alone on the new connection');
    assert.deepEqual(
      result.connections.map((c) => c.requests),
      [
        [0, 1, 2],
        [0, 1, 2],
      ],
    );
    const [first, second, third] = result.requests;
    assert.ok(second.timings.sentMs! >= first.timings.endMs!);
    assert.ok(third.timings.sentMs! >= first.timings.endMs!);
    assert.deepEqual(
      second.waits.map((w) => [w.kind, w.on]),
      [
        ['retry', undefined],
        ['retry', 0],
      ],
    );
    assert.match(
      second.waits[1].reason,
      /waits for #1 GET .*\/1: after a connection loss the first re-sent request goes alone/,
    );
    assert.equal(result.connectionsOpened, 2);
    assert.deepEqual(result.notes, []);
  });

  it('re-sends a request at most once: a second loss is an error with its cause', async () => {
    server = await startScriptedServer(async (c) => {
      const [first] = await c.requests(c.index === 0 ? 2 : 1);
      if (c.index === 0) c.end(okResponse(first.target));
      else c.end();
    });
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/1`],
        ['GET', `${server.origin}/2`],
      ]),
      { mode: 'pipelined' },
    );
    const second = result.requests[1];
    assert.equal(second.outcome, 'error');
    assert.equal(second.retried, true);
    assert.equal(second.error!.phase, 'response');
    assert.match(second.error!.message, /also after re-sending it once/);
    assert.ok(second.error!.cause);
    assert.equal(server.connections.length, 2);
  });

  it('never re-sends a POST whose connection closed before the response', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.end();
    });
    const result = await runRequests(
      requests([
        ['POST', `${server.origin}/pay`, { body: '{"amount":1}' }],
        ['GET', `${server.origin}/after`],
      ]),
      { mode: 'pipelined' },
    );
    const [post, after] = result.requests;
    assert.equal(post.outcome, 'error');
    assert.equal(post.retried, false);
    assert.match(
      post.error!.message,
      /connection closed before the response; not retried: POST is not idempotent/,
    );
    // The GET was held back until the POST ended, then met the same server on connections of its own.
    assert.equal(after.error!.phase, 'response');
    assert.equal(after.retried, true);
    assert.deepEqual(
      server.connections.map((c) => c.received.map((r) => r.method)),
      [['POST'], ['GET'], ['GET']],
    );
  });

  it('reopens a keep-alive connection the server closed between requests, without calling it a retry', async () => {
    server = await startScriptedServer(async (c) => {
      const [request] = await c.requests(1);
      c.write(okResponse(request.target));
      await sleep(20);
      c.end();
    });
    const specs = requests([
      ['GET', `${server.origin}/1`],
      ['GET', `${server.origin}/2`],
    ]);
    const plain = specs[1].prepare;
    // Give the server's FIN time to arrive before the second request is written.
    specs[1].prepare = async (results) => {
      await sleep(150);
      return plain(results);
    };
    const result = await runRequests(specs, { mode: 'keepalive' });
    assert.deepEqual(bodies(result.requests), ['/1', '/2']);
    assert.deepEqual(
      result.requests.map((r) => [r.retried, r.reused, r.connectionId]),
      [
        [false, false, 1],
        [false, false, 2],
      ],
    );
    assert.equal(result.connectionsOpened, 2);
  });

  for (const mode of ['keepalive', 'pipelined'] as const) {
    it(`${mode}: does not write a POST on a connection whose FIN came with the previous response`, async () => {
      server = await startScriptedServer(async (c) => {
        const [request] = await c.requests(1);
        // No Connection: close, just a FIN in the same breath (a server dropping idle connections).
        // write() goes to the kernel at once and destroy() closes the descriptor at once, so the
        // engine finds response and FIN waiting together, deterministically.
        c.write(okResponse(request.target));
        c.destroy();
      });
      const result = await runRequests(
        requests([
          ['GET', `${server.origin}/1`],
          ['POST', `${server.origin}/2`, { body: 'once' }],
          ['POST', `${server.origin}/3`, { body: 'once' }],
        ]),
        { mode },
      );
      assert.deepEqual(bodies(result.requests), ['/1', '/2', '/3']);
      assert.deepEqual(
        result.requests.map((r) => r.retried),
        [false, false, false],
      );
      assert.equal(result.connectionsOpened, 3);
    });
  }

  for (const [label, response, why] of [
    [
      'HTTP/1.0',
      (body: string) => `HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      /HTTP\/1\.0/,
    ],
    ['Connection: close', (body: string) => okResponse(body, 'Connection: close\r\n'), /Connection: close/],
  ] as const) {
    it(`falls back from pipelining to one request at a time for a ${label} server, with a note`, async () => {
      server = await startScriptedServer(async (c) => {
        const [request] = await c.requests(1);
        await sleep(20);
        c.end(response(request.target));
      });
      const result = await runRequests(three(server.origin), { mode: 'pipelined' });
      assert.deepEqual(bodies(result.requests), ['/1', '/2', '/3']);
      assert.equal(result.notes.length, 1);
      assert.match(result.notes[0], why);
      assert.match(result.notes[0], /one at a time/);
      // #2 and #3 were pipelined behind #1 before the server showed it closes: re-sent once each.
      assert.deepEqual(
        result.requests.map((r) => r.retried),
        [false, true, true],
      );
      for (const r of result.requests.slice(1)) {
        assert.ok(
          r.waits.some((w) => w.kind === 'retry' && w.on === 0 && /re-sent .*after #1/.test(w.reason)),
          JSON.stringify(r.waits),
        );
      }
      assert.ok(
        result.requests[2].waits.some((w) => w.kind === 'fallback' && /one at a time/.test(w.reason)),
        JSON.stringify(result.requests[2].waits),
      );
      // After the fallback every request had a connection of its own.
      assert.equal(result.connectionsOpened, 3);
      assert.ok(result.requests[2].timings.sentMs! >= result.requests[1].timings.endMs!);
    });
  }

  it('in keep-alive mode just reopens for a Connection: close server, without notes or retries', async () => {
    server = await startScriptedServer(async (c) => {
      const [request] = await c.requests(1);
      c.end(okResponse(request.target, 'Connection: close\r\n'));
    });
    const result = await runRequests(three(server.origin), { mode: 'keepalive' });
    assert.deepEqual(bodies(result.requests), ['/1', '/2', '/3']);
    assert.deepEqual(result.notes, []);
    assert.deepEqual(
      result.requests.map((r) => r.retried),
      [false, false, false],
    );
    assert.equal(result.connectionsOpened, 3);
  });
});
