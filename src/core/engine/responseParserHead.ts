// Pure functions that turn one complete section of a response (status line, header or trailer lines,
// chunk-size line) into values, and decide how the body is framed (RFC 9112 §4, §5, §6, §7).
// Texts are latin1 decoded, so text index i is stream byte `base + i` and errors can point at the byte.

import type { ResponseHead } from './types';
import { asciiLowerEquals, describeByte, isTokenCode, listEndsWithToken, listHasToken, trimmedEnd, trimmedStart } from './httpSyntax';
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

function unexpected(code: string, what: string, text: string, index: number, base: number, expected: string): HttpParseError {
  const offset = base + index;
  return new HttpParseError(`${what} at byte ${offset}: expected ${expected}, got ${describeByte(index < text.length ? text.charCodeAt(index) : undefined)}`, code, offset);
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
 * A response head: status line and header lines, up to and including the empty line. `bytes` from `at`
 * hold the same characters as `text` (it was decoded from them): names and values are checked there.
 */
export function parseResponseHead(text: string, bytes: Uint8Array, at: number, base: number, maxHeaderCount: number): ResponseHead {
  const lines = new LineCursor(text, base, 0);
  const head = statusLine(text, base, lines);
  head.headers = plainFieldLines(text, bytes, at, lines.after, maxHeaderCount) ?? fieldLines(text, bytes, at, lines.after, base, maxHeaderCount, lines);
  return head;
}

/** Header (or trailer) lines from `from` up to and including the empty line that ends the section; `bytes`, `at` as above. */
export function parseFieldLines(text: string, bytes: Uint8Array, at: number, base: number, maxCount: number): Array<[string, string]> {
  return plainFieldLines(text, bytes, at, 0, maxCount) ?? fieldLines(text, bytes, at, 0, base, maxCount, new LineCursor(text, base, 0));
}

/**
 * The field lines from `from`, read in one walk over the bytes, when every line is the usual kind: a
 * token name, ':', a value of visible characters, SP, HTAB or obs-text, then CR LF or a bare LF, and
 * no more lines than `maxCount`. Anything else (obs-fold, a bad byte, a bare CR, too many lines) gives
 * null, and fieldLines() reads the section again, so every error and the obs-fold join have one
 * implementation. Gives what fieldLines() gives whenever it does not give null (the same checks, in a
 * walk that needs no indexOf per line and no second pass over each value).
 */
function plainFieldLines(text: string, bytes: Uint8Array, at: number, from: number, maxCount: number): Array<[string, string]> | null {
  const fields: Array<[string, string]> = [];
  let i = at + from;
  for (;;) {
    let c = bytes[i];
    if (c === LF) return fields;
    if (c === CR) return bytes[i + 1] === LF ? fields : null;
    if (fields.length >= maxCount) return null;
    const nameStart = i;
    while (isTokenCode(bytes[i])) i++;
    if (i === nameStart || bytes[i] !== COLON) return null;
    const nameEnd = i++;
    while (bytes[i] === SP || bytes[i] === HT) i++;
    const valueStart = i;
    let valueEnd = i;
    for (;;) {
      c = bytes[i];
      if (c === SP || c === HT) i++;
      else if (c > SP && c !== 0x7f) valueEnd = ++i;
      else break;
    }
    if (c === CR) {
      if (bytes[i + 1] !== LF) return null;
      i += 2;
    } else if (c === LF) {
      i++;
    } else {
      return null;
    }
    fields.push([text.slice(nameStart - at, nameEnd - at), text.slice(valueStart - at, valueEnd - at)]);
  }
}

/** `HTTP/1.1 200 OK` — the reason phrase may be empty or missing (with its space), as llhttp allows. Headers are left empty. */
function statusLine(text: string, base: number, lines: LineCursor): ResponseHead {
  const code = 'invalid-status-line';
  const what = 'invalid status line';
  const end = lines.lineEnd(0, code, what);
  const prefix = 'HTTP/';
  for (let i = 0; i < prefix.length; i++) {
    if (text.charCodeAt(i) !== prefix.charCodeAt(i) || i >= end) throw unexpected(code, what, text, i, base, `"${prefix}" starting a status line`);
  }
  if (!isDigit(text.charCodeAt(5)) || 5 >= end) throw unexpected(code, what, text, 5, base, 'a version digit');
  if (text.charCodeAt(6) !== 0x2e || 6 >= end) throw unexpected(code, what, text, 6, base, "'.' in the HTTP version");
  if (!isDigit(text.charCodeAt(7)) || 7 >= end) throw unexpected(code, what, text, 7, base, 'a version digit');
  const httpVersion = text.charCodeAt(5) !== 0x31 ? '' : text.charCodeAt(7) === 0x31 ? '1.1' : text.charCodeAt(7) === 0x30 ? '1.0' : '';
  if (httpVersion === '') {
    throw new HttpParseError(`unsupported HTTP version "${text.slice(5, 8)}" at byte ${base + 5}: expected HTTP/1.1 or HTTP/1.0`, 'unsupported-version', base + 5);
  }
  if (text.charCodeAt(8) !== SP || 8 >= end) throw unexpected(code, what, text, 8, base, "' ' after the HTTP version");
  for (let i = 9; i < 12; i++) {
    if (!isDigit(text.charCodeAt(i)) || i >= end) throw unexpected(code, what, text, i, base, 'a three-digit status code');
  }
  const status = (text.charCodeAt(9) - 0x30) * 100 + (text.charCodeAt(10) - 0x30) * 10 + (text.charCodeAt(11) - 0x30);
  if (end > 12 && text.charCodeAt(12) !== SP) throw unexpected(code, what, text, 12, base, "' ' or the end of the line after the status code");
  return { httpVersion, status, statusText: end > 13 ? text.slice(13, end) : '', headers: [] };
}

/**
 * Field lines read with `lines`. obs-fold continuation lines (starting with SP/HTAB) are joined to the previous value with one space,
 * as RFC 9112 §5.2 allows a user agent to do; llhttp rejects them (see docs/parser-divergences.md).
 */
function fieldLines(
  text: string,
  bytes: Uint8Array,
  at: number,
  from: number,
  base: number,
  maxCount: number,
  lines: LineCursor,
): Array<[string, string]> {
  const code = 'invalid-header';
  const what = 'invalid header line';
  const fields: Array<[string, string]> = [];
  let pos = from;
  for (;;) {
    const end = lines.lineEnd(pos, code, what);
    if (end === pos) return fields;
    const first = text.charCodeAt(pos);
    if (first === SP || first === HT) {
      const previous = fields[fields.length - 1];
      if (!previous) throw unexpected(code, what, text, pos, base, 'a header name (a continuation line needs a header before it)');
      const more = fieldValue(text, bytes, at, pos, end, base);
      previous[1] = previous[1] === '' ? more : more === '' ? previous[1] : `${previous[1]} ${more}`;
    } else {
      if (fields.length >= maxCount) {
        throw new HttpParseError(`too many header lines at byte ${base + pos}: the limit is ${maxCount}`, 'too-many-headers', base + pos);
      }
      // One walk over the name finds the colon and checks the token characters before it: the line
      // ends with CR or LF, neither a token character, so the walk stops inside the line.
      const nameStart = at + pos;
      let colon = nameStart;
      while (isTokenCode(bytes[colon])) colon++;
      colon -= at;
      if (colon === pos) throw unexpected(code, what, text, pos, base, 'a header name');
      if (colon === end) throw unexpected(code, what, text, end, base, "':' after the header name");
      if (bytes[at + colon] !== COLON) throw unexpected(code, what, text, colon, base, "a header name character or ':'");
      fields.push([text.slice(pos, colon), fieldValue(text, bytes, at, colon + 1, end, base)]);
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
function fieldValue(text: string, bytes: Uint8Array, at: number, from: number, end: number, base: number): string {
  let start = at + from;
  const last = at + end;
  while (start < last && (bytes[start] === SP || bytes[start] === HT)) start++;
  let stop = last;
  while (stop > start && (bytes[stop - 1] === SP || bytes[stop - 1] === HT)) stop--;
  for (let i = start; i < stop; i++) {
    const c = bytes[i];
    if ((c < SP && c !== HT) || c === 0x7f) throw unexpected('invalid-header', 'invalid header value', text, i - at, base, 'a visible character, space or tab');
  }
  return text.slice(start - at, stop - at);
}

/**
 * How the body of a final response is delimited (RFC 9112 §6.3), and whether the connection stays open.
 * `method` is the request's; `text`/`base` only locate a bad header for the error message.
 */
export function decideFraming(head: ResponseHead, method: string | undefined, text: string, base: number): Framing {
  let contentLength = -1;
  let transferEncoding = false;
  let chunked = false;
  let close = false;
  let keepAliveToken = false;
  const headers = head.headers;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = headers[i][1];
    if (asciiLowerEquals(name, 'content-length')) {
      contentLength = parseContentLength(value, contentLength, text, base);
    } else if (asciiLowerEquals(name, 'transfer-encoding')) {
      // The last coding of the last field decides; like llhttp, `chunked` must be exactly the final element.
      transferEncoding = true;
      chunked = listEndsWithToken(value, 'chunked');
    } else if (asciiLowerEquals(name, 'connection')) {
      if (listHasToken(value, 'close')) close = true;
      if (listHasToken(value, 'keep-alive')) keepAliveToken = true;
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
function contentLengthElement(element: string, value: string, previous: number, text: string, base: number): number {
  const length = decimalTrimmed(element);
  if (length !== -1 && Number.isSafeInteger(length) && (previous === -1 || previous === length)) return length;
  const at = base + Math.max(0, text.indexOf(value));
  if (length === -1) {
    throw new HttpParseError(`invalid Content-Length "${value}" at byte ${at}: expected a non-negative decimal number`, 'invalid-content-length', at);
  }
  if (!Number.isSafeInteger(length)) {
    throw new HttpParseError(`Content-Length "${value}" at byte ${at} is too large: expected at most ${Number.MAX_SAFE_INTEGER}`, 'invalid-content-length', at);
  }
  throw new HttpParseError(`conflicting Content-Length values ${previous} and ${length} at byte ${at}: expected one length`, 'conflicting-content-length', at);
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
      throw new HttpParseError(`chunk size at byte ${base} is too large: expected at most ${MAX_CHUNK_SIZE} bytes`, 'invalid-chunk-size', base + i);
    }
    size = size * 16 + digit;
  }
  if (i === 0) throw unexpected('invalid-chunk-size', sizeWhat, line, 0, base, 'a hexadecimal chunk size');
  while (i < end) {
    if (line.charCodeAt(i) !== 0x3b) throw unexpected('invalid-chunk-size', sizeWhat, line, i, base, "a hexadecimal digit, ';' or CR LF");
    i = chunkExtension(line, i + 1, end, base);
  }
  return size;
}

/** Hex digits accepted by plainChunkSize(): 16^13 stays below MAX_CHUNK_SIZE, so no overflow check is needed. */
const PLAIN_CHUNK_SIZE_DIGITS = 13;

/**
 * The size of a chunk-size line that is only hex digits and CR LF (or a bare LF), read straight from
 * the bytes [from, lf]; -1 for anything else (extensions, bad bytes, very long sizes), which
 * parseChunkSizeLine() then reads from text and reports. Same value as parseChunkSizeLine() gives.
 */
export function plainChunkSize(bytes: Uint8Array, from: number, lf: number): number {
  const end = lf > from && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
  if (end === from || end - from > PLAIN_CHUNK_SIZE_DIGITS) return -1;
  let size = 0;
  for (let i = from; i < end; i++) {
    const digit = hexValue(bytes[i]);
    if (digit === -1) return -1;
    size = size * 16 + digit;
  }
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
  if (line.charCodeAt(i) !== 0x3d) throw unexpected(code, what, line, i, base, "'=', ';' or CR LF after the extension name");
  i++;
  if (line.charCodeAt(i) === 0x22) i = quotedStringEnd(line, i, end, base);
  else while (i < end && isTokenCode(line.charCodeAt(i))) i++;
  if (i < end && line.charCodeAt(i) !== 0x3b) throw unexpected(code, what, line, i, base, "an extension value (token or quoted string), then ';' or CR LF");
  return i;
}

/** Index after the quoted-string (RFC 9110 §5.6.4) whose opening quote is at `start`. */
function quotedStringEnd(line: string, start: number, end: number, base: number): number {
  for (let i = start + 1; i < end; i++) {
    let c = line.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c && i + 1 < end) c = line.charCodeAt(++i); // quoted-pair
    if (c !== HT && (c < 0x20 || c === 0x7f)) {
      throw unexpected('invalid-chunk-extension', 'invalid chunk extension', line, i, base, 'a visible character, space or tab in the quoted value');
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
