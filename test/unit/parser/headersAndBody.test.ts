import assert from 'node:assert/strict';
import { codes, diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

describe('parser: headers and body', () => {
  it('reads headers up to the first blank line with exact ranges', () => {
    const request = onlyRequest(
      parse([
        'GET http://h/',
        'Accept:application/json',
        'X-Empty:',
        'X-Trace:  a:b  ',
        '',
        'Not-A-Header: body',
      ]),
    );
    assert.deepEqual(request.headers, [
      { name: 'Accept', value: 'application/json', range: range(1, 0, 1, 23) },
      { name: 'X-Empty', value: '', range: range(2, 0, 2, 8) },
      { name: 'X-Trace', value: 'a:b', range: range(3, 0, 3, 13) },
    ]);
    assert.equal(request.body?.kind === 'inline' ? request.body.text : undefined, 'Not-A-Header: body');
  });

  it('joins an indented continuation of a header value with a space', () => {
    const request = onlyRequest(
      parse(['GET http://h/', 'X-Long: first', '   second', '\tthird', 'Accept: */*']),
    );
    assert.deepEqual(
      request.headers.map((h) => [h.name, h.value]),
      [
        ['X-Long', 'first second third'],
        ['Accept', '*/*'],
      ],
    );
    assert.deepEqual(request.headers[0].range, range(1, 0, 3, 6));
  });

  it('keeps duplicate headers as separate lines for the serializer to merge', () => {
    const request = onlyRequest(parse(['GET http://h/', 'Cookie: a=1', 'Cookie: b=2']));
    assert.deepEqual(
      request.headers.map((h) => h.value),
      ['a=1', 'b=2'],
    );
  });

  it('accepts {{variable}} header names and values', () => {
    const request = onlyRequest(parse(['GET http://h/', '{{authHeader}}: Bearer {{token}}']));
    assert.deepEqual(
      request.headers.map((h) => [h.name, h.value]),
      [['{{authHeader}}', 'Bearer {{token}}']],
    );
    assert.deepEqual(codes(parse(['GET http://h/', '{{authHeader}}: x'])), []);
  });

  it('reports a header line without a colon and keeps the other headers', () => {
    const parsed = parse(['GET http://h/', 'Accept */*', 'X-Ok: 1']);
    assert.deepEqual(
      onlyRequest(parsed).headers.map((h) => h.name),
      ['X-Ok'],
    );
    const error = diagnosticWithCode(parsed, 'header-without-colon');
    assert.equal(error.severity, 'error');
    assert.deepEqual(error.range, range(1, 0, 1, 10));
  });

  it('starts the body at a line that starts like one, without a blank line (httpYac), and says so', () => {
    const parsed = parse(['POST http://h/', 'Content-Type: application/json', '{"a": 1}']);
    const request = onlyRequest(parsed);
    assert.equal(request.headers.length, 1);
    assert.deepEqual(request.body, { kind: 'inline', text: '{"a": 1}', range: range(2, 0, 2, 8) });
    assert.deepEqual(codes(parsed), ['body-without-blank-line']);
    assert.equal(onlyRequest(parse(['POST http://h/', '[1, 2]'])).body?.kind, 'inline');
    // A header whose name is a variable still reads as a header.
    assert.equal(onlyRequest(parse(['GET http://h/', '{{name}}: v'])).headers[0].value, 'v');
  });

  it('trims blank lines around the body and keeps the ones inside', () => {
    const request = onlyRequest(parse(['POST http://h/', '', '', '', 'a', '', '  b  ', '', '', '']));
    assert.deepEqual(request.body, { kind: 'inline', text: 'a\n\n  b  ', range: range(4, 0, 6, 5) });
  });

  it('does not take "###" inside a JSON body for a separator', () => {
    const parsed = parse([
      'POST http://h/',
      'Content-Type: application/json',
      '',
      '{',
      '  "title": "### not a separator ###",',
      '  "x": "#1"',
      '}',
      '### next',
      'GET http://h/next',
    ]);
    assert.equal(parsed.requests.length, 2);
    const body = parsed.requests[0].body;
    assert.equal(
      body?.kind === 'inline' ? body.text : undefined,
      '{\n  "title": "### not a separator ###",\n  "x": "#1"\n}',
    );
    assert.equal(parsed.requests[1].name, 'next');
  });

  it('ends a body at a line starting with ###, even mid-JSON', () => {
    const parsed = parse(['POST http://h/', '', '{', '### oops', '}']);
    const body = parsed.requests[0].body;
    assert.equal(body?.kind === 'inline' ? body.text : undefined, '{');
    // What all tools do: the rest becomes a request of its own, which is flagged as not a URL.
    assert.deepEqual(
      parsed.requests.map((r) => [r.name, r.url]),
      [
        [undefined, 'http://h/'],
        ['oops', '}'],
      ],
    );
    assert.deepEqual(diagnosticWithCode(parsed, 'target-not-a-url').range, range(4, 0, 4, 1));
  });

  it('drops full-line comments in a body with an info diagnostic, keeping inline // text', () => {
    const parsed = parse([
      'POST http://h/',
      '',
      '{',
      '  // the user id',
      '  "id": 1, // trailing is text',
      '# yaml-ish',
      '  "url": "http://x"',
      '}',
    ]);
    const body = onlyRequest(parsed).body;
    assert.equal(
      body?.kind === 'inline' ? body.text : undefined,
      '{\n  "id": 1, // trailing is text\n  "url": "http://x"\n}',
    );
    assert.deepEqual(body?.range, range(2, 0, 7, 1));
    const infos = parsed.diagnostics.filter((d) => d.code === 'comment-in-body');
    assert.deepEqual(
      infos.map((d) => [d.severity, d.range]),
      [
        ['info', range(3, 2, 3, 16)],
        ['info', range(5, 0, 5, 10)],
      ],
    );
  });

  it('keeps unicode in the body unchanged', () => {
    const request = onlyRequest(parse(['POST http://h/', '', '{"name": "Zo\u00eb \u{1F600} \u65e5\u672c"}']));
    assert.equal(
      request.body?.kind === 'inline' ? request.body.text : undefined,
      '{"name": "Zo\u00eb \u{1F600} \u65e5\u672c"}',
    );
    assert.deepEqual(request.body?.range, range(2, 0, 2, 21));
  });

  it('reads a body from a file with `< path`', () => {
    const request = onlyRequest(
      parse(['POST http://h/', 'Content-Type: image/png', '', '< ./images/logo.png  ']),
    );
    assert.deepEqual(request.body, {
      kind: 'file',
      path: './images/logo.png',
      substituteVariables: false,
      range: range(3, 0, 3, 19),
    });
  });

  it('substitutes variables with `<@ path` and takes an encoding from `<@latin1 path`', () => {
    const parsed = parse([
      'POST http://h/a',
      '',
      '<@ ./body.json',
      '###',
      'POST http://h/b',
      '',
      '<@latin1 ./legacy.txt',
    ]);
    assert.deepEqual(parsed.requests[0].body, {
      kind: 'file',
      path: './body.json',
      substituteVariables: true,
      range: range(2, 0, 2, 14),
    });
    assert.deepEqual(parsed.requests[1].body, {
      kind: 'file',
      path: './legacy.txt',
      substituteVariables: true,
      encoding: 'latin1',
      range: range(6, 0, 6, 21),
    });
  });

  it('starts a file body right below the headers even without a blank line', () => {
    const request = onlyRequest(parse(['POST http://h/', 'Content-Type: application/json', '< ./body.json']));
    assert.equal(request.body?.kind, 'file');
    assert.deepEqual(
      request.headers.map((h) => h.name),
      ['Content-Type'],
    );
  });

  it('sends an XML body starting with < as text, and lists the parts of a longer body with < path lines', () => {
    const xml = onlyRequest(parse(['POST http://h/', '', '<root>', '  <a/>', '</root>']));
    assert.equal(xml.body?.kind, 'inline');
    assert.equal(xml.body?.kind === 'inline' && xml.body.parts, undefined);
    const mixed = parse(['POST http://h/', '', '--b', '', '< ./file.bin', '--b--']);
    const body = onlyRequest(mixed).body;
    assert.equal(body?.kind === 'inline' && body.text, '--b\n\n< ./file.bin\n--b--');
    assert.deepEqual(body?.kind === 'inline' && body.parts, [
      { kind: 'text', text: '--b\n', range: range(2, 0, 3, 0) },
      { kind: 'file', path: './file.bin', substituteVariables: false, range: range(4, 0, 4, 12) },
      { kind: 'text', text: '--b--', range: range(5, 0, 5, 5) },
    ]);
    assert.deepEqual(mixed.diagnostics, []);
  });
});
