// apache2 from Debian on 127.0.0.1 with a generated config in a temp dir, runnable as root or not:
// modules loaded explicitly from /usr/lib/apache2/modules, PidFile, ErrorLog, runtime dir and mutexes
// in the temp dir, and `User`/`Group` only when started as root. The knob that matters for
// pipelining is `MaxKeepAliveRequests` (apache's default is 100). The access log's first field is the
// client's port, so distinct values are the connections a client used.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessLog, findBinary, freeLoopbackPort, serverDir, startListening } from './process';
import { SMALL_BODY_BYTES } from './nginx';

const MODULES = '/usr/lib/apache2/modules';

export interface ApacheOptions {
  /** Requests apache answers on one connection before it closes it (default 100, apache's own). */
  maxKeepAliveRequests?: number;
  /** Seconds apache keeps an idle connection open (default here 30). */
  keepAliveTimeoutSeconds?: number;
}

export interface ApacheServer {
  origin: string;
  port: number;
  /** Lines `client-port requests-before-this-one status method uri`. */
  accessLog: AccessLog;
  stop(): Promise<void>;
}

function config(dir: string, port: number, options: ApacheOptions): string {
  const runAs = process.getuid?.() === 0 ? 'User nobody\nGroup nogroup' : '';
  return `ServerRoot ${dir}
ServerName localhost
Listen 127.0.0.1:${port}
PidFile ${join(dir, 'apache.pid')}
DefaultRuntimeDir ${dir}
Mutex file:${dir} default
ErrorLog ${join(dir, 'error.log')}
LogLevel warn
${runAs}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule mime_module ${MODULES}/mod_mime.so
TypesConfig /dev/null
KeepAlive On
MaxKeepAliveRequests ${options.maxKeepAliveRequests ?? 100}
KeepAliveTimeout ${options.keepAliveTimeoutSeconds ?? 30}
LogFormat "%{remote}p %k %>s %m %U" tests
CustomLog ${join(dir, 'access.log')} tests
DocumentRoot ${join(dir, 'www')}
<Directory ${join(dir, 'www')}>
  Require all granted
</Directory>
`;
}

export async function startApache(options: ApacheOptions = {}): Promise<ApacheServer> {
  const binary = findBinary('apache2', 'apache2');
  const dir = serverDir('apache2');
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'www', 'small.bin'), Buffer.alloc(SMALL_BODY_BYTES, 'x'));
  const port = await freeLoopbackPort();
  const configPath = join(dir, 'apache2.conf');
  writeFileSync(configPath, config(dir, port, options));
  const errorLog = join(dir, 'error.log');
  // -DFOREGROUND keeps the parent attached (so it can be stopped) with the normal MPM.
  const { stop } = await startListening(
    'apache2',
    binary,
    ['-d', dir, '-f', configPath, '-DFOREGROUND'],
    port,
    dir,
    errorLog,
  );
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    accessLog: new AccessLog(join(dir, 'access.log')),
    stop,
  };
}
