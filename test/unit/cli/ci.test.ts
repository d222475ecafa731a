// `httpipe run` as CI uses it, as a real process against the demo server: `??` assertions, several
// files and globs, --fail-on-status, --json and --junit, and the exit code that sums them up.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { cli, closedPort } from './cliProcess';

const EXAMPLE = path.resolve(__dirname, '../../../../examples/ci.http');
/** The esbuild bundle users run; `npm run test:unit` builds it first. */
const BUNDLE = path.resolve(__dirname, '../../../../dist/cli.js');

interface JunitCase {
  name: string;
  classname: string;
  time: string;
  line?: string;
  failure?: { type: string; message: string; '#text': string };
  error?: { type: string; message: string; '#text': string };
  'system-out'?: string;
}

interface JunitSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  time: string;
  timestamp: string;
  testcase: JunitCase[];
}

/** Checks the report is well-formed XML, then reads it back into objects. */
async function readJunit(
  file: string,
): Promise<{ tests: string; failures: string; errors: string; testsuite: JunitSuite[] }> {
  const xml = await readFile(file, 'utf8');
  assert.equal(XMLValidator.validate(xml), true, 'the JUnit report is well-formed XML');
  // XML 1.0 has no way to carry these characters; the validator does not look for them.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites;
}

describe('httpipe run for CI (real process, demo server)', function () {
  this.timeout(30_000);
  let server: DemoServer;
  let dir: string;
  let host: string;

  before(async () => {
    server = await startDemoServer();
    host = `host=${server.origin}`;
    dir = await mkdtemp(path.join(tmpdir(), 'httpipe-ci-'));
    await mkdir(path.join(dir, 'api'));
    await writeFile(
      path.join(dir, 'api', 'b.http'),
      '@host = http://127.0.0.1:1\n\n### b\nGET {{host}}/status/200\n\n?? status == 200\n',
    );
    await writeFile(
      path.join(dir, 'api', 'a.http'),
      '@host = http://127.0.0.1:1\n\n### a\nGET {{host}}/status/201\n?? status == 201\n',
    );
    await writeFile(
      path.join(dir, 'failing.http'),
      [
        '@host = http://127.0.0.1:1',
        '',
        '### missing',
        'GET {{host}}/status/404',
        '',
        '?? status == 200',
        '?? header content-type contains json',
        `?? body $.error contains <&>"'`,
        '',
        '### fine',
        'GET {{host}}/status/503',
        '?? status == 503',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs examples/ci.http against the demo server: ✓ under each request, exit 0', async () => {
    const result = await cli(['run', EXAMPLE, '--var', host], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(
      result.stdout,
      /^1\s+health\s+200 .*\n\s+✓ status == 200\n\s+✓ header content-type contains json\n/m,
    );
    assert.doesNotMatch(result.stdout, /✗/);
    assert.match(result.stdout, /^3 requests: 3 passed, 0 failed; 13 assertions: 13 passed, 0 failed$/m);
  });

  it('fails with exit 1, ✗ lines and each failed assertion at its file:line:col', async () => {
    const result = await cli(['run', 'failing.http', '--var', host], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^\s+✗ status == 200 — status is 404, expected == 200$/m);
    assert.match(result.stdout, /^\s+✓ header content-type contains json$/m);
    assert.match(result.stdout, /^\s+✓ status == 503$/m);
    assert.match(result.stdout, /^2 requests: 1 passed, 1 failed; 4 assertions: 2 passed, 2 failed$/m);
    assert.match(
      result.stderr,
      /^failing\.http:6:1: error: request #1 "missing": assertion failed: status == 200: status is 404, expected == 200$/m,
    );
    assert.match(
      result.stderr,
      /^failing\.http:8:1: error: request #1 "missing": assertion failed: body \$\.error contains .*: body \$\.error matches nothing$/m,
    );
    assert.doesNotMatch(result.stderr, /"fine"/);
  });

  it('--fail-on-status rejects status classes and exact codes; other statuses pass', async () => {
    await writeFile(
      path.join(dir, 'statuses.http'),
      `GET ${server.origin}/status/404\n\n###\nGET ${server.origin}/status/503\n`,
    );
    const classes = await cli(['run', 'statuses.http', '--fail-on-status', '4xx,5xx'], dir);
    assert.equal(classes.code, 1);
    assert.match(
      classes.stderr,
      /^statuses\.http:1:1: error: request #1 .* got status 404, which --fail-on-status 4xx rejects$/m,
    );
    assert.match(
      classes.stderr,
      /^statuses\.http:4:1: error: request #2 .* got status 503, which --fail-on-status 5xx rejects$/m,
    );
    assert.match(classes.stdout, /✗ status 503 is rejected by --fail-on-status 5xx/);
    const exact = await cli(['run', 'statuses.http', '--fail-on-status', '404', '--json'], dir);
    assert.equal(exact.code, 1);
    assert.deepEqual(
      JSON.parse(exact.stdout).requests.map((r: { failOnStatus: string | null; passed: boolean }) => [
        r.failOnStatus,
        r.passed,
      ]),
      [
        ['404', false],
        [null, true],
      ],
    );
    const other = await cli(['run', 'statuses.http', '--fail-on-status', '401,502'], dir);
    assert.equal(other.code, 0, other.stderr);
    const none = await cli(['run', 'statuses.http'], dir);
    assert.equal(none.code, 0, 'without the flag a 4xx/5xx response is a response');
  });

  it("--json for one FILE keeps the single-run shape and adds each request's assertions", async () => {
    const result = await cli(['run', 'failing.http', '--json', '--var', host], dir);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report).sort(), [
      'cancelled',
      'connectionsOpened',
      'mode',
      'notes',
      'requests',
      'wallMs',
    ]);
    const [missing, fine] = report.requests;
    assert.equal(missing.passed, false);
    assert.deepEqual(missing.assertions[0], {
      line: 6,
      text: 'status == 200',
      passed: false,
      actual: '404',
      message: 'status is 404, expected == 200',
    });
    assert.deepEqual(
      missing.assertions.map((a: { passed: boolean }) => a.passed),
      [false, true, false],
    );
    assert.equal(missing.assertions[2].actual, null);
    assert.deepEqual([fine.passed, fine.assertions.length], [true, 1]);
  });

  it('runs several files and globs in order (each pattern sorted) and prints {passed, files} with --json', async () => {
    const json = await cli(['run', 'api/*.http', 'failing.http', '--json', '--var', host], dir);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.passed, false);
    assert.deepEqual(
      report.files.map((f: { file: string; requests: unknown[] }) => [f.file, f.requests.length]),
      [
        ['api/a.http', 1],
        ['api/b.http', 1],
        ['failing.http', 2],
      ],
    );
    assert.equal(report.files[0].mode, 'keepalive');
    const passing = await cli(['run', 'api/*.http', '--json', '--var', host], dir);
    assert.equal(passing.code, 0, passing.stderr);
    assert.equal(JSON.parse(passing.stdout).passed, true, 'one pattern still prints the several-files shape');
    const table = await cli(['run', 'api/**/*.http', '--var', host], dir);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^── api\/a\.http\n#\s+request[^]*^── api\/b\.http\n/m);
    assert.match(
      table.stdout,
      /^2 files, 2 requests: 2 passed, 0 failed; 2 assertions: 2 passed, 0 failed$/m,
    );
  });

  it('refuses a glob that matches nothing and an unreadable file before sending anything (exit 2)', async () => {
    server.resetStats();
    const noMatch = await cli(['run', 'api/*.http', 'nothing/*.http', '--var', host], dir);
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /no file matches nothing\/\*\.http/);
    const missing = await cli(['run', 'api/a.http', 'missing.http', '--var', host], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.http: ENOENT/);
    assert.equal(server.stats().requests, 0);
  });

  it('--junit writes well-formed JUnit XML: a testsuite per file, a testcase per request, failures with timings', async () => {
    const report = path.join(dir, 'report.xml');
    const result = await cli(
      ['run', 'api/a.http', 'failing.http', '--var', host, '--fail-on-status', '5xx', '--junit', report],
      dir,
    );
    assert.equal(result.code, 1);
    const junit = await readJunit(report);
    assert.deepEqual([junit.tests, junit.failures, junit.errors], ['3', '2', '0']);
    assert.deepEqual(
      junit.testsuite.map((s) => [s.name, s.tests, s.failures, s.errors]),
      [
        ['api/a.http', '1', '0', '0'],
        ['failing.http', '2', '2', '0'],
      ],
    );
    const [suiteA, failing] = junit.testsuite;
    assert.match(suiteA.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.ok(Number(suiteA.time) > 0);
    const [a] = suiteA.testcase;
    assert.deepEqual(
      [a.name, a.classname, a.line, a.failure, a.error],
      ['#1 a', 'api/a.http', '4', undefined, undefined],
    );
    assert.ok(Number(a.time) > 0 && Number(a.time) < 30);
    assert.equal(a['system-out'], '✓ status == 201 — status is 201');
    const [missing, fine] = failing.testcase;
    assert.equal(missing.failure?.type, 'assertion');
    assert.equal(missing.failure?.message, '2 of 3 assertions failed');
    // Escaped on the way out, read back exactly.
    assert.match(
      missing.failure!['#text'],
      /^failing\.http:8:1: error: request #1 "missing": assertion failed: body \$\.error contains <&>"': /m,
    );
    assert.deepEqual(
      [fine.failure?.type, fine.failure?.message],
      ['status', 'status 503 rejected by --fail-on-status 5xx'],
    );
  });

  it('--junit reports a request without a response as an error, and a file with errors as one more case', async () => {
    await writeFile(
      path.join(dir, 'broken.http'),
      `GET http://127.0.0.1:${await closedPort()}/\n?? status == 200\n?? status is 200\n`,
    );
    const report = path.join(dir, 'broken.xml');
    const result = await cli(['run', 'broken.http', '--junit', report], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^broken\.http:3:11: error: "is" is not an operator/m);
    const junit = await readJunit(report);
    const [request, file] = junit.testsuite[0].testcase;
    assert.equal(request.error?.type, 'connect');
    assert.match(request.error!.message, /^broken\.http:1:1: error: request #1 .* could not connect/);
    assert.equal(
      request['system-out'],
      '✗ status == 200 — not checked: the request got no response\n✗ status is 200 — invalid assertion: "is" is not an operator; use one of == != < <= > >= contains exists startsWith endsWith matches',
    );
    assert.deepEqual([file.name, file.error?.type], ['file has errors', 'file']);
    assert.deepEqual([junit.errors, junit.failures], ['2', '0']);
  });

  it('--junit keeps response text that XML cannot carry out of the report', async () => {
    // A raw server, to send a body with control characters and a CDATA end marker.
    const raw: Server = createServer((socket) => {
      socket.once('data', () =>
        socket.end(
          'HTTP/1.1 200 OK\r\nX-Odd: <c>&\r\nContent-Length: 6\r\nConnection: close\r\n\r\na\u0000\u0002]]>',
        ),
      );
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = raw.address() as { port: number };
      await writeFile(
        path.join(dir, 'odd.http'),
        `GET http://127.0.0.1:${port}/\n?? header x-odd == plain\n?? body == x\n`,
      );
      const report = path.join(dir, 'odd.xml');
      const result = await cli(['run', 'odd.http', '--junit', report], dir);
      assert.equal(result.code, 1);
      const junit = await readJunit(report);
      const details = junit.testsuite[0].testcase[0].failure!['#text'];
      assert.match(details, /header x-odd is <c>&, expected == plain/);
      assert.match(details, /body is a\uFFFD\uFFFD\]\]>, expected == x/);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('expands globs in the esbuild bundle too (glob library bundled from its CommonJS build)', async function () {
    if (!existsSync(BUNDLE)) this.skip();
    const result = await cli(['run', 'api/*.http', '--json', '--var', host], dir, BUNDLE);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      JSON.parse(result.stdout).files.map((f: { file: string }) => f.file),
      ['api/a.http', 'api/b.http'],
    );
  });

  it('says when the JUnit report cannot be written (exit 2)', async () => {
    const result = await cli(
      ['run', 'api/a.http', '--var', host, '--junit', path.join(dir, 'no', 'such', 'dir', 'r.xml')],
      dir,
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot write the JUnit report to .*r\.xml: ENOENT/);
  });
});
