import assert from 'node:assert/strict';
import { diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

describe('parser: file variables', () => {
  it('reads variables before the first request with name and value ranges', () => {
    const parsed = parse(['@host = http://localhost:8080  ', '@token=abc', '@empty =', '', 'GET {{host}}/x']);
    assert.deepEqual(parsed.variables, [
      {
        name: 'host',
        value: 'http://localhost:8080',
        range: range(0, 0, 0, 29),
        nameRange: range(0, 1, 0, 5),
      },
      { name: 'token', value: 'abc', range: range(1, 0, 1, 10), nameRange: range(1, 1, 1, 6) },
      { name: 'empty', value: '', range: range(2, 0, 2, 8), nameRange: range(2, 1, 2, 6) },
    ]);
    assert.equal(onlyRequest(parsed).url, '{{host}}/x');
  });

  it('reads variables between requests, directly above a request line too', () => {
    const parsed = parse([
      'GET http://h/a',
      '###',
      '@id = 7',
      'GET http://h/items/{{id}}',
      '###',
      '@later = {{id}}{{id}}',
    ]);
    assert.deepEqual(
      parsed.variables.map((v) => [v.name, v.value]),
      [
        ['id', '7'],
        ['later', '{{id}}{{id}}'],
      ],
    );
    assert.deepEqual(
      parsed.requests.map((r) => r.url),
      ['http://h/a', 'http://h/items/{{id}}'],
    );
  });

  it('defines a variable written after a body instead of sending it, with a note', () => {
    const parsed = parse([
      'POST http://h/login',
      '',
      '{"u":"a"}',
      '',
      '@token = {{login.response.body.token}}',
      '',
      '###',
      'GET http://h/me',
    ]);
    const body = parsed.requests[0].body;
    assert.equal(body?.kind === 'inline' ? body.text : undefined, '{"u":"a"}');
    assert.deepEqual(
      parsed.variables.map((v) => v.name),
      ['token'],
    );
    assert.deepEqual(diagnosticWithCode(parsed, 'variable-in-body').range, range(4, 0, 4, 38));
  });

  it('reports a variable line without `=`', () => {
    const parsed = parse(['@host localhost', 'GET http://h/']);
    assert.deepEqual(parsed.variables, []);
    assert.equal(onlyRequest(parsed).url, 'http://h/');
    assert.deepEqual(diagnosticWithCode(parsed, 'invalid-variable').range, range(0, 0, 0, 15));
  });

  it('keeps indented variable definitions with the name range after the @', () => {
    const parsed = parse(['  @base = /api']);
    assert.deepEqual(parsed.variables, [
      { name: 'base', value: '/api', range: range(0, 2, 0, 14), nameRange: range(0, 3, 0, 7) },
    ]);
  });
});
