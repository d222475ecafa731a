// A minimal launcher for Debian's nginx serving HTTP/2 over TLS on loopback (`listen … ssl http2;`,
// nginx 1.22's syntax), with a generated config and a throwaway self-signed certificate in a temp
// dir. It exists until the shared real-server harness (test/support/realServers/) can start nginx
// with an h2 option. The access log names each request's connection serial and protocol, so a test
// can count the connections nginx saw.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freeLoopbackPort } from '../../scripts/bench/servers';
import { makeSelfSignedCert } from './selfSignedCert';

export { findNginx as findNginxBinary } from '../../scripts/bench/servers';

export interface NginxH2 {
  origin: string;
  /** PEM of the server's certificate, to trust it. */
  certificate: string;
  /** Access log lines so far: `[connection serial, protocol, status, uri]`. */
  accessLog(): Array<[string, string, string, string]>;
  close(): Promise<void>;
}

export async function startNginxH2(binary: string): Promise<NginxH2> {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-nginx-h2-'));
  const { key, cert } = makeSelfSignedCert();
  writeFileSync(join(dir, 'key.pem'), key, { mode: 0o600 });
  writeFileSync(join(dir, 'cert.pem'), cert);
  mkdirSync(join(dir, 'temp'));
  const port = await freeLoopbackPort();
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
  while (!(await canConnect(port))) {
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
