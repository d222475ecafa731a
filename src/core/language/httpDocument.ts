// The editor's view of one .http file: the parser's model plus what the editor features need and
// the model does not keep — the lines as written and every `{{…}}` reference with its exact range.
// References are found per line (an expression cannot hold braces, so in practice none spans lines)
// and only on lines whose text is a template: comments, `###` lines, scripts, response handlers and
// pasted responses are never resolved, so `{{x}}` written there is not a reference.

import { parseHttpFile } from '../parser/httpFileParser';
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

  constructor(text: string) {
    this.parsed = parseHttpFile(text);
    // Same line breaks as the parser (LF, CRLF, lone CR); a leading BOM is not a column.
    this.lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
    this.references = this.findReferences();
  }

  /** The request whose block holds `line` (its comments and metadata through its last body line). */
  requestAtLine(line: number): RequestBlock | undefined {
    return this.parsed.requests.find(
      (request) => request.range.start.line <= line && line <= request.range.end.line,
    );
  }

  /** The request whose request line is `line`. */
  requestWithRequestLine(line: number): RequestBlock | undefined {
    return this.parsed.requests.find((request) => request.requestLineRange.start.line === line);
  }

  referenceAt(position: Position): ReferenceOccurrence | undefined {
    return this.references.find((reference) => contains(reference.range, position));
  }

  requestNamed(name: string): RequestBlock | undefined {
    // With duplicate names the first request keeps the name, as in the resolver.
    return this.parsed.requests.find((request) => request.name === name);
  }

  private findReferences(): ReferenceOccurrence[] {
    const skipped = [
      ...this.parsed.diagnostics.filter((d) => SKIPPED_LINE_CODES.has(d.code)).map((d) => d.range),
      ...this.parsed.requests.flatMap((request) => request.scripts.map((script) => script.range)),
    ];
    const occurrences: ReferenceOccurrence[] = [];
    this.lines.forEach((text, line) => {
      if (
        isCommentOrSeparator(text) ||
        skipped.some((range) => range.start.line <= line && line <= range.end.line)
      )
        return;
      const requestIndex = this.requestAtLine(line)?.index;
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
    });
    return occurrences;
  }
}

/** `#`/`//` comments (metadata included) and `###` separators: never template text. */
export function isCommentOrSeparator(text: string): boolean {
  return /^\s*(#|\/\/)/.test(text);
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
