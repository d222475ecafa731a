// The loopback servers the benchmark runs against, each started by the benchmark itself in a process
// of its own, and the server-side counters that check how many connections a client really opened.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { AccessLog, connectionCounts, startNginx, type NginxOptions } from '../../test/support/realServers';
import { findBinary, stopChild } from '../../test/support/realServers/process';

export interface ServerCounts {
  connections: number;
  requests: number;
}

export interface ConnectionCounter {
  /** What the server saw since the previous take(); waits (bounded) until it has logged `expectedRequests`. */
  take(expectedRequests: number): Promise<ServerCounts>;
}

export interface BenchServer {
  name: string;
  origin: string;
  /** A small GET (64-byte body) on this server. */
  smallPath: string;
  /** The server can hold a response back (`/delay?ms=N`); nginx cannot. */
  canDelay: boolean;
  /** The server speaks HTTP/2 with prior knowledge (h2c) on the same port: the HTTP/2 clients run against it. */
  h2: boolean;
  counter: ConnectionCounter;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
const SMALL_BODY_BYTES = 64;

/** GET on a connection of its own (`agent: false`), so the reading itself never rides on a client's connection. */
function getJson(origin: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, origin), { agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => parts.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
    });
    request.setTimeout(STARTUP_TIMEOUT_MS, () =>
      request.destroy(new Error(`${path}: no answer within ${STARTUP_TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
  });
}

/**
 * Counts through the demo server's `/stats?reset=1`: it answers the counts since the previous reset and
 * resets them. The server counts a connection when it accepts it, so every answer includes the
 * connection that asked for it, and nothing else of ours: that one is subtracted. `/stats` itself is
 * not counted as a request.
 */
export function demoStatsCounter(origin: string): ConnectionCounter {
  return {
    async take() {
      const stats = (await getJson(origin, '/stats?reset=1')) as ServerCounts;
      return { connections: stats.connections - 1, requests: stats.requests };
    },
  };
}

/** The bundled demo server (Node http) in a child process. */
export async function startDemoServerProcess(): Promise<BenchServer> {
  const child = spawn(process.execPath, [join(__dirname, 'demoServerProcess.js')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`demo server did not start within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n')[0];
      if (output.includes('\n')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => reject(new Error(`demo server exited with code ${code} before listening`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const counter = demoStatsCounter(origin);
  await counter.take(0);
  return {
    name: 'demo server (Node http, own process)',
    origin,
    smallPath: `/bytes?n=${SMALL_BODY_BYTES}`,
    canDelay: true,
    h2: true,
    counter,
    close: () => stopChild(child, () => child.stdin!.end()),
  };
}

/** The nginx binary, or undefined when it is not installed (the benchmark then skips its batches). */
export function findNginx(): string | undefined {
  try {
    return findBinary('nginx', 'nginx-light');
  } catch {
    return undefined;
  }
}

function accessLogCounter(log: AccessLog): ConnectionCounter {
  return { take: async (expectedRequests) => connectionCounts(await log.take(expectedRequests)) };
}

/** nginx from the real-server harness (generated config, one worker) serving a static 64-byte file. */
export async function startNginxBench(options: NginxOptions = {}): Promise<BenchServer> {
  const nginx = await startNginx(options);
  const limit =
    options.keepaliveRequests === undefined ? '' : `, keepalive_requests ${options.keepaliveRequests}`;
  return {
    name: `nginx (static file, 1 worker${limit})`,
    origin: nginx.origin,
    smallPath: '/small.bin',
    canDelay: false,
    h2: false,
    counter: accessLogCounter(nginx.accessLog),
    close: nginx.stop,
  };
}
