// Scripts in whole runs: a JetBrains-style collection (a login handler sets `token`, later requests
// use `{{token}}`, client.test on status and body) against the demo server in every mode; in
// pipelined mode only the requests that use `token` wait for the login. Also: handlers whose names
// cannot be known, globals kept across runs, httpYac blocks, and scripts turned off.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { RUN_MODES } from '../../../src/core/common/runModes';
import type { RunResult } from '../../../src/core/engine/types';
import type { RunPlan } from '../../../src/core/plan/planRun';
import { ScriptGlobals } from '../../../src/core/scripts/scriptGlobals';
import { Workspace } from '../variables/planTestHelpers';

const COLLECTION = [
  '# @name login',
  'GET {{origin}}/echo?token=abc123',
  '',
  '> {%',
  '  client.test("login status", () => client.assert(response.status === 200, "status " + response.status));',
  '  client.global.set("token", response.body.url.split("token=")[1]);',
  '  client.log("token set");',
  '%}',
  '',
  '###',
  '# @name public',
  'GET {{origin}}/status/204',
  '',
  '###',
  '# @name me',
  'GET {{origin}}/echo',
  'Authorization: Bearer {{token}}',
  '',
  '> {%',
  '  client.test("token sent", () => {',
  // HTTP/2 sends header names in lower case.
  '    const auth = response.body.headers.find(([name]) => name.toLowerCase() === "authorization");',
  '    client.assert(auth && auth[1] === "Bearer abc123", "sent " + JSON.stringify(auth));',
  '  });',
  '%}',
  '',
  '###',
  '# @name other',
  'GET {{origin}}/status/200',
];

