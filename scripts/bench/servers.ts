// The loopback servers the benchmark runs against, each started by the benchmark itself in a process
// of its own, and the server-side counters that check how many connections a client really opened.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

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
const SHUTDOWN_TIMEOUT_MS = 5_000;
/** How long a counter waits for the server to log the requests of a run that has already ended. */
const COUNTER_SETTLE_MS = 2_000;
const SMALL_BODY_BYTES = 64;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Ends a child we started: the polite way first, SIGKILL when it does not go in time. */
async function stopChild(child: ChildProcess, politely: () => void): Promise<void> {
  politely();
  if (!(await waitForExit(child, SHUTDOWN_TIMEOUT_MS))) {
    child.kill('SIGKILL');
    await waitForExit(child, SHUTDOWN_TIMEOUT_MS);
  }
}

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

/** The nginx binary on PATH or in the sbin directories Debian installs it to; undefined when absent. */
export function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  const candidate = dirs
    .filter(Boolean)
    .map((dir) => join(dir, 'nginx'))
    .find(existsSync);
  if (!candidate) return undefined;
  return spawnSync(candidate, ['-v']).status === 0 ? candidate : undefined;
}

/** A port that was free a moment ago: nginx needs a number in its config, it cannot report one it picked. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function nginxConfig(dir: string, port: number): string {
  const temp = (name: string): string => `${name}_temp_path ${join(dir, 'temp', name)};`;
  return `daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  default_type application/octet-stream;
  # $connection is the connection's serial number: distinct values are the connections a run used.
  log_format bench '$connection $status';
  access_log ${join(dir, 'access.log')} bench;
  # A pipelined batch of 1000 must not be cut off by the default limit of 1000 requests per connection.
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  server {
    listen 127.0.0.1:${port};
    root ${join(dir, 'www')};
  }
}
`;
}

/** Counts distinct `$connection` values in the access log lines written since the previous take(). */
function accessLogCounter(logPath: string): ConnectionCounter {
  let offset = 0;
  return {
    async take(expectedRequests) {
      // nginx writes a log line after it sent the response, so the last lines may lag the client a little.
      const deadline = Date.now() + COUNTER_SETTLE_MS;
      let lines: string[];
      for (;;) {
        const text = existsSync(logPath) ? readFileSync(logPath).subarray(offset).toString('latin1') : '';
        lines = text
          .slice(0, text.lastIndexOf('\n') + 1)
          .split('\n')
          .filter(Boolean);
        if (lines.length >= expectedRequests || Date.now() > deadline) {
          offset += Buffer.byteLength(lines.map((line) => `${line}\n`).join(''), 'latin1');
          break;
        }
        await sleep(20);
      }
      return { connections: new Set(lines.map((line) => line.split(' ')[0])).size, requests: lines.length };
    },
  };
}

/** nginx with a generated config in a temp dir, one worker, serving a static 64-byte file. */
export async function startNginx(binary: string): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-bench-nginx-'));
  // Workers drop root to an unprivileged user, which must be able to read the files.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'www'));
  mkdirSync(join(dir, 'temp'));
  writeFileSync(join(dir, 'www', 'small.bin'), Buffer.alloc(SMALL_BODY_BYTES, 'x'));
  const port = await freeLoopbackPort();
  const configPath = join(dir, 'nginx.conf');
  writeFileSync(configPath, nginxConfig(dir, port));

  const child = spawn(binary, ['-p', `${dir}/`, '-c', configPath, '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const cleanUp = async (): Promise<void> => {
    await stopChild(child, () => child.kill('SIGTERM'));
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      await cleanUp();
      throw new Error(`nginx did not start on 127.0.0.1:${port}: ${(stderr + log).trim() || 'no output'}`);
    }
    await sleep(50);
  }
  return {
    name: 'nginx (static file, 1 worker)',
    origin: `http://127.0.0.1:${port}`,
    smallPath: '/small.bin',
    canDelay: false,
    h2: false,
    counter: accessLogCounter(join(dir, 'access.log')),
    close: cleanUp,
  };
}
