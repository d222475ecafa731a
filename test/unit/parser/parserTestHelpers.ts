// Small helpers shared by the parser tests: build files from lines, and write ranges compactly.

import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import type { ParsedHttpFile, RequestBlock, SourceRange } from '../../../src/core/parser/model';

/** Joins lines with `eol` (LF unless told). */
export function file(lines: readonly string[], eol = '\n'): string {
  return lines.join(eol);
}

export function parse(lines: readonly string[], eol = '\n'): ParsedHttpFile {
  return parseHttpFile(file(lines, eol));
}

/** The file's only request; fails the test when there is not exactly one. */
export function onlyRequest(parsed: ParsedHttpFile): RequestBlock {
  assert.equal(parsed.requests.length, 1, `expected one request, got ${parsed.requests.length}`);
  return parsed.requests[0];
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): SourceRange {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function codes(parsed: ParsedHttpFile): string[] {
  return parsed.diagnostics.map((d) => d.code);
}

export function diagnosticWithCode(parsed: ParsedHttpFile, code: string) {
  const found = parsed.diagnostics.find((d) => d.code === code);
  assert.ok(found, `expected a ${code} diagnostic, got [${codes(parsed).join(', ')}]`);
  return found;
}
