// The editor's view of one .http file: the parser's model plus what the editor features need and
// the model does not keep — the lines as written and every `{{…}}` reference with its exact range.
// References are found per line (an expression cannot hold braces, so in practice none spans lines)
// and only on lines whose text is a template: comments, `###` lines, scripts, response handlers and
// pasted responses are never resolved, so `{{x}}` written there is not a reference.

import { BlockMemo } from '../parser/blockMemo';
import { parseSourceLines } from '../parser/httpFileParser';
import { scanLines, scanLinesAfterEdit, type SourceLine } from '../parser/lineScanner';
import type { ParsedHttpFile, Position, RequestBlock, SourceRange } from '../parser/model';
import { findVariableReferences } from '../variables/variableReferences';

export interface ReferenceOccurrence {
  /** What is between the braces, trimmed, without `%`: `host`, `$guid`, `login.response.body.$.id`. */
  expression: string;
  /** `{{` through `}}`. */
  range: SourceRange;
  /** The expression alone, for completion and precise hovers. */
  expressionRange: SourceRange;
  /** The request whose text holds the reference; undefined for file-variable lines and free text. */
  requestIndex?: number;
}

/** Parser diagnostics that mark lines the parser skipped as not being template text. */
const SKIPPED_LINE_CODES = new Set([
  'text-after-response-handler',
  'response-reference-ignored',
  'script-without-request',
  'pasted-response',
]);

export class HttpDocument {
  readonly parsed: ParsedHttpFile;
  readonly lines: readonly string[];
  readonly references: readonly ReferenceOccurrence[];
  /** Lines with `{{` whose references were read from their text, not kept from the previous version (for tests). */
  scannedLines = 0;

  /** The blocks of this version as parsed, for the next version's parse to reuse. */
  private readonly blocks: BlockMemo;
  /** The text and its lines, for the next version to scan only what its edit changed. */
  private readonly text: string;
  private readonly sourceLines: readonly SourceLine[];

  /** `previous`: the same file before an edit; what the edit left alone is not worked out again. */
  constructor(text: string, previous?: HttpDocument) {
    // The parser's own lines: same line breaks (LF, CRLF, lone CR), and a leading BOM is not a column.
    const sourceLines = previous
      ? scanLinesAfterEdit(previous.text, previous.sourceLines, text)
      : scanLines(text);
    this.text = text;
    this.sourceLines = sourceLines;
    this.blocks = new BlockMemo(previous?.blocks);
    this.parsed = parseSourceLines(sourceLines, this.blocks);
    this.lines = sourceLines.map((line) => line.text);
    this.references = this.findReferences(previous);
  }

  /** The request whose block holds `line` (its comments and metadata through its last body line). */
  requestAtLine(line: number): RequestBlock | undefined {
    const request = this.lastRequestStartingBy(line);
    return request && line <= request.range.end.line ? request : undefined;
  }

  /** The request whose request line is `line`. */
  requestWithRequestLine(line: number): RequestBlock | undefined {
    const request = this.lastRequestStartingBy(line);
    return request?.requestLineRange.start.line === line ? request : undefined;
  }

  referenceAt(position: Position): ReferenceOccurrence | undefined {
    return this.references.find((reference) => contains(reference.range, position));
  }

  requestNamed(name: string): RequestBlock | undefined {
    // With duplicate names the first request keeps the name, as in the resolver.
    return this.parsed.requests.find((request) => request.name === name);
  }

