// Request chaining: values from earlier exchanges of the same run, the dependencies the scheduler
// needs, and what is said when the source request has no answer.
import assert from 'node:assert/strict';
import { answered, failed, messages, notSent, prepare, prepareError, Workspace } from './planTestHelpers';

const LOGIN = [
  '# @name login',
  'POST http://h/login',
  'Content-Type: application/json',
  '',
  '{"user": "ann"}',
  '',
  '###',
];

describe('variables: request chaining', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('reads a JSONPath from the response body and records the dependency', async () => {
    const plan = ws.plan([
      ...LOGIN,
      'GET http://h/me',
      'Authorization: Bearer {{login.response.body.$.token}}',
    ]);
    assert.deepEqual(
      plan.specs.map((s) => s.dependsOn),
      [[], [0]],
    );
    const prepared = await prepare(plan, 1, [answered(0, '{"token": "t-1", "n": 2}')]);
    assert.deepEqual(prepared.headers, [['Authorization', 'Bearer t-1']]);
  });

  it('turns non-string JSONPath matches into JSON, and supports filter expressions', async () => {
    const plan = ws.plan([
      ...LOGIN,
      'POST http://h/x',
      '',
      '{{login.response.body.$.items[?(@.id==2)]}} {{login.response.body.$.n}}',
    ]);
    const body = '{"n": 7, "items": [{"id": 1}, {"id": 2, "v": [true]}]}';
    assert.equal((await prepare(plan, 1, [answered(0, body)])).body?.toString(), '{"id":2,"v":[true]} 7');
  });

  it('reads the whole body with *, response headers case-insensitively, and the request it sent', async () => {
    const plan = ws.plan([
      ...LOGIN,
      'POST http://h/x',
      'A: {{login.response.headers.x-token}}',
      'B: {{login.request.headers.CONTENT-TYPE}}',
      '',
      '{{login.response.body.*}}|{{login.request.body.*}}',
    ]);
    const sentLogin = await prepare(plan, 0);
    assert.equal(sentLogin.body?.toString(), '{"user": "ann"}');
    const prepared = await prepare(plan, 1, [
      answered(0, 'plain text', [
        ['X-Token', 'abc'],
        ['x-token', 'def'],
      ]),
    ]);
    assert.deepEqual(prepared.headers, [
      ['A', 'abc, def'],
      ['B', 'application/json'],
    ]);
    assert.equal(prepared.body?.toString(), 'plain text|{"user": "ann"}');
  });

  it('finds dependencies through file variables', async () => {
    const plan = ws.plan([
      '@token = {{login.response.body.$.token}}',
      '',
      ...LOGIN,
      'GET http://h/{{token}}',
    ]);
    assert.deepEqual(plan.specs[1].dependsOn, [0]);
    assert.equal((await prepare(plan, 1, [answered(0, '{"token": "z"}')])).url.pathname, '/z');
  });

  it('says why the source request has no answer: failed, not sent, not finished', async () => {
    const plan = ws.plan([...LOGIN, 'GET http://h/{{login.response.body.$.token}}']);
    const failedMessage = await prepareError(plan, 1, [failed(0, 'connection refused by 127.0.0.1:1')]);
    assert.match(
      failedMessage,
      /^\{\{login\.response\.body\.\$\.token\}\} at .*api\.http:8:14: request 'login' has not been answered in this run \(it failed: connection refused by 127\.0\.0\.1:1\)$/,
    );
    assert.match(
      await prepareError(plan, 1, [notSent(0, 'the run was cancelled')]),
      /\(it was not sent: the run was cancelled\)/,
    );
    assert.match(await prepareError(plan, 1, []), /\(it has not finished yet\)/);
  });

  it('reports a reference to an unknown request name at plan time with its range', async () => {
    const plan = ws.plan([...LOGIN, 'GET http://h/', 'X: {{logon.response.body.$.token}}']);
    const problem = plan.problems.find((p) => p.severity === 'error');
    assert.ok(problem);
    assert.match(problem.message, /there is no request named 'logon'/);
    assert.deepEqual(problem.range, { start: { line: 8, character: 3 }, end: { line: 8, character: 34 } });
    assert.match(await prepareError(plan, 1), /there is no request named 'logon'/);
  });

  it('reports a reference to a later request (no dependency, which would never be met)', async () => {
    const plan = ws.plan([
      'GET http://h/{{later.response.body.*}}',
      '',
      '###',
      '# @name later',
      'GET http://h/',
    ]);
    assert.deepEqual(plan.specs[0].dependsOn, []);
    assert.match(messages(plan, 'error').join(), /request 'later' comes after this one/);
    assert.match(await prepareError(plan, 0), /\(it comes after this request\)/);
  });

  it('explains a JSONPath that matches nothing, a body that is not JSON, and XPath', async () => {
    const plan = ws.plan([
      ...LOGIN,
      'GET http://h/{{login.response.body.$.missing}}',
      '',
      '###',
      'GET http://h/{{login.response.body.//a}}',
    ]);
    assert.match(
      await prepareError(plan, 1, [answered(0, '{"token": 1}')]),
      /JSONPath \$\.missing matches nothing in the response body of 'login'/,
    );
    assert.match(
      await prepareError(plan, 1, [answered(0, '<html>')]),
      /the response body of 'login' is not JSON, so JSONPath \$\.missing cannot be applied/,
    );
    assert.match(await prepareError(plan, 2, [answered(0, '{}')]), /XPath is not supported/);
  });

  it('prefers a variable whose name looks like a reference over the request', async () => {
    const plan = ws.plan([
      ...LOGIN,
      '@login.response.body.x = literal',
      '',
      'GET http://h/{{login.response.body.x}}',
    ]);
    assert.deepEqual(plan.specs[1].dependsOn, []);
    assert.equal((await prepare(plan, 1)).url.pathname, '/literal');
  });
});

describe('variables: request chaining, more', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('reads the nearest earlier request when a name is used twice (logging in again further down)', async () => {
    const plan = ws.plan([
      '# @name login',
      'POST http://h/1',
      '',
      '###',
      'GET http://h/{{login.response.body.*}}',
      '',
      '###',
      '# @name login',
      'POST http://h/2',
      '',
      '###',
      'GET http://h/{{login.response.body.*}}',
    ]);
    assert.deepEqual(
      plan.specs.map((s) => s.dependsOn),
      [[], [0], [], [2]],
    );
    assert.equal((await prepare(plan, 3, [answered(0, 'old'), answered(2, 'new')])).url.pathname, '/new');
  });

  it('refuses a chained header value holding a line break, naming the header line', async () => {
    const plan = ws.plan([...LOGIN, 'GET http://h/', 'X-Token: {{login.response.body.$.t}}']);
    const message = await prepareError(plan, 1, [answered(0, '{"t": "a\\r\\nInjected: yes"}')]);
    assert.match(message, /api\.http:9:1: header "X-Token" resolves to a value with a line break/);
  });
});
