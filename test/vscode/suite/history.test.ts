// The run history in the real extension host: a run against a loopback demo server started here is
// recorded in the extension's global storage with its credentials masked, and reopens from there.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import type { RunResult } from '../../../src/core/engine/types';
import type { HistoryEntry, StoredRun } from '../../../src/core/history/storedRun';
import type { HttpipeApi } from '../../../src/extension/extension';

const SECRET = 'e2e-history-secret-7c1';

describe('run history in the extension host', () => {
  let demo: DemoServer;
  let dir: string;

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-history-suite-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function api(): Promise<HttpipeApi> {
    const extension = vscode.extensions.getExtension<HttpipeApi>('httpipe.httpipe');
    assert.ok(extension, 'the extension is installed');
    return extension.activate();
  }

  /** Recording happens after the run's command has returned: wait for the entry. */
  async function entryFor(file: string): Promise<HistoryEntry> {
    const { history } = await api();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const entry = (await history.list()).find((e) => e.file === file);
      if (entry) return entry;
      if (Date.now() > deadline) assert.fail(`no history entry for ${file}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('records a finished run with Authorization and Cookie masked, and opens it again', async () => {
    const file = path.join(dir, 'secret.http');
    fs.writeFileSync(
      file,
      [
        `GET ${demo.origin}/status/201`,
        `Authorization: Bearer ${SECRET}`,
        `Cookie: sid=${SECRET}`,
        '',
        '###',
        `GET ${demo.origin}/status/404`,
        '',
      ].join('\n'),
    );
    const result = await vscode.commands.executeCommand<RunResult>(
      'httpipe.sendAll',
      vscode.Uri.file(file),
      'pipelined',
    );
    assert.deepEqual(
      result.requests.map((r) => r.response?.status),
      [201, 404],
    );

    const entry = await entryFor(file);
    assert.deepEqual(entry.statuses, [201, 404]);
    assert.equal(entry.mode, 'pipelined');
    const stored = await (await api()).history.load(entry.id);
    const written = stored.run.connections.map((c) => c.written.toString('utf8')).join('');
    assert.ok(written.includes('Authorization: Bearer •••'), written);
    assert.ok(written.includes('Cookie: sid=•••'), written);
    assert.ok(!written.includes(SECRET), 'the secret is not in the stored wire log');
    assert.equal(
      result.connections[0].written.toString('utf8').includes(SECRET),
      true,
      'the live run still has it (only the stored copy is masked)',
    );

    const opened = await vscode.commands.executeCommand<StoredRun | undefined>(
      'httpipe.history.open',
      entry.id,
    );
    assert.equal(opened?.entry.id, entry.id);
    assert.deepEqual(
      opened?.run.requests.map((r) => r.response?.status),
      [201, 404],
    );
  });

  it('keeps at most httpipe.history.maxRuns runs', async () => {
    const config = vscode.workspace.getConfiguration('httpipe');
    const before = config.inspect<number>('history.maxRuns')?.globalValue;
    await config.update('history.maxRuns', 2, vscode.ConfigurationTarget.Global);
    try {
      const { history } = await api();
      for (let i = 0; i < 3; i++) {
        const file = path.join(dir, `run${i}.http`);
        fs.writeFileSync(file, `GET ${demo.origin}/status/200\n`);
        await vscode.commands.executeCommand<RunResult>('httpipe.sendAll', vscode.Uri.file(file), 'fresh');
        await entryFor(file);
      }
      assert.deepEqual(
        (await history.list()).map((e) => path.basename(e.file)),
        ['run2.http', 'run1.http'],
      );
    } finally {
      await config.update('history.maxRuns', before, vscode.ConfigurationTarget.Global);
    }
  });
});
