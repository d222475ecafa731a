// `httpipe run FILE | head -1` (issue 13): the reader of stdout goes away after the first line; the CLI
// must stop quietly with the documented exit code (141), never print an EPIPE stack trace. Run against
// nginx so the table is long and the run real.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, type NginxServer } from '../../support/realServers';
import { MAIN } from './cliProcess';

describe('CLI when stdout closes early (| head -1)', function () {
  this.timeout(60_000);
  let nginx: NginxServer;
  let dir: string;
  before(async () => {
    nginx = await startNginx();
    dir = mkdtempSync(join(tmpdir(), 'httpipe-epipe-'));
    const blocks = Array.from({ length: 300 }, (_, i) => `### r${i}\nGET ${nginx.origin}/small.bin\n`);
    writeFileSync(join(dir, 'many.http'), blocks.join('\n'));
  });
  after(async () => {
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const args of [[], ['--json']]) {
    it(`run ${args.join(' ')}: stops quietly (141, or 0 when all output was already in the pipe), every time`, async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        // What `| head -1` does: read one line, then close the read end of the pipe.
        const child = spawn(process.execPath, [MAIN, 'run', 'many.http', '--mode', 'pipelined', ...args], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
        let first = '';
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          first += text;
          if (first.includes('\n')) child.stdout.destroy();
        });
        const [code] = (await once(child, 'close')) as [number | null];
        assert.doesNotMatch(stderr, /EPIPE|Error:|at /, stderr);
        // 0 when everything was already in the pipe's buffer before the reader went away.
        assert.ok(code === 141 || code === 0, `exit ${code}; stderr: ${stderr}`);
      }
    });
  }
});
