// The CLI says what a pipelined run learned about a server's connection budget (issue 13): a `note:`
// line under the table, and the same sentence in --json `notes`, against nginx with keepalive_requests 10.
// One CLI process is one session: a budget learned on the first file serves the next ones.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, type NginxServer } from '../../support/realServers';
import { cli } from './cliProcess';

describe('CLI: the learned connection budget in the notes (nginx keepalive_requests 10)', function () {
  this.timeout(60_000);
  let nginx: NginxServer;
  let dir: string;
  before(async () => {
    nginx = await startNginx({ keepaliveRequests: 10 });
    dir = mkdtempSync(join(tmpdir(), 'httpipe-budget-'));
    const blocks = Array.from({ length: 25 }, (_, i) => `### r${i + 1}\nGET ${nginx.origin}/small.bin\n`);
    writeFileSync(join(dir, 'budget.http'), blocks.join('\n'));
    writeFileSync(join(dir, 'again.http'), blocks.join('\n'));
  });
  after(async () => {
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the note, exit 0', async () => {
    const { code, stdout } = await cli(['run', 'budget.http', '--mode', 'pipelined'], dir);
    const host = nginx.origin.replace('http://', '');
    assert.equal(code, 0);
    assert.ok(
      stdout.includes(`note: nginx at ${host} closes connections after 10 requests: 3 connections used.`),
      stdout,
    );
    assert.doesNotMatch(stdout, /one at a time|does not keep connections open/);
  });

  it('--json carries it in notes', async () => {
    const { code, stdout } = await cli(['run', 'budget.http', '--mode', 'pipelined', '--json'], dir);
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as { notes: string[]; connectionsOpened: number };
    assert.deepEqual(report.notes, [
      `nginx at ${nginx.origin.replace('http://', '')} closes connections after 10 requests: 3 connections used.`,
    ]);
    assert.equal(report.connectionsOpened, 3);
  });

  it('a second file in the same process starts from the budget the first one learned: nothing re-sent', async () => {
    const { code, stdout } = await cli(
      ['run', 'budget.http', 'again.http', '--mode', 'pipelined', '--json'],
      dir,
    );
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as {
      files: Array<{ notes: string[]; connectionsOpened: number; requests: Array<{ retried: boolean }> }>;
    };
    const resent = report.files.map((file) => file.requests.filter((r) => r.retried).length);
    assert.equal(resent[1], 0, `re-sent per file: ${resent.join(', ')}`);
    assert.ok(resent[0] > 0, `re-sent per file: ${resent.join(', ')}`);
    assert.deepEqual(
      report.files.map((file) => file.connectionsOpened),
      [3, 3],
    );
    assert.deepEqual(report.files[1].notes, report.files[0].notes);
  });
});
