// Workspace trust, in a real Restricted Mode extension host: an untrusted workspace's .http file must
// not carry process environment variables or .env values to a server, must not read body files from
// outside the workspace, and its workspace settings must not turn certificate checks off (package.json
// lists them as restrictedConfigurations). The harness
// starts code-server with UNTRUSTED_CANARY_ENV set, so a leak would show up at the recording server here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/engine/types';
import { makeSelfSignedCert } from '../../support/selfSignedCert';
import { UNTRUSTED_CANARY_ENV } from '../suiteResults';

describe('httpipe in an untrusted workspace (Restricted Mode)', () => {
  let server: http.Server;
  let origin: string;
  let workspace: string;
  let outside: string;
  const canary = process.env[UNTRUSTED_CANARY_ENV] ?? '';
  /** Every request the server received: request line, headers and body, as text. */
  const seen: string[] = [];

  before(async () => {
    assert.ok(canary.length > 8, `${UNTRUSTED_CANARY_ENV} is set by the harness`);
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push(
          `${req.method} ${req.url}\n${req.rawHeaders.join('\n')}\n\n${Buffer.concat(chunks).toString()}`,
        );
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-outside-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(outside, { recursive: true, force: true });
  });

  function httpFile(name: string, text: string): vscode.Uri {
    const file = path.join(workspace, name);
    fs.writeFileSync(file, text.split('ORIGIN').join(origin));
    return vscode.Uri.file(file);
  }

  async function sendAll(uri: vscode.Uri): Promise<RunResult> {
    await vscode.window.showTextDocument(uri);
    const result = await vscode.commands.executeCommand<RunResult | undefined>(
      'httpipe.sendAll',
      uri,
      'keepalive',
    );
    assert.ok(result, 'the send returned a RunResult');
    return result;
  }

  it('runs in Restricted Mode, with httpipe active', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const extension = vscode.extensions.getExtension('httpipe.httpipe');
    assert.ok(extension, 'the extension under development is loaded');
    await vscode.window.showTextDocument(httpFile('hello.http', 'GET ORIGIN/\n'));
    await extension.activate();
    assert.ok(extension.isActive);
  });

  it('does not resolve {{$processEnv}} or {{$dotenv}}: those requests fail saying why, the others are sent', async () => {
    fs.writeFileSync(path.join(workspace, '.env'), `TOKEN=${canary}\n`);
    const uri = httpFile(
      'secrets.http',
      [
        '### process env',
        'GET ORIGIN/',
        `X-Leak: {{$processEnv ${UNTRUSTED_CANARY_ENV}}}`,
        '',
        '### dotenv',
        'GET ORIGIN/',
        'X-Leak: {{$dotenv TOKEN}}',
        '',
        '### plain',
        'GET ORIGIN/',
        '',
      ].join('\n'),
    );
    seen.length = 0;
    const result = await sendAll(uri);
    const [processEnv, dotenv, plain] = result.requests;
    for (const request of [processEnv, dotenv]) {
      assert.equal(request.outcome, 'error');
      assert.match(request.error?.message ?? '', /not resolved because this workspace is not trusted/);
    }
    assert.equal(plain.response?.status, 204);
    assert.equal(seen.length, 1, `the server saw only the plain request: ${seen.join(' | ')}`);
    assert.ok(!seen.join('\n').includes(canary), 'no request carried the secret');
  });

  it('says so in the editor as well, once: after the run, one warning at each variable that will not be resolved', async () => {
    const uri = vscode.Uri.file(path.join(workspace, 'secrets.http'));
    const diagnostics = await eventually(
      () => vscode.languages.getDiagnostics(uri),
      (found) => found.filter((d) => /not trusted/.test(d.message)).length >= 2,
    );
    assert.deepEqual(
      diagnostics.filter((d) => /not trusted/.test(d.message)).map((d) => d.range.start.line),
      [2, 6],
    );
  });

  it('does not read a body file outside the workspace', async () => {
    const secretFile = path.join(outside, 'secret.txt');
    fs.writeFileSync(secretFile, canary);
    const uri = httpFile('outside.http', `POST ORIGIN/\nContent-Type: text/plain\n\n< ${secretFile}\n`);
    seen.length = 0;
    const [request] = (await sendAll(uri)).requests;
    assert.equal(request.outcome, 'error');
    assert.match(request.error?.message ?? '', /outside|trust/i);
    assert.ok(!seen.join('\n').includes(canary), 'the file was not sent');
  });

  it("ignores the workspace's httpipe.tls.rejectUnauthorized: false: a self-signed server is still refused", async () => {
    const secure = https.createServer(makeSelfSignedCert(), (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    try {
      const config = vscode.workspace.getConfiguration('httpipe');
      await config.update('tls.rejectUnauthorized', false, vscode.ConfigurationTarget.Workspace);
      // The value is in the workspace's settings file, but a restricted setting reads as the default here.
      const settingsFile = fs.readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8');
      assert.match(settingsFile, /"httpipe\.tls\.rejectUnauthorized":\s*false/);
      assert.equal(config.get('tls.rejectUnauthorized'), true);
      const uri = httpFile(
        'self-signed.http',
        `GET https://127.0.0.1:${(secure.address() as AddressInfo).port}/\n`,
      );
      const [request] = (await sendAll(uri)).requests;
      assert.equal(request.outcome, 'error', JSON.stringify(request.response?.status));
      assert.equal(request.error?.phase, 'tls');
    } finally {
      await vscode.workspace
        .getConfiguration('httpipe')
        .update('tls.rejectUnauthorized', undefined, vscode.ConfigurationTarget.Workspace);
      secure.closeAllConnections();
      await new Promise((resolve) => secure.close(resolve));
    }
  });

  it('runs no script: the request goes without it, the editor and the panel say why', async () => {
    const uri = httpFile(
      'scripts.http',
      [
        '# @name login',
        'GET ORIGIN/scripts-login',
        '',
        '> {% client.global.set("token", "from-handler"); client.log("handler ran"); %}',
        '',
        '###',
        'GET ORIGIN/scripts-me?t={{token}}',
      ].join('\n'),
    );
    const [login, me] = (await sendAll(uri)).requests;
    assert.equal(login.outcome, 'response');
    assert.equal(me.outcome, 'error');
    assert.match(me.error?.message ?? '', /variable "token" is not defined/);
    assert.ok(!seen.some((request) => request.includes('from-handler')));
    const summary = await vscode.commands.executeCommand<{ scripts?: { skipped?: string; logs: string[] } }>(
      'httpipe.test.panelSummary',
      uri,
      0,
    );
    assert.match(summary?.scripts?.skipped ?? '', /not trusted/);
    assert.deepEqual(summary?.scripts?.logs, []);
    const diagnostics = await eventually(
      () => vscode.languages.getDiagnostics(uri),
      (found) => found.some((d) => /this script does not run: this workspace is not trusted/.test(d.message)),
    );
    assert.ok(diagnostics.length > 0);
  });
});

async function eventually<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
