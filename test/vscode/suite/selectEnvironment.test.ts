// Environments in the real extension host: httpipe.selectEnvironment (given a name, as the quick
// pick would return it) changes what a send resolves and what the diagnostics say, and REST Client's
// own rest-client.environmentVariables setting is used under httpipe.environments.
// Named to run after extension.test.js, which checks that nothing activated the extension before it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import type { RunResult } from '../../../src/core/engine/types';

async function eventually<T>(
  what: string,
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('environments in the extension host', () => {
  let demo: DemoServer;
  let folder: string;
  let settingsFile: string;
  let settingsBefore: string | undefined;
  let uri: vscode.Uri;

  before(async function () {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!root) this.skip();
    demo = await startDemoServer({ port: 0 });
    // A subfolder of the workspace: its env file is found from the .http file up to the root.
    folder = fs.mkdtempSync(path.join(root, 'env-suite-'));
    fs.writeFileSync(
      path.join(folder, 'http-client.env.json'),
      JSON.stringify({
        $shared: { host: demo.origin },
        dev: { code: '201' },
        staging: { code: '202' },
      }),
    );
    const file = path.join(folder, 'env.http');
    fs.writeFileSync(file, 'GET {{host}}/status/{{code}}?from={{from}}\n');
    uri = vscode.Uri.file(file);
    settingsFile = path.join(root, '.vscode', 'settings.json');
    settingsBefore = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    if (!folder) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace
      .getConfiguration('httpipe')
      .update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('httpipe.selectEnvironment', '');
    // The workspace is shared with the UI phase: leave its settings as they were.
    if (settingsBefore === undefined) fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    else fs.writeFileSync(settingsFile, settingsBefore);
    fs.rmSync(folder, { recursive: true, force: true });
    await demo.close();
  });

  const send = async (): Promise<RunResult> => {
    const result = await vscode.commands.executeCommand<RunResult>('httpipe.sendAll', uri, 'keepalive');
    assert.ok(result, 'the command returned a RunResult');
    return result;
  };
  const problems = (): string[] => vscode.languages.getDiagnostics(uri).map((d) => d.message);

  it('sends with the environment the command selects, and stores it in the workspace settings', async () => {
    await vscode.workspace
      .getConfiguration('httpipe')
      .update('environments', { $shared: { from: 'settings' } }, vscode.ConfigurationTarget.Workspace);
    assert.equal(await vscode.commands.executeCommand('httpipe.selectEnvironment', 'dev'), 'dev');
    assert.equal(
      vscode.workspace.getConfiguration('httpipe', uri).inspect('environment')?.workspaceValue,
      'dev',
    );
    const dev = await send();
    assert.equal(dev.requests[0].response?.status, 201);
    assert.equal(dev.requests[0].url, `${demo.origin}/status/201?from=settings`);

    await vscode.commands.executeCommand('httpipe.selectEnvironment', 'staging');
    assert.equal((await send()).requests[0].response?.status, 202);
  });

  /** Runs the command without a name, so it shows its quick pick, and accepts the item `moves` below the first. */
  async function pickFromQuickPick(moves: number): Promise<unknown> {
    const picking = vscode.commands.executeCommand('httpipe.selectEnvironment', undefined, uri);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < moves; i++)
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const stuck = new Promise((resolve) => setTimeout(() => resolve('the quick pick did not close'), 5000));
    const outcome = await Promise.race([picking, stuck]);
    if (outcome === 'the quick pick did not close')
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    return outcome;
  }

  it("offers No environment and the file's environments in a quick pick", async () => {
    // Items: No environment, dev, staging.
    assert.equal(await pickFromQuickPick(0), '');
    assert.equal(vscode.workspace.getConfiguration('httpipe', uri).get('environment'), '');
    assert.equal(await pickFromQuickPick(2), 'staging');
    assert.equal(vscode.workspace.getConfiguration('httpipe', uri).get('environment'), 'staging');
  });

  it('refreshes the diagnostics when the environment changes', async () => {
    await vscode.commands.executeCommand('httpipe.selectEnvironment', '');
    assert.equal(vscode.workspace.getConfiguration('httpipe', uri).get('environment'), '');
    await eventually('a problem about {{code}}', problems, (list) =>
      list.some((m) => /"code" is not defined/.test(m)),
    );
    const none = await send();
    assert.notEqual(
      none.requests[0].outcome,
      'response',
      'without an environment {{code}} is undefined and nothing is sent',
    );

    await vscode.commands.executeCommand('httpipe.selectEnvironment', 'dev');
    await eventually('the {{code}} problem to go', problems, (list) => !list.some((m) => /"code"/.test(m)));
  });

  it("reads REST Client's rest-client.environmentVariables, under httpipe.environments", async () => {
    // Not a registered setting here, so it cannot be written through the API: as REST Client users have it, in settings.json.
    const current = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          ...current,
          'rest-client.environmentVariables': {
            local: { code: '203', from: 'rest-client' },
            $shared: { from: 'rest-client-shared' },
          },
        },
        null,
        2,
      ),
    );
    await eventually(
      'the rest-client setting to be read',
      () => vscode.workspace.getConfiguration('rest-client', uri).get('environmentVariables'),
      (value) => value !== undefined,
    );

    await vscode.commands.executeCommand('httpipe.selectEnvironment', 'local');
    const local = await send();
    assert.equal(local.requests[0].response?.status, 203);
    assert.equal(local.requests[0].url, `${demo.origin}/status/203?from=rest-client`);

    // httpipe.environments wins over rest-client.environmentVariables for the same variable.
    await vscode.workspace
      .getConfiguration('httpipe')
      .update('environments', { local: { from: 'httpipe' } }, vscode.ConfigurationTarget.Workspace);
    const both = await send();
    assert.equal(both.requests[0].url, `${demo.origin}/status/203?from=httpipe`);
  });
});
