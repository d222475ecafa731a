// nginx from Debian on 127.0.0.1 with a generated config in a temp dir: one worker, static files,
// a few fixed routes (a 301, a POST target, the protocol a request came over, a slow response through
// the echo module), optional TLS with a self-signed certificate and HTTP/2 over it, and the knob that matters for pipelining, `keepalive_requests`.
// The access log names the connection of every request ($connection), so tests and the benchmark
// count the connections a client really used.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCertificate } from './certificate';
import {
  AccessLog,
  findBinary,
  freeLoopbackPort,
  INSTALL_COMMAND,
  serverDir,
  startListening,
} from './process';

export const SMALL_BODY_BYTES = 64;
const ECHO_MODULE = '/usr/lib/nginx/modules/ngx_http_echo_module.so';

export interface NginxOptions {
  /** Requests nginx answers on one connection before it closes it (nginx's default is 1000). */
  keepaliveRequests?: number;
  /** Serve https with a self-signed certificate (`ca` on the result verifies it). */
  tls?: boolean;
  /** With `tls`: also HTTP/2, by ALPN (nginx 1.22: `listen … ssl http2;`), at most 128 streams at once. */
  http2?: boolean;
  /** `/slow?…` answers after this many seconds (needs Debian's libnginx-mod-http-echo). */
  slowSeconds?: number;
  /** How long nginx keeps an idle connection open (default here 60 s; nginx's own is 75 s). */
  keepaliveTimeoutSeconds?: number;
}

export interface NginxServer {
  origin: string;
  port: number;
  /** Lines `$connection $connection_requests $status $request_method $request_uri`. */
  accessLog: AccessLog;
  /** PEM of the self-signed certificate, with `tls`. */
  ca?: string;
  stop(): Promise<void>;
}

/** Files under the root: `/small.bin` (64 bytes) and `/index.html`. */
function writeSite(www: string): void {
  mkdirSync(www);
  writeFileSync(join(www, 'small.bin'), Buffer.alloc(SMALL_BODY_BYTES, 'x'));
  writeFileSync(join(www, 'index.html'), '<p>httpipe test site</p>\n');
}

function config(
  dir: string,
  port: number,
  options: NginxOptions,
  tls?: { cert: string; key: string },
): string {
  const temp = (name: string): string => `${name}_temp_path ${join(dir, 'temp', name)};`;
  const slow =
    options.slowSeconds === undefined
      ? ''
      : `location /slow { echo_sleep ${options.slowSeconds}; echo "slow"; }`;
  return `daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
${options.slowSeconds === undefined ? '' : `load_module ${ECHO_MODULE};`}
events { worker_connections 4096; }
http {
  default_type application/octet-stream;
  log_format tests '$connection $connection_requests $status $request_method $request_uri';
  access_log ${join(dir, 'access.log')} tests;
  keepalive_requests ${options.keepaliveRequests ?? 1_000_000};
  keepalive_timeout ${options.keepaliveTimeoutSeconds ?? 60}s;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  server {
    listen 127.0.0.1:${port}${tls ? ' ssl' : ''}${tls && options.http2 ? ' http2' : ''};
    ${tls ? `ssl_certificate ${tls.cert}; ssl_certificate_key ${tls.key};` : ''}
    ${options.http2 ? 'http2_max_concurrent_streams 128;' : ''}
    root ${join(dir, 'www')};
    location /redirect { return 301 /small.bin; }
    location /protocol { default_type text/plain; return 200 "$server_protocol\n"; }
    location /post { return 200 "posted\\n"; }
    ${slow}
  }
}
`;
}

export async function startNginx(options: NginxOptions = {}): Promise<NginxServer> {
  const binary = findBinary('nginx', 'nginx-light');
  if (options.slowSeconds !== undefined && !existsSync(ECHO_MODULE))
    throw new Error(
      `nginx's echo module (libnginx-mod-http-echo) is not installed: run \`${INSTALL_COMMAND}\``,
    );
  const dir = serverDir('nginx');
  writeSite(join(dir, 'www'));
  mkdirSync(join(dir, 'temp'));
  const certificate = options.tls ? writeCertificate(dir) : undefined;
  const port = await freeLoopbackPort();
  const configPath = join(dir, 'nginx.conf');
  writeFileSync(
    configPath,
    config(dir, port, options, certificate && { cert: certificate.certFile, key: certificate.keyFile }),
  );
  const errorLog = join(dir, 'error.log');
  const { stop } = await startListening(
    'nginx',
    binary,
    ['-p', `${dir}/`, '-c', configPath, '-e', errorLog],
    port,
    dir,
    errorLog,
  );
  const server: NginxServer = {
    origin: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    accessLog: new AccessLog(join(dir, 'access.log')),
    stop,
  };
  if (certificate) server.ca = certificate.cert;
  return server;
}
