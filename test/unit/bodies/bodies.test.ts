// Request bodies as they leave on the wire: form-urlencoded `&` lines, multipart forms with
// `< file` parts (binary, CRLF), GraphQL envelopes, `<@` templates. Each request is planned from a
// real .http file in a temp folder, sent by the real engine, and checked byte for byte at a
// loopback server that records what it received.

import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestResult } from '../../../src/core/engine/types';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { planRun, type PlanOptions } from '../../../src/core/plan/planRun';
import { encodeFormBody } from '../../../src/core/plan/formBody';
import { Workspace } from '../variables/planTestHelpers';
import {
  headerValues,
  startRecordingServer,
  type RecordedRequest,
  type RecordingServer,
} from './recordingServer';

describe('request bodies on the wire', () => {
  let ws: Workspace;
  let server: RecordingServer;
  beforeEach(async () => {
    ws = new Workspace();
    server = await startRecordingServer();
  });
  afterEach(async () => {
    await server.close();
    ws.remove();
  });

  /** Plans `lines` (joined with `eol`) as `file` and sends every request; returns the results and what arrived. */
  async function send(
    lines: readonly string[],
    {
      eol = '\n',
      file = 'api.http',
      options = {},
    }: { eol?: string; file?: string; options?: Partial<PlanOptions> } = {},
  ) {
    const text = [`@origin = ${server.origin}`, '', ...lines].join(eol);
    ws.write({ [file]: text });
    const plan = planRun(parseHttpFile(text), {
      filePath: ws.path(file),
      workspaceRoot: ws.root,
      allowEnvironmentAccess: true,
      processEnv: {},
      ...options,
    });
    const result = await runRequests(plan.specs, { mode: 'fresh' });
    return { results: result.requests, received: server.requests, problems: plan.problems };
  }

  function only(received: RecordedRequest[], results: RequestResult[]): RecordedRequest {
    assert.deepEqual(
      results.map((r) => r.error?.message ?? r.outcome),
      ['response'],
    );
    assert.equal(received.length, 1);
    return received[0];
  }

  describe('application/x-www-form-urlencoded', () => {
    const form = [
      '@name = Zoë Smith',
      '@slashed = a%2Fb',
      '@pair = x&y',
      '',
      'POST {{origin}}/form',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'name={{name}}',
      '&token={{slashed}}',
      '  &pre=%20already+encoded',
      '&q={{%pair}}',
    ];
    const expected = 'name=Zo%C3%AB%20Smith&token=a%2Fb&pre=%20already+encoded&q=x%26y';

    it('joins `&` lines without a line break, resolves values, and encodes only what is not encoded yet', async () => {
      const { results, received } = await send(form);
      const request = only(received, results);
      assert.equal(request.body.toString('latin1'), expected);
      assert.deepEqual(headerValues(request.head, 'content-length'), [String(expected.length)]);
    });

    it('sends the same bytes from a CRLF file', async () => {
      const { results, received } = await send(form, { eol: '\r\n' });
      assert.equal(only(received, results).body.toString('latin1'), expected);
    });

    it('places an undefined variable on a joined `&` line at its own line and column', async () => {
      const { results } = await send([
        'POST {{origin}}/form',
        'Content-Type: application/x-www-form-urlencoded; charset=utf-8',
        '',
        'a=1',
        '  &b={{ghost}}',
      ]);
      assert.match(results[0].error?.message ?? '', /^\{\{ghost\}\} at .*api\.http:7:6: /);
    });

    it('leaves other bodies alone: a JSON body keeps its spaces and line breaks', async () => {
      const { results, received } = await send([
        'POST {{origin}}/json',
        'Content-Type: application/json',
        '',
        '{',
        '  "a": "b c"',
        '}',
      ]);
      assert.equal(only(received, results).body.toString(), '{\n  "a": "b c"\n}');
    });

    it('encodes a lone %, spaces, quotes and non-ASCII, keeps URL characters and %XX', () => {
      assert.equal(
        encodeFormBody('a=100%&b="x y"&c=é😀&d=%7e~!*()\'/?:@'),
        "a=100%25&b=%22x%20y%22&c=%C3%A9%F0%9F%98%80&d=%7e~!*()'/?:@",
      );
    });
  });

  describe('multipart/form-data with `< file` parts', () => {
    const binary = Buffer.from(Array.from({ length: 256 }, (_, k) => k));

    it('reads each file in place of its line (binary-safe, next to the .http file) and sends CRLF line breaks', async () => {
      ws.write({ 'api/files/all-bytes.bin': binary, 'api/files/note.txt': 'note for {{who}}\n' });
      const { results, received } = await send(
        [
          '@who = ann',
          '',
          'POST {{origin}}/upload',
          'Content-Type: multipart/form-data; boundary=XyZ',
          '',
          '--XyZ',
          'Content-Disposition: form-data; name="title"',
          '',
          'Hello {{who}}',
          '--XyZ',
          'Content-Disposition: form-data; name="file"; filename="all-bytes.bin"',
          'Content-Type: application/octet-stream',
          '',
          '< ./files/all-bytes.bin',
          '--XyZ',
          'Content-Disposition: form-data; name="note"; filename="note.txt"',
          '',
          '<@ files/note.txt',
          '--XyZ--',
        ],
        { file: 'api/upload.http' },
      );
      const request = only(received, results);
      const expected = Buffer.concat([
        Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello ann\r\n--XyZ\r\n'),
        Buffer.from(
          'Content-Disposition: form-data; name="file"; filename="all-bytes.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
        ),
        binary,
        Buffer.from(
          '\r\n--XyZ\r\nContent-Disposition: form-data; name="note"; filename="note.txt"\r\n\r\nnote for ann\n\r\n--XyZ--',
        ),
      ]);
      assert.deepEqual(request.body, expected);
      // An independent multipart parser (undici's, in Node) reads the same fields back.
      const parsed = await new Response(request.body, {
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
      }).formData();
      assert.equal(parsed.get('title'), 'Hello ann');
      assert.deepEqual(Buffer.from(await (parsed.get('file') as Blob).arrayBuffer()), binary);
      assert.equal(await (parsed.get('note') as Blob).text(), 'note for ann\n');
    });

    it('sends a multipart body without files with CRLF too, even from an LF file', async () => {
      const { results, received } = await send([
        'POST {{origin}}/upload',
        'Content-Type: multipart/form-data; boundary=b',
        '',
        '--b',
        'Content-Disposition: form-data; name="a"',
        '',
        '1',
        '--b--',
      ]);
      assert.equal(
        only(received, results).body.toString(),
        '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--',
      );
    });

    it('refuses a part file outside an untrusted workspace, naming the part line; the run goes on', async () => {
      const outside = new Workspace().write({ 'secret.txt': 'id_rsa' });
      try {
        const { results, received } = await send(
          [
            'POST {{origin}}/upload',
            'Content-Type: multipart/form-data; boundary=b',
            '',
            '--b',
            '',
            `< ${outside.path('secret.txt')}`,
            '--b--',
            '',
            '###',
            'GET {{origin}}/next',
          ],
          { options: { allowEnvironmentAccess: false } },
        );
        assert.equal(results[0].outcome, 'error');
        assert.match(
          results[0].error?.message ?? '',
          /api\.http:8:1: body file .*secret\.txt is outside the workspace, and this workspace is not trusted/,
        );
        assert.equal(results[1].outcome, 'response');
        assert.equal(received.length, 1);
        assert.doesNotMatch(received[0].body.toString(), /id_rsa/);
      } finally {
        outside.remove();
      }
    });

    it('names the part line of a missing file', async () => {
      const { results } = await send([
        'POST {{origin}}/upload',
        'Content-Type: multipart/form-data; boundary=b',
        '',
        '--b',
        '',
        '< missing.bin',
        '--b--',
      ]);
      assert.match(results[0].error?.message ?? '', /api\.http:8:1: cannot read body file "missing\.bin"/);
    });
  });

  describe('GraphQL (X-Request-Type: GraphQL)', () => {
    it('sends {query, variables, operationName} as JSON and not the marker header', async () => {
      const { results, received } = await send([
        '@repo = httpipe',
        '',
        'POST {{origin}}/graphql',
        'X-REQUEST-TYPE: GraphQL',
        'Authorization: Bearer t',
        '',
        'query Repo($name: String!) {',
        '  repository(name: $name) { id }',
        '}',
        '',
        '{"name": "{{repo}}"}',
      ]);
      const request = only(received, results);
      assert.deepEqual(headerValues(request.head, 'x-request-type'), []);
      assert.deepEqual(headerValues(request.head, 'content-type'), ['application/json']);
      assert.deepEqual(JSON.parse(request.body.toString()), {
        query: 'query Repo($name: String!) {\n  repository(name: $name) { id }\n}',
        variables: { name: 'httpipe' },
        operationName: 'Repo',
      });
    });

    it('sends empty variables and no operationName for an anonymous query, and keeps a written Content-Type', async () => {
      const { results, received } = await send([
        'POST {{origin}}/graphql',
        'Content-Type: application/json; charset=utf-8',
        'X-Request-Type: GraphQL',
        '',
        '{ viewer { login } }',
      ]);
      const request = only(received, results);
      assert.deepEqual(headerValues(request.head, 'content-type'), ['application/json; charset=utf-8']);
      assert.deepEqual(JSON.parse(request.body.toString()), { query: '{ viewer { login } }', variables: {} });
    });

    it('reads the query from a `< file`, and refuses variables that are not a JSON object, with the place', async () => {
      ws.write({ 'q.graphql': 'mutation Add {\n  add\n}\n\n{"n": 1}\n' });
      const { results, received } = await send([
        'POST {{origin}}/graphql',
        'X-Request-Type: GraphQL',
        '',
        '< q.graphql',
        '',
        '###',
        'POST {{origin}}/graphql',
        'X-Request-Type: GraphQL',
        '',
        'query { a }',
        '',
        '[1, 2]',
      ]);
      assert.deepEqual(JSON.parse(received[0].body.toString()), {
        query: 'mutation Add {\n  add\n}',
        variables: { n: 1 },
        operationName: 'Add',
      });
      assert.match(
        results[1].error?.message ?? '',
        /api\.http:12:1: the GraphQL variables .* must be a JSON object/,
      );
    });

    it('sends another X-Request-Type value as a normal header', async () => {
      const { results, received } = await send([
        'POST {{origin}}/x',
        'X-Request-Type: batch',
        '',
        'query { a }',
      ]);
      const request = only(received, results);
      assert.deepEqual(headerValues(request.head, 'x-request-type'), ['batch']);
      assert.equal(request.body.toString(), 'query { a }');
    });
  });

  describe('`<@ file` templates', () => {
    it('substitutes variables in the file and in its path', async () => {
      ws.write({ 'tpl/v2.json': '{"user": "{{user}}", "n": {{$randomInt 5 6}}}' });
      const { results, received } = await send([
        '@user = ann',
        '@version = v2',
        '',
        'POST {{origin}}/x',
        'Content-Type: application/json',
        '',
        '<@ tpl/{{version}}.json',
      ]);
      assert.equal(only(received, results).body.toString(), '{"user": "ann", "n": 5}');
    });
  });
});