describe('scripts in a run (demo server on loopback)', () => {
  let ws: Workspace;
  let demo: DemoServer;
  beforeEach(async () => {
    ws = new Workspace();
    demo = await startDemoServer();
    ws.write({ 'http-client.env.json': JSON.stringify({ local: { origin: demo.origin } }) });
  });
  afterEach(async () => {
    await demo.close();
    ws.remove();
  });

  const planned = (lines: readonly string[], globals = new ScriptGlobals(), disabled?: string): RunPlan =>
    ws.plan(lines, { environment: 'local', scripts: { globals, timeoutMs: 1000, disabled } });

  async function run(plan: RunPlan, mode: (typeof RUN_MODES)[number]): Promise<RunResult> {
    const result = await runRequests(plan.specs, { mode });
    await plan.scripts?.finish(result);
    return result;
  }

  for (const mode of RUN_MODES) {
    it(`runs the login handler before the requests that use {{token}} (${mode})`, async () => {
      const plan = planned(COLLECTION);
      assert.deepEqual(plan.problems, []);
      const result = await run(plan, mode);
      assert.deepEqual(
        result.requests.map((r) => r.response?.status),
        [200, 204, 200, 200],
      );
      const scripts = plan.scripts!;
      assert.deepEqual(scripts.resultOf(0), {
        tests: [{ name: 'login status', passed: true }],
        logs: ['token set'],
      });
      assert.deepEqual(scripts.resultOf(2), { tests: [{ name: 'token sent', passed: true }], logs: [] });
      assert.equal(scripts.resultOf(1), undefined);
    });
  }

  it('in pipelined mode only the request that uses `token` waits, with the reason', async () => {
    const plan = planned(COLLECTION);
    assert.deepEqual(
      plan.specs.map((s) => s.dependsOn),
      [[], [], [0], []],
    );
    const result = await run(plan, 'pipelined');
    assert.deepEqual(
      result.requests.map((r) => r.waits.map((w) => [w.kind, w.on, w.reason])),
      [
        [],
        [],
        [['dependency', 0, 'waits for #1 login: uses `token`, set by the response handler of #1 login']],
        [],
      ],
    );
  });

  it('makes requests that use a script variable wait for a handler whose names are unknown', () => {
    const plan = planned([
      'GET {{origin}}/echo',
      '',
      '> {% for (const [k, v] of Object.entries(response.body)) client.global.set(k, v) %}',
      '',
      '###',
      'GET {{origin}}/echo?m={{method}}',
      '',
      '###',
      'GET {{origin}}/status/200?o={{origin}}',
    ]);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.specs.map((s) => s.dependsOn),
      [[], [0], []],
    );
    assert.match(
      plan.specs[1].dependencyReasons!.get(0)!,
      /uses `method`, which the response handler of #1 .* may set/,
    );
  });

  it('keeps globals for the next run of the same session, and a handler error names its line', async () => {
    const globals = new ScriptGlobals();
    const first = planned(
      ['GET {{origin}}/status/200', '', '> {%', '  client.global.set("seen", "yes");', '  nope();', '%}'],
      globals,
    );
    await run(first, 'keepalive');
    assert.deepEqual(first.scripts!.resultOf(0)?.error, {
      message: "ReferenceError: 'nope' is not defined",
      place: `${ws.path('api.http')}:5:3`,
    });
    const second = planned(['GET {{origin}}/echo?seen={{seen}}'], globals);
    assert.deepEqual(second.problems, []);
    const result = await run(second, 'keepalive');
    assert.match(JSON.parse(result.requests[0].response!.body.toString()).url, /seen=yes$/);
  });

  it('ends an endless handler at the time limit and the next request still runs', async () => {
    const plan = ws.plan(
      [
        'GET {{origin}}/status/200',
        '',
        '> {% while (true) {} %}',
        '',
        '###',
        'GET {{origin}}/status/201',
        '',
        '> {% client.test("after", () => client.assert(response.status === 201)) %}',
      ],
      { environment: 'local', scripts: { globals: new ScriptGlobals(), timeoutMs: 200 } },
    );
    const result = await run(plan, 'keepalive');
    assert.equal(result.requests[1].response?.status, 201);
    assert.match(plan.scripts!.resultOf(0)!.error!.message, /ran longer than 200 ms/);
    assert.deepEqual(plan.scripts!.resultOf(1)?.tests, [{ name: 'after', passed: true }]);
  });

  it('runs httpYac blocks: exports become variables of later requests, test() with assert', async () => {
    const plan = planned([
      '{{',
      '  exports.greeting = "hi-" + request.method.toLowerCase();',
      '}}',
      'GET {{origin}}/echo?g={{greeting}}',
      '',
      '{{',
      '  const { equal } = require("assert");',
      '  test("echoed", () => equal(response.parsedBody.url, "/echo?g=hi-get"));',
      '  exports.seenUrl = response.parsedBody.url;',
      '}}',
      '',
      '###',
      'GET {{origin}}/echo?u={{seenUrl}}',
    ]);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.specs[1].dependsOn, [0]);
    const result = await run(plan, 'pipelined');
    assert.deepEqual(plan.scripts!.resultOf(0)?.tests, [{ name: 'echoed', passed: true }]);
    assert.match(JSON.parse(result.requests[1].response!.body.toString()).url, /u=\/echo\?g=hi-get$/);
  });

  it('checks httpYac `?? js` lines in the sandbox as tests, with {{variables}} resolved first', async () => {
    const plan = planned([
      '@want = POST',
      'POST {{origin}}/echo',
      '',
      '?? status == 200',
      '?? js response.parsedBody.method == {{want}}',
      '?? js response.parsedBody.bodyBytes > 5',
      '?? js typeof response.parsedBody.nope == undefined',
      '?? js response.parsedBody.url startsWith /nope',
    ]);
    assert.deepEqual(plan.problems, []);
    const result = await run(plan, 'keepalive');
    assert.equal(result.requests[0].response?.status, 200);
    assert.deepEqual(plan.scripts!.resultOf(0)?.tests, [
      { name: 'js response.parsedBody.method == {{want}}', passed: true },
      { name: 'js response.parsedBody.bodyBytes > 5', passed: false, message: 'got 0' },
      { name: 'js typeof response.parsedBody.nope == undefined', passed: true },
      { name: 'js response.parsedBody.url startsWith /nope', passed: false, message: 'got /echo' },
    ]);
  });

  it("runs a request's scripts on every send: each @loop round and a @forceRef copy", async () => {
    const plan = planned([
      '# @name login',
      '< {% request.variables.set("who", "u" + client.global.get("rounds")) %}',
      'GET {{origin}}/echo?who={{who}}',
      '',
      '> {%',
      '  client.global.set("rounds", String(Number(client.global.get("rounds") || 0) + 1));',
      '  client.test("who", () => client.assert(response.body.url.includes("who=u"), response.body.url));',
      '%}',
      '',
      '###',
      '# @loop for 2',
      '# @forceRef login',
      'GET {{origin}}/echo?round={{$index}}&n={{rounds}}',
      '',
      '> {% client.log("round " + response.body.url.split("?")[1]) %}',
    ]);
    assert.deepEqual(plan.problems, []);
    const result = await run(plan, 'keepalive');
    // login, then before each round its @forceRef copy, whose handler counts the rounds.
    const urls = result.requests.map((r) => JSON.parse(r.response!.body.toString()).url as string);
    assert.deepEqual(urls, [
      '/echo?who=unull',
      '/echo?who=u1',
      '/echo?round=0&n=2',
      '/echo?who=u2',
      '/echo?round=1&n=3',
    ]);
    const scripts = plan.scripts!;
    const byIndex = new Map(result.requests.map((r) => [r.index, scripts.resultOf(r.index)]));
    const logs = result.requests.flatMap((r) => byIndex.get(r.index)?.logs ?? []);
    assert.deepEqual(logs, ['round round=0&n=2', 'round round=1&n=3']);
    const tests = result.requests.flatMap((r) => byIndex.get(r.index)?.tests ?? []);
    assert.equal(tests.length, 3);
    assert.ok(tests.every((t) => t.passed));
  });

  it("runs the scripts of another file's requests (run ./other.http), its last handler included", async () => {
    ws.write({
      'other.http': [
        '# @name first',
        'GET {{origin}}/echo?n=1',
        '',
        '> {% client.log("first " + response.status) %}',
        '',
        '###',
        '# @name last',
        'GET {{origin}}/echo?n=2',
        '',
        '> {% client.test("last ok", () => client.assert(response.status === 200, "status")) %}',
      ].join('\n'),
    });
    const plan = planned([
      'GET {{origin}}/status/204',
      '',
      '> {% client.log("own") %}',
      '',
      '###',
      'run ./other.http',
    ]);
    assert.deepEqual(plan.problems, []);
    const result = await run(plan, 'pipelined');
    assert.deepEqual(
      result.requests.map((r) => r.response?.status),
      [204, 200, 200],
    );
    const scripts = plan.scripts!;
    const [own, first, last] = result.requests.map((r) => scripts.resultOf(r.index));
    assert.deepEqual(own?.logs, ['own']);
    assert.deepEqual(first?.logs, ['first 200']);
    // The other file's last request has no later request to run its handler before: finish() does.
    assert.deepEqual(last?.tests, [{ name: 'last ok', passed: true }]);
  });

  it('sends the requests without their scripts when scripts are off, and says why', async () => {
    const plan = planned(COLLECTION, new ScriptGlobals(), 'the workspace is not trusted');
    assert.ok(
      plan.problems.some(
        (p) => p.severity === 'info' && /does not run: the workspace is not trusted/.test(p.message),
      ),
    );
    const result = await run(plan, 'keepalive');
    assert.equal(result.requests[0].response?.status, 200);
    assert.match(result.requests[2].error?.message ?? '', /variable "token" is not defined/);
    assert.deepEqual(plan.scripts!.resultOf(0), {
      tests: [],
      logs: [],
      skipped: 'the workspace is not trusted',
    });
  });
});
