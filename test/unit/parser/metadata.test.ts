import assert from 'node:assert/strict';
import { parseTimeout } from '../../../src/core/parser/metadata';
import { codes, diagnosticWithCode, onlyRequest, parse, range } from './parserTestHelpers';

describe('parser: metadata above the request line', () => {
  it('reads @no-pipeline, @timeout and keeps other keys in metadata', () => {
    const request = onlyRequest(
      parse([
        '# @no-pipeline',
        '// @timeout 500ms',
        '# @no-redirect',
        '# @note  check the cache  ',
        'GET http://h/',
      ]),
    );
    assert.equal(request.noPipeline, true);
    assert.equal(request.timeoutMs, 500);
    assert.deepEqual(
      request.metadata.map((m) => [m.key, m.value]),
      [
        ['no-pipeline', ''],
        ['timeout', '500ms'],
        ['no-redirect', ''],
        ['note', 'check the cache'],
      ],
    );
    assert.deepEqual(request.metadata[3].range, range(3, 0, 3, 24));
  });

  it("reads JetBrains' @no-cookie-jar for its own request only, warning about a value", () => {
    const parsed = parse([
      '# @no-cookie-jar',
      'GET http://h/a',
      '###',
      '# @no-cookie-jar yes',
      'GET http://h/b',
      '###',
      'GET http://h/c',
    ]);
    assert.deepEqual(
      parsed.requests.map((r) => r.noCookieJar),
      [true, true, undefined],
    );
    assert.deepEqual(codes(parsed), ['invalid-metadata']);
  });

  it('has no metadata, no timeout and pipelining allowed by default', () => {
    const request = onlyRequest(parse(['GET http://h/']));
    assert.equal(request.noPipeline, false);
    assert.equal(request.timeoutMs, undefined);
    assert.deepEqual(request.metadata, []);
  });

  it('ignores metadata below the request line, with an info diagnostic', () => {
    const parsed = parse(['GET http://h/', '# @no-pipeline', 'Accept: */*', '', 'body', '# @timeout 5s']);
    const request = onlyRequest(parsed);
    assert.equal(request.noPipeline, false);
    assert.equal(request.timeoutMs, undefined);
    assert.deepEqual(request.metadata, []);
    assert.deepEqual(
      request.headers.map((h) => h.name),
      ['Accept'],
    );
    const infos = parsed.diagnostics.filter((d) => d.code === 'metadata-after-request-line');
    assert.deepEqual(
      infos.map((d) => d.range),
      [range(1, 0, 1, 14), range(5, 0, 5, 13)],
    );
  });

  it('applies metadata only to the request of its own block', () => {
    const parsed = parse(['# @no-pipeline', 'GET http://h/a', '###', 'GET http://h/b']);
    assert.deepEqual(
      parsed.requests.map((r) => r.noPipeline),
      [true, false],
    );
  });

  it('parses timeouts in ms, s and m, and reads a bare number as seconds with a note', () => {
    assert.deepEqual(parseTimeout('500ms'), { ms: 500, unitWritten: true });
    assert.deepEqual(parseTimeout('5s'), { ms: 5000, unitWritten: true });
    assert.deepEqual(parseTimeout('2m'), { ms: 120_000, unitWritten: true });
    assert.deepEqual(parseTimeout('1.5 S'), { ms: 1500, unitWritten: true });
    assert.deepEqual(parseTimeout('30'), { ms: 30_000, unitWritten: false });
    const parsed = parse(['# @timeout 30', 'GET http://h/']);
    assert.equal(onlyRequest(parsed).timeoutMs, 30_000);
    const info = diagnosticWithCode(parsed, 'timeout-unit-assumed');
    assert.equal(info.severity, 'info');
    assert.deepEqual(info.range, range(0, 11, 0, 13));
  });

  it('rejects bad timeouts with a warning on the value and sets no timeout', () => {
    for (const bad of ['soon', '0s', '-1s', '5h', '']) assert.equal(parseTimeout(bad), undefined, bad);
    const parsed = parse(['# @timeout = soon', 'GET http://h/']);
    assert.equal(onlyRequest(parsed).timeoutMs, undefined);
    const warning = diagnosticWithCode(parsed, 'invalid-metadata');
    assert.equal(warning.severity, 'warning');
    assert.deepEqual(warning.range, range(0, 13, 0, 17));
    assert.deepEqual(codes(parse(['# @timeout', 'GET http://h/'])), ['invalid-metadata']);
  });

  it('warns about an empty @name and a value on @no-pipeline', () => {
    const parsed = parse(['# @name', '# @no-pipeline yes', 'GET http://h/']);
    assert.equal(onlyRequest(parsed).name, undefined);
    assert.equal(onlyRequest(parsed).noPipeline, true);
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.code, d.range]),
      [
        ['invalid-metadata', range(0, 0, 0, 7)],
        ['invalid-metadata', range(1, 15, 1, 18)],
      ],
    );
  });
});
