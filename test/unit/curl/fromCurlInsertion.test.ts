// Where a pasted curl block lands: the result is parsed back with the real parser, so a block that
// merged into its neighbour would show up as a wrong request count or a changed request.
import assert from 'node:assert/strict';
import { curlBlockInsertion } from '../../../src/core/curl/curlBlockInsertion';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';

const BLOCK = 'POST http://h/new\nContent-Type: text/plain\n\nhi\n';

function paste(text: string, cursorLine: number): string {
  const { offset, text: inserted } = curlBlockInsertion(text, cursorLine, BLOCK);
  return text.slice(0, offset) + inserted + text.slice(offset);
}

function requests(text: string): string[] {
  return parseHttpFile(text).requests.map(
    (r) => `${r.method} ${r.url}${r.body?.kind === 'inline' ? ` [${r.body.text}]` : ''}`,
  );
}

describe('curlBlockInsertion', () => {
  it('into an empty file: the block after a ### line', () => {
    assert.equal(paste('', 0), `###\n${BLOCK}`);
  });

  it('with the cursor inside a request: after that request, which stays whole', () => {
    const text = 'GET http://h/a\nAccept: x\n\nbody a\n\n###\nGET http://h/b\n';
    const result = paste(text, 1);
    assert.deepEqual(requests(result), [
      'GET http://h/a [body a]',
      'POST http://h/new [hi]',
      'GET http://h/b',
    ]);
    assert.ok(result.includes('body a\n\n###\nPOST http://h/new'), result);
  });

  it('above a first request that has no ### line: a separator follows the block', () => {
    const text = '@host = http://h\n\nGET {{host}}/a\n';
    const result = paste(text, 1);
    assert.deepEqual(requests(result), ['POST http://h/new [hi]', 'GET {{host}}/a']);
  });

  it('at the end of a file without a final line break', () => {
    const result = paste('GET http://h/a', 0);
    assert.equal(result, `GET http://h/a\n\n###\n${BLOCK}`);
    assert.deepEqual(requests(result), ['GET http://h/a', 'POST http://h/new [hi]']);
  });
});
