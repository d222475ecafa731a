// Entry point: `.http` text in, ParsedHttpFile out. Never throws; every problem becomes a
// ParseDiagnostic with its exact 0-based range. Syntax follows REST Client and the JetBrains HTTP
// Client where they agree; where they differ the choices are explained in blockParser.ts.

import type { BlockMemo } from './blockMemo';
import { parseBlock, type ParsedBlock } from './blockParser';
import { readBlocks, splitBlocks, type Block } from './blockSplitter';
import { DiagnosticSink } from './diagnostics';
import { LineEndingCount, readLines, type SourceLine } from './lineScanner';
import type {
  FileVariable,
  ImportDirective,
  ParseDiagnostic,
  ParsedHttpFile,
  RequestBlock,
  RunDirective,
  ScriptBlock,
} from './model';
import { parseRunOverrides } from './runOverrides';
import { messageOf } from '../common/messageOf';

export function parseHttpFile(text: string): ParsedHttpFile {
  // Read a block at a time: the model is built while the lines of the blocks behind are let go.
  return parseSafely(() => parseBlocks(readBlocks(readLines(text)), undefined));
}

/**
 * For the editor's HttpDocument, which needs the lines too (so the file is split once) and passes
 * a memo of the previous version's blocks (so an edit re-parses only the blocks it touched).
 */
export function parseSourceLines(lines: SourceLine[], memo?: BlockMemo): ParsedHttpFile {
  return parseSafely(() => parseBlocks(splitBlocks(lines), memo));
}

function parseSafely(parse: () => ParsedHttpFile): ParsedHttpFile {
  try {
    return parse();
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
      imports: [],
      runs: [],
      lineEnding: '\n',
    };
  }
}

function parseBlocks(blocks: Iterable<Block>, memo: BlockMemo | undefined): ParsedHttpFile {
  const sink = new DiagnosticSink();
  const requests: RequestBlock[] = [];
  const variables: FileVariable[] = [];
  const imports: ImportDirective[] = [];
  const runs: RunDirective[] = [];
  // Scripts of a block without a request (httpYac's file-level `{{ … }}`) run before the next request.
  let waiting: ScriptBlock[] = [];
  const endings = new LineEndingCount();
  for (const block of blocks) {
    if (block.separator) endings.add(block.separator);
    for (const line of block.lines) endings.add(line);
    // httpYac: a request line may begin the next request without `###`; it is read from there on.
    for (let from: number | undefined = 0; from !== undefined;) {
      const index = requests.length;
      const parsed: ParsedBlock = memo
        ? memo.parse(block, sink, from, index)
        : parseBlock(block, sink, from, index);
      from = parsed.restFrom;
      // Most blocks define no variables, imports or runs: no spread call for their empty lists.
      if (parsed.variables.length > 0) variables.push(...parsed.variables);
      if (parsed.imports.length > 0) imports.push(...parsed.imports);
      if (parsed.runs.length > 0) runs.push(...runDirectives(parsed, index, sink));
      if (parsed.request) {
        // The parsed request is shared with the next version's parse (blockMemo): never changed, copied
        // in the rare case that file-level scripts above it join its own.
        const request = parsed.request;
        requests.push(
          waiting.length === 0 ? request : { ...request, scripts: [...waiting, ...request.scripts] },
        );
        waiting = [];
      } else if (parsed.scripts.length > 0) waiting.push(...parsed.scripts);
    }
  }
  for (const script of waiting)
    sink.info('script-without-request', 'no request follows this script, so it never runs', script.range);
  memo?.done();
  reportDuplicateNames(requests, sink);
  return {
    requests,
    variables,
    imports,
    runs,
    diagnostics: inFileOrder(sink.items),
    lineEnding: endings.dominant,
  };
}

/** The block's `run` lines, placed before its request (when it has one) after `requestsAbove` requests. */
function runDirectives(parsed: ParsedBlock, requestsAbove: number, sink: DiagnosticSink): RunDirective[] {
  return parsed.runs.map((run) => {
    const directive: RunDirective = {
      target: run.target,
      overrides: run.overrides ? parseRunOverrides(run.overrides.text, run.overrides.range, sink) : {},
      range: run.range,
      targetRange: run.targetRange,
      afterRequests: requestsAbove,
    };
    if (parsed.request) directive.beforeRequest = requestsAbove;
    return directive;
  });
}

/**
 * A name that two requests share cannot say which response `{{name.response…}}` means. Only
 * `@name`s must be unique: `###` titles are headings and may repeat (JetBrains, Kulala).
 */
function reportDuplicateNames(requests: readonly RequestBlock[], sink: DiagnosticSink): void {
  const firstByName = new Map<string, RequestBlock>();
  for (const request of requests) {
    if (request.name === undefined || request.nameRange === undefined) continue;
    if (request.nameSource !== 'metadata') continue;
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