describe('multipart boundary check at plan time', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  const warnings = (lines: readonly string[]) =>
    ws
      .plan(lines)
      .problems.filter((p) => p.severity === 'warning')
      .map((p) => `${p.range.start.line + 1}: ${p.message}`);

  it('warns when the body never uses the boundary of the Content-Type, or there is none', () => {
    assert.deepEqual(
      warnings([
        'POST http://h/',
        'Content-Type: multipart/form-data; boundary=abc',
        '',
        '--xyz',
        '',
        'v',
        '--xyz--',
      ]),
      ['4: the body has no "--abc" line: the boundary in Content-Type is "abc"'],
    );
    assert.deepEqual(
      warnings(['POST http://h/', 'Content-Type: multipart/form-data', '', '--x', '', 'v', '--x--']),
      [
        '2: multipart Content-Type without a boundary: add `; boundary=…` and use it as `--…` lines in the body',
      ],
    );
  });

  it('accepts a used boundary (quoted or not) and skips a Content-Type with variables', () => {
    assert.deepEqual(
      warnings([
        'POST http://h/',
        'Content-Type: multipart/form-data; boundary="a b"',
        '',
        '--a b',
        '',
        'v',
        '--a b--',
      ]),
      [],
    );
    assert.deepEqual(
      warnings([
        'POST http://h/',
        'Content-Type: multipart/mixed; charset=x; BOUNDARY=q',
        '',
        '--q',
        '',
        'v',
        '--q--',
      ]),
      [],
    );
    assert.deepEqual(
      warnings([
        '@ct = multipart/form-data; boundary=z',
        '',
        'POST http://h/',
        'Content-Type: {{ct}}',
        '',
        '--y',
      ]),
      [],
    );
  });
});
