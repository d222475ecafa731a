// Parses `[METHOD SP] target [SP HTTP/x.y]` into its parts with their columns. Continuation lines
// of the target are joined by the block parser, which calls `splitHttpVersion` on each piece.

import { isWhitespace } from './lineScanner';

/** Methods recognised in any letter case (RFC 9110 plus WebDAV/CalDAV and QUERY), as REST Client does. */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'QUERY',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'SEARCH',
  'REPORT',
  'MKCALENDAR',
  'ACL',
  'BIND',
  'UNBIND',
  'REBIND',
  'CHECKOUT',
  'CHECKIN',
  'UNCHECKOUT',
  'MKWORKSPACE',
  'UPDATE',
  'LABEL',
  'MERGE',
  'BASELINE-CONTROL',
  'MKACTIVITY',
  'ORDERPATCH',
]);

/** Any other method must be written in upper case, so `localhost:8080/x` is never taken for one. */
const UPPER_CASE_TOKEN = /^[A-Z][A-Z0-9_-]*$/;

export interface Span {
  text: string;
  /** Column where the text starts on its line. */
  start: number;
}

export interface RequestLineParts {
  /** Upper-cased; absent when the line has no method (GET is implied). */
  method?: Span;
  /** Absent when the line is only a method, which is an error the caller reports. */
  target?: Span;
  httpVersion?: Span;
}

export function parseRequestLine(text: string): RequestLineParts {
  // Columns found by walking the line once (no trimmed copies, no match array): every request of a
  // file goes through here on every parse.
  let start = 0;
  while (start < text.length && isWhitespace(text.charCodeAt(start))) start++;
  let end = text.length;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  if (start === end) start = end = 0; // a blank line: nothing at column 0, as a trimmed copy would say
  let tokenEnd = start;
  while (tokenEnd < end && !isWhitespace(text.charCodeAt(tokenEnd))) tokenEnd++;
  let restStart = tokenEnd;
  while (restStart < end && isWhitespace(text.charCodeAt(restStart))) restStart++;
  const firstToken = text.slice(start, tokenEnd);
  const upperCased = firstToken.toUpperCase();
  const hasRest = restStart < end;
  const isMethod = KNOWN_METHODS.has(upperCased) || (UPPER_CASE_TOKEN.test(firstToken) && hasRest);
  if (!isMethod) return splitHttpVersion({ text: text.slice(start, end), start });
  const method: Span = { text: upperCased, start };
  if (!hasRest) return { method };
  return { method, ...splitHttpVersion({ text: text.slice(restStart, end), start: restStart }) };
}

/** Takes a trailing ` HTTP/x[.y]` (or JetBrains' ` HTTP/2 (Prior Knowledge)`) off a target piece. */
export function splitHttpVersion(piece: Span): { target: Span; httpVersion?: Span } {
  const match = /^(.*?)\s+(HTTP\/\d+(?:\.\d+)?)(\s+\(prior knowledge\))?$/i.exec(piece.text);
  if (!match || match[1] === '') return { target: piece };
  const written = match[2] + (match[3] ?? '');
  return {
    target: { text: match[1], start: piece.start },
    httpVersion: {
      text: match[2].toUpperCase() + (match[3] ? ' (Prior Knowledge)' : ''),
      start: piece.start + piece.text.length - written.length,
    },
  };
}

/**
 * The protocol a request line's version asks for: `HTTP/2`, `HTTP/2.0` (httpYac) and `HTTP/2 (Prior
 * Knowledge)` (JetBrains) mean HTTP/2, `HTTP/1.x` pins HTTP/1.1; anything else (HTTP/3) is not spoken.
 */
export function protocolOfVersion(version: string): 'h2' | 'http/1.1' | undefined {
  if (/^HTTP\/2(?:\.0)?(?: \(Prior Knowledge\))?$/i.test(version)) return 'h2';
  if (/^HTTP\/1(?:\.[01])?$/i.test(version)) return 'http/1.1';
  return undefined;
}
