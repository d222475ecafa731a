// planRun beyond variables: the spec fields the scheduler reads, URL forms, Basic credentials,
// `< file` bodies, Send-one selection, and a whole chained run through the real engine.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { encodeBasicCredentials } from '../../../src/core/plan/basicAuth';
import { absoluteUrl } from '../../../src/core/plan/requestTarget';
import { messages, prepare, prepareError, Workspace } from '../variables/planTestHelpers';

describe('planRun', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('fills the spec fields: index, name (@name or METHOD url), method, displayUrl, noPipeline, timeout', () => {
    const plan = ws.plan([
      '# @name first',
      '# @no-pipeline',
      '# @timeout 2s',
      'put http://h/{{x}}',
      '',
      '###',
      'GET http://h/two',
    ]);
    const [first, second] = plan.specs;
    assert.deepEqual(
      {
        index: first.index,
        name: first.name,
        method: first.method,
        displayUrl: first.displayUrl,
        noPipeline: first.noPipeline,
        timeoutMs: first.timeoutMs,
      },
      {
        index: 0,
        name: 'first',
        method: 'PUT',
        displayUrl: 'http://h/{{x}}',
        noPipeline: true,
        timeoutMs: 2000,
      },
    );
    assert.equal(second.name, 'GET http://h/two');
    assert.equal(second.timeoutMs, undefined);
  });

  it("refuses a request whose block has a parse error, with the error's place, and still prepares the others", async () => {
    const plan = ws.plan(['GET http://h/one', 'no colon here', '', '###', 'GET http://h/two']);
    const message = await prepareError(plan, 0);
    assert.match(message, /api\.http:2:1: .*not a header.*the request is not sent until this is fixed/);
    assert.equal((await prepare(plan, 1)).url.href, 'http://h/two');
  });

  describe('URL forms', () => {
    const url = (target: string, headers: Array<[string, string]> = []) => absoluteUrl(target, headers).href;

    it('keeps absolute URLs, defaults scheme-less targets to http, and drops the fragment', () => {
      assert.equal(url('https://h:8443/a?b=c#frag'), 'https://h:8443/a?b=c');
      assert.equal(url('localhost:3000/api'), 'http://localhost:3000/api');
      assert.equal(url('[::1]:8080/x'), 'http://[::1]:8080/x');
      assert.equal(url('http://h/a%20b/ü'), 'http://h/a%20b/%C3%BC');
    });

    it('builds origin-form targets from the Host header: https only for ports 443 and 8443', () => {
      assert.equal(url('/p?q=1', [['host', 'api.test']]), 'http://api.test/p?q=1');
      assert.equal(url('/p', [['Host', 'api.test:443']]), 'https://api.test/p');
      assert.equal(url('/p', [['Host', 'api.test:8443']]), 'https://api.test:8443/p');
      assert.equal(url('/p', [['Host', '127.0.0.1:8080']]), 'http://127.0.0.1:8080/p');
    });

    it('refuses a path without Host, other schemes and asterisk-form, with the request line place', async () => {
      assert.throws(() => url('/p'), /is a path: add a Host header/);
      assert.throws(() => url('ftp://h/x'), /only http: and https:/);
      assert.throws(() => url('*'), /asterisk-form/);
      const message = await prepareError(ws.plan(['', 'GET /only/a/path']), 0);
      assert.match(message, /^.*api\.http:2:1: "\/only\/a\/path" is a path: add a Host header/);
    });
  });

  describe('Basic credentials (REST Client convention)', () => {
    it('encodes user:password and "user password", and leaves base64 and other schemes alone', () => {
      const b64 = Buffer.from('ann:pa ss').toString('base64');
      assert.equal(encodeBasicCredentials('Basic ann:pa ss'), `Basic ${b64}`);
      assert.equal(encodeBasicCredentials('basic ann pa ss'), `basic ${b64}`);
      assert.equal(encodeBasicCredentials('Basic YW5uOnB3'), 'Basic YW5uOnB3');
      assert.equal(encodeBasicCredentials('Bearer a:b'), 'Bearer a:b');
    });

    it('encodes after substituting variables, only in the Authorization header', async () => {
      const plan = ws.plan([
        '@user = ann',
        '@pass = pw',
        '',
        'GET http://h/',
        'authorization: Basic {{user}} {{pass}}',
        'X-Other: Basic a:b',
      ]);
      assert.deepEqual((await prepare(plan, 0)).headers, [
        ['authorization', `Basic ${Buffer.from('ann:pw').toString('base64')}`],
        ['X-Other', 'Basic a:b'],
      ]);
    });
  });

  describe('Digest credentials and @no-redirect', () => {
    it('turns `Authorization: Digest user password` into credentials for the engine, not a header', async () => {
      const plan = ws.plan([
        '@pass = s3cret word',
        '',
        'GET http://h/private',
        'Authorization: Digest ann {{pass}}',
        'X-Keep: 1',
      ]);
      const prepared = await prepare(plan, 0);
      assert.deepEqual(prepared.auth, { scheme: 'digest', username: 'ann', password: 's3cret word' });
      assert.deepEqual(prepared.headers, [['X-Keep', '1']]);
    });

    it('leaves an already computed Digest answer as a header', async () => {
      const answer = 'Digest username="ann", realm="r", nonce="n", uri="/", response="abc"';
      const prepared = await prepare(ws.plan(['GET http://h/', `Authorization: ${answer}`]), 0);
      assert.equal(prepared.auth, undefined);
      assert.deepEqual(prepared.headers, [['Authorization', answer]]);
    });

    it('marks a request with # @no-redirect, and warns about a value', () => {
      const plan = ws.plan(['# @no-redirect', 'GET http://h/a', '', '###', 'GET http://h/b']);
      assert.deepEqual(
        plan.specs.map((spec) => spec.noRedirect),
        [true, undefined],
      );
      const warned = parseHttpFile('# @no-redirect yes\nGET http://h/a').diagnostics.map((d) => d.message);
      assert.deepEqual(warned, ['@no-redirect takes no value']);
    });
  });

  describe('bodies from files', () => {
    it('sends `< file` bytes untouched and substitutes variables in `<@ file`', async () => {
      const bytes = Buffer.from([0x00, 0xff, 0x7b, 0x7b, 0x78, 0x7d, 0x7d]);
      ws.write({ 'data/raw.bin': bytes, 'data/tpl.json': '{"v": "{{x}}"}\r\n' });
      const plan = ws.plan([
        '@x = 42',
        '',
        'POST http://h/a',
        '',
        '< data/raw.bin',
        '',
        '###',
        'POST http://h/b',
        '',
        '<@ ./data/tpl.json',
      ]);
      assert.deepEqual((await prepare(plan, 0)).body, bytes);
      assert.equal((await prepare(plan, 1)).body?.toString(), '{"v": "42"}\r\n');
    });

    it('reads `<@latin1 file` as Latin-1 and sends Latin-1', async () => {
      ws.write({ 'l1.txt': Buffer.from('caf\xe9 {{x}}', 'latin1') });
      const plan = ws.plan(['@x = ok', '', 'POST http://h/', '', '<@latin1 l1.txt']);
      assert.deepEqual((await prepare(plan, 0)).body, Buffer.from('caf\xe9 ok', 'latin1'));
    });

    it('falls back to the workspace root, and names every place it looked when the file is missing', async () => {
      ws.write({ 'shared.json': 'root' });
      const plan = ws.plan(
        ['POST http://h/', '', '< shared.json', '', '###', 'POST http://h/', '', '< nope.json'],
        {},
        'api/x.http',
      );
      assert.equal((await prepare(plan, 0)).body?.toString(), 'root');
      const message = await prepareError(plan, 1);
      assert.match(
        message,
        /x\.http:8:1: cannot read body file "nope\.json" \(looked in .*api[\\/]nope\.json, .*[\\/]nope\.json\)/,
      );
    });

    it('reports an undefined variable inside a `<@` file at its place in that file', async () => {
      ws.write({ 'tpl.txt': 'line one\n  {{ghost}}' });
      const message = await prepareError(ws.plan(['POST http://h/', '', '<@ tpl.txt']), 0);
      assert.match(message, /^\{\{ghost\}\} at .*tpl\.txt:2:3: /);
    });
  });

  describe('Send one / Send selected (only)', () => {
    const lines = [
      '# @name login',
      'POST http://h/login',
      '',
      '###',
      'GET http://h/other',
      '',
      '###',
      'GET http://h/me?t={{login.response.body.$.t}}',
    ];

    it('plans only the chosen requests, adding the earlier requests they read from with an info', () => {
      const plan = ws.plan(lines, { only: [2] });
      assert.deepEqual(
        plan.specs.map((s) => s.index),
        [0, 2],
      );
      assert.deepEqual(plan.specs[1].dependsOn, [0]);
      assert.match(messages(plan, 'info').join(), /also sends 'login' first/);
      assert.deepEqual(
        ws.plan(lines, { only: [1] }).specs.map((s) => s.index),
        [1],
      );
    });

    it('reports an index that is not in the file', () => {
      assert.match(messages(ws.plan(lines, { only: [7] }), 'error').join(), /there is no request #8/);
    });
  });

  describe('through the engine (demo server on loopback)', () => {
    let demo: DemoServer;
    beforeEach(async () => {
      demo = await startDemoServer();
    });
    afterEach(async () => {
      await demo.close();
    });

    it('chains a value from one response into the next request, in pipelined mode', async () => {
      ws.write({ 'http-client.env.json': JSON.stringify({ local: { origin: demo.origin } }) });
      const plan = ws.plan(
        [
          '# @name login',
          'POST {{origin}}/echo',
          'Content-Type: application/json',
          '',
          '{"token": "tok-{{$randomInt 100 200}}"}',
          '',
          '###',
          'GET {{origin}}/echo?t={{%login.response.body.$.body}}',
          'X-Sent: {{login.request.headers.content-type}}',
        ],
        { environment: 'local' },
      );
      assert.deepEqual(plan.problems, []);
      const result = await runRequests(plan.specs, { mode: 'pipelined' });
      assert.deepEqual(
        result.requests.map((r) => r.outcome),
        ['response', 'response'],
      );
      const loginBody: string = JSON.parse(result.requests[0].response!.body.toString()).body;
      assert.match(loginBody, /^\{"token": "tok-1\d\d"\}$/);
      const echoed = JSON.parse(result.requests[1].response!.body.toString());
      assert.match(echoed.url, /\?t=%7B%22token%22%3A%20%22tok-1\d\d%22%7D$/);
      assert.equal(new URL(echoed.url, 'http://x').searchParams.get('t'), loginBody);
      assert.ok(
        echoed.headers.some(
          ([name, value]: [string, string]) => name === 'X-Sent' && value === 'application/json',
        ),
      );
      assert.ok(result.requests[1].waits.some((w) => w.kind === 'dependency' || w.kind === 'non-idempotent'));
    });

    it("makes an undefined variable the request's prepare error, and the run goes on", async () => {
      const plan = ws.plan([
        `GET ${demo.origin}/status/200?x={{nope}}`,
        '',
        '###',
        `GET ${demo.origin}/status/204`,
      ]);
      const result = await runRequests(plan.specs, { mode: 'keepalive' });
      assert.equal(result.requests[0].outcome, 'error');
      assert.equal(result.requests[0].error?.phase, 'prepare');
      assert.match(
        result.requests[0].error?.message ?? '',
        /\{\{nope\}\} at .*api\.http:1:\d+: variable "nope" is not defined/,
      );
      assert.equal(result.requests[1].response?.status, 204);
    });
  });
});

