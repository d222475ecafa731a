// File variables, overrides, references with spaces and `%`, loops, and undefined names: through
// the real parser and planRun, with the places errors must name.
import assert from 'node:assert/strict';
import { messages, prepare, prepareError, Workspace } from './planTestHelpers';

describe('variables: file variables and references', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('substitutes a file variable in URL, header and body, also written {{ name }} with spaces', async () => {
    const plan = ws.plan([
      '@host = 127.0.0.1:9',
      '',
      'POST http://{{ host }}/a',
      'X-Host: {{host}}',
      '',
      'at {{  host  }}',
    ]);
    const prepared = await prepare(plan, 0);
    assert.equal(prepared.url.href, 'http://127.0.0.1:9/a');
    assert.deepEqual(prepared.headers, [['X-Host', '127.0.0.1:9']]);
    assert.equal(prepared.body?.toString(), 'at 127.0.0.1:9');
    assert.deepEqual(plan.problems, []);
  });

  it('resolves variables that use other variables, defined in any order', async () => {
    const plan = ws.plan([
      '@base = http://{{host}}:{{port}}',
      '@port = 8080',
      '',
      'GET {{base}}/x',
      '',
      '###',
      '@host = example.test',
    ]);
    assert.equal((await prepare(plan, 0)).url.href, 'http://example.test:8080/x');
  });

  it('uses the last definition when a name is defined twice', async () => {
    const plan = ws.plan(['@v = one', '@v = two', '', 'GET http://h/{{v}}']);
    assert.equal((await prepare(plan, 0)).url.pathname, '/two');
  });

  it('percent-encodes {{%name}} and leaves {{name}} as it is', async () => {
    const plan = ws.plan(['@q = a b&c/d', '', 'GET http://h/s?q={{%q}}', 'X-Raw: {{q}}']);
    const prepared = await prepare(plan, 0);
    assert.equal(prepared.url.search, '?q=a%20b%26c%2Fd');
    assert.deepEqual(prepared.headers, [['X-Raw', 'a b&c/d']]);
  });

  it('reports an undefined variable with file:line:col at plan time and throws on prepare', async () => {
    const plan = ws.plan(['GET http://h/', 'Accept: text/plain', 'X-Token: Bearer {{token}}']);
    const problem = plan.problems.find((p) => p.severity === 'error');
    assert.ok(problem, 'expected an error problem');
    assert.match(problem.message, /\{\{token\}\}.*not defined/);
    assert.deepEqual(problem.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 25 } });
    assert.equal(problem.requestIndex, 0);
    const message = await prepareError(plan, 0);
    assert.ok(message.startsWith(`{{token}} at ${ws.path('api.http')}:3:17:`), message);
    assert.match(message, /"token" is not defined/);
  });

  it('places an undefined name in the URL exactly, also after a method and before HTTP/1.1', async () => {
    const plan = ws.plan(['', 'DELETE http://h/{{missing}} HTTP/1.1']);
    assert.match(await prepareError(plan, 0), /api\.http:2:17: /);
  });

  it('names the variable definition and the reference that reached it when a nested name is undefined', async () => {
    const plan = ws.plan(['@url = http://{{nohost}}/', '', 'GET {{url}}']);
    const message = await prepareError(plan, 0);
    assert.match(message, /^\{\{nohost\}\} at .*api\.http:1:15: variable "nohost" is not defined/);
    assert.match(message, /reached through \{\{url\}\} at .*api\.http:3:5$/);
  });

  it('detects a loop between variables and names the whole cycle', async () => {
    const plan = ws.plan(['@a = x{{b}}', '@b = y{{c}}', '@c = z{{a}}', '', 'GET http://h/{{a}}']);
    const message = await prepareError(plan, 0);
    assert.match(message, /loop: @a → @b → @c → @a/);
    assert.match(message, /api\.http:3:/);
  });

  it('lets a variable extend the same name from a lower source (environment), and refuses plain self-reference', async () => {
    ws.write({ 'http-client.env.json': JSON.stringify({ dev: { base: 'http://h' } }) });
    const extended = ws.plan(['@base = {{base}}/v2', '', 'GET {{base}}/users'], { environment: 'dev' });
    assert.equal((await prepare(extended, 0)).url.href, 'http://h/v2/users');
    const alone = ws.plan(['@base = {{base}}/v2', '', 'GET {{base}}/users']);
    assert.match(await prepareError(alone, 0), /@base refers to itself/);
  });

  it('gives overrides (--var) the highest precedence, and their values may use variables', async () => {
    ws.write({ 'http-client.env.json': JSON.stringify({ dev: { host: 'env.test', user: 'u' } }) });
    const plan = ws.plan(['@host = file.test', '', 'GET http://{{host}}/'], {
      environment: 'dev',
      variables: { host: 'cli-{{user}}.test' },
    });
    assert.equal((await prepare(plan, 0)).url.host, 'cli-u.test');
  });

  it('expands a definition once per request: @id = {{$guid}} is the same in URL and body, new for the next request', async () => {
    const plan = ws.plan([
      '@id = {{$guid}}',
      '',
      'POST http://h/{{id}}',
      '',
      '{{id}}',
      '',
      '###',
      'GET http://h/{{id}}',
    ]);
    const first = await prepare(plan, 0);
    assert.equal(first.url.pathname.slice(1), first.body?.toString());
    const second = await prepare(plan, 1);
    assert.notEqual(second.url.pathname, first.url.pathname);
  });

  it('reports an empty {{}} reference', async () => {
    const plan = ws.plan(['GET http://h/{{ }}']);
    assert.match(messages(plan, 'error').join('\n'), /empty variable reference/);
    assert.match(await prepareError(plan, 0), /empty variable reference/);
  });
});
