import assert from 'node:assert/strict';
import { codes, diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

describe('parser: blocks, names and ranges', () => {
  it('splits requests at ### lines and numbers them in order', () => {
    const parsed = parse(['GET http://h/1', '###', 'GET http://h/2', '', '###', 'GET http://h/3']);
    assert.deepEqual(
      parsed.requests.map((r) => [r.index, r.url]),
      [
        [0, 'http://h/1'],
        [1, 'http://h/2'],
        [2, 'http://h/3'],
      ],
    );
  });

  it('skips empty blocks silently', () => {
    const parsed = parse(['###', '', '###', '# only a comment', '###', 'GET http://h/x', '###', '', '']);
    assert.equal(onlyRequest(parsed).url, 'http://h/x');
    assert.equal(onlyRequest(parsed).index, 0);
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('finds no request and no diagnostic in a file of only comments', () => {
    const parsed = parse(['# just notes', '// more notes', '#', '', '### a heading', '# @name orphan']);
    assert.deepEqual(parsed.requests, []);
    assert.deepEqual(parsed.variables, []);
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('handles the empty file', () => {
    const parsed = parse(['']);
    assert.deepEqual(parsed, {
      requests: [],
      variables: [],
      imports: [],
      runs: [],
      diagnostics: [],
      lineEnding: '\n',
    });
  });

  it('names a request from the text after ###, and @name wins over it', () => {
    const parsed = parse([
      '### Get users',
      'GET http://h/users',
      '### Create user',
      '# @name create',
      'POST http://h/users',
      '#### ',
      'GET http://h/unnamed',
      '### Delete',
      '// @name = remove',
      'DELETE http://h/users/1',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.name),
      ['Get users', 'create', undefined, 'remove'],
    );
    assert.deepEqual(parsed.requests[0].nameRange, range(0, 4, 0, 13));
    assert.deepEqual(parsed.requests[1].nameRange, range(3, 8, 3, 14));
    assert.deepEqual(parsed.requests[3].nameRange, range(8, 11, 8, 17));
  });

  it('warns about a second request with the same @name, at the second name', () => {
    const parsed = parse([
      '# @name login',
      'POST http://h/a',
      '### login',
      '# @name login',
      'POST http://h/b',
    ]);
    const warning = diagnosticWithCode(parsed, 'duplicate-name');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /"login" is already used on line 2/);
    assert.deepEqual(warning.range, range(3, 8, 3, 13));
  });

  it('allows repeated ### titles (JetBrains, Kulala): they are headings, not unique names', () => {
    const parsed = parse(['### login', 'POST http://h/a', '### login', 'POST http://h/b']);
    assert.deepEqual(
      parsed.requests.map((r) => [r.name, r.nameSource]),
      [
        ['login', 'separator'],
        ['login', 'separator'],
      ],
    );
    assert.deepEqual(codes(parsed), []);
  });

  it('uses the first of two @name lines in one block and warns about the second', () => {
    const parsed = parse(['# @name a', '# @name b', 'GET http://h/']);
    assert.equal(onlyRequest(parsed).name, 'a');
    assert.deepEqual(diagnosticWithCode(parsed, 'multiple-names').range, range(1, 8, 1, 9));
  });

  it('covers the named ### line, comments, request, headers and body in the block range', () => {
    const parsed = parse([
      'GET http://h/first', // 0
      '',
      '### second', // 2
      '# what it does', // 3
      'POST http://h/second', // 4
      'Content-Type: text/plain', // 5
      '',
      'hello', // 7
      '',
      '',
    ]);
    const second = parsed.requests[1];
    assert.deepEqual(second.range, range(2, 0, 7, 5));
    assert.deepEqual(second.requestLineRange, range(4, 0, 4, 20));
    assert.deepEqual(parsed.requests[0].range, range(0, 0, 0, 18));
  });

  it('starts an unnamed block range at its first comment line, not at variables above it', () => {
    const parsed = parse(['###', '# the host', '@host = h', '', '  # fetch it', 'GET http://{{host}}/']);
    assert.deepEqual(onlyRequest(parsed).range, range(4, 2, 5, 20));
  });

  it('ends a request without a blank line before EOF', () => {
    const parsed = parse(['POST http://h/x', 'Content-Type: application/json', '', '{"a":1}']);
    const request = onlyRequest(parsed);
    assert.deepEqual(request.body, { kind: 'inline', text: '{"a":1}', range: range(3, 0, 3, 7) });
    assert.deepEqual(request.range, range(0, 0, 3, 7));
  });

  it('stops the request at a pasted response and says so', () => {
    const parsed = parse([
      'GET http://h/x',
      'Accept: */*',
      'HTTP/1.1 200 OK',
      'Content-Type: text/plain',
      '',
      'hi',
      '###',
      'GET http://h/y',
    ]);
    assert.deepEqual(
      parsed.requests[0].headers.map((h) => h.name),
      ['Accept'],
    );
    assert.equal(parsed.requests[0].body, undefined);
    assert.equal(parsed.requests[1].url, 'http://h/y');
    const info = diagnosticWithCode(parsed, 'pasted-response');
    assert.equal(info.severity, 'info');
    assert.deepEqual(info.range, range(2, 0, 5, 2));
  });

  it('stops a body at a pasted response too', () => {
    const parsed = parse(['POST http://h/x', '', 'ping', '', 'HTTP/1.1 201 Created', 'Location: /x/1']);
    assert.deepEqual(onlyRequest(parsed).body, { kind: 'inline', text: 'ping', range: range(2, 0, 2, 4) });
    assert.deepEqual(codes(parsed), ['pasted-response']);
  });

  it('reads a JetBrains pre-request script above the request line into the request', () => {
    const parsed = parse(['< {%', '  request.variables.set("a", "1")', '%}', 'GET http://h/{{a}}']);
    const request = onlyRequest(parsed);
    assert.equal(request.url, 'http://h/{{a}}');
    assert.deepEqual(request.scripts, [
      {
        phase: 'pre',
        dialect: 'jetbrains',
        source: { kind: 'inline', text: '\n  request.variables.set("a", "1")\n' },
        range: range(0, 0, 2, 2),
      },
    ]);
    assert.deepEqual(codes(parsed), []);
  });

  it('ends a body at a response handler, reads the handler and keeps the >> save apart', () => {
    const parsed = parse([
      'POST http://h/x',
      '',
      '{"a":1}',
      '',
      '> {%',
      '  client.test("ok", () => {});',
      '%}',
      '>> out.json',
    ]);
    const request = onlyRequest(parsed);
    assert.deepEqual(request.body, { kind: 'inline', text: '{"a":1}', range: range(2, 0, 2, 7) });
    assert.deepEqual(request.scripts, [
      {
        phase: 'post',
        dialect: 'jetbrains',
        source: { kind: 'inline', text: '\n  client.test("ok", () => {});\n' },
        range: range(4, 0, 6, 2),
      },
    ]);
    assert.deepEqual(request.saves, [{ path: 'out.json', overwrite: false, range: range(7, 0, 7, 11) }]);
    assert.deepEqual(codes(parsed), []);
  });

  it('reads one-line and file scripts of both phases', () => {
    const parsed = parse(['< ./pre.js', 'GET http://h/', '', '> {% client.log(1) %}', '> ./after.js']);
    assert.deepEqual(
      onlyRequest(parsed).scripts.map((s) => [s.phase, s.source]),
      [
        ['pre', { kind: 'file', path: './pre.js' }],
        ['post', { kind: 'inline', text: ' client.log(1) ' }],
        ['post', { kind: 'file', path: './after.js' }],
      ],
    );
  });

  it('gives a file-level httpYac block (no request in its block) to the next request', () => {
    const parsed = parse(['{{', '  exports.a = 1;', '}}', '', '###', 'GET http://h/{{a}}']);
    assert.deepEqual(
      onlyRequest(parsed).scripts.map((s) => [s.phase, s.range]),
      [['pre', range(0, 0, 2, 2)]],
    );
  });

  it('reports a script without its end', () => {
    const parsed = parse(['GET http://h/', '', '> {%', 'client.log(1)']);
    assert.deepEqual(diagnosticWithCode(parsed, 'script-not-closed').range, range(2, 0, 3, 13));
    const httpYac = parse(['GET http://h/', '', '{{', '  exports.a = 1;']);
    assert.deepEqual(diagnosticWithCode(httpYac, 'script-not-closed').range, range(2, 0, 3, 16));
  });

  it('says when a file-level httpYac block has no request after it', () => {
    const parsed = parse(['GET http://h/', '', '###', '{{', '  exports.a = 1;', '}}']);
    assert.deepEqual(onlyRequest(parsed).scripts, []);
    assert.deepEqual(diagnosticWithCode(parsed, 'script-without-request').range, range(3, 0, 5, 2));
  });

  it('gives the scripts around a request that starts without ### (httpYac) to that request', () => {
    const parsed = parse(['GET http://h/a', '', '{{', '  exports.a = 1;', '}}', 'GET http://h/{{a}}']);
    assert.deepEqual(
      parsed.requests.map((r) => r.scripts.map((s) => s.phase)),
      [['post'], []],
    );
    assert.deepEqual(codes(parsed), []);
  });
});
