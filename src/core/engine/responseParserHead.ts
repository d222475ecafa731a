// Functions that turn one section of a response (status line, header or trailer lines, chunk-size
// line) into values, and decide how the body is framed (RFC 9112 §4, §5, §6, §7). The usual head and
// chunk-size line are read straight from the bytes of the chunk (scanPlainHead, plainChunkSizeLineEnd);
// anything else from the complete section's text, which also reports every error. Texts are latin1
// decoded, so text index i is stream byte `base + i` and errors can point at the byte. Their only state
// is the FieldScan the caller passes in.

import type { ResponseHead } from './types';
import {
  asciiLowerEqualsBytes,
  describeByte,
  isTokenByte,
  isTokenCode,
  listEndsWithToken,
  listHasTokens,
  trimmedEnd,
  trimmedStart,
} from './httpSyntax';
import { HttpParseError } from './responseParserError';

const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;

export interface Framing {
  body: 'none' | 'length' | 'chunked' | 'until-close';
  /** For `length`: the Content-Length. */
  length: number;
  /** The connection may carry the next response after this one. */
  keepAlive: boolean;
}

function unexpected(
  code: string,
  what: string,
  text: string,
  index: number,
  base: number,
  expected: string,
): HttpParseError {
  const offset = base + index;
  return new HttpParseError(
    `${what} at byte ${offset}: expected ${expected}, got ${describeByte(index < text.length ? text.charCodeAt(index) : undefined)}`,
    code,
    offset,
  );
}

/**
 * Walks the lines of a section. A CR is only allowed right before an LF (bare LF line ends are tolerated);
 * the next CR's position is carried along so a section is scanned once, not once per line.
 */
class LineCursor {
  private nextCr: number;
  /** Index just past the LF of the line returned by the last `lineEnd` call. */
  after = 0;

  constructor(
    private readonly text: string,
    private readonly base: number,
    from: number,
  ) {
    this.nextCr = text.indexOf('\r', from);
  }

