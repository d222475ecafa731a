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

export function scanLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const cursor = readLines(text);
  for (let line = cursor.next(); line; line = cursor.next()) lines.push(line);
  return lines;
}

/**
 * The lines of `text` (as scanLines gives them) one at a time, for a reader that keeps none of them.
 * A leading byte order mark is dropped first: editors do not show it, so counting it would shift
 * every character position on line 0 by one.
 */
export function readLines(text: string): LineCursor {
  const source = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  return new LineCursor(source, 0, source.length, true, 0);
}

/** Reads `source` a line at a time from `start` (a line start) to `end` (a line start, or the text's end when `last`). */
export class LineCursor {
  // The next LF and the next CR are found by indexOf (a native search), not by a loop over every
  // character, and no regex: editors scan on every edit, and a 50,000-line file feels per-line garbage.
  private lf: number;
  private cr: number;
  private done = false;

  constructor(
    private readonly source: string,
    private start: number,
    private readonly end: number,
    private readonly last: boolean,
    private index: number,
  ) {
    this.lf = source.indexOf('\n', start);
    this.cr = source.indexOf('\r', start);
  }

  next(): SourceLine | undefined {
    if (this.done) return undefined;
    const { source, start } = this;
    if (this.lf >= 0 && this.lf < start) this.lf = source.indexOf('\n', start);
    if (this.cr >= 0 && this.cr < start) this.cr = source.indexOf('\r', start);
    const { lf, cr } = this;
    const k = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    if (k < 0 || k >= this.end) {
      this.done = true;
      return this.last ? { index: this.index++, text: source.slice(start, this.end), ending: '' } : undefined;
    }
    const crlf = k === cr && source.charCodeAt(k + 1) === LF;
    this.start = crlf ? k + 2 : k + 1;
    return {
      index: this.index++,
      text: source.slice(start, k),
      ending: crlf ? '\r\n' : k === lf ? '\n' : '\r',
    };
  }
}

/**
 * The lines of `text`, an edit of `previousText` whose lines are `previousLines` (scanLines'): the
 * lines before and after the edited part are the previous version's objects (renumbered after it when
 * the edit added or removed lines), and only the edited part is scanned. For the editor, which
 * gets the whole text on every keystroke: a one-character edit in a 55,000-line file then makes
 * one new line, not 55,000, and every later step can tell the unchanged lines by identity.
 */
export function scanLinesAfterEdit(
  previousText: string,
  previousLines: readonly SourceLine[],
  text: string,
): SourceLine[] {
  if (previousText.startsWith(BYTE_ORDER_MARK) || text.startsWith(BYTE_ORDER_MARK)) return scanLines(text);
  const prefix = commonPrefixLength(previousText, text);
  const suffix = commonSuffixLength(previousText, text, Math.min(previousText.length, text.length) - prefix);
  // Lines that end (ending included) before the first changed character, and the character after
  // them unchanged too, so that a `\r` ending cannot have become `\r\n`.
  let head = 0;
  let headEnd = 0;
  while (head < previousLines.length) {
    const line = previousLines[head];
    const end = headEnd + line.text.length + line.ending.length;
    if (end >= prefix) break;
    headEnd = end;
    head++;
  }
  // Lines that start after the last changed character, the character before them unchanged too,
  // so that they start a line in both versions.
  let tail = previousLines.length;
  let tailStart = previousText.length;
  const firstKept = previousText.length - suffix + 1;
  while (tail > head) {
    const line = previousLines[tail - 1];
    const start = tailStart - line.text.length - line.ending.length;
    if (start < firstKept) break;
    tailStart = start;
    tail--;
  }
  const lines = previousLines.slice(0, head);
  const shift = text.length - previousText.length;
  const middleEnd = tail < previousLines.length ? tailStart + shift : text.length;
  scanInto(text, headEnd, middleEnd, tail === previousLines.length, lines);
  const renumber = lines.length - tail;
  for (let k = tail; k < previousLines.length; k++) {
    const line = previousLines[k];
    lines.push(renumber === 0 ? line : { index: k + renumber, text: line.text, ending: line.ending });
  }
  return lines;
}

/** Scans `source` from `start` (a line start) to `end` (a line start, or the text's end when `last`). */
function scanInto(source: string, start: number, end: number, last: boolean, lines: SourceLine[]): void {
  const cursor = new LineCursor(source, start, end, last, lines.length);
  for (let line = cursor.next(); line; line = cursor.next()) lines.push(line);
}

/** Compared a chunk at a time (a native comparison), then a character at a time in the first chunk that differs. */
const CHUNK = 4096;

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let k = 0;
  while (k + CHUNK <= limit && a.slice(k, k + CHUNK) === b.slice(k, k + CHUNK)) k += CHUNK;
  while (k < limit && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

function commonSuffixLength(a: string, b: string, limit: number): number {
  let k = 0;
  while (
    k + CHUNK <= limit &&
    a.slice(a.length - k - CHUNK, a.length - k) === b.slice(b.length - k - CHUNK, b.length - k)
  )
    k += CHUNK;
  while (k < limit && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/**
 * Counts line endings to tell the ending most lines use. The model only knows LF and CRLF; lone-CR
 * files (very rare) report LF, while their bodies still keep the CRs they have. A tie goes to LF.
 */
export class LineEndingCount {
  private crlf = 0;
  private lf = 0;

  add(line: SourceLine): void {
    if (line.ending === '\r\n') this.crlf++;
    else if (line.ending === '\n') this.lf++;
  }

  get dominant(): '\n' | '\r\n' {
    return this.crlf > this.lf ? '\r\n' : '\n';
  }
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
export function isWhitespace(c: number): boolean {
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