  /** Binary search: requests are in file order and their blocks do not overlap. */
  private lastRequestStartingBy(line: number): RequestBlock | undefined {
    const requests = this.parsed.requests;
    let low = 0;
    let high = requests.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (requests[middle].range.start.line <= line) low = middle + 1;
      else high = middle;
    }
    return requests[low - 1];
  }

  /**
   * One pass over the lines, walking the requests alongside (they are in file order and do not
   * overlap), so a 50,000-line file costs 50,000 steps, not lines × requests. A line the edit left
   * alone (same text, same place, same request) keeps the previous version's occurrences; a line it
   * only moved (Enter above it) gets copies of them on its new line number, which is cheaper than
   * reading the line again (no regex, no slicing).
   */
  private findReferences(previous: HttpDocument | undefined): ReferenceOccurrence[] {
    const skipped = this.skippedLines();
    const requests = this.parsed.requests;
    const before = previous?.references ?? [];
    const occurrences: ReferenceOccurrence[] = [];
    let next = 0;
    let old = 0;
    let oldMoved = 0;
    const lines = this.lines;
    const moved = previous ? lines.length - previous.lines.length : 0;
    for (let line = 0; line < lines.length; line++) {
      const text = lines[line];
      if (skipped[line] === 1 || isCommentOrSeparator(text)) continue;
      while (next < requests.length && requests[next].range.end.line < line) next++;
      const request = requests[next];
      const requestIndex = request && request.range.start.line <= line ? request.index : undefined;
      while (old < before.length && before[old].range.start.line < line) old++;
      if (previous?.lines[line] === text && before[old]?.range.start.line === line) {
        const kept = old;
        while (before[old]?.range.start.line === line && before[old].requestIndex === requestIndex) old++;
        if (before[old]?.range.start.line !== line) {
          for (let k = kept; k < old; k++) occurrences.push(before[k]);
          continue;
        }
      }
      // A line below an edit that added or removed lines (Enter): the same text `moved` lines up.
      const was = line - moved;
      while (moved !== 0 && oldMoved < before.length && before[oldMoved].range.start.line < was) oldMoved++;
      if (moved !== 0 && previous?.lines[was] === text) {
        const kept = oldMoved;
        while (before[oldMoved]?.range.start.line === was && before[oldMoved].requestIndex === requestIndex)
          oldMoved++;
        // None kept: the line may have been skipped before (a script), so it is read.
        if (oldMoved > kept && before[oldMoved]?.range.start.line !== was) {
          for (let k = kept; k < oldMoved; k++) occurrences.push(movedOccurrence(before[k], moved));
          continue;
        }
      }
      if (text.includes('{{')) this.scannedLines++;
      for (const reference of findVariableReferences(text)) {
        const written = text.slice(reference.start, reference.end);
        const expressionStart = reference.start + written.indexOf(reference.expression, 2);
        const occurrence: ReferenceOccurrence = {
          expression: reference.expression,
          range: span(line, reference.start, reference.end),
          expressionRange: span(line, expressionStart, expressionStart + reference.expression.length),
        };
        if (requestIndex !== undefined) occurrence.requestIndex = requestIndex;
        occurrences.push(occurrence);
      }
    }
    return occurrences;
  }

  /** 1 for each line the parser skipped (scripts, handlers, pasted responses). */
  private skippedLines(): Uint8Array {
    const skipped = new Uint8Array(this.lines.length);
    for (const diagnostic of this.parsed.diagnostics) {
      if (!SKIPPED_LINE_CODES.has(diagnostic.code)) continue;
      skipped.fill(1, diagnostic.range.start.line, diagnostic.range.end.line + 1);
    }
    for (const request of this.parsed.requests)
      for (const script of request.scripts)
        skipped.fill(1, script.range.start.line, script.range.end.line + 1);
    return skipped;
  }
}

/** `#`/`//` comments (metadata included) and `###` separators: never template text. */
export function isCommentOrSeparator(text: string): boolean {
  // Called for every line on every edit: a character test on the usual line, the regex only when
  // the line starts with whitespace.
  const c = text.charCodeAt(0);
  if (c === 0x23) return true; // #
  if (c === 0x2f) return text.charCodeAt(1) === 0x2f; // //
  return c <= 0x20 || c >= 0x80 ? /^\s*(#|\/\/)/.test(text) : false;
}

/** The occurrence `by` lines further down. */
function movedOccurrence(occurrence: ReferenceOccurrence, by: number): ReferenceOccurrence {
  const { range, expressionRange } = occurrence;
  const copy: ReferenceOccurrence = {
    expression: occurrence.expression,
    range: span(range.start.line + by, range.start.character, range.end.character),
    expressionRange: span(
      range.start.line + by,
      expressionRange.start.character,
      expressionRange.end.character,
    ),
  };
  if (occurrence.requestIndex !== undefined) copy.requestIndex = occurrence.requestIndex;
  return copy;
}

export function span(line: number, start: number, end: number): SourceRange {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Inclusive at both ends, so a cursor just after `}}` still counts as on the reference. */
export function contains(range: SourceRange, position: Position): boolean {
  return !isBefore(position, range.start) && !isBefore(range.end, position);
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
