// Language features through VS Code's own commands, as the editor calls them: outline, folding,
// completion, hover, go to definition, and the semantic diagnostics, on a fixture written here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'httpipe.httpipe';

const FIXTURE = [
  '@host = http://127.0.0.1:9', // 0
  '', // 1
  '### login', // 2
  'POST {{host}}/login', // 3
  'Content-Type: application/json', // 4
  '', // 5
  '{"user": "a"}', // 6
  '', // 7
  '###', // 8
  'GET {{host}}/me', // 9
  'Authorization: Bearer {{login.response.body.$.token}}', // 10
  'X-Missing: {{nothing}}', // 11
  'X-Id: {{', // 12
].join('\n');

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function targetOf(location: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in location
    ? { uri: location.targetUri, range: location.targetSelectionRange ?? location.targetRange }
    : location;
}

describe('language features in the VS Code extension host', () => {
  let dir: string;
  let uri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-language-'));
    const file = path.join(dir, 'features.http');
    fs.writeFileSync(file, FIXTURE);
    uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'http');
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('outlines the requests by name (or METHOD url) and the file variables', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ['@host', vscode.SymbolKind.Variable],
        ['login', vscode.SymbolKind.Method],
        ['GET {{host}}/me', vscode.SymbolKind.Method],
      ],
    );
    assert.equal(symbols[1].detail, 'POST {{host}}/login');
  });

  it('folds each request block, keeping its name or its request line visible', async () => {
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      uri,
    );
    const spans = ranges.map((r) => [r.start, r.end]);
    assert.ok(
      spans.some(([start, end]) => start === 2 && end === 6),
      JSON.stringify(spans),
    );
    assert.ok(
      spans.some(([start, end]) => start === 9 && end === 12),
      JSON.stringify(spans),
    );
  });

  it('completes variables after {{, with the file variable, dynamic variables and the named request', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(12, 8),
      '{',
    );
    const labels = list.items.map(labelOf);
    for (const expected of ['host', '$guid', '$timestamp', 'login.response.body.$'])
      assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
  });

  it('completes header values for Content-Type', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(4, 14),
    );
    assert.ok(list.items.map(labelOf).includes('application/json'));
  });

  it('shows the value and source of {{host}} on hover, and what POST means for pipelining', async () => {
    const variable = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(9, 7),
    );
    assert.match(hoverText(variable), /http:\/\/127\.0\.0\.1:9/);
    assert.match(hoverText(variable), /file variable `@host` at line 1/);
    const method = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(3, 1),
    );
    assert.match(hoverText(method), /POST is not idempotent/);
  });

  it('goes to the @host line and to the request named login', async () => {
    const toVariable = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      uri,
      new vscode.Position(9, 7),
    );
    assert.equal(toVariable.length, 1);
    assert.deepEqual(targetOf(toVariable[0]).range, new vscode.Range(0, 1, 0, 5));
    const toRequest = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      uri,
      new vscode.Position(10, 30),
    );
    assert.equal(toRequest.length, 1);
    assert.equal(targetOf(toRequest[0]).uri.toString(), uri.toString());
    assert.deepEqual(targetOf(toRequest[0]).range, new vscode.Range(2, 4, 2, 9));
  });

  it('shows semantic diagnostics next to the parser’s: the unknown variable and the barriers', async () => {
    const deadline = Date.now() + 10_000;
    let diagnostics = vscode.languages.getDiagnostics(uri);
    while (!diagnostics.some((d) => d.message.includes('"nothing"')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      diagnostics = vscode.languages.getDiagnostics(uri);
    }
    const unknown = diagnostics.find((d) => d.message.includes('variable "nothing" is not defined'));
    assert.ok(unknown, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.deepEqual(unknown.range, new vscode.Range(11, 11, 11, 22));
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Warning);
    const barrier = diagnostics.find((d) =>
      d.message.startsWith(
        'In pipelined mode, requests after this POST wait for its response (RFC 9112 §9.3.2)',
      ),
    );
    assert.ok(barrier, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(barrier.range.start.line, 3);
    assert.ok(
      diagnostics.some(
        (d) => d.message.includes("reads the exchange of 'login'") && d.range.start.line === 10,
      ),
    );
  });
});
