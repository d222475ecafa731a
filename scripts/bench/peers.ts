// The clients the benchmark measures: httpipe's engine in its three modes and the peers it is compared
// with. Every adapter sends the same GETs to one origin, reads every body to the end and releases its
// sockets before it resolves, so the time around run() covers the same work for all of them.
import type { RunMode } from '../../src/core/common/runModes';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import { connect } from 'node:net';
import { Client, H2CClient } from 'undici';
import { ResponseParser } from '../../src/core/engine/responseParser';
import { runRequests } from '../../src/core/engine/runRequests';
import { DEFAULT_LIMITS, type RequestSpec } from '../../src/core/engine/types';

export interface PeerRun {
  /** Responses with status 200 whose body was read to the end. */
  ok: number;
  bodyBytes: number;
}

export interface Peer {
  name: string;
  /** Speaks HTTP/2 with prior knowledge (h2c): only measured against servers that do. */
  h2?: boolean;
  /** Connections this client says it opens for `requests` requests to one origin: what the server must see. */
  expectedConnections(requests: number): number;
  /** Sends GET `paths` (in order) to `origin` (`http://127.0.0.1:PORT`). Rejects on a transport error. */
  run(origin: string, paths: readonly string[]): Promise<PeerRun>;
}

/** A hung client must not hang the benchmark: each run gets this long. */
const RUN_TIMEOUT_MS = 30_000;

const ONE_CONNECTION = (): number => 1;
const ONE_PER_REQUEST = (requests: number): number => requests;

function tally(responses: ReadonlyArray<{ status: number; bytes: number }>): PeerRun {
  return {
    ok: responses.filter((r) => r.status === 200).length,
    bodyBytes: responses.reduce((sum, r) => sum + r.bytes, 0),
  };
}

export function httpipePeer(mode: RunMode): Peer {
  return {
    name: `httpipe ${mode}`,
    h2: mode === 'h2',
    expectedConnections: mode === 'fresh' ? ONE_PER_REQUEST : ONE_CONNECTION,
    async run(origin, paths) {
      const specs: RequestSpec[] = paths.map((path, index) => {
        const url = new URL(path, origin);
        return {
          index,
          name: `GET ${path}`,
          method: 'GET',
          displayUrl: url.href,
          dependsOn: [],
          noPipeline: false,
          prepare: () => ({ method: 'GET', url, headers: [] }),
        };
      });
      const result = await runRequests(specs, { mode, requestTimeoutMs: RUN_TIMEOUT_MS });
      return tally(
        result.requests.map((r) => {
          if (r.outcome === 'response') return { status: r.response.status, bytes: r.response.bodyBytes };
          const why = r.outcome === 'error' ? r.error.message : r.notSentReason;
          throw new Error(`httpipe ${mode}: request ${r.index + 1} ${r.outcome}: ${why}`);
        }),
      );
    },
  };
}

/**
 * undici's Client on one connection. With depth > 1 every request is marked `blocking: false`: undici
 * otherwise holds the next request back until the previous response's headers arrived, which is not
 * pipelining at all.
 */
export function undiciPeer(pipelining: 'one' | 'batch'): Peer {
  return {
    name: pipelining === 'one' ? 'undici pipelining 1' : 'undici pipelining N',
    expectedConnections: ONE_CONNECTION,
    async run(origin, paths) {
      const client = new Client(origin, {
        pipelining: pipelining === 'one' ? 1 : paths.length,
        headersTimeout: RUN_TIMEOUT_MS,
        bodyTimeout: RUN_TIMEOUT_MS,
      });
      try {
        const responses = await Promise.all(
          paths.map(async (path) => {
            const response = await client.request({
              method: 'GET',
              path,
              blocking: pipelining === 'one' ? undefined : false,
            });
            const body = await response.body.arrayBuffer();
            return { status: response.statusCode, bytes: body.byteLength };
          }),
        );
        return tally(responses);
      } finally {
        await client.close();
      }
    },
  };
}

