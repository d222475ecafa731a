// parseHttpFile reads a file a block at a time; the editor's HttpDocument parses lines it scanned
// itself (parseSourceLines). Both must give the same model for any file: checked on the examples,
// the peer corpus when it is beside the repository, and texts mixing every line ending and a BOM.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHttpFile, parseSourceLines } from '../../../src/core/parser/httpFileParser';
import { scanLines } from '../../../src/core/parser/lineScanner';
import { bigHttpFile } from '../../support/bigHttpFile';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus/peer-http');

/** The `.http` files under `folder`, at any depth (the corpus keeps one folder per source). */
function httpFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.http'))
    .map((name) => path.join(folder, name));
}

function assertSameBothWays(text: string, what: string): void {
  assert.deepEqual(parseHttpFile(text), parseSourceLines(scanLines(text)), what);
}

describe('parser: a file read a block at a time and from its scanned lines', () => {
  it('gives the same model for the examples and the peer corpus', () => {
    const files = [...httpFiles(EXAMPLES), ...httpFiles(CORPUS)];
    assert.ok(files.length >= 5, `found only ${files.length} files`);
    if (existsSync(CORPUS)) assert.ok(files.length > 100, `found only ${files.length} files`);
    for (const file of files) assertSameBothWays(readFileSync(file, 'utf8'), file);
  });

  it('gives the same model with CRLF, lone CR, mixed endings and a byte order mark', () => {
    const text = bigHttpFile(3);
    assertSameBothWays(text.replace(/\n/g, '\r\n'), 'CRLF');
    assertSameBothWays(text.replace(/\n/g, '\r'), 'lone CR');
    assertSameBothWays(
      text.replace(/\n/g, (_, k: number) => (k % 3 === 0 ? '\r\n' : '\n')),
      'mixed',
    );
    assertSameBothWays(`\uFEFF${text}`, 'BOM');
    assertSameBothWays('', 'empty');
    assertSameBothWays('###\n###', 'separators only');
  });

  it("counts the endings of every line, `###` lines included, for the file's line ending", () => {
    const text = '###\r\n###\r\n###\r\nGET http://x/\nX-A: 1';
    assert.equal(parseHttpFile(text).lineEnding, '\r\n');
    assert.equal(parseSourceLines(scanLines(text)).lineEnding, '\r\n');
  });
});
