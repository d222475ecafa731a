// Places inside a piece of body text that the plan cuts up (GraphQL query and variables, the lines
// of a form), so an undefined variable in the second piece is still reported at its own line.

import { positionInText, type TextOrigin } from '../variables/variableReferences';

const LINE_BREAK = /\r\n|\n|\r/g;

/** The origin of `text.slice(offset)`, given the origin of `text`. */
export function originAt(origin: TextOrigin, text: string, offset: number): TextOrigin {
  const start = positionInText(origin, text, offset);
  if (!origin.lines) return { file: origin.file, start };
  const linesBefore = text.slice(0, offset).match(LINE_BREAK)?.length ?? 0;
  return { file: origin.file, start, lines: origin.lines.slice(linesBefore) };
}

export interface TextLine {
  text: string;
  /** The line break after it as written ('' for the last line). */
  ending: string;
  /** Offset of the line in the whole text. */
  offset: number;
}

export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let start = 0;
  for (const match of text.matchAll(LINE_BREAK)) {
    lines.push({ text: text.slice(start, match.index), ending: match[0], offset: start });
    start = match.index + match[0].length;
  }
  lines.push({ text: text.slice(start), ending: '', offset: start });
  return lines;
}
