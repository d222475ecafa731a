// `npm run demo` (after the build): starts the demo server on loopback, then shows through the built
// CLI what pipelining changes: the classic example pipelined and over HTTP/2 (h2c) in detail, all four
// modes compared, and the tour, whose POST and @no-pipeline requests are barriers. Stops the server
// and exits by itself.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');

/** Starts `httpipe demo-server` on a free port and resolves with its origin once it listens. */
async function startServer() {
  const child = spawn(process.execPath, [cli, 'demo-server', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = '';
  const origin = await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      seen += text;
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`demo server exited early (code ${code}): ${seen}`)));
  });
  return { child, origin };
}

/** Runs the CLI with its output shown as is; resolves with its exit code. */
async function httpipe(args) {
  console.log(`\n$ httpipe ${args.join(' ')}`);
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  });
  const [code] = await once(child, 'exit');
  return code;
}

const { child: server, origin } = await startServer();
console.log(`demo server on ${origin}`);
const host = ['--var', `host=${origin}`];
const codes = [];
try {
  codes.push(await httpipe(['run', 'examples/classic.http', '--mode', 'pipelined', ...host]));
  codes.push(await httpipe(['run', 'examples/classic.http', '--mode', 'h2', ...host]));
  codes.push(await httpipe(['compare', 'examples/classic.http', '--repeat', '1', ...host]));
  codes.push(await httpipe(['run', 'examples/tour.http', '--mode', 'pipelined', ...host]));
  codes.push(await httpipe(['run', 'examples/redirects.http', '--mode', 'pipelined', ...host]));
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
}
const failed = codes.filter((code) => code !== 0).length;
console.log(
  failed
    ? `\n${failed} command(s) failed`
    : '\nExpected: about 2.5 s fresh, 2.5 s keep-alive, 1.5 s pipelined and 1.5 s HTTP/2 for the classic example.',
);
process.exitCode = failed ? 1 : 0;
