// The response panel's host in the real extension host: what its buttons do. The webview's side is
// played by the httpipe.test.* commands (src/extension/panel/testCommands.ts), which post the same
// messages the buttons post; the UI phase (test/e2e/uiTourSteps.ts) clicks the real buttons.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/** Posts what the panel's button would post, for the request at `index` of the panel's current run. */
async function pressButton(file: vscode.Uri, type: string, index = 0): Promise<void> {
  const runId = await vscode.commands.executeCommand<string | undefined>('httpipe.test.panelRunId', file);
  assert.ok(runId, 'the file has a panel showing a run');
  await vscode.commands.executeCommand('httpipe.test.postFromWebview', file, { type, runId, index });
}

describe('the response panel in the VS Code extension host', () => {
  let demo: DemoServer;
  let dir: string;

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-panel-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function httpFile(name: string, text: string): vscode.Uri {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text.split('ORIGIN').join(demo.origin));
    return vscode.Uri.file(file);
  }

  const echoFile = () =>
    httpFile(
      'echo.http',
      'POST ORIGIN/echo\nContent-Type: application/json\nX-Panel: yes\n\n{"hello": "panel", "n": [1, 2]}\n',
    );

  async function sendEcho(): Promise<{ uri: vscode.Uri; body: string }> {
    const uri = echoFile();
    const result = await vscode.commands.executeCommand<RunResult>('httpipe.sendAll', uri, 'keepalive');
    const body = result?.requests[0].response?.body.toString('utf8');
    assert.ok(body, 'the echo request has a body');
    return { uri, body };
  }

  it('Open body in an editor opens an untitled JSON editor whose text is the body, indented', async () => {
    const { uri, body } = await sendEcho();
    await pressButton(uri, 'open-body');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is active');
    try {
      assert.equal(editor.document.isUntitled, true);
      assert.equal(editor.document.languageId, 'json');
      assert.equal(editor.document.getText(), JSON.stringify(JSON.parse(body), null, 2));
    } finally {
      // Untitled with text is dirty: revert, or closing all editors would ask whether to save it.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('Copy body puts the body on the clipboard as received; Copy as curl puts a curl command for the request', async () => {
    const { uri, body } = await sendEcho();
    await pressButton(uri, 'copy-body');
    assert.equal(await vscode.env.clipboard.readText(), body);
    await pressButton(uri, 'copy-curl');
    const curl = await vscode.env.clipboard.readText();
    assert.match(curl, /^curl /);
    for (const part of [`${demo.origin}/echo`, 'X-Panel: yes', '"hello": "panel"'])
      assert.ok(curl.includes(part), `${part} in ${curl}`);
  });

  it('the body actions work on the whole body, not the preview the panel is limited to', async () => {
    const config = vscode.workspace.getConfiguration('httpipe');
    const before = config.inspect<number>('preview.maxBytes')?.globalValue;
    await config.update('preview.maxBytes', 1000, vscode.ConfigurationTarget.Global);
    try {
      const uri = httpFile('big.http', 'GET ORIGIN/bytes?n=5000\n');
      await vscode.commands.executeCommand<RunResult>('httpipe.sendAll', uri, 'keepalive');
      await pressButton(uri, 'copy-body');
      const copied = await vscode.env.clipboard.readText();
      assert.equal(copied.length, 5000);
      assert.match(copied, /^(abcdefghijklmnopqrstuvwxyz)+[a-z]*$/);
    } finally {
      await config.update('preview.maxBytes', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('a body action naming another run does nothing (the webview is not trusted)', async () => {
    const { uri } = await sendEcho();
    await vscode.env.clipboard.writeText('unchanged');
    await vscode.commands.executeCommand('httpipe.test.postFromWebview', uri, {
      type: 'copy-body',
      runId: 'not-this-run',
      index: 0,
    });
    await vscode.commands.executeCommand('httpipe.test.postFromWebview', uri, {
      type: 'copy-body',
      runId: await vscode.commands.executeCommand('httpipe.test.panelRunId', uri),
      index: -1,
    });
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
  });

  it('Cancel in the panel ends the run at once: the running request is an error, the rest are not sent', async () => {
    const uri = httpFile(
      'slow-panel.http',
      'GET ORIGIN/delay?ms=10000\n\n###\nGET ORIGIN/delay?ms=10000\n\n###\nGET ORIGIN/delay?ms=10000\n',
    );
    demo.resetStats();
    const started = Date.now();
    const running = vscode.commands.executeCommand<RunResult>('httpipe.sendAll', uri, 'keepalive');
    await eventually(
      'the first request to reach the server',
      () => demo.stats().requests,
      (n) => n === 1,
    );
    await vscode.commands.executeCommand('httpipe.test.postFromWebview', uri, { type: 'cancel' });
    const result = await running;
    assert.ok(result?.cancelled, 'the run is marked cancelled');
    assert.deepEqual(
      result.requests.map((r) => r.outcome),
      ['error', 'not-sent', 'not-sent'],
    );
    assert.ok(Date.now() - started < 8000, 'cancelled well before the 10 s response');
    assert.equal(demo.stats().requests, 1, 'the later requests never reached the server');
  });
});
