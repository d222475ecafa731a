// tinyproxy from Debian on 127.0.0.1 as a forward proxy (absolute-form requests, CONNECT tunnels to any
// port) with a generated config in a temp dir. tinyproxy handles one request per client connection
// and then closes it without saying so, which is what pipelining through it must survive.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, freeLoopbackPort, serverDir, startListening } from './process';

export interface TinyproxyServer {
  /** `http://127.0.0.1:PORT`, the proxy URL to give a client. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

function config(dir: string, port: number): string {
  const runAs = process.getuid?.() === 0 ? 'User nobody\nGroup nogroup' : '';
  return `Port ${port}
Listen 127.0.0.1
Timeout 30
MaxClients 100
LogLevel Warning
PidFile "${join(dir, 'tinyproxy.pid')}"
Allow 127.0.0.1
DisableViaHeader Yes
${runAs}
`;
}

export async function startTinyproxy(): Promise<TinyproxyServer> {
  const binary = findBinary('tinyproxy', 'tinyproxy');
  const dir = serverDir('tinyproxy');
  const port = await freeLoopbackPort();
  const configPath = join(dir, 'tinyproxy.conf');
  writeFileSync(configPath, config(dir, port));
  const { stop } = await startListening(
    'tinyproxy',
    binary,
    ['-d', '-c', configPath],
    port,
    dir,
    join(dir, 'tinyproxy.log'),
  );
  return { url: `http://127.0.0.1:${port}`, port, stop };
}
