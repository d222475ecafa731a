// A minimal launcher for real Debian web servers on 127.0.0.1 with generated configs: nginx, apache2
// and `python3 -m http.server`, each serving a small static file from a temp folder, in the
// foreground, stopped by the test. (The fuller real-server harness of test/support/realServers may
// replace this one once it lands.) Nothing is installed here: the servers come from apt (nginx,
// apache2) and the system's python3.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/codeServer';

export interface WebServer {
  origin: string;
  /** A small static file's URL. */
  url: string;
  stop(): Promise<void>;
}

export interface NginxConfig {
  keepaliveRequests?: number;
  keepaliveTimeoutS?: number;
  /** `/slow` answers after this many seconds (Debian's libnginx-mod-http-echo). */
  slowSeconds?: number;
}

const ECHO_MODULE = '/usr/lib/nginx/modules/ngx_http_echo_module.so';

export interface ApacheConfig {
  maxKeepAliveRequests?: number;
  keepAliveTimeoutS?: number;
}

const PAGE = '<!doctype html><title>probe</title><p>hello</p>\n';

export async function startNginx(config: NginxConfig = {}): Promise<WebServer> {
  const dir = siteDir();
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'master_process off;',
      config.slowSeconds === undefined ? '' : `load_module ${ECHO_MODULE};`,
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${dir}/tmp;`,
      `  proxy_temp_path ${dir}/tmp;`,
      `  fastcgi_temp_path ${dir}/tmp;`,
      `  uwsgi_temp_path ${dir}/tmp;`,
      `  scgi_temp_path ${dir}/tmp;`,
      config.keepaliveRequests === undefined ? '' : `  keepalive_requests ${config.keepaliveRequests};`,
      config.keepaliveTimeoutS === undefined ? '' : `  keepalive_timeout ${config.keepaliveTimeoutS}s;`,
      `  server { listen 127.0.0.1:${port}; root ${dir}/www;`,
      config.slowSeconds === undefined
        ? ''
        : `    location /slow { echo_sleep ${config.slowSeconds}; echo slow; }`,
      '  }',
      '}',
    ].join('\n'),
  );
  return launch('nginx', ['-p', dir, '-c', `${dir}/nginx.conf`], dir, port);
}

export async function startApache(config: ApacheConfig = {}): Promise<WebServer> {
  const dir = siteDir();
  const port = await freePort();
  const modules = '/usr/lib/apache2/modules';
  writeFileSync(
    join(dir, 'apache2.conf'),
    [
      `ServerRoot ${dir}`,
      `LoadModule mpm_event_module ${modules}/mod_mpm_event.so`,
      `LoadModule authz_core_module ${modules}/mod_authz_core.so`,
      'ServerName 127.0.0.1',
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/apache2.pid`,
      `ErrorLog ${dir}/error.log`,
      `Mutex file:${dir} default`,
      `DefaultRuntimeDir ${dir}`,
      'User nobody',
      'Group nogroup',
      'KeepAlive On',
      `MaxKeepAliveRequests ${config.maxKeepAliveRequests ?? 100}`,
      `KeepAliveTimeout ${config.keepAliveTimeoutS ?? 5}`,
      `DocumentRoot ${dir}/www`,
      `<Directory ${dir}/www>`,
      '  Require all granted',
      '</Directory>',
    ].join('\n'),
  );
  return launch('apache2', ['-X', '-f', `${dir}/apache2.conf`], dir, port);
}

export async function startPythonHttpServer(): Promise<WebServer> {
  const dir = siteDir();
  const port = await freePort();
  return launch(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', `${dir}/www`],
    dir,
    port,
  );
}

/** A temp folder with www/index.html, readable by the unprivileged user apache2 switches to. */
function siteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-web-'));
  chmodSync(dir, 0o755);
  for (const sub of ['www', 'tmp']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o755);
  }
  writeFileSync(join(dir, 'www', 'index.html'), PAGE);
  return dir;
}

async function launch(command: string, args: string[], dir: string, port: number): Promise<WebServer> {
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Servers that daemonize nothing still log startup failures to their error log, not to stderr.
    const errorLog = join(dir, 'error.log');
    await waitForPort(
      port,
      child,
      () => stderr + (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, url: `${origin}/index.html`, stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited: ${stderr()}`);
    if (await connects(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${child.spawnfile} did not listen on ${port} within 10 s: ${stderr()}`);
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
