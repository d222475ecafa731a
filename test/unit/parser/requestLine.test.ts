import assert from 'node:assert/strict';
import { codes, diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

describe('parser: request line', () => {
  it('defaults the method to GET and keeps the target as written', () => {
    const request = onlyRequest(parse(['https://example.com/a?b=1']));
    assert.equal(request.method, 'GET');
    assert.equal(request.url, 'https://example.com/a?b=1');
    assert.equal(request.httpVersion, undefined);
  });

  it('upper-cases methods written in any case, WebDAV ones included', () => {
    const parsed = parse([
      'post http://h/a',
      '###',
      'Propfind http://h/dav/',
      '###',
      'mkcol http://h/dav/new',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.method),
      ['POST', 'PROPFIND', 'MKCOL'],
    );
    assert.deepEqual(
      parsed.requests.map((r) => r.url),
      ['http://h/a', 'http://h/dav/', 'http://h/dav/new'],
    );
  });

  it('accepts an unknown method only when written in upper case', () => {
    const parsed = parse(['PURGE http://h/cache', '###', 'localhost:8080/x']);
    assert.equal(parsed.requests[0].method, 'PURGE');
    assert.equal(parsed.requests[0].url, 'http://h/cache');
    assert.equal(parsed.requests[1].method, 'GET');
    assert.equal(parsed.requests[1].url, 'localhost:8080/x');
  });

  it('splits off HTTP/1.1 and records the request line range', () => {
    const request = onlyRequest(parse(['', '  DELETE http://h/items/7 HTTP/1.1  ']));
    assert.equal(request.method, 'DELETE');
    assert.equal(request.url, 'http://h/items/7');
    assert.equal(request.httpVersion, 'HTTP/1.1');
    assert.deepEqual(request.requestLineRange, range(1, 2, 1, 34));
  });

  it('keeps HTTP/2 with a note that the request goes over HTTP/2 in every mode, pointing at the version', () => {
    const parsed = parse(['GET https://h/x HTTP/2']);
    assert.equal(onlyRequest(parsed).httpVersion, 'HTTP/2');
    const note = diagnosticWithCode(parsed, 'http2-request');
    assert.equal(note.severity, 'info');
    assert.match(note.message, /HTTP\/2 in every mode/);
    assert.deepEqual(note.range, range(0, 16, 0, 22));
  });

  it("reads JetBrains' HTTP/2 (Prior Knowledge) and httpYac's HTTP/2.0 as HTTP/2", () => {
    const jetbrains = parse(['GET http://h/x HTTP/2 (Prior Knowledge)']);
    assert.equal(onlyRequest(jetbrains).url, 'http://h/x');
    assert.equal(onlyRequest(jetbrains).httpVersion, 'HTTP/2 (Prior Knowledge)');
    assert.deepEqual(diagnosticWithCode(jetbrains, 'http2-request').range, range(0, 15, 0, 39));
    assert.equal(onlyRequest(parse(['GET http://h/x HTTP/2.0'])).httpVersion, 'HTTP/2.0');
    assert.deepEqual(codes(parse(['GET http://h/x HTTP/2.0'])), ['http2-request']);
  });

  it('does not warn about HTTP/1.0 and warns about HTTP/3', () => {
    assert.deepEqual(codes(parse(['GET http://h/ HTTP/1.0'])), []);
    assert.deepEqual(codes(parse(['GET http://h/ HTTP/3'])), ['unsupported-http-version']);
  });

  it('reports a method without a URL as an error and makes no request of it', () => {
    const parsed = parse(['### broken', 'GET', 'Accept: */*', '###', 'GET http://h/ok']);
    assert.equal(parsed.requests.length, 1);
    assert.equal(parsed.requests[0].url, 'http://h/ok');
    assert.equal(parsed.requests[0].index, 0);
    const error = diagnosticWithCode(parsed, 'request-line-missing-target');
    assert.equal(error.severity, 'error');
    assert.deepEqual(error.range, range(1, 0, 1, 3));
  });

  it('warns that JetBrains GRPC / WEBSOCKET / GRAPHQL request types cannot be sent', () => {
    const parsed = parse([
      'GRPC localhost:9090/pkg.Service/Method',
      '###',
      'WEBSOCKET ws://h/chat',
      '###',
      'GET http://h/',
    ]);
    const warnings = parsed.diagnostics.filter((d) => d.code === 'unsupported-request-type');
    assert.deepEqual(
      warnings.map((d) => d.range),
      [range(0, 0, 0, 4), range(2, 0, 2, 9)],
    );
    assert.deepEqual(
      parsed.requests.map((r) => r.method),
      ['GRPC', 'WEBSOCKET', 'GET'],
    );
  });

  it('keeps IPv6 literal hosts intact', () => {
    const request = onlyRequest(parse(['GET http://[::1]:8080/x HTTP/1.1']));
    assert.equal(request.url, 'http://[::1]:8080/x');
    assert.equal(request.httpVersion, 'HTTP/1.1');
  });

  it('keeps an origin-form target and its Host header for the URL builder', () => {
    const request = onlyRequest(parse(['GET /path?q=1 HTTP/1.1', 'Host: example.com:8080']));
    assert.equal(request.url, '/path?q=1');
    assert.deepEqual(
      request.headers.map((h) => [h.name, h.value]),
      [['Host', 'example.com:8080']],
    );
  });

  it('keeps a scheme-less target as written', () => {
    const request = onlyRequest(parse(['POST example.com/path']));
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'example.com/path');
  });

  it('parses OPTIONS * as an asterisk-form target', () => {
    const request = onlyRequest(parse(['OPTIONS * HTTP/1.1', 'Host: localhost']));
    assert.equal(request.method, 'OPTIONS');
    assert.equal(request.url, '*');
  });

  it('joins indented continuation lines (JetBrains) without line breaks', () => {
    const parsed = parse([
      'GET http://h/api',
      '    /get',
      '    ?id=123',
      '    &value=content HTTP/1.1',
      'Accept: x',
    ]);
    const request = onlyRequest(parsed);
    assert.equal(request.url, 'http://h/api/get?id=123&value=content');
    assert.equal(request.httpVersion, 'HTTP/1.1');
    assert.deepEqual(request.requestLineRange, range(0, 0, 0, 16));
    assert.deepEqual(
      request.headers.map((h) => h.name),
      ['Accept'],
    );
  });

  it('joins `?` and `&` lines (REST Client) and keeps {{variables}} unresolved', () => {
    const request = onlyRequest(
      parse(['GET {{host}}/search', '?q={{ term }}', '&page=2', '', 'ignored body? no, body']),
    );
    assert.equal(request.url, '{{host}}/search?q={{ term }}&page=2');
    assert.equal(request.body?.kind, 'inline');
  });

  it('warns about a space in the URL outside {{…}}', () => {
    const parsed = parse(['GET http://h/a b']);
    assert.deepEqual(codes(parsed), ['target-contains-space']);
    assert.deepEqual(codes(parse(['GET http://h/{{ a b }}'])), []);
  });

  it('keeps non-ASCII URLs as written, with UTF-16 columns', () => {
    const parsed = parse(['GET http://h/caf\u00e9/\u{1F600} HTTP/2']);
    assert.equal(onlyRequest(parsed).url, 'http://h/caf\u00e9/\u{1F600}');
    // The emoji is two UTF-16 code units, as VS Code counts columns.
    assert.deepEqual(diagnosticWithCode(parsed, 'http2-request').range, range(0, 21, 0, 27));
  });
});
