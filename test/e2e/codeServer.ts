// Starts code-server (VS Code's server + web workbench) in its own process group on a free loopback
// port, with throw-away user data and extensions folders, and stops the whole group again: the
// server spawns extension hosts and file watchers that must not outlive the run. The extension under
// test is installed from its VSIX into the extensions folder first, as a user installs it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface CodeServer {
  /** `127.0.0.1:PORT`. */
  host: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  binary: string;
  /** Scratch folder for user data, extensions, config and the server log. */
  scratch: string;
  workspace: string;
  /** User settings for the workbench and the extension under test. */
  settings: Record<string, unknown>;
  /** Extra environment, inherited by the extension host (e.g. where to write test results). */
  env: Record<string, string>;
  /** Leave workspace trust on, so the settings decide whether the folder opens in Restricted Mode. */
  workspaceTrust?: boolean;
  /** The packaged extension, installed with `code-server --install-extension` before the server starts. */
  vsix: string;
}

/** Asks the kernel for a free port; a tiny race with other processes is acceptable for a test run. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const userData = path.join(options.scratch, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  // An empty config file keeps code-server from writing a password config into the user's home.
  const config = path.join(options.scratch, 'config.yaml');
  fs.writeFileSync(config, '');
  const logFile = path.join(options.scratch, 'code-server.log');
  const folders = [
    '--config',
    config,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    path.join(options.scratch, 'extensions'),
  ];
  // Sockets, temp files and code-server's own logs go into the scratch folder, which the run removes,
  // instead of piling up in /tmp and ~/.local/share.
  const tmp = path.join(options.scratch, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const env = {
    ...process.env,
    TMPDIR: tmp,
    XDG_DATA_HOME: path.join(options.scratch, 'data'),
    // An empty gallery: the workbench would otherwise look up extensions on open-vsx.org.
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  };
  installVsix(options.binary, folders, env, options.vsix);
  const log = fs.openSync(logFile, 'w');
  const args = [
    ...folders,
    '--bind-addr',
    host,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    options.workspace,
  ];
  const child = spawn(options.binary, args, { detached: true, stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  const server: CodeServer = { host, logFile, stop: () => stopGroup(child) };
  try {
    await waitHealthy(host, child, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function installVsix(binary: string, folders: string[], env: NodeJS.ProcessEnv, vsix: string): void {
  const install = spawnSync(binary, [...folders, '--install-extension', vsix], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (install.status !== 0) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (exit ${install.status ?? install.signal}):\n${install.stdout}${install.stderr}`,
    );
  }
}

async function waitHealthy(host: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`http://${host}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
}

/** SIGTERM to the group, SIGKILL to whatever is left after 3 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    if (!signalGroup(0)) return; // signal 0 only asks whether the group still exists
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signalGroup('SIGKILL');
}
