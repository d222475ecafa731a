import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import type { ParsedHttpFile, SourceRange } from '../../../src/core/parser/model';

/** Lines that exercise every branch of the parser, including broken and half-written ones. */
const FRAGMENTS = [
  '###',
  '### name',
  '#### x ###',
  'GET',
  'get http://h/',
  'POST /x HTTP/2',
  'OPTIONS *',
  'http://[::1]:1/',
  '# @name a',
  '// @name = a',
  '# @timeout 5',
  '# @timeout x',
  '# @no-pipeline',
  '# @',
  '@v = 1',
  '@bad',
  '@',
  '',
  '   ',
  '  cont',
  '?a=1',
  '&b=2',
  'Accept: x',
  'nocolon',
  ':',
  '{{h}}: {{v}}',
  '{',
  '}',
  '"###"',
  '// c',
  '#',
  '< ./f',
  '<@latin1 f',
  '<@ f',
  '<',
  '< {%',
  '{%',
  '%}',
  '> {%',
  '>> out',
  '<> prev',
  'HTTP/1.1 200 OK',
  'HTTP/2 404',
  '\u{1F600} caf\u00e9',
  '\t',
  '\uFEFF',
  '\r',
  'x'.repeat(300),
];
const ENDINGS = ['\n', '\r\n', '\r'];

/** A small deterministic generator, so a failing case can be reproduced from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomFile(seed: number): string {
  const random = generator(seed);
  const parts: string[] = [];
  const count = Math.floor(random() * 40);
  for (let k = 0; k < count; k++) {
    parts.push(FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]);
    parts.push(ENDINGS[Math.floor(random() * ENDINGS.length)]);
  }
  return parts.join('');
}

function lineLengths(text: string): number[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .map((line) => line.length);
}

function assertInside(range: SourceRange, lengths: number[], what: string): void {
  for (const end of [range.start, range.end]) {
    assert.ok(end.line >= 0 && end.line < lengths.length, `${what}: line ${end.line} outside the file`);
    assert.ok(
      end.character >= 0 && end.character <= lengths[end.line],
      `${what}: column ${end.character} outside line ${end.line}`,
    );
  }
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: range ends before it starts`);
}

function assertWellFormed(parsed: ParsedHttpFile, text: string): void {
  const lengths = lineLengths(text);
  assert.equal(
    parsed.diagnostics.some((d) => d.code === 'parser-internal-error'),
    false,
    JSON.stringify(parsed.diagnostics),
  );
  for (const d of parsed.diagnostics) assertInside(d.range, lengths, `diagnostic ${d.code}`);
  for (const v of parsed.variables) {
    assertInside(v.range, lengths, 'variable');
    assertInside(v.nameRange, lengths, 'variable name');
    assert.doesNotMatch(v.value, /[\r\n]/);
  }
  parsed.requests.forEach((r, index) => {
    assert.equal(r.index, index);
    assert.match(r.method, /^[A-Z][A-Z0-9_-]*$/);
    assert.doesNotMatch(r.url, /[\r\n]/);
    assertInside(r.range, lengths, 'request');
    assertInside(r.requestLineRange, lengths, 'request line');
    for (const h of r.headers) {
      assertInside(h.range, lengths, 'header');
      assert.doesNotMatch(`${h.name}${h.value}`, /[\r\n]/);
    }
    for (const m of r.metadata) assertInside(m.range, lengths, 'metadata');
    if (r.body) assertInside(r.body.range, lengths, 'body');
    if (r.nameRange) assertInside(r.nameRange, lengths, 'name');
  });
}

describe('parser: robustness', () => {
  it('never throws and keeps every range inside the file, over 2000 generated files', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomFile(seed);
      let parsed: ParsedHttpFile | undefined;
      assert.doesNotThrow(() => {
        parsed = parseHttpFile(text);
      }, `seed ${seed}`);
      try {
        assertWellFormed(parsed as ParsedHttpFile, text);
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}\n${JSON.stringify(text)}`, {
          cause: error,
        });
      }
    }
  });
});
