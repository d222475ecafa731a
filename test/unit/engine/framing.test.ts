// How responses are delimited, seen through the whole engine against a scripted raw server:
// Content-Length, chunked with trailers, close-delimited, HEAD, 1xx interim responses, body limits,
// malformed responses and the wire log.
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import { bodies, requests } from '../../support/requestSpecs';
import { okResponse, startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';

describe('engine response framing (scripted server)', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps every byte read in the wire log, also when the responses arrive in separate reads', async () => {
    // The connection reads into one reused buffer: the log must keep copies, not views of it.
    const parts = [okResponse('first'), 'HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 6\r\n\r\nsec', 'ond'];
    server = await startScriptedServer(async (c) => {
      await c.requests(2);
      for (const part of parts) {
        await c.writeAndDrain(part);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/a`],
        ['GET', `${server.origin}/b`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(bodies(result.requests), ['first', 'second']);
    assert.equal(result.connections[0].read.toString('latin1'), parts.join(''));
  });

  it('reads Content-Length and chunked bodies (with trailers) on one pipelined connection', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(2);
      c.write(okResponse('hello'));
      c.write(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-Sum: 5\r\n\r\n',
      );
    });
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/a`],
        ['GET', `${server.origin}/b`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(bodies(result.requests), ['hello', 'abcde']);
    assert.deepEqual(result.requests[1].response!.trailers, [['X-Sum', '5']]);
    assert.equal(result.connectionsOpened, 1);
  });

  it('reads a close-delimited body to the end of the connection', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 200 OK\r\n\r\nuntil ');
      setTimeout(() => c.end('the end'), 20);
    });
    const result = await runRequests(requests([['GET', `${server.origin}/`]]), { mode: 'keepalive' });
    assert.deepEqual(bodies(result.requests), ['until the end']);
    assert.equal(result.requests[0].retried, false);
  });

  it('expects no body after HEAD even with a Content-Length', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(2);
      c.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
      c.write(okResponse('after head'));
    });
    const result = await runRequests(
      requests([
        ['HEAD', `${server.origin}/`],
        ['GET', `${server.origin}/`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(bodies(result.requests), ['', 'after head']);
    assert.equal(result.requests[0].response!.headers[0][1], '1000');
  });

  it('keeps 1xx interim responses apart from the final one', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n');
      c.write(okResponse('final'));
    });
    const result = await runRequests(requests([['GET', `${server.origin}/`]]), { mode: 'keepalive' });
    const response = result.requests[0].response!;
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), 'final');
    assert.deepEqual(
      response.interim.map((h) => h.status),
      [103],
    );
  });

  it('keeps at most maxBodyBytesInMemory of a body and counts the rest', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write(okResponse('x'.repeat(100)));
    });
    const result = await runRequests(requests([['GET', `${server.origin}/`]]), {
      mode: 'keepalive',
      limits: { maxBodyBytesInMemory: 10, maxWireLogBytes: 50 },
    });
    const response = result.requests[0].response!;
    assert.equal(response.body.length, 10);
    assert.equal(response.bodyBytes, 100);
    assert.equal(response.bodyTruncated, true);
    const connection = result.connections[0];
    assert.equal(connection.read.length, 50);
    assert.equal(connection.readTruncated, true);
    // Offsets count every byte, stored or not.
    assert.deepEqual(result.requests[0].wire!.read, [0, okResponse('x'.repeat(100)).length]);
  });

  it('reports a malformed response with the byte where it broke, and the run goes on', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      if (c.index === 0) c.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
      else c.write(okResponse('fine'));
    });
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}/broken`],
        ['GET', `${server.origin}/next`],
      ]),
      { mode: 'keepalive' },
    );
    const [broken, next] = result.requests;
    assert.equal(broken.outcome, 'error');
    assert.equal(broken.error!.phase, 'response');
    assert.equal(broken.error!.byteOffset, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'.length);
    assert.equal(next.response!.body.toString(), 'fine');
    assert.equal(next.retried, false);
  });

  it('stops reading a head past maxHeaderBytes instead of buffering it', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 200 OK\r\n');
      // Endless headers: only the limit may end this.
      const timer = setInterval(() => c.write('X-Filler: ' + 'f'.repeat(100) + '\r\n'), 1);
      void c.closed.then(() => clearInterval(timer));
    });
    const result = await runRequests(requests([['GET', `${server.origin}/`]]), {
      mode: 'keepalive',
      limits: { maxHeaderBytes: 4096 },
    });
    const error = result.requests[0].error!;
    assert.equal(error.phase, 'response');
    assert.equal(error.cause, 'header-too-large');
    assert.equal(error.byteOffset, 4096);
  });

  it('ends a body that trickles forever at the request timeout', async () => {
    server = await startScriptedServer(async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      const timer = setInterval(() => c.write('1\r\nx\r\n'), 5);
      void c.closed.then(() => clearInterval(timer));
    });
    const result = await runRequests(requests([['GET', `${server.origin}/`]]), {
      mode: 'keepalive',
      requestTimeoutMs: 200,
    });
    assert.equal(result.requests[0].error!.phase, 'timeout');
    assert.ok(result.requests[0].timings.firstByteMs! < result.requests[0].timings.endMs!);
  });
});
