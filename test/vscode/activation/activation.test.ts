// How long the installed extension takes from `onLanguage:http` (opening a .http file) to CodeLens on
// a 100-request file: activation (loading dist/extension.js, activate()) plus the first parse. The
// figure goes to the runner (recordFigure), which prints it against its target; only that the lenses
// come is asserted here, since speed is a benchmark figure, not a test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { recordFigure } from '../suiteResults';
import { ACTIVATION_FIGURES } from './figures';
const REQUESTS = 100;

function hundredRequests(): string {
  const lines = ['@host = http://127.0.0.1:9', ''];
  for (let i = 1; i <= REQUESTS; i++) {
    lines.push(`### request ${i}`, `GET {{host}}/status/200?n=${i}`, 'Accept: application/json', '');
  }
  return lines.join('\n');
}

describe('activation of the installed extension', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-activation-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`shows CodeLens on a ${REQUESTS}-request file, timed from opening it`, async () => {
    const extension = vscode.extensions.getExtension('httpipe.httpipe');
    assert.ok(extension, 'httpipe.httpipe is installed');
    assert.equal(extension.isActive, false, 'nothing activated httpipe before the file opened');
    // The work tree has src/, the VSIX does not: the extension measured is the installed package.
    assert.equal(fs.existsSync(path.join(extension.extensionPath, 'src')), false, extension.extensionPath);
    const file = path.join(dir, 'hundred.http');
    fs.writeFileSync(file, hundredRequests());
    const uri = vscode.Uri.file(file);

    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    await vscode.workspace.openTextDocument(uri);
    let activeAt: number | undefined;
    let sendLenses = 0;
    while (sendLenses < REQUESTS) {
      if (activeAt === undefined && extension.isActive) activeAt = performance.now();
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
      );
      sendLenses = lenses.filter((lens) => lens.command?.title === 'Send').length;
      if (performance.now() - started > 20_000) assert.fail(`only ${sendLenses} Send lenses after 20 s`);
    }
    const done = performance.now();
    const cpu = process.cpuUsage(cpuAtStart);
    recordFigure(ACTIVATION_FIGURES.active, (activeAt ?? done) - started);
    recordFigure(ACTIVATION_FIGURES.toCodeLens, done - started);
    recordFigure(ACTIVATION_FIGURES.cpu, (cpu.user + cpu.system) / 1000);
  });
});
