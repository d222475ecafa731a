// Entry point: `.http` text in, ParsedHttpFile out. Never throws; every problem becomes a
// ParseDiagnostic with its exact 0-based range. Syntax follows REST Client and the JetBrains HTTP
// Client where they agree; where they differ the choices are explained in blockParser.ts.

import type { BlockMemo } from './blockMemo';
import { parseBlock } from './blockParser';
import { splitBlocks } from './blockSplitter';
import { DiagnosticSink } from './diagnostics';
import { dominantLineEnding, scanLines, type SourceLine } from './lineScanner';
import type { FileVariable, ParseDiagnostic, ParsedHttpFile, RequestBlock } from './model';
import { messageOf } from '../common/messageOf';

export function parseHttpFile(text: string): ParsedHttpFile {
  return parseSourceLines(scanLines(text));
}

/**
 * For the editor's HttpDocument, which needs the lines too (so the file is split once) and passes
 * a memo of the previous version's blocks (so an edit re-parses only the blocks it touched).
 */
export function parseSourceLines(lines: SourceLine[], memo?: BlockMemo): ParsedHttpFile {
  try {
    return parseLines(lines, memo);
  } catch (error) {
    // Only a bug in this parser gets here. Editors call it on every keystroke, so a crash would
    // take CodeLens and diagnostics down with it; report the bug in the file instead.
    const start = { line: 0, character: 0 };
    return {
      requests: [],
      variables: [],
      diagnostics: [
        {
          severity: 'error',
          code: 'parser-internal-error',
          message: `httpipe's parser failed on this file, please report it: ${messageOf(error)}`,
          range: { start, end: start },
        },
      ],
      lineEnding: '\n',
    };
  }
}

function parseLines(lines: SourceLine[], memo: BlockMemo | undefined): ParsedHttpFile {
  const sink = new DiagnosticSink();
  const requests: RequestBlock[] = [];
  const variables: FileVariable[] = [];
  for (const block of splitBlocks(lines)) {
    const parsed = memo ? memo.parse(block, sink) : parseBlock(block, sink);
    variables.push(...parsed.variables);
    if (parsed.request) requests.push({ index: requests.length, ...parsed.request });
  }
  memo?.done();
  reportDuplicateNames(requests, sink);
  return { requests, variables, diagnostics: inFileOrder(sink.items), lineEnding: dominantLineEnding(lines) };
}

/** A name that two requests share cannot say which response `{{name.response…}}` means. */
function reportDuplicateNames(requests: readonly RequestBlock[], sink: DiagnosticSink): void {
  const firstByName = new Map<string, RequestBlock>();
  for (const request of requests) {
    if (request.name === undefined || request.nameRange === undefined) continue;
    const first = firstByName.get(request.name);
    if (!first) {
      firstByName.set(request.name, request);
      continue;
    }
    sink.warning(
      'duplicate-name',
      `request name "${request.name}" is already used on line ${first.requestLineRange.start.line + 1}`,
      request.nameRange,
    );
  }
}

function inFileOrder(diagnostics: ParseDiagnostic[]): ParseDiagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
