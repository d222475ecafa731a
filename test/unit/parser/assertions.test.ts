import assert from 'node:assert/strict';
import { codes, diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

describe('parser: `??` assertion lines', () => {
  it('collects assertions after the body, among the headers and right below the request line, in file order', () => {
    const request = onlyRequest(
      parse([
        'POST http://h/items',
        '?? status == 201',
        'Content-Type: application/json',
        '?? header content-type contains json',
        '',
        '{"a": 1}',
        '',
        '?? body $.id exists',
        '  ?? duration < 500',
      ]),
    );
    assert.deepEqual(
      request.assertions?.map((a) => a.text),
      ['status == 201', 'header content-type contains json', 'body $.id exists', 'duration < 500'],
    );
    assert.equal(request.url, 'http://h/items', 'a `??` line is not a query continuation');
    assert.deepEqual(
      request.headers.map((h) => h.name),
      ['Content-Type'],
    );
    assert.deepEqual(request.body, { kind: 'inline', text: '{"a": 1}', range: range(5, 0, 5, 8) });
    assert.deepEqual(request.assertions?.[3].range, range(8, 2, 8, 19));
    assert.deepEqual(request.assertions?.[3].textRange, range(8, 5, 8, 19));
    assert.deepEqual(request.range, range(0, 0, 8, 19), 'the request block reaches its last assertion');
  });

  it('keeps assertions out of a body they are written in the middle of', () => {
    const request = onlyRequest(
      parse(['POST http://h/', '', 'line one', '?? body contains one', 'line two']),
    );
    assert.equal(request.body?.kind === 'inline' && request.body.text, 'line one\nline two');
    assert.equal(request.assertions?.length, 1);
  });

  it('gives each request its own assertions and leaves the field out when there are none', () => {
    const parsed = parse([
      'GET http://h/a',
      '?? status == 200',
      '###',
      'GET http://h/b',
      '###',
      'GET http://h/c',
      '',
      '?? status == 404',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.assertions?.map((a) => a.text)),
      [['status == 200'], undefined, ['status == 404']],
    );
    assert.equal('assertions' in parsed.requests[1], false);
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('reports a mistake in an assertion as an error on its exact words', () => {
    const parsed = parse(['GET http://h/', '?? status is 200', '?? header', '??']);
    assert.deepEqual(codes(parsed), ['invalid-assertion', 'invalid-assertion', 'invalid-assertion']);
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.severity, d.range]),
      [
        ['error', range(1, 10, 1, 12)],
        ['error', range(2, 3, 2, 9)],
        ['error', range(3, 2, 3, 2)],
      ],
    );
    assert.match(parsed.diagnostics[0].message, /"is" is not an operator/);
    assert.equal(onlyRequest(parsed).assertions?.length, 3, 'invalid lines stay, so the run can fail them');
  });

  it('says an assertion above the request line belongs below it', () => {
    const parsed = parse(['?? status == 200', 'GET http://h/']);
    assert.deepEqual(diagnosticWithCode(parsed, 'assertion-above-request-line').range, range(0, 0, 0, 16));
    assert.equal(onlyRequest(parsed).assertions, undefined);
  });

  it('still reads `?a=1` and `&b=2` lines as query continuations', () => {
    const request = onlyRequest(parse(['GET http://h/x', '?a=1', '&b=2']));
    assert.equal(request.url, 'http://h/x?a=1&b=2');
    assert.equal(request.assertions, undefined);
  });
});