  /** End (index of its CR or LF) of the line starting at `from`; the section always ends with an LF. */
  lineEnd(from: number, code: string, what: string): number {
    const lf = this.text.indexOf('\n', from);
    this.after = lf + 1;
    const cr = this.nextCr;
    if (cr === -1 || cr > lf) return lf;
    if (cr === lf - 1) {
      this.nextCr = this.text.indexOf('\r', lf + 1);
      return cr;
    }
    throw unexpected(code, what, this.text, cr + 1, this.base, 'LF after CR');
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * A byte a field value, reason phrase or quoted string may hold: visible characters, SP, HTAB and
 * obs-text (0x80–0xFF), as llhttp allows; not the other controls or DEL.
 */
function isFieldValueByte(c: number): boolean {
  return c >= SP ? c !== 0x7f : c === HT;
}

/** The header fields whose values decide the framing (RFC 9112 §6.3, §9.6); decideFraming() reads only these. */
export const enum FieldKind {
  Other,
  ContentLength,
  TransferEncoding,
  Connection,
}

/** The FieldKind of the header name in `bytes[from, to)`, told apart by length first (most names fail there). */
function fieldKind(bytes: Uint8Array, from: number, to: number): FieldKind {
  switch (to - from) {
    case 10:
      return asciiLowerEqualsBytes(bytes, from, 'connection') ? FieldKind.Connection : FieldKind.Other;
    case 14:
      return asciiLowerEqualsBytes(bytes, from, 'content-length') ? FieldKind.ContentLength : FieldKind.Other;
    case 17:
      return asciiLowerEqualsBytes(bytes, from, 'transfer-encoding')
        ? FieldKind.TransferEncoding
        : FieldKind.Other;
    default:
      return FieldKind.Other;
  }
}

/**
 * Where the fields of one section are in the bytes, as scanPlainHead()/scanPlainFields() found them,
 * and the FieldKind of every field of the last section read (decideFraming() needs them). One per
 * parser, reused for every section: reading a head allocates only the strings and pairs it returns.
 */
export class FieldScan {
  count = 0;
  /** Four byte offsets per field: name start, name end, value start, value end (whitespace trimmed). */
  bounds = new Int32Array(4 * 16);
  kinds = new Uint8Array(16);
  /** The status line, when scanPlainHead() read it. */
  http10 = false;
  status = 0;
  reasonStart = 0;
  reasonEnd = 0;

  /** Records one field (fieldLines() records only kinds and names: it builds its strings as it goes). */
  add(kind: FieldKind, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const n = this.count++;
    if (n === this.kinds.length) {
      const kinds = new Uint8Array(2 * n);
      kinds.set(this.kinds);
      this.kinds = kinds;
      const bounds = new Int32Array(8 * n);
      bounds.set(this.bounds);
      this.bounds = bounds;
    }
    this.kinds[n] = kind;
    const b = 4 * n;
    this.bounds[b] = nameStart;
    this.bounds[b + 1] = nameEnd;
    this.bounds[b + 2] = valueStart;
    this.bounds[b + 3] = valueEnd;
  }

  /** The recorded fields as strings; `text` was decoded from the bytes walked, starting at byte `at`. */
  fields(text: string, at: number): Array<[string, string]> {
    const fields: Array<[string, string]> = [];
    const bounds = this.bounds;
    for (let b = 0; b < 4 * this.count; b += 4) {
      fields.push([
        text.slice(bounds[b] - at, bounds[b + 1] - at),
        text.slice(bounds[b + 2] - at, bounds[b + 3] - at),
      ]);
    }
    return fields;
  }
}

/**
 * The usual head read in one walk over the bytes from `from`, before anything is decoded: a status
 * line `HTTP/1.1` or `HTTP/1.0`, three digits and a reason phrase of visible characters, SP, HTAB or
 * obs-text, then plain field lines (scanPlainFields()) and the empty line. Returns the index just past
 * the empty line, with the status line and fields in `scan`; -1 when the head is anything else or does
 * not end within `bytes`, and the caller then finds the section's end and reads it with
 * parseResponseHead(), which accepts exactly what this accepts, and the rest, and reports every error.
 */
export function scanPlainHead(bytes: Uint8Array, from: number, maxCount: number, scan: FieldScan): number {
  // Every load is checked against `end` first: a load past the end of a typed array makes V8 compile
  // the code for out-of-bounds loads, which slows every load in it (measured without the checks: 1.19M
  // responses per CPU second from one buffer, 0.72M from 64 KiB slices, where heads run past the end).
  const end = bytes.length;
  // "HTTP/1.1 " or "HTTP/1.0 ", three digits and one more byte (SP, CR or LF).
  if (
    end - from < 13 ||
    bytes[from] !== 0x48 ||
    bytes[from + 1] !== 0x54 ||
    bytes[from + 2] !== 0x54 ||
    bytes[from + 3] !== 0x50 ||
    bytes[from + 4] !== 0x2f ||
    bytes[from + 5] !== 0x31 ||
    bytes[from + 6] !== 0x2e
  ) {
    return -1;
  }
  const minor = bytes[from + 7];
  if ((minor !== 0x31 && minor !== 0x30) || bytes[from + 8] !== SP) return -1;
  const d0 = bytes[from + 9];
  const d1 = bytes[from + 10];
  const d2 = bytes[from + 11];
  if (!isDigit(d0) || !isDigit(d1) || !isDigit(d2)) return -1;
  let i = from + 12;
  let reasonStart = i;
  if (bytes[i] === SP) {
    reasonStart = ++i;
    while (i < end && isFieldValueByte(bytes[i])) i++;
  }
  const reasonEnd = i;
  if (i < end && bytes[i] === LF) i++;
  else if (i + 1 < end && bytes[i] === CR && bytes[i + 1] === LF) i += 2;
  else return -1;
  scan.http10 = minor === 0x30;
  scan.status = (d0 - 0x30) * 100 + (d1 - 0x30) * 10 + (d2 - 0x30);
  scan.reasonStart = reasonStart;
  scan.reasonEnd = reasonEnd;
  return scanPlainFields(bytes, i, end, maxCount, scan);
}

/** The head scanPlainHead() read; `text` was decoded from its bytes, starting at byte `at`. */
export function headFromScan(scan: FieldScan, text: string, at: number): ResponseHead {
  return {
    httpVersion: scan.http10 ? '1.0' : '1.1',
    status: scan.status,
    statusText: text.slice(scan.reasonStart - at, scan.reasonEnd - at),
    headers: scan.fields(text, at),
  };
}

/**
 * A response head: status line and header lines, up to and including the empty line. `bytes` from `at`
 * hold the same characters as `text` (it was decoded from them): names and values are checked there.
 * The fields' kinds are left in `scan`.
 */
export function parseResponseHead(
  text: string,
  bytes: Uint8Array,
  at: number,
  base: number,
  maxHeaderCount: number,
  scan: FieldScan,
): ResponseHead {
  const lines = new LineCursor(text, base, 0);
  const head = statusLine(text, base, lines);
  head.headers = fieldLines(text, bytes, at, lines.after, base, maxHeaderCount, lines, scan);
  return head;
}

/** Header (or trailer) lines up to and including the empty line that ends the section; `bytes`, `at`, `scan` as above. */
export function parseFieldLines(
  text: string,
  bytes: Uint8Array,
  at: number,
  base: number,
  maxCount: number,
  scan: FieldScan,
): Array<[string, string]> {
  return fieldLines(text, bytes, at, 0, base, maxCount, new LineCursor(text, base, 0), scan);
}

/**
 * The field lines from `from` read in one walk over the bytes, when every line is the usual kind: a
 * token name, ':', a value of visible characters, SP, HTAB or obs-text, then CR LF or a bare LF, and
 * no more lines than `maxCount`; recorded in `scan`, and the index just past the empty line returned.
 * Anything else (obs-fold, a bad byte, a bare CR, too many lines, the end of `bytes`) gives -1, and
 * fieldLines() reads the section line by line, so every error and the obs-fold join have one implementation.
 * Records what fieldLines() gives whenever it does not give -1 (the same checks, in a walk that needs
 * no indexOf per line and no second pass over each value).
 */
function scanPlainFields(
  bytes: Uint8Array,
  from: number,
  end: number,
  maxCount: number,
  scan: FieldScan,
): number {
  scan.count = 0;
  let i = from;
  while (i < end) {
    let c = bytes[i];
    if (c === LF) return i + 1;
    if (c === CR) return i + 1 < end && bytes[i + 1] === LF ? i + 2 : -1;
    if (scan.count >= maxCount) return -1;
    const nameStart = i;
    while (i < end && isTokenByte(bytes[i])) i++;
    if (i === nameStart || i === end || bytes[i] !== COLON) return -1;
    const nameEnd = i++;
    while (i < end && (bytes[i] === SP || bytes[i] === HT)) i++;
    const valueStart = i;
    while (i < end && isFieldValueByte((c = bytes[i]))) i++;
    // At the CR or LF ending the line, at a byte no plain value has, or at the end.
    if (i === end) return -1;
    let valueEnd = i;
    while (valueEnd > valueStart && (bytes[valueEnd - 1] === SP || bytes[valueEnd - 1] === HT)) valueEnd--;
    if (c === LF) i++;
    else if (c === CR && i + 1 < end && bytes[i + 1] === LF) i += 2;
    else return -1;
    scan.add(fieldKind(bytes, nameStart, nameEnd), nameStart, nameEnd, valueStart, valueEnd);
  }
  return -1;
}

/** `HTTP/1.1 200 OK` — the reason phrase may be empty or missing (with its space), as llhttp allows. Headers are left empty. */
function statusLine(text: string, base: number, lines: LineCursor): ResponseHead {
  const code = 'invalid-status-line';
  const what = 'invalid status line';
  const end = lines.lineEnd(0, code, what);
  const prefix = 'HTTP/';
  for (let i = 0; i < prefix.length; i++) {
    if (text.charCodeAt(i) !== prefix.charCodeAt(i) || i >= end)
      throw unexpected(code, what, text, i, base, `"${prefix}" starting a status line`);
  }
  if (!isDigit(text.charCodeAt(5)) || 5 >= end)
    throw unexpected(code, what, text, 5, base, 'a version digit');
  if (text.charCodeAt(6) !== 0x2e || 6 >= end)
    throw unexpected(code, what, text, 6, base, "'.' in the HTTP version");
  if (!isDigit(text.charCodeAt(7)) || 7 >= end)
    throw unexpected(code, what, text, 7, base, 'a version digit');
  const httpVersion =
    text.charCodeAt(5) !== 0x31
      ? ''
      : text.charCodeAt(7) === 0x31
        ? '1.1'
        : text.charCodeAt(7) === 0x30
          ? '1.0'
          : '';
  if (httpVersion === '') {
    throw new HttpParseError(
      `unsupported HTTP version "${text.slice(5, 8)}" at byte ${base + 5}: expected HTTP/1.1 or HTTP/1.0`,
      'unsupported-version',
      base + 5,
    );
  }
  if (text.charCodeAt(8) !== SP || 8 >= end)
    throw unexpected(code, what, text, 8, base, "' ' after the HTTP version");
  for (let i = 9; i < 12; i++) {
    if (!isDigit(text.charCodeAt(i)) || i >= end)
      throw unexpected(code, what, text, i, base, 'a three-digit status code');
  }
  const status =
    (text.charCodeAt(9) - 0x30) * 100 + (text.charCodeAt(10) - 0x30) * 10 + (text.charCodeAt(11) - 0x30);
  if (end > 12 && text.charCodeAt(12) !== SP)
    throw unexpected(code, what, text, 12, base, "' ' or the end of the line after the status code");
  return { httpVersion, status, statusText: end > 13 ? text.slice(13, end) : '', headers: [] };
}

/**
 * Field lines from `from`, recorded in `scan` too: in one walk over the bytes (scanPlainFields()) when
 * every line is plain, otherwise line by line with `lines`, which reports every error. obs-fold
 * continuation lines (starting with SP/HTAB) are joined to the previous value with one space, as
 * RFC 9112 §5.2 allows a user agent to do; llhttp rejects them (see docs/parser-divergences.md).
 */
function fieldLines(
  text: string,
  bytes: Uint8Array,
  at: number,
  from: number,
  base: number,
  maxCount: number,
  lines: LineCursor,
  scan: FieldScan,
): Array<[string, string]> {
  if (scanPlainFields(bytes, at + from, at + text.length, maxCount, scan) !== -1)
    return scan.fields(text, at);
  const code = 'invalid-header';
  const what = 'invalid header line';
  const fields: Array<[string, string]> = [];
  scan.count = 0;
  let pos = from;
  for (;;) {
    const end = lines.lineEnd(pos, code, what);
    if (end === pos) return fields;
    const first = text.charCodeAt(pos);
    if (first === SP || first === HT) {
      const previous = fields[fields.length - 1];
      if (!previous)
        throw unexpected(
          code,
          what,
          text,
          pos,
          base,
          'a header name (a continuation line needs a header before it)',
        );
      const more = fieldValue(text, bytes, at, pos, end, base);
      previous[1] = previous[1] === '' ? more : more === '' ? previous[1] : `${previous[1]} ${more}`;
    } else {
      if (fields.length >= maxCount) {
        throw new HttpParseError(
          `too many header lines at byte ${base + pos}: the limit is ${maxCount}`,
          'too-many-headers',
          base + pos,
        );
      }
      // One walk over the name finds the colon and checks the token characters before it: the line
      // ends with CR or LF, neither a token character, so the walk stops inside the line.
      const nameStart = at + pos;
      let colon = nameStart;
      while (isTokenByte(bytes[colon])) colon++;
      colon -= at;
      if (colon === pos) throw unexpected(code, what, text, pos, base, 'a header name');
      if (colon === end) throw unexpected(code, what, text, end, base, "':' after the header name");
      if (bytes[at + colon] !== COLON)
        throw unexpected(code, what, text, colon, base, "a header name character or ':'");
      fields.push([text.slice(pos, colon), fieldValue(text, bytes, at, colon + 1, end, base)]);
      // The value's bounds are not recorded: it is a string already, and a continuation line may extend it.
      scan.add(fieldKind(bytes, nameStart, at + colon), nameStart, at + colon, -1, -1);
    }
    pos = lines.after;
  }
}

/**
 * The value between `from` and `end` without the optional whitespace around it. It is searched for
 * controls (other than HTAB) and DEL, which are errors; obs-text (0x80–0xFF) is allowed, as in llhttp.
 * Only values need this search: a control in a header name fails the token check, CR and LF end the
 * line, and the status line's reason phrase is taken as it comes.
 */
function fieldValue(
  text: string,
  bytes: Uint8Array,
  at: number,
  from: number,
  end: number,
  base: number,
): string {
  let start = at + from;
  const last = at + end;
  while (start < last && (bytes[start] === SP || bytes[start] === HT)) start++;
  let stop = last;
  while (stop > start && (bytes[stop - 1] === SP || bytes[stop - 1] === HT)) stop--;
  for (let i = start; i < stop; i++) {
    const c = bytes[i];
    if (!isFieldValueByte(c))
      throw unexpected(
        'invalid-header',
        'invalid header value',
        text,
        i - at,
        base,
        'a visible character, space or tab',
      );
  }
  return text.slice(start - at, stop - at);
}

/**
 * How the body of a final response is delimited (RFC 9112 §6.3), and whether the connection stays open.
 * `kinds` holds the FieldKind of each of `head.headers` (left in the FieldScan by the head's reading),
 * `method` is the request's; `text`/`base` only locate a bad header for the error message.
 */
export function decideFraming(
  head: ResponseHead,
  kinds: Uint8Array,
  method: string | undefined,
  text: string,
  base: number,
): Framing {
  let contentLength = -1;
  let transferEncoding = false;
  let chunked = false;
  let close = false;
  let keepAliveToken = false;
  const headers = head.headers;
  for (let i = 0; i < headers.length; i++) {
    const kind = kinds[i];
    if (kind === FieldKind.Other) continue;
    const value = headers[i][1];
    if (kind === FieldKind.ContentLength) {
      contentLength = parseContentLength(value, contentLength, text, base);
    } else if (kind === FieldKind.TransferEncoding) {
      // The last coding of the last field decides; like llhttp, `chunked` must be exactly the final element.
      // The usual value is compared whole first (here and below): the list walk gives the same, slower.
      transferEncoding = true;
      chunked = value === 'chunked' || listEndsWithToken(value, 'chunked');
    } else if (value === 'keep-alive') {
      // From here on the field is Connection, the one kind left.
      keepAliveToken = true;
    } else if (value === 'close') {
      close = true;
    } else {
      const tokens = listHasTokens(value, 'close', 'keep-alive');
      if ((tokens & 1) !== 0) close = true;
      if ((tokens & 2) !== 0) keepAliveToken = true;
    }
  }
  const http10 = head.httpVersion === '1.0';
  let keepAlive = !close && (!http10 || keepAliveToken);
  const status = head.status;
  if (status === 101 || (method === 'CONNECT' && status >= 200 && status < 300)) {
    // The connection now speaks another protocol: nothing after this head is an HTTP response.
    return { body: 'none', length: 0, keepAlive: false };
  }
  if (transferEncoding && (contentLength !== -1 || http10)) {
    // Both framings, or Transfer-Encoding in HTTP/1.0: Transfer-Encoding wins, but the framing is
    // suspect (a smuggling sign), so the connection must not be reused (RFC 9112 §6.1, §6.3).
    keepAlive = false;
  }
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return { body: 'none', length: 0, keepAlive };
  }
  if (transferEncoding) {
    if (chunked) return { body: 'chunked', length: 0, keepAlive };
    return { body: 'until-close', length: 0, keepAlive: false };
  }
  if (contentLength !== -1) return { body: 'length', length: contentLength, keepAlive };
  return { body: 'until-close', length: 0, keepAlive: false };
}

/**
 * One Content-Length field value, checked against the ones before it (`previous`, -1 when none).
 * A list of identical values (`5, 5`) or repeated equal fields are accepted (RFC 9110 §8.6).
 */
function parseContentLength(value: string, previous: number, text: string, base: number): number {
  // The usual single number is checked without splitting (no array per response).
  if (value.indexOf(',') === -1) return contentLengthElement(value, value, previous, text, base);
  let result = previous;
  for (const element of value.split(',')) result = contentLengthElement(element, value, result, text, base);
  return result;
}

/** One element of a Content-Length list, which must agree with `previous` (-1 when none); `value` is the whole field value, for errors. */
function contentLengthElement(
  element: string,
  value: string,
  previous: number,
  text: string,
  base: number,
): number {
  const length = decimalTrimmed(element);
  if (length !== -1 && Number.isSafeInteger(length) && (previous === -1 || previous === length))
    return length;
  const at = base + Math.max(0, text.indexOf(value));
  if (length === -1) {
    throw new HttpParseError(
      `invalid Content-Length "${value}" at byte ${at}: expected a non-negative decimal number`,
      'invalid-content-length',
      at,
    );
  }
  if (!Number.isSafeInteger(length)) {
    throw new HttpParseError(
      `Content-Length "${value}" at byte ${at} is too large: expected at most ${Number.MAX_SAFE_INTEGER}`,
      'invalid-content-length',
      at,
    );
  }
  throw new HttpParseError(
    `conflicting Content-Length values ${previous} and ${length} at byte ${at}: expected one length`,
    'conflicting-content-length',
    at,
  );
}

/**
 * The value of the decimal digits in `s` without the whitespace trim() removes (may be unsafe when
 * huge), or -1 when nothing is left or another character is; read in place, as decimal(s.trim()) would.
 */
function decimalTrimmed(s: string): number {
  const from = trimmedStart(s, 0, s.length);
  const to = trimmedEnd(s, from, s.length);
  if (from === to) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

/** Largest chunk size accepted: beyond it the arithmetic would lose precision. */
const MAX_CHUNK_SIZE = Number.MAX_SAFE_INTEGER;

/**
 * `1a;name=value` + CR LF: the chunk size (hex) and optional extensions (RFC 9112 §7.1.1), which are
 * checked and ignored. No whitespace is allowed around `;` and `=`, matching llhttp's strict mode.
 */
export function parseChunkSizeLine(line: string, base: number): number {
  const sizeWhat = 'invalid chunk size';
  let end = line.length - 1; // the LF
  if (end > 0 && line.charCodeAt(end - 1) === 0x0d) end--;
  let size = 0;
  let i = 0;
  for (; i < end; i++) {
    const digit = hexValue(line.charCodeAt(i));
    if (digit === -1) break;
    if (size > (MAX_CHUNK_SIZE - digit) / 16) {
      throw new HttpParseError(
        `chunk size at byte ${base} is too large: expected at most ${MAX_CHUNK_SIZE} bytes`,
        'invalid-chunk-size',
        base + i,
      );
    }
    size = size * 16 + digit;
  }
  if (i === 0) throw unexpected('invalid-chunk-size', sizeWhat, line, 0, base, 'a hexadecimal chunk size');
  while (i < end) {
    if (line.charCodeAt(i) !== 0x3b)
      throw unexpected('invalid-chunk-size', sizeWhat, line, i, base, "a hexadecimal digit, ';' or CR LF");
    i = chunkExtension(line, i + 1, end, base);
  }
  return size;
}

/** Hex digits in a plain chunk-size line: 16^13 stays below MAX_CHUNK_SIZE, so no overflow check is needed. */
const PLAIN_CHUNK_SIZE_DIGITS = 13;

/**
 * Index just past the LF of the chunk-size line from `from` when it is only hex digits (at most
 * PLAIN_CHUNK_SIZE_DIGITS) and CR LF or a bare LF, all within `bytes`; -1 for anything else
 * (extensions, bad bytes, very long sizes, a line that goes on past `bytes`), which the parser then
 * collects and parseChunkSizeLine() reads and reports.
 */
export function plainChunkSizeLineEnd(bytes: Uint8Array, from: number): number {
  // Loads stay below `end` for the reason given in scanPlainHead(); one digit more than allowed is looked at.
  const end = Math.min(bytes.length, from + PLAIN_CHUNK_SIZE_DIGITS + 2);
  let i = from;
  while (i < end && hexValue(bytes[i]) !== -1) i++;
  if (i === from || i - from > PLAIN_CHUNK_SIZE_DIGITS) return -1;
  if (i < end && bytes[i] === CR) i++;
  return i < end && bytes[i] === LF ? i + 1 : -1;
}

/** The size in the line plainChunkSizeLineEnd() accepted, whose LF is at `lf`: what parseChunkSizeLine() would give. */
export function plainChunkSize(bytes: Uint8Array, from: number, lf: number): number {
  const end = bytes[lf - 1] === CR ? lf - 1 : lf;
  let size = 0;
  for (let i = from; i < end; i++) size = size * 16 + hexValue(bytes[i]);
  return size;
}

/** One `name[=value]` extension from `start`; returns the index after it. An empty value is accepted, as llhttp does. */
function chunkExtension(line: string, start: number, end: number, base: number): number {
  const code = 'invalid-chunk-extension';
  const what = 'invalid chunk extension';
  let i = start;
  while (i < end && isTokenCode(line.charCodeAt(i))) i++;
  if (i === start) throw unexpected(code, what, line, i, base, 'an extension name');
  if (i === end || line.charCodeAt(i) === 0x3b) return i;
  if (line.charCodeAt(i) !== 0x3d)
    throw unexpected(code, what, line, i, base, "'=', ';' or CR LF after the extension name");
  i++;
  if (line.charCodeAt(i) === 0x22) i = quotedStringEnd(line, i, end, base);
  else while (i < end && isTokenCode(line.charCodeAt(i))) i++;
  if (i < end && line.charCodeAt(i) !== 0x3b)
    throw unexpected(
      code,
      what,
      line,
      i,
      base,
      "an extension value (token or quoted string), then ';' or CR LF",
    );
  return i;
}

/** Index after the quoted-string (RFC 9110 §5.6.4) whose opening quote is at `start`. */
function quotedStringEnd(line: string, start: number, end: number, base: number): number {
  for (let i = start + 1; i < end; i++) {
    let c = line.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c && i + 1 < end) c = line.charCodeAt(++i); // quoted-pair
    if (!isFieldValueByte(c)) {
      throw unexpected(
        'invalid-chunk-extension',
        'invalid chunk extension',
        line,
        i,
        base,
        'a visible character, space or tab in the quoted value',
      );
    }
  }
  throw unexpected('invalid-chunk-extension', 'invalid chunk extension', line, end, base, 'a closing quote');
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
