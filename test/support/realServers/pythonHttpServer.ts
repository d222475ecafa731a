// `python3 -m http.server` on 127.0.0.1 serving `/small.bin` from a temp dir: the standard library's
// server answers HTTP/1.0 and closes after every response, as many small app servers do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMALL_BODY_BYTES } from './nginx';
import { findBinary, freeLoopbackPort, serverDir, startListening } from './process';

export interface PythonHttpServer {
  origin: string;
  port: number;
  stop(): Promise<void>;
}

export async function startPythonHttpServer(): Promise<PythonHttpServer> {
  const binary = findBinary('python3', 'python3');
  const dir = serverDir('python');
  const www = join(dir, 'www');
  mkdirSync(www);
  writeFileSync(join(www, 'small.bin'), Buffer.alloc(SMALL_BODY_BYTES, 'x'));
  const port = await freeLoopbackPort();
  const { stop } = await startListening(
    'python3 -m http.server',
    binary,
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', www],
    port,
    dir,
    join(dir, 'no-error-log'),
  );
  return { origin: `http://127.0.0.1:${port}`, port, stop };
}
