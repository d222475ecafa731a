// curl commands in the real extension host. (Named so it sorts after extension.test.ts, whose first
// test checks that nothing activated the extension before it.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import type { RunResult } from '../../../src/core/engine/types';

describe('curl commands in the extension host', () => {
  let demo: DemoServer;
  let dir: string;

  before(async () => {
    demo = await startDemoServer({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-curl-suite-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => demo.resetStats());

  it('Paste curl inserts the clipboard command as a request block after ###, and it sends', async () => {
    const file = path.join(dir, 'pasted.http');
    fs.writeFileSync(file, `GET ${demo.origin}/status/200\n`);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    await vscode.env.clipboard.writeText(
      `curl -k -X POST '${demo.origin}/echo' \\\n  -H 'X-Pasted: yes' \\\n  --data-raw 'a=1'`,
    );
    await vscode.commands.executeCommand('httpipe.pasteCurl');
    assert.equal(
      editor.document.getText(),
      [
        `GET ${demo.origin}/status/200`,
        '',
        '###',
        '# curl: -k (--insecure): a .http request cannot turn TLS certificate checks off yet; httpipe verifies the certificate',
        `POST ${demo.origin}/echo`,
        'X-Pasted: yes',
        'Content-Type: application/x-www-form-urlencoded',
        '',
        'a=1',
        '',
      ].join('\n'),
    );
    const result = await vscode.commands.executeCommand<RunResult>('httpipe.send', editor.document.uri, 1);
    assert.equal(result.requests[0].response?.status, 200);
    const echoed = JSON.parse(result.requests[0].response!.body.toString('utf8')) as {
      method: string;
      body?: string;
    };
    assert.equal(echoed.method, 'POST');
    assert.equal(demo.stats().requests, 1, 'the pasted request was sent, and only it');
  });

  it('Copy as curl puts the request at the cursor on the clipboard with its variables resolved, sending nothing', async () => {
    const file = path.join(dir, 'copy.http');
    fs.writeFileSync(
      file,
      [
        `@host = ${demo.origin}`,
        '',
        '###',
        'GET {{host}}/status/200',
        '',
        '###',
        'PUT {{host}}/items/1',
        'Content-Type: text/plain',
        '',
        'hello there',
        '',
      ].join('\n'),
    );
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    editor.selection = new vscode.Selection(7, 0, 7, 0);
    const command = await vscode.commands.executeCommand<string>('httpipe.copyAsCurl');
    const expected = `curl --http1.1 -X PUT ${demo.origin}/items/1 -H 'Content-Type: text/plain' --data-binary 'hello there'`;
    assert.equal(command, expected);
    assert.equal(await vscode.env.clipboard.readText(), expected);
    assert.equal(demo.stats().requests, 0, 'nothing was sent');
  });
});
