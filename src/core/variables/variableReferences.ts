// Finds `{{ … }}` references in text. Shared by the resolver, the planner (dependencies, undefined
// names at plan time) and editor features (hover, go-to-definition), so they all agree on what a
// reference is: `{{`, optional spaces, an optional `%` (REST Client: percent-encode the value),
// the expression, optional spaces, `}}`. The expression cannot contain braces, so `{{{x}}}` is a
// brace followed by `{{x}}`, and a lone `{{` is plain text.

import type { Position, SourceRange } from '../parser/model';

export interface VariableReference {
  /** What is between the braces, trimmed, without the `%` prefix: `host`, `$guid`, `login.response.body.$.id`. */
  expression: string;
  /** `{{%name}}`: the value is percent-encoded (encodeURIComponent). */
  percentEncode: boolean;
  /** Offset of `{{` in the text. */
  start: number;
  /** Offset just past `}}`. */
  end: number;
}

const REFERENCE = /\{\{\s*(%)?\s*([^{}]*?)\s*\}\}/g;

export function findVariableReferences(text: string): VariableReference[] {
  const references: VariableReference[] = [];
  // Most lines of a file hold no reference; this check spares them the regex's iterator.
  if (!text.includes('{{')) return references;
  for (const match of text.matchAll(REFERENCE)) {
    references.push({
      expression: match[2],
      percentEncode: match[1] === '%',
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return references;
}

/** Where a piece of text (a URL, a header value, a body, a variable's value) begins in its file. */
export interface TextOrigin {
  file: string;
  start: Position;
  /**
   * The file line of each line of the text, when the text skips lines of the file (a body whose
   * comment lines the parser left out); consecutive lines from `start` otherwise.
   */
  lines?: readonly number[];
}

/** Position of `offset` in `text`, which starts at `origin.start`; line breaks may be LF, CRLF or CR. */
export function positionInText(origin: TextOrigin, text: string, offset: number): Position {
  let textLine = 0;
  let lineStart = -1;
  for (let k = 0; k < offset && k < text.length; k++) {
    const c = text[k];
    if (c === '\n' || (c === '\r' && text[k + 1] !== '\n')) {
      textLine++;
      lineStart = k;
    }
  }
  const line = origin.lines?.[textLine] ?? origin.start.line + textLine;
  return lineStart < 0
    ? { line, character: origin.start.character + offset }
    : { line, character: offset - lineStart - 1 };
}

export function rangeOfReference(
  origin: TextOrigin,
  text: string,
  reference: VariableReference,
): SourceRange {
  return {
    start: positionInText(origin, text, reference.start),
    end: positionInText(origin, text, reference.end),
  };
}
