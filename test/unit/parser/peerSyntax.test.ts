// The syntax of httpYac, JetBrains and Kulala beyond REST Client's: request boundaries without
// `###`, scripts kept out of requests, block comments, GraphQL fragments, import/run directives,
// saving responses, and httpYac's metadata.

import assert from 'node:assert/strict';
import { codes, diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

const methodsAndUrls = (lines: string[]) => parse(lines).requests.map((r) => `${r.method} ${r.url}`);

describe('parser: httpYac, JetBrains and Kulala syntax', () => {
  it('starts a request at an upper-case request line without ### (httpYac), bodies in between', () => {
    const parsed = parse([
      'GET /a',
      '',
      'POST /b',
      '',
      '{"x": 1}',
      '',
      'PUT /c',
      'Accept: */*',
      '',
      'DELETE /d',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => [r.method, r.url, r.body?.kind === 'inline' ? r.body.text : undefined]),
      [
        ['GET', '/a', undefined],
        ['POST', '/b', '{"x": 1}'],
        ['PUT', '/c', undefined],
        ['DELETE', '/d', undefined],
      ],
    );
    assert.equal(parsed.requests[2].headers[0].name, 'Accept');
  });

  it('gives the comment and metadata lines right above such a request line to that request', () => {
    const parsed = parse(['GET /a', '', '# @name second', '// about it', 'GET /b']);
    assert.deepEqual(
      parsed.requests.map((r) => r.name),
      [undefined, 'second'],
    );
    assert.deepEqual(parsed.requests[1].range, range(2, 0, 4, 6));
    assert.deepEqual(codes(parsed), []);
  });

  it('keeps lower-case or method-less lines in a body as body text', () => {
    const request = onlyRequest(parse(['POST /a', '', 'get /b', '/c']));
    assert.deepEqual(request.body?.kind === 'inline' && request.body.text, 'get /b\n/c');
  });

  it('ignores a pasted response up to the next request line, not to the end of the block', () => {
    const parsed = parse([
      'GET /a',
      '',
      'HTTP/1.1 200 OK',
      'content-type: text/plain',
      '',
      'x',
      '',
      'GET /b',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.url),
      ['/a', '/b'],
    );
    assert.deepEqual(diagnosticWithCode(parsed, 'pasted-response').range, range(2, 0, 5, 1));
  });

  it('keeps httpYac {{ }} script blocks as scripts: pre above the request line, post below', () => {
    const parsed = parse([
      '{{',
      '  exports.a = 1;',
      '}}',
      'GET /a',
      '',
      '{{',
      '  test();',
      '}}',
      '',
      'GET /b',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.url),
      ['/a', '/b'],
    );
    const [request] = parsed.requests;
    assert.equal(request.body, undefined);
    assert.deepEqual(
      request.scripts.map((s) => [s.phase, s.dialect, s.source, s.range]),
      [
        ['pre', 'httpyac', { kind: 'inline', text: '\n  exports.a = 1;' }, range(0, 0, 2, 2)],
        ['post', 'httpyac', { kind: 'inline', text: '\n  test();' }, range(5, 0, 7, 2)],
      ],
    );
  });

  it('keeps a one-line {{ expression }} in a body as body text', () => {
    const request = onlyRequest(parse(['POST /a', '', '{{JSON.stringify(one)}}']));
    assert.deepEqual(request.scripts, []);
    assert.equal(request.body?.kind === 'inline' && request.body.text, '{{JSON.stringify(one)}}');
  });

  it('keeps JetBrains handler scripts and file handlers, and a request after them', () => {
    const parsed = parse([
      'POST /a',
      '',
      'x=1',
      '',
      '> ./handler.js',
      '',
      'POST /b',
      '',
      '> {% client.log(1); %}',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.scripts.map((s) => s.source)),
      [[{ kind: 'file', path: './handler.js' }], [{ kind: 'inline', text: ' client.log(1); ' }]],
    );
    assert.equal(parsed.requests[0].body?.kind === 'inline' && parsed.requests[0].body.text, 'x=1');
  });

  it('reads >> and >>! as saving the response body', () => {
    const request = onlyRequest(parse(['GET /a', '', '>> ./out.json', '>>! ./always.json']));
    assert.deepEqual(request.saves, [
      { path: './out.json', overwrite: false, range: range(2, 0, 2, 13) },
      { path: './always.json', overwrite: true, range: range(3, 0, 3, 17) },
    ]);
    assert.equal(request.body, undefined);
  });

  it('skips /* */ block comments (httpYac), on one line or several', () => {
    assert.deepEqual(methodsAndUrls(['/*', '  download xml', '*/', 'GET /xml']), ['GET /xml']);
    assert.deepEqual(methodsAndUrls(['/* one line */', 'GET /xml']), ['GET /xml']);
  });

  it('skips a GraphQL fragment above a request (httpYac) and says it is not added to the query', () => {
    const parsed = parse(['fragment Parts on Repository {', '  name', '}', '', 'POST https://h/graphql']);
    assert.deepEqual(methodsAndUrls(['fragment Parts on Repository {', '  name', '}', 'POST /g']), [
      'POST /g',
    ]);
    assert.deepEqual(diagnosticWithCode(parsed, 'graphql-fragment-ignored').range, range(0, 0, 2, 1));
  });

  it('reads import and run directives (JetBrains, Kulala) with their places and overrides', () => {
    const parsed = parse([
      'import ./shared.http',
      '',
      '### Second',
      'run ./other.http',
      'run #Request 1 (@host=example.com, @user = me)',
      'GET /b',
      '###',
      'run #Second',
    ]);
    assert.deepEqual(parsed.imports, [
      { path: './shared.http', range: range(0, 0, 0, 20), pathRange: range(0, 7, 0, 20) },
    ]);
    assert.deepEqual(
      parsed.runs.map((r) => [r.target, r.overrides, r.targetRange, r.beforeRequest, r.afterRequests]),
      [
        [{ kind: 'file', path: './other.http' }, {}, range(3, 4, 3, 16), 0, 0],
        [
          { kind: 'request', name: 'Request 1' },
          { host: 'example.com', user: 'me' },
          range(4, 5, 4, 14),
          0,
          0,
        ],
        [{ kind: 'request', name: 'Second' }, {}, range(7, 5, 7, 11), undefined, 1],
      ],
    );
    assert.deepEqual(methodsAndUrls(['run #x', 'GET /b']), ['GET /b']);
  });

  it('reads httpYac metadata with effect: @title, @description, @disabled, @ref, @forceRef, @loop, @import', () => {
    const parsed = parse([
      '# @import ./ref.http',
      '# @title Get it',
      '# @description first line',
      '# @disabled',
      '# @ref login',
      '// @forceRef token',
      '# @loop for 3',
      'GET /a',
      '###',
      '# @loop for item of items',
      'GET /b?i={{item}}',
    ]);
    const [first, second] = parsed.requests;
    assert.equal(first.title, 'Get it');
    assert.equal(first.description, 'first line');
    assert.equal(first.disabled, true);
    assert.deepEqual(
      first.refs?.map((r) => [r.name, r.force]),
      [
        ['login', false],
        ['token', true],
      ],
    );
    assert.deepEqual(first.loop, { kind: 'count', count: 3, range: range(6, 8, 6, 13) });
    assert.deepEqual(second.loop, {
      kind: 'each',
      variable: 'item',
      list: 'items',
      range: range(9, 8, 9, 25),
    });
    assert.deepEqual(parsed.imports, [
      { path: './ref.http', range: range(0, 0, 0, 20), pathRange: range(0, 10, 0, 20) },
    ]);
    assert.deepEqual(codes(parsed), []);
  });

  it('reads a # @import in a block without a request (httpYac global region)', () => {
    const parsed = parse(['# @import ./ref.http', '', '###', 'GET /a']);
    assert.deepEqual(
      parsed.imports.map((i) => i.path),
      ['./ref.http'],
    );
  });

  it('reads @prompt name and description (REST Client, Kulala)', () => {
    const request = onlyRequest(parse(['# @prompt password Your password', '# @prompt otp', 'GET /a']));
    assert.deepEqual(request.prompts, [
      { name: 'password', description: 'Your password', range: range(0, 10, 0, 32) },
      { name: 'otp', range: range(1, 10, 1, 13) },
    ]);
  });

  it('says which metadata has no effect in httpipe instead of ignoring it silently', () => {
    const parsed = parse(['# @jwt token', '# @note', '# @loop while x < 3', 'GET /a']);
    assert.deepEqual(codes(parsed), [
      'metadata-without-effect',
      'metadata-without-effect',
      'invalid-metadata',
    ]);
    assert.match(parsed.diagnostics[0].message, /@jwt has no effect in httpipe/);
    assert.match(parsed.diagnostics[1].message, /without asking for confirmation/);
  });

  it('does not warn about spaces in a URL continued over lines (sent percent-encoded)', () => {
    const parsed = parse(['GET http://h:8080', ' /api', ' ?id=123', ' &value=some "longer" content']);
    assert.equal(onlyRequest(parsed).url, 'http://h:8080/api?id=123&value=some "longer" content');
    assert.deepEqual(codes(parsed), []);
    assert.deepEqual(codes(parse(['GET http://h/a b'])), ['target-contains-space']);
  });
});