function nodeGet(
  origin: URL,
  path: string,
  agent: http.Agent | false,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: origin.hostname, port: origin.port, path, agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    request.setTimeout(RUN_TIMEOUT_MS, () =>
      request.destroy(new Error(`no response within ${RUN_TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
  });
}

/** Node's http client with a keep-alive agent limited to one socket: all requests are queued at once, the agent sends them one after the other. */
export function nodeKeepAlivePeer(): Peer {
  return {
    name: 'node http keep-alive',
    expectedConnections: ONE_CONNECTION,
    async run(origin, paths) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const target = new URL(origin);
        return tally(await Promise.all(paths.map((path) => nodeGet(target, path, agent))));
      } finally {
        agent.destroy();
      }
    },
  };
}

/** Node's http client with `agent: false`: a new connection per request, sent one after the other like httpipe's fresh mode. */
export function nodeFreshPeer(): Peer {
  return {
    name: 'node http agent:false',
    expectedConnections: ONE_PER_REQUEST,
    async run(origin, paths) {
      const target = new URL(origin);
      const responses: Array<{ status: number; bytes: number }> = [];
      for (const path of paths) responses.push(await nodeGet(target, path, false));
      return tally(responses);
    },
  };
}

/**
 * The floor: one socket, every request written in one write, responses counted by httpipe's own
 * ResponseParser (so the floor includes parsing, which the parser figure measures on its own, but none
 * of the engine's bookkeeping: no exchanges, timings, wire logs or body collection).
 */
export function rawSocketPeer(): Peer {
  return {
    name: 'raw socket (floor)',
    expectedConnections: ONE_CONNECTION,
    run(origin, paths) {
      const target = new URL(origin);
      const wire = Buffer.from(
        paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`).join(''),
        'latin1',
      );
      return new Promise<PeerRun>((resolve, reject) => {
        let ok = 0;
        let answered = 0;
        let bodyBytes = 0;
        let status = 0;
        let settled = false;
        const socket = connect({ host: target.hostname, port: Number(target.port) });
        const finish = (error?: Error): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          if (error) reject(error);
          else resolve({ ok, bodyBytes });
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(`raw socket: ${answered} of ${paths.length} responses within ${RUN_TIMEOUT_MS} ms`),
            ),
          RUN_TIMEOUT_MS,
        );
        const parser = new ResponseParser(
          {
            onInterim: () => undefined,
            onHead: (head) => (status = head.status),
            onBody: (chunk) => (bodyBytes += chunk.length),
            onComplete: () => {
              answered++;
              if (status === 200) ok++;
              if (answered === paths.length) finish();
            },
            onError: (error) => finish(error),
          },
          DEFAULT_LIMITS,
        );
        for (let i = 0; i < paths.length; i++) parser.expect('GET');
        socket.setNoDelay(true);
        socket.on('connect', () => socket.write(wire));
        socket.on('data', (chunk: Buffer) => parser.execute(chunk));
        socket.on('error', (error) => finish(error));
        socket.on('close', () =>
          finish(new Error(`raw socket: connection closed after ${answered} of ${paths.length} responses`)),
        );
      });
    },
  };
}

/**
 * undici's HTTP/2 client over cleartext with prior knowledge (H2CClient: the same HTTP/2 code as
 * `allowH2`, which only negotiates h2 by ALPN over TLS), every request sent at once.
 */
export function undiciH2Peer(): Peer {
  return {
    name: 'undici h2c',
    h2: true,
    expectedConnections: ONE_CONNECTION,
    async run(origin, paths) {
      const client = new H2CClient(origin, {
        // Every request at once: undici refuses more in flight than its stream limit, so raise both.
        pipelining: paths.length,
        maxConcurrentStreams: paths.length,
        headersTimeout: RUN_TIMEOUT_MS,
        bodyTimeout: RUN_TIMEOUT_MS,
      });
      try {
        const responses = await Promise.all(
          paths.map(async (path) => {
            const response = await client.request({ method: 'GET', path });
            const body = await response.body.arrayBuffer();
            return { status: response.statusCode, bytes: body.byteLength };
          }),
        );
        return tally(responses);
      } finally {
        await client.close();
      }
    },
  };
}

/** Node's own http2 client: one session, a stream per request, all opened at once. */
export function nodeHttp2Peer(): Peer {
  return {
    name: 'node http2',
    h2: true,
    expectedConnections: ONE_CONNECTION,
    async run(origin, paths) {
      const session = http2.connect(origin);
      session.on('error', () => undefined);
      try {
        const responses = await Promise.all(
          paths.map(
            (path) =>
              new Promise<{ status: number; bytes: number }>((resolve, reject) => {
                const stream = session.request({ ':path': path }, { endStream: true });
                let status = 0;
                let bytes = 0;
                stream.setTimeout(RUN_TIMEOUT_MS, () => stream.close(http2.constants.NGHTTP2_CANCEL));
                stream.on('response', (headers) => (status = Number(headers[':status'])));
                stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
                stream.on('end', () => resolve({ status, bytes }));
                stream.on('error', reject);
              }),
          ),
        );
        return tally(responses);
      } finally {
        await new Promise<void>((resolve) => session.close(() => resolve()));
      }
    },
  };
}

/** Every client, in the order the tables list them; the first is the reference for the ratios. */
export function allPeers(): Peer[] {
  return [
    httpipePeer('pipelined'),
    httpipePeer('keepalive'),
    httpipePeer('fresh'),
    httpipePeer('h2'),
    undiciPeer('batch'),
    undiciPeer('one'),
    undiciH2Peer(),
    nodeHttp2Peer(),
    nodeKeepAlivePeer(),
    nodeFreshPeer(),
    rawSocketPeer(),
  ];
}
