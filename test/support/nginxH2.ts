// A minimal launcher for Debian's nginx serving HTTP/2 over TLS on loopback (`listen … ssl http2;`,
// nginx 1.22's syntax), with a generated config and a throwaway self-signed certificate in a temp
// dir. It exists until the shared real-server harness (test/support/realServers/) can start nginx
// with an h2 option. The access log names each request's connection serial and protocol, so a test
// can count the connections nginx saw.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { makeSelfSignedCert } from './selfSignedCert';

export interface NginxH2 {
  origin: string;
  /** PEM of the server's certificate, to trust it. */
  certificate: string;
  /** Access log lines so far: `[connection serial, protocol, status, uri]`. */
  accessLog(): Array<[string, string, string, string]>;
  close(): Promise<void>;
}

/** The nginx binary on PATH or in Debian's sbin; undefined when it is not installed. */
export function findNginxBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  const candidate = dirs
    .filter(Boolean)
    .map((dir) => join(dir, 'nginx'))
    .find(existsSync);
  return candidate && spawnSync(candidate, ['-v']).status === 0 ? candidate : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startNginxH2(binary: string): Promise<NginxH2> {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-nginx-h2-'));
  const { key, cert } = makeSelfSignedCert();
  writeFileSync(join(dir, 'key.pem'), key, { mode: 0o600 });
  writeFileSync(join(dir, 'cert.pem'), cert);
  mkdirSync(join(dir, 'temp'));
  const port = await freePort();
  const temp = (name: string): string => `${name}_temp_path ${join(dir, 'temp', name)};`;
  const log = join(dir, 'access.log');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  log_format h2 '$connection $server_protocol $status $uri';
  access_log ${log} h2;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${join(dir, 'cert.pem')};
    ssl_certificate_key ${join(dir, 'key.pem')};
    http2_max_concurrent_streams 128;
    location / {
      default_type text/plain;
      return 200 "$uri over $server_protocol\\n";
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(
    binary,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const errors = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start on 127.0.0.1:${port}: ${errors.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin: `https://127.0.0.1:${port}`,
    certificate: cert,
    accessLog: () =>
      (existsSync(log) ? readFileSync(log, 'latin1') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string, string, string]),
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
