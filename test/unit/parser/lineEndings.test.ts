import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { file } from './parserTestHelpers';

const SAMPLE = [
  '@host = http://localhost:8080',
  '### create',
  '# @timeout 2s',
  'POST {{host}}/items HTTP/1.1',
  'Content-Type: application/json',
  'X-Long: a',
  '  b',
  '',
  '{',
  '  // note',
  '  "a": 1',
  '}',
  '',
  '###',
  'GET {{host}}/items',
  '    ?page=2',
];

/** Drops the one field that legitimately differs, so the rest must match exactly. */
function withoutBodies(parsed: ReturnType<typeof parseHttpFile>) {
  return {
    ...parsed,
    lineEnding: undefined,
    requests: parsed.requests.map((r) => ({ ...r, body: r.body?.range })),
  };
}

describe('parser: line endings', () => {
  it('parses a CRLF file exactly like the LF one, with no stray \\r in any value', () => {
    const lf = parseHttpFile(file(SAMPLE, '\n'));
    const crlf = parseHttpFile(file(SAMPLE, '\r\n'));
    assert.deepEqual(withoutBodies(crlf), withoutBodies(lf));
    assert.equal(lf.lineEnding, '\n');
    assert.equal(crlf.lineEnding, '\r\n');
    assert.equal(JSON.stringify({ ...withoutBodies(crlf) }).includes('\\r'), false);
    assert.equal(crlf.requests[0].headers[1].value, 'a b');
    assert.equal(crlf.requests[1].url, '{{host}}/items?page=2');
  });

  it("keeps the file's line endings inside a body", () => {
    const lfBody = parseHttpFile(file(SAMPLE, '\n')).requests[0].body;
    const crlfBody = parseHttpFile(file(SAMPLE, '\r\n')).requests[0].body;
    assert.equal(lfBody?.kind === 'inline' ? lfBody.text : undefined, '{\n  "a": 1\n}');
    assert.equal(crlfBody?.kind === 'inline' ? crlfBody.text : undefined, '{\r\n  "a": 1\r\n}');
  });

  it("keeps each line's own ending in a mixed file and reports the dominant one", () => {
    const parsed = parseHttpFile('POST http://h/\r\n\r\na\nb\r\nc\r\n');
    const body = parsed.requests[0].body;
    assert.equal(body?.kind === 'inline' ? body.text : undefined, 'a\nb\r\nc');
    assert.equal(parsed.lineEnding, '\r\n');
  });

  it('splits lines at a lone CR as well', () => {
    const parsed = parseHttpFile('GET http://h/\rAccept: x\r');
    assert.deepEqual(
      parsed.requests[0].headers.map((h) => [h.name, h.value]),
      [['Accept', 'x']],
    );
  });

  it('ignores a byte order mark so line 0 columns match the editor', () => {
    const parsed = parseHttpFile('\uFEFFGET http://h/ HTTP/2');
    assert.equal(parsed.requests[0].method, 'GET');
    assert.deepEqual(parsed.requests[0].requestLineRange.start, { line: 0, character: 0 });
    assert.deepEqual(parsed.diagnostics[0].range.start, { line: 0, character: 14 });
  });
});