describe('planRun: body files, trust and dependencies', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('counts references inside a `<@` body file as dependencies', () => {
    ws.write({ 'body.json': '{"token": "{{login.response.body.$.token}}"}' });
    const plan = ws.plan([
      '# @name login',
      'GET http://h/login',
      '',
      '###',
      'POST http://h/x',
      '',
      '<@ body.json',
    ]);
    assert.deepEqual(plan.specs[1].dependsOn, [0]);
  });

  it('refuses body files outside the workspace when it is not trusted, and allows those inside', async () => {
    const outside = new Workspace().write({ 'secret.txt': 'id_rsa' });
    try {
      ws.write({ 'inside.txt': 'ok' });
      const lines = [
        'POST http://h/',
        '',
        `< ${outside.path('secret.txt')}`,
        '',
        '###',
        'POST http://h/',
        '',
        '< inside.txt',
      ];
      const untrusted = ws.plan(lines, { allowEnvironmentAccess: false });
      assert.match(
        await prepareError(untrusted, 0),
        /api\.http:3:1: body file .*secret\.txt is outside the workspace, and this workspace is not trusted/,
      );
      assert.equal((await prepare(untrusted, 1)).body?.toString(), 'ok');
      assert.equal((await prepare(ws.plan(lines), 0)).body?.toString(), 'id_rsa');
    } finally {
      outside.remove();
    }
  });
});

describe('planRun: places inside bodies', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('keeps places exact after comment and @variable lines the parser leaves out of a body', async () => {
    const plan = ws.plan([
      'POST http://h/',
      '',
      '{',
      '// a note',
      '# another',
      '@v = 1',
      '  "a": "{{ghost}}"',
      '}',
    ]);
    assert.match(await prepareError(plan, 0), /^\{\{ghost\}\} at .*api\.http:7:9: /);
    const problem = plan.problems.find((p) => p.severity === 'error');
    assert.deepEqual(problem?.range.start, { line: 6, character: 8 });
  });

  it('places a reference in a `< path` line on the path', async () => {
    assert.match(
      await prepareError(ws.plan(['POST http://h/', '', '<  data/{{dir}}.json']), 0),
      /^\{\{dir\}\} at .*api\.http:3:9: /,
    );
  });
});
