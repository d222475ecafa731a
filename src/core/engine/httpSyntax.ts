// HTTP/1.1 syntax rules (RFC 9110 §5.6, RFC 9112) shared by the request serializer and the response
// parser, so both sides agree on what a token or a field value is.

/** Bytes that may appear in a token (RFC 9110 §5.6.2): `!#$%&'*+-.^_`|~`, digits and letters. */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_CHAR[c.charCodeAt(0)] = 1;
}

export function isTokenCode(code: number): boolean {
  return code < 128 && TOKEN_CHAR[code] === 1;
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

/** `name` equals `lower` (an all-lowercase ASCII string) ignoring ASCII case, without allocating. */
export function asciiLowerEquals(name: string, lower: string): boolean {
  return name.length === lower.length && asciiLowerEqualsAt(name, 0, lower);
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
 * True when the comma-separated list `value` (latin1 text) contains `token` (all-lowercase ASCII),
 * ignoring case (RFC 9110 §5.6.1). Runs for every Connection header of every response, hence no allocation.
 */
export function listHasToken(value: string, token: string): boolean {
  const length = value.length;
  for (let start = 0; start <= length; ) {
    let end = value.indexOf(',', start);
    if (end === -1) end = length;
    const from = trimmedStart(value, start, end);
    if (rangeEqualsLower(value, from, trimmedEnd(value, from, end), token)) return true;
    start = end + 1;
  }
  return false;
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
