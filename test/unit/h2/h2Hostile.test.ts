// HTTP/2 servers that make trouble, on loopback: GOAWAY mid-run, RST_STREAM, REFUSED_STREAM, a
// server that never sends SETTINGS, SETTINGS_MAX_CONCURRENT_STREAMS 1, a stream that times out on a
// connection that stays usable, and servers without HTTP/2 (an HTTP/1.1 server answering the h2c
// preface; TLS whose ALPN picks http/1.1). Every run must resolve with one outcome per request.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunOptions, RunResult } from '../../../src/core/engine/types';
import { makeSelfSignedCert } from '../../support/selfSignedCert';
import { bodies, requests } from '../../support/requestSpecs';

interface H2Server {
  origin: string;
  sessions: number;
  close(): Promise<void>;
}

/** A Node http2 server on loopback whose streams `onStream` answers (or does not). */
async function startH2Server(
  onStream: (stream: http2.ServerHttp2Stream, path: string, session: http2.ServerHttp2Session) => void,
  settings: http2.Settings = {},
): Promise<H2Server> {
  const server = http2.createServer({ settings });
  const open = new Set<http2.ServerHttp2Session>();
  const state = { sessions: 0 };
  server.on('session', (session) => {
    state.sessions++;
    open.add(session);
    session.on('close', () => open.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    onStream(stream, String(headers[':path']), stream.session as http2.ServerHttp2Session);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get sessions() {
      return state.sessions;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of open) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function answer(stream: http2.ServerHttp2Stream, body: string): void {
  if (stream.destroyed) return;
  stream.respond({ ':status': 200 });
  stream.end(body);
}

function outcomes(result: RunResult): string[] {
  return result.requests.map((r) => (r.outcome === 'error' ? `error:${r.error!.cause}` : r.outcome));
}

const gets = (origin: string, paths: string[]): ReturnType<typeof requests> =>
  requests(paths.map((path): [string, string] => ['GET', `${origin}${path}`]));

describe('engine h2 mode (hostile HTTP/2 servers)', () => {
  let server: H2Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('GOAWAY mid-run: streams after its last stream are re-sent once on a new connection', async () => {
    let seen = 0;
    server = await startH2Server((stream, path, session) => {
      seen++;
      // On the third stream of the first connection: process streams 1 and 3, refuse the rest.
      if (seen === 3) session.goaway(http2.constants.NGHTTP2_NO_ERROR, 3);
      setTimeout(() => answer(stream, path), 20);
    });
    const result = await runRequests(gets(server.origin, ['/a', '/b', '/c', '/d', '/e']), { mode: 'h2' });
    assert.deepEqual(bodies(result.requests), ['/a', '/b', '/c', '/d', '/e']);
    assert.deepEqual(
      result.requests.map((r) => [r.retried, r.connectionId]),
      [
        [false, 1],
        [false, 1],
        [true, 2],
        [true, 2],
        [true, 2],
      ],
    );
    assert.match(
      result.requests[2].waits[0].reason,
      /GOAWAY \(NO_ERROR\) said it did not process streams after 3/,
    );
    assert.equal(server.sessions, 2);
    const goaway = result.connections[0].frames!.find((f) => f.type === 'GOAWAY')!;
    assert.equal(goaway.direction, 'received');
    assert.match(goaway.detail!, /NO_ERROR, last stream 3/);
  });

  it('RST_STREAM: that request is an error with its code; the others on the connection are answered', async () => {
    server = await startH2Server((stream, path) => {
      if (path === '/reset') stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      else setTimeout(() => answer(stream, path), 20);
    });
    const result = await runRequests(gets(server.origin, ['/a', '/reset', '/c']), { mode: 'h2' });
    assert.deepEqual(outcomes(result), ['response', 'error:INTERNAL_ERROR', 'response']);
    assert.match(result.requests[1].error!.message, /reset the stream \(RST_STREAM INTERNAL_ERROR\)/);
    assert.equal(result.requests[1].retried, false);
    assert.equal(result.connectionsOpened, 1);
  });

  it('REFUSED_STREAM: the request is re-sent once (any method, RFC 9113 §8.7); refused again, an error', async () => {
    let posts = 0;
    server = await startH2Server((stream, path) => {
      if (path === '/always') return stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      if (path === '/once' && posts++ === 0) return stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      stream.resume();
      answer(stream, path);
    });
    const specs = requests([
      ['POST', `${server.origin}/once`, { body: 'x' }],
      ['GET', `${server.origin}/always`],
    ]);
    const result = await runRequests(specs, { mode: 'h2' });
    assert.deepEqual(outcomes(result), ['response', 'error:REFUSED_STREAM']);
    assert.deepEqual(
      result.requests.map((r) => r.retried),
      [true, true],
    );
    assert.match(result.requests[1].error!.message, /also after re-sending it once/);
  });

  it('a server that never sends SETTINGS: a connect error naming it, within the connect timeout', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const result = await runRequests(gets(origin, ['/a', '/b']), { mode: 'h2', connectTimeoutMs: 300 });
      assert.deepEqual(
        result.requests.map((r) => [r.outcome, r.error?.phase]),
        [
          ['error', 'connect'],
          ['error', 'connect'],
        ],
      );
      assert.match(result.requests[0].error!.message, /no HTTP\/2 SETTINGS from the server within 300 ms/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('a cleartext server that closes before any SETTINGS: a connect error (not a TLS one)', async () => {
    const sockets = new Set<net.Socket>();
    const closing = net.createServer((socket) => {
      sockets.add(socket);
      socket.end();
    });
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(closing.address() as AddressInfo).port}`;
    try {
      const result = await runRequests(gets(origin, ['/a']), { mode: 'h2' });
      assert.deepEqual([result.requests[0].outcome, result.requests[0].error?.phase], ['error', 'connect']);
      assert.match(result.requests[0].error!.message, /Could not open an HTTP\/2 connection/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
  });

  it('SETTINGS_MAX_CONCURRENT_STREAMS 0 kept for the connect timeout: the requests end as errors, the run does not hang', async () => {
    server = await startH2Server((stream, path) => answer(stream, path), { maxConcurrentStreams: 0 });
    const result = await runRequests(gets(server.origin, ['/a', '/b']), {
      mode: 'h2',
      connectTimeoutMs: 300,
    });
    assert.deepEqual(outcomes(result), [
      'error:SETTINGS_MAX_CONCURRENT_STREAMS 0',
      'error:SETTINGS_MAX_CONCURRENT_STREAMS 0',
    ]);
  });

  it('SETTINGS_MAX_CONCURRENT_STREAMS 1: never two streams at once, all answered on one connection', async () => {
    let open = 0;
    let most = 0;
    server = await startH2Server(
      (stream, path) => {
        open++;
        most = Math.max(most, open);
        setTimeout(() => {
          answer(stream, path);
          open--;
        }, 20);
      },
      { maxConcurrentStreams: 1 },
    );
    const paths = ['/1', '/2', '/3', '/4', '/5'];
    const result = await runRequests(gets(server.origin, paths), { mode: 'h2' });
    assert.deepEqual(bodies(result.requests), paths);
    assert.equal(most, 1);
    assert.equal(server.sessions, 1);
    // One at a time: each stream was sent after the one before it ended.
    for (let i = 1; i < paths.length; i++)
      assert.ok(result.requests[i].timings.sentMs! >= result.requests[i - 1].timings.endMs!);
  });

  it('a stream that times out is cancelled alone: the connection stays up for the others', async () => {
    server = await startH2Server((stream, path) => {
      if (path !== '/never') setTimeout(() => answer(stream, path), 150);
    });
    const specs = requests([
      ['GET', `${server.origin}/never`, { timeoutMs: 100 }],
      ['GET', `${server.origin}/b`],
    ]);
    const result = await runRequests(specs, { mode: 'h2' });
    assert.deepEqual(outcomes(result), ['error:request timeout', 'response']);
    assert.equal(result.connectionsOpened, 1);
    const frames = result.connections[0].frames!;
    assert.ok(frames.some((f) => f.direction === 'sent' && f.type === 'RST_STREAM' && f.detail === 'CANCEL'));
  });

  it('a server whose flow-control window stays shut: the request with a body times out as a flow-control stall', async () => {
    server = await startH2Server(
      (stream, path) => {
        if (path === '/small') answer(stream, path);
        // The upload's stream is left alone: its window (0 bytes) never opens.
      },
      { initialWindowSize: 0 },
    );
    const specs = requests([
      ['PUT', `${server.origin}/upload`, { body: 'x'.repeat(1000), timeoutMs: 300 }],
      ['GET', `${server.origin}/small`],
    ]);
    const result = await runRequests(specs, { mode: 'h2' });
    assert.deepEqual(outcomes(result), ['error:flow-control stall', 'response']);
    assert.match(result.requests[0].error!.message, /waiting for the server's flow-control window/);
  });

  it('an HTTP/1.1-only server: the h2c preface is answered in HTTP/1.1, so the run goes over HTTP/1.1 with a note', async () => {
    const plain = http.createServer((req, res) => res.end(req.url));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    try {
      const result = await runRequests(gets(origin, ['/a', '/b']), { mode: 'h2' });
      assert.deepEqual(bodies(result.requests), ['/a', '/b']);
      assert.deepEqual(
        result.requests.map((r) => r.protocol),
        ['http/1.1', 'http/1.1'],
      );
      assert.match(result.notes.join('\n'), /does not speak HTTP\/2 \(the server answered in HTTP\/1\.x/);
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it('TLS whose ALPN picks http/1.1: HTTP/1.1 keep-alive with the reason', async () => {
    const { key, cert } = makeSelfSignedCert();
    const tlsServer = https.createServer({ key, cert, ALPNProtocols: ['http/1.1'] }, (req, res) =>
      res.end(req.url),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const origin = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    const options: RunOptions = { mode: 'h2', tls: { ca: cert } };
    try {
      const result = await runRequests(gets(origin, ['/a', '/b']), options);
      assert.deepEqual(bodies(result.requests), ['/a', '/b']);
      assert.deepEqual(
        result.requests.map((r) => r.protocol),
        ['http/1.1', 'http/1.1'],
      );
      assert.match(result.notes.join('\n'), /the server chose http\/1\.1 in ALPN, not h2/);
    } finally {
      tlsServer.closeAllConnections();
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    }
  });

  it('cancelling mid-run ends open streams as cancelled and the rest as not sent', async () => {
    server = await startH2Server(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const specs = requests([
      ['GET', `${server.origin}/a`],
      ['POST', `${server.origin}/b`, { body: 'x' }],
      ['GET', `${server.origin}/c`],
    ]);
    const result = await runRequests(specs, { mode: 'h2', signal: controller.signal });
    assert.deepEqual(
      result.requests.map((r) => (r.outcome === 'error' ? r.error!.phase : r.outcome)),
      ['cancelled', 'cancelled', 'not-sent'],
    );
  });
});
