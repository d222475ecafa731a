// What every real-server kind shares: finding the Debian binary (or failing with the install command),
// a free loopback port, a temp dir for the generated config and logs, starting the child and waiting
// until it accepts connections, stopping it cleanly, and reading its access log as it grows.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The one command that installs every server these tests start (Debian packages, as root). */
export const INSTALL_COMMAND = 'bash scripts/real-servers.sh';

const STARTUP_TIMEOUT_MS = 10_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;
/** How long a log reader waits for lines a server writes after it answered (nginx logs after the response). */
const LOG_SETTLE_MS = 3_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The binary on PATH or in Debian's sbin directories; a missing one is an error that says how to install it. */
export function findBinary(name: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  const found = dirs
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(existsSync);
  if (!found)
    throw new Error(`${name} (Debian package ${debianPackage}) is not installed: run \`${INSTALL_COMMAND}\``);
  return found;
}

/** A port that was free a moment ago: these servers need a number in their config. */
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

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A temp dir readable by the unprivileged user a server drops root to. */
export function serverDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `httpipe-${kind}-`));
  chmodSync(dir, 0o755);
  return dir;
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

/** Ends a child we started: the polite way first (a signal by default), SIGKILL when it does not go in time. */
export async function stopChild(
  child: ChildProcess,
  politely: () => void = () => child.kill('SIGTERM'),
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  politely();
  if (!(await waitForExit(child, SHUTDOWN_TIMEOUT_MS))) {
    child.kill('SIGKILL');
    await waitForExit(child, SHUTDOWN_TIMEOUT_MS);
  }
}

export interface StartedChild {
  child: ChildProcess;
  /** Stops the child and deletes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `binary args` and resolves once 127.0.0.1:`port` accepts connections; on failure stops it,
 * deletes `dir` and throws with its output and `errorLog`.
 */
export async function startListening(
  what: string,
  binary: string,
  args: string[],
  port: number,
  dir: string,
  errorLog: string,
): Promise<StartedChild> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '';
      await stop();
      throw new Error(`${what} did not start on 127.0.0.1:${port}: ${(output + log).trim() || 'no output'}`);
    }
    await sleep(50);
  }
  return { child, stop };
}

/** A server's access log, one line per request, read as it grows. */
export class AccessLog {
  private offset = 0;

  constructor(readonly path: string) {}

  /** Every complete line so far. */
  all(): string[] {
    return this.linesFrom(0);
  }

  /**
   * The lines written since the previous take(), waiting (bounded) until there are `expected` of them:
   * a server logs a request after it answered it, so the last lines may lag the client a little.
   */
  async take(expected: number): Promise<string[]> {
    const deadline = Date.now() + LOG_SETTLE_MS;
    let lines = this.linesFrom(this.offset);
    while (lines.length < expected && Date.now() < deadline) {
      await sleep(20);
      lines = this.linesFrom(this.offset);
    }
    this.offset += Buffer.byteLength(lines.map((line) => `${line}\n`).join(''), 'latin1');
    return lines;
  }

  private linesFrom(offset: number): string[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path).subarray(offset).toString('latin1');
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter(Boolean);
  }
}

/** Distinct connections and requests among access-log lines whose first field names the connection. */
export function connectionCounts(lines: readonly string[]): { connections: number; requests: number } {
  return { connections: new Set(lines.map((line) => line.split(' ')[0])).size, requests: lines.length };
}
