// Splits a file into lines, keeping each line's own ending so bodies can be sent with exactly the
// line endings the file has (LF, CRLF, or a stray lone CR). Values never contain a '\r'.

import type { Position, SourceRange } from './model';

export interface SourceLine {
  /** 0-based line number. */
  index: number;
  /** The line without its ending. */
  text: string;
  /** '\r\n', '\n', '\r', or '' for the last line of the file. */
  ending: string;
}

const BYTE_ORDER_MARK = '\uFEFF';
const LF = 0x0a;
const CR = 0x0d;

/**
 * A leading byte order mark is dropped first: editors do not show it, so counting it would shift
 * every character position on line 0 by one.
 */
export function scanLines(text: string): SourceLine[] {
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const lines: SourceLine[] = [];
  // A character loop rather than a line-break regex: editors parse on every edit, and a match
  // array per line is garbage that a 50,000-line file feels.
  let start = 0;
  for (let k = 0; k < source.length; k++) {
    const c = source.charCodeAt(k);
    if (c !== LF && c !== CR) continue;
    const crlf = c === CR && source.charCodeAt(k + 1) === LF;
    lines.push({
      index: lines.length,
      text: source.slice(start, k),
      ending: crlf ? '\r\n' : c === LF ? '\n' : '\r',
    });
    if (crlf) k++;
    start = k + 1;
  }
  lines.push({ index: lines.length, text: source.slice(start), ending: '' });
  return lines;
}

/**
 * The ending most lines use. The model only knows LF and CRLF; lone-CR files (very rare) report LF,
 * while their bodies still keep the CRs they have. A tie goes to LF.
 */
export function dominantLineEnding(lines: readonly SourceLine[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.ending === '\r\n') crlf++;
    else if (line.ending === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function isBlank(line: SourceLine): boolean {
  return firstContentColumn(line) === line.text.length;
}

/** Column of the first non-whitespace character (the text length when the line is blank). */
export function firstContentColumn(line: SourceLine): number {
  // Loops rather than a regex match or trimEnd(): called for most lines, and neither allocates here.
  const text = line.text;
  let k = 0;
  while (k < text.length && isWhitespace(text.charCodeAt(k))) k++;
  return k;
}

/** Column just after the last non-whitespace character. */
export function contentEndColumn(line: SourceLine): number {
  const text = line.text;
  let end = text.length;
  while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator), so results match /\S/. */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function position(line: number, character: number): Position {
  return { line, character };
}

/** Range of `line` from column `start` to column `end`. */
export function spanOnLine(line: SourceLine, start: number, end: number): SourceRange {
  return { start: position(line.index, start), end: position(line.index, end) };
}

/** The line's text without surrounding whitespace. */
export function contentRange(line: SourceLine): SourceRange {
  return spanOnLine(line, firstContentColumn(line), contentEndColumn(line));
}

/** From the content start of `first` to the content end of `last`. */
export function contentRangeOfLines(first: SourceLine, last: SourceLine): SourceRange {
  return {
    start: position(first.index, firstContentColumn(first)),
    end: position(last.index, contentEndColumn(last)),
  };
}
