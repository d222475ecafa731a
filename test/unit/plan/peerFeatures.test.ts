// httpYac, JetBrains, Kulala and REST Client features with effect, run through the real engine
// against a recording server on loopback: @ref / @forceRef, @loop, @disabled, @host as base,
// import / run, @prompt values, and `>>` / `>>!` saving the body.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { runRequests } from '../../../src/core/engine/runRequests';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import type { RunPlan } from '../../../src/core/plan/planRun';
import { promptsToAsk } from '../../../src/core/plan/prompts';
import { saveResponses } from '../../../src/core/plan/responseSaves';
import { startRecordingServer, type RecordingServer } from '../../support/recordingServer';
import { messages, Workspace } from '../variables/planTestHelpers';

describe('planRun: peer features through the engine (recording server on loopback)', () => {
  let ws: Workspace;
  let server: RecordingServer;
  beforeEach(async () => {
    ws = new Workspace();
    server = await startRecordingServer();
  });
  afterEach(async () => {
    ws.remove();
    await server.close();
  });

  const targets = () => server.requests.map((r) => r.target);
  const run = async (plan: RunPlan, mode: 'pipelined' | 'keepalive' = 'pipelined') => {
    assert.deepEqual(messages(plan, 'error'), []);
    return runRequests(plan.specs, { mode });
  };

  it('@ref sends the referenced request first and only once, as a barrier in pipelined mode', async () => {
    const lines = [
      '# @name login',
      'GET {{o}}/login?ms=150',
      '###',
      '# @ref login',
      'GET {{o}}/a',
      '###',
      '# @ref login',
      'GET {{o}}/b',
    ];
    // Send the two referring requests only: login is not selected, and still goes first, once.
    const result = await run(ws.plan(lines, { variables: { o: server.origin }, only: [1, 2] }));
    assert.deepEqual(targets(), ['/login?ms=150', '/a', '/b']);
    assert.deepEqual(
      result.requests.map((r) => r.outcome),
      ['response', 'response', 'response'],
    );
    // /a was written only after login's response (pipelined would otherwise send it at once).
    const [login, a] = server.requests;
    assert.ok(a.arrivedMs >= login.answeredMs!, 'the referring request waited for the response');
    assert.ok(result.requests.find((r) => r.index === 1)!.waits.some((w) => w.kind === 'dependency'));
  });

  it('@forceRef sends the referenced request again before the request, every time', async () => {
    const lines = ['# @name login', 'GET {{o}}/login', '###', '# @forceRef login', 'GET {{o}}/a'];
    await run(ws.plan(lines, { variables: { o: server.origin } }), 'keepalive');
    assert.deepEqual(targets(), ['/login', '/login', '/a']);
  });

  it('@forceRef under @loop sends the referenced request again before every round', async () => {
    const lines = [
      '# @name login',
      'GET {{o}}/login',
      '###',
      '# @forceRef login',
      '# @ref login',
      '# @loop for 2',
      'GET {{o}}/a?i={{$index}}',
    ];
    await run(ws.plan(lines, { variables: { o: server.origin } }), 'keepalive');
    // @ref (not forced) is satisfied by the first send; @forceRef sends login again in each round.
    assert.deepEqual(targets(), ['/login', '/login', '/a?i=0', '/login', '/a?i=1']);
  });

  it('says when @ref names no request', () => {
    const plan = ws.plan(['# @ref nobody', 'GET http://h/a']);
    assert.match(messages(plan, 'error').join(), /@ref nobody: there is no request named "nobody"/);
  });

  it('@loop for 3 sends three, with {{$index}}; for item of list sends one per item', async () => {
    const lines = [
      '@items = ["x", "y"]',
      '# @loop for 3',
      'GET {{o}}/n?i={{$index}}',
      '###',
      '# @loop for item of items',
      'GET {{o}}/each?item={{item}}&i={{$index}}',
    ];
    const result = await run(ws.plan(lines, { variables: { o: server.origin } }), 'keepalive');
    assert.deepEqual(targets(), ['/n?i=0', '/n?i=1', '/n?i=2', '/each?item=x&i=0', '/each?item=y&i=1']);
    assert.deepEqual(
      result.requests.map((r) => r.name),
      [
        'GET {{o}}/n?i={{$index}} (round 1 of 3)',
        'GET {{o}}/n?i={{$index}} (round 2 of 3)',
        'GET {{o}}/n?i={{$index}} (round 3 of 3)',
        'GET {{o}}/each?item={{item}}&i={{$index}} (round 1 of 2)',
        'GET {{o}}/each?item={{item}}&i={{$index}} (round 2 of 2)',
      ],
    );
  });

  it('@disabled requests are not sent, and the plan says so', async () => {
    const plan = ws.plan(['# @disabled', 'GET {{o}}/off', '###', 'GET {{o}}/on'], {
      variables: { o: server.origin },
    });
    assert.match(messages(plan, 'info').join(), /@disabled: this request is not sent/);
    await run(plan);
    assert.deepEqual(targets(), ['/on']);
  });

  it('uses @host as the base of a request line that is only a path (httpYac)', async () => {
    const result = await run(
      ws.plan(['@host = {{o}}/v1/', 'GET /users?x=1'], { variables: { o: server.origin } }),
    );
    assert.equal(result.requests[0].url, `${server.origin}/v1/users?x=1`);
    assert.deepEqual(targets(), ['/v1/users?x=1']);
  });

  it('run ./other.http sends the other file there; run #name sends a named request, with overrides', async () => {
    ws.write({
      'other.http': ['# @name remote', 'GET {{o}}/remote?tag={{tag}}', '###', 'GET {{o}}/remote-2'].join(
        '\n',
      ),
    });
    const lines = [
      'import ./other.http',
      '@tag = file',
      '',
      'GET {{o}}/first',
      '',
      '###',
      'run ./other.http (@tag=whole)',
      '',
      '### Second',
      'run #remote (@tag=named)',
      'GET {{o}}/second',
    ];
    const plan = ws.plan(lines, { variables: { o: server.origin } });
    const result = await run(plan, 'keepalive');
    assert.deepEqual(targets(), ['/first', '/remote?tag=whole', '/remote-2', '/remote?tag=named', '/second']);
    assert.ok(result.requests.every((r) => r.outcome === 'response'));
    assert.match(result.requests[1].name, /^other\.http › remote$/);
  });

  it('a @ref to a request of an @import-ed file sends that request first', async () => {
    ws.write({ 'ref.http': ['# @name one', 'GET {{o}}/one'].join('\n') });
    const plan = ws.plan(['# @import ./ref.http', '# @ref one', 'POST {{o}}/anything'], {
      variables: { o: server.origin },
    });
    await run(plan);
    assert.deepEqual(targets(), ['/one', '/anything']);
  });

  it("an imported file's variables are used below the file's own", async () => {
    ws.write({ 'vars.http': ['@path = imported', '@kept = theirs'].join('\n') });
    const plan = ws.plan(['# @import ./vars.http', '@kept = ours', 'GET {{o}}/{{path}}/{{kept}}'], {
      variables: { o: server.origin },
    });
    await run(plan);
    assert.deepEqual(targets(), ['/imported/ours']);
  });

  it('refuses a file that runs itself, and imports from outside an untrusted workspace', () => {
    ws.write({ 'loop.http': 'run ./api.http\nGET http://h/x' });
    const plan = ws.plan(['run ./loop.http', 'GET http://h/y']);
    assert.match(messages(plan, 'error').join(), /api\.http runs itself/);
    const untrusted = ws.plan(['run ../elsewhere.http', 'GET http://h/y'], { allowEnvironmentAccess: false });
    assert.match(messages(untrusted, 'error').join(), /outside the workspace, which is not trusted/);
  });

  it("a @prompt's value (--var, input box) reaches the server; without one the request says how to give it", async () => {
    const lines = ['# @prompt token Your API token', '# @prompt note', 'GET {{o}}/p?t={{token}}&n={{note}}'];
    const parsed = parseHttpFile(lines.join('\n'));
    assert.deepEqual(
      promptsToAsk(parsed, new Set(['note'])).map((p) => [p.name, p.description, p.secret]),
      [['token', 'Your API token', true]],
    );
    const answered = await run(ws.plan(lines, { variables: { o: server.origin, token: 's3', note: 'hi' } }));
    assert.equal(answered.requests[0].outcome, 'response');
    assert.deepEqual(targets(), ['/p?t=s3&n=hi']);

    const unanswered = ws.plan(lines, { variables: { o: server.origin } });
    // The plan does not call a prompt's name undefined: the request says what is missing when it runs.
    assert.deepEqual(messages(unanswered, 'error'), []);
    const missing = await runRequests(unanswered.specs, {
      mode: 'keepalive',
    });
    assert.match(
      missing.requests[0].error?.message ?? '',
      /api\.http:1:11: @prompt token has no value: give it with --var token=/,
    );
  });

  it('>> writes the body next to the .http file, a free name when it exists; >>! overwrites', async () => {
    const lines = ['GET {{o}}/saved', '', '>> ./out/body.txt', '>>! ./out/always.txt'];
    const plan = () => ws.plan(lines, { variables: { o: server.origin } });
    const parsed = parseHttpFile(lines.join('\n'));
    for (let k = 0; k < 2; k++) {
      const result = await run(plan());
      const outcomes = await saveResponses(parsed.requests, result.requests, {
        filePath: ws.path('api.http'),
        workspaceRoot: ws.root,
        trusted: false,
      });
      assert.deepEqual(
        outcomes.map((o) => o.error),
        [undefined, undefined],
      );
    }
    assert.deepEqual(readdirSync(ws.path('out')).sort(), ['always.txt', 'body-1.txt', 'body.txt']);
    assert.equal(readFileSync(ws.path('out/body.txt'), 'utf8'), 'GET /saved');
    assert.equal(readFileSync(ws.path('out/always.txt'), 'utf8'), 'GET /saved');
  });

  it('>> outside the workspace is refused in Restricted Mode', async () => {
    const lines = ['GET {{o}}/saved', '', '>> ../escape.txt'];
    const result = await run(ws.plan(lines, { variables: { o: server.origin } }));
    const [outcome] = await saveResponses(parseHttpFile(lines.join('\n')).requests, result.requests, {
      filePath: ws.path('api.http'),
      workspaceRoot: ws.root,
      trusted: false,
    });
    assert.match(
      outcome.error ?? '',
      /api\.http:3:1: \.\.\/escape\.txt is outside the workspace, which is not trusted/,
    );
  });
});
