// The QuickJS sandbox on its own: the JetBrains and httpYac API, and what a script cannot do —
// run past its time limit, blow up memory, reach require/process/fetch/import(), read a file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runScript } from '../../../src/core/scripts/sandbox';
import { scriptSets } from '../../../src/core/scripts/scriptVariables';
import type { ScriptCode, ScriptInput, ScriptOutcome, ScriptResponse } from '../../../src/core/scripts/types';

const JSON_RESPONSE: ScriptResponse = {
  status: 201,
  statusText: 'Created',
  headers: [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Set-Cookie', 'a=1'],
    ['set-cookie', 'b=2'],
  ],
  body: '{"token":"abc","items":[{"id":7}]}',
};

function handler(
  code: string,
  input: Partial<ScriptInput> = {},
  dialect: ScriptCode['dialect'] = 'jetbrains',
) {
  return runScript(
    { dialect, phase: 'post', code, file: 'api.http', start: { line: 9, character: 4 } },
    { globals: {}, lookup: () => undefined, timeoutMs: 1000, response: JSON_RESPONSE, ...input },
  );
}

const SANDBOXED = /is not available: httpipe runs scripts in a sandbox/;

describe('script sandbox (QuickJS)', () => {
  it('gives handlers the JetBrains API: globals, tests, asserts, logs, response, jsonPath, crypto', async () => {
    const outcome = await handler(
      [
        'client.global.set("token", response.body.token);',
        'client.global.set("n", 5);',
        'client.test("status", () => client.assert(response.status === 201, "want 201"));',
        'client.test("fails", () => client.assert(false, "nope"));',
        'client.log("mime", response.contentType.mimeType, response.contentType.charset);',
        'client.log(response.headers.valueOf("content-type"), response.headers.valuesOf("Set-Cookie").join("|"));',
        'client.log(jsonPath(response.body, "$.items[0].id"));',
        'client.log(crypto.sha256().updateWithText("abc").digest().toHex().slice(0, 8));',
        'client.log(crypto.hmac.sha256().withTextSecret("k").updateWithText("abc").digest().toBase64());',
      ].join('\n'),
    );
    assert.deepEqual(outcome, {
      tests: [
        { name: 'status', passed: true },
        { name: 'fails', passed: false, message: 'nope' },
      ],
      logs: [
        'mime application/json utf-8',
        'application/json; charset=utf-8 a=1|b=2',
        '7',
        'ba7816bf',
        'NC5RnOCtbAOja5jus/HRMNtIE7nfTRFg7aSI1xLceO4=',
      ],
      globals: { token: 'abc', n: '5' },
      variables: {},
    });
  });

  it('gives pre-request scripts request.variables and request.environment', async () => {
    const outcome = await runScript(
      {
        dialect: 'jetbrains',
        phase: 'pre',
        code: 'request.variables.set("id", request.environment.get("host") + "-1"); client.log(client.global.get("old"))',
        file: 'api.http',
        start: { line: 0, character: 3 },
      },
      { globals: { old: 'kept' }, lookup: (name) => (name === 'host' ? 'h' : undefined), timeoutMs: 1000 },
    );
    assert.deepEqual(outcome, { tests: [], logs: ['kept'], globals: {}, variables: { id: 'h-1' } });
  });

  it('stops client.exit() quietly and keeps what ran before it', async () => {
    const outcome = await handler('client.log(1);\nclient.exit();\nclient.log(2);');
    assert.deepEqual(outcome.logs, ['1']);
    assert.equal(outcome.error, undefined);
  });

  it('places an exception at its file line', async () => {
    const outcome = await handler('client.log(1);\n\n  missing();');
    assert.deepEqual(outcome.error, {
      message: "ReferenceError: 'missing' is not defined",
      place: 'api.http:12:3',
    });
  });

  it('ends `while (true) {}` at the time limit as an error', async () => {
    const started = Date.now();
    const outcome = await handler('while (true) {}', { timeoutMs: 100 });
    assert.match(outcome.error!.message, /ran longer than 100 ms and was stopped/);
    assert.ok(Date.now() - started < 5000);
  });

  it("ends a memory blow-up ('x'.repeat(1e9)) as an error, and the next script runs", async () => {
    const outcome = await handler("const s = 'x'.repeat(1e9); client.log(s.length);");
    assert.match(outcome.error!.message, /more memory than the sandbox allows/);
    assert.deepEqual((await handler('client.log("still here")')).logs, ['still here']);
  });

  it('ends endless recursion as a stack overflow', async () => {
    const outcome = await handler('function f() { return f() + 1; } f();');
    assert.match(outcome.error!.message, /stack overflow/);
  });

  it('has no require (but the assert/crypto helpers), process, fetch or timers, and says they are sandboxed', async () => {
    const errors = async (code: string): Promise<string> =>
      (await handler(code)).error?.message ?? 'no error';
    assert.match(await errors('require("fs")'), SANDBOXED);
    assert.match(await errors('require("child_process")'), SANDBOXED);
    assert.match(await errors('process.env.HOME'), SANDBOXED);
    assert.match(await errors('fetch("http://127.0.0.1/")'), SANDBOXED);
    assert.match(await errors('setTimeout(() => {}, 1)'), SANDBOXED);
    assert.equal(await errors('require("assert").equal(1, 1)'), 'no error');
  });

  it('refuses import() with the sandbox message', async () => {
    const outcome = await handler(
      'import("fs").then(() => client.log("loaded"), (e) => client.log(String(e.message)))',
    );
    assert.equal(outcome.logs.length, 1);
    assert.match(outcome.logs[0], SANDBOXED);
  });

  it('cannot read a file next to the .http file', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'httpipe-sandbox-'));
    try {
      const secret = path.join(folder, 'secret.txt');
      writeFileSync(secret, 'TOP-SECRET');
      const attempts = [
        `require("fs").readFileSync(${JSON.stringify(secret)}, "utf8")`,
        `import(${JSON.stringify(secret)}).then((m) => client.log(String(m.default)), (e) => client.log("refused"))`,
        'typeof std !== "undefined" ? client.log(std.loadFile("secret.txt")) : client.log("no std")',
        'typeof os !== "undefined" ? client.log(String(os.open("secret.txt"))) : client.log("no os")',
      ];
      for (const code of attempts) {
        const outcome: ScriptOutcome = await handler(code);
        assert.ok(!JSON.stringify(outcome).includes('TOP-SECRET'), code);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives httpYac blocks exports, test(), response.parsedBody/statusCode and the variables in scope', async () => {
    const outcome = await handler(
      [
        'const { equal } = require("assert");',
        'test("status", () => equal(response.statusCode, 201));',
        'test("token", () => equal(response.parsedBody.token, "xyz"));',
        'console.log(previous);',
        'exports.id = response.parsedBody.items[0].id;',
        'await Promise.resolve();',
      ].join('\n'),
      { globals: { previous: 'p' } },
      'httpyac',
    );
    assert.deepEqual(outcome, {
      tests: [
        { name: 'status', passed: true },
        { name: 'token', passed: false, message: 'AssertionError: "abc" == "xyz"' },
      ],
      logs: ['p'],
      globals: { id: '7' },
      variables: {},
    });
  });
});

describe('scriptSets (variables a script sets, found before it runs)', () => {
  it('finds literal names and notices names known only at run time', () => {
    const jetbrains = scriptSets(
      'client.global.set("a", 1); client.global.set(\'b\', 2); request.variables.set(`c`, 3)',
      'jetbrains',
    );
    assert.deepEqual(
      [[...jetbrains.globals], [...jetbrains.requestVariables], jetbrains.dynamic],
      [['a', 'b'], ['c'], false],
    );
    assert.equal(scriptSets('client.global.set(name, 1)', 'jetbrains').dynamic, true);
    assert.equal(scriptSets('client.global.set(`t-${x}`, 1)', 'jetbrains').dynamic, true);
    const httpYac = scriptSets('exports.a = 1; exports["b"] = 2;', 'httpyac');
    assert.deepEqual([[...httpYac.globals], httpYac.dynamic], [['a', 'b'], false]);
    assert.equal(scriptSets('Object.assign(exports, body)', 'httpyac').dynamic, true);
    assert.equal(scriptSets('exports[key] = 1', 'httpyac').dynamic, true);
    assert.deepEqual([...scriptSets('exports.a = 1', 'jetbrains').globals], []);
  });
});
