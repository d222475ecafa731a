// HTTP/1.1 syntax rules (RFC 9110 §5.6, RFC 9112) shared by the request serializer and the response
// parser, so both sides agree on what a token or a field value is.

/** Bytes that may appear in a token (RFC 9110 §5.6.2): `!#$%&'*+-.^_`|~`, digits and letters. */
const TOKEN_CHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_CHAR[c.charCodeAt(0)] = 1;
}

export function isTokenCode(code: number): boolean {
  return code < 256 && TOKEN_CHAR[code] === 1;
}

/** isTokenCode() for a byte (0–255), one load: the response parser's header walk runs it for every byte of every name. */
export function isTokenByte(byte: number): boolean {
  return TOKEN_CHAR[byte] === 1;
}

/** Index of the first character of `s` (from `from` to `to`) that is not a token character, or -1. */
export function firstNonTokenChar(s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    if (!isTokenCode(s.charCodeAt(i))) return i;
  }
  return -1;
}

export function isToken(s: string): boolean {
  return s.length > 0 && firstNonTokenChar(s) === -1;
}

/** What a sender must never put in a header or request target: it would end the line (injection). */
const LINE_BREAKING_CHAR = /[\r\n\0]/;

export function firstLineBreakingChar(s: string): number {
  return s.search(LINE_BREAKING_CHAR);
}

/** `bytes` from `from` on start with `lower` (all-lowercase ASCII) ignoring ASCII case; `bytes` must be long enough. */
export function asciiLowerEqualsBytes(bytes: Uint8Array, from: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = bytes[from + i];
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** `s` from `from` on starts with `lower` (all-lowercase ASCII) ignoring ASCII case; `s` must be long enough. */
function asciiLowerEqualsAt(s: string, from: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = s.charCodeAt(from + i);
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The whitespace String.prototype.trim() removes, within latin1 (what header values are decoded as):
 * HTAB, LF, VT, FF, CR, SP and NBSP. Kept identical to trim() so the list functions below behave
 * exactly as `split(',')` + `trim()` did, without allocating.
 */
function isTrimmedCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
}

/** Where the list element in [from, to) ends (or starts, below) without the whitespace around it. */
export function trimmedEnd(value: string, from: number, to: number): number {
  while (to > from && isTrimmedCode(value.charCodeAt(to - 1))) to--;
  return to;
}

export function trimmedStart(value: string, from: number, to: number): number {
  while (from < to && isTrimmedCode(value.charCodeAt(from))) from++;
  return from;
}

/** `value[from, to)` equals `lower` (all-lowercase ASCII) ignoring ASCII case: exact for latin1 text, where only A–Z fold to ASCII. */
function rangeEqualsLower(value: string, from: number, to: number, lower: string): boolean {
  return to - from === lower.length && asciiLowerEqualsAt(value, from, lower);
}

/**
 * Which of two tokens (all-lowercase ASCII) the comma-separated list `value` (latin1 text) contains,
 * ignoring case (RFC 9110 §5.6.1): bit 1 for `first`, bit 2 for `second`. Runs for every Connection
 * header of every response, hence one walk for both tokens and no allocation.
 */
export function listHasTokens(value: string, first: string, second: string): number {
  const length = value.length;
  let found = 0;
  for (let start = 0; start <= length;) {
    let end = value.indexOf(',', start);
    if (end === -1) end = length;
    const from = trimmedStart(value, start, end);
    const to = trimmedEnd(value, from, end);
    if (rangeEqualsLower(value, from, to, first)) found |= 1;
    else if (rangeEqualsLower(value, from, to, second)) found |= 2;
    start = end + 1;
  }
  return found;
}

/** True when the last element of the comma-separated list `value` (latin1 text) is `token` (all-lowercase ASCII), ignoring case. */
export function listEndsWithToken(value: string, token: string): boolean {
  const end = value.length;
  const from = trimmedStart(value, value.lastIndexOf(',') + 1, end);
  return rangeEqualsLower(value, from, trimmedEnd(value, from, end), token);
}

/** Readable name of a byte for error messages: `'x'` when printable, `0x0d (CR)` otherwise. */
export function describeByte(code: number | undefined): string {
  if (code === undefined) return 'end of data';
  if (code === 0x0d) return '0x0d (CR)';
  if (code === 0x0a) return '0x0a (LF)';
  if (code === 0x20) return "' ' (space)";
  if (code === 0x09) return '0x09 (tab)';
  if (code > 0x20 && code < 0x7f) return `'${String.fromCharCode(code)}'`;
  return `0x${code.toString(16).padStart(2, '0')}`;
}
