// Turns a prepared request into the exact bytes written on the connection (RFC 9112 §3, §6).
// The user's headers go out in their order and case; only what HTTP/1.1 framing needs is added.

import { isHeaderNamed } from '../common/headerFields';
import type { PreparedRequest } from './types';
import { firstLineBreakingChar, isToken, listHasTokens } from './httpSyntax';

export interface SerializeOptions {
  /** Ask the server to close after this response (fresh mode), unless the user set Connection. */
  connectionClose: boolean;
  /** To an http: origin through a proxy: absolute-form target (RFC 9112 §3.2.2), Host still sent. */
  absoluteForm?: boolean;
  /** Through a proxy: added as Proxy-Authorization unless the user set that header. */
  proxyAuthorization?: string;
}

/** Methods whose requests are expected to carry content, so an empty body is still framed (RFC 9110 §8.6). */
const METHODS_WITH_CONTENT = new Set(['POST', 'PUT', 'PATCH']);

/** The request asks the server to close the connection after it (RFC 9112 §9.6): nothing may follow it there. */
export function asksToClose(req: PreparedRequest | undefined): boolean {
  // Asked for every request written and every response: a loop, not an array of values each time.
  if (!req) return false;
  for (const [name, value] of req.headers)
    if (isHeaderNamed(name, 'connection') && (listHasTokens(value, 'close', '') & 1) !== 0) return true;
  return false;
}

export function serializeRequest(req: PreparedRequest, options: SerializeOptions): Buffer {
  if (!isToken(req.method)) {
    throw new Error(
      `Invalid request method ${JSON.stringify(req.method)}: a method must be a token (letters, digits, !#$%&'*+-.^_\`|~).`,
    );
  }
  const path = requestTarget(req.url);
  // Scheme and host only: userinfo is never sent (RFC 9110 §4.2.4).
  const target = options.absoluteForm ? `${req.url.protocol}//${req.url.host}${path}` : path;

  let hasHost = false;
  let hasFraming = false;
  let hasConnection = false;
  let hasProxyAuthorization = false;
  // One string built as it goes (no array of lines), since it is made for every request of a run.
  let fields = '';
  for (const [name, value] of req.headers) {
    checkHeader(name, value);
    const lower = name.toLowerCase();
    if (lower === 'host') hasHost = true;
    else if (lower === 'content-length' || lower === 'transfer-encoding') hasFraming = true;
    else if (lower === 'connection') hasConnection = true;
    else if (lower === 'proxy-authorization') hasProxyAuthorization = true;
    fields += `${name}: ${value}\r\n`;
  }
  if (options.proxyAuthorization !== undefined && !hasProxyAuthorization)
    fields += `Proxy-Authorization: ${options.proxyAuthorization}\r\n`;

  const body = req.body;
  const bodyLength = body?.length ?? 0;
  if (!hasFraming && (bodyLength > 0 || METHODS_WITH_CONTENT.has(req.method.toUpperCase()))) {
    fields += `Content-Length: ${bodyLength}\r\n`;
  }
  if (options.connectionClose && !hasConnection) fields += 'Connection: close\r\n';

  // Host first, as RFC 9112 §3.2 recommends; URL.host already brackets IPv6 and drops a default port.
  const host = hasHost ? '' : `Host: ${req.url.host}\r\n`;
  const head = Buffer.from(`${req.method} ${target} HTTP/1.1\r\n${host}${fields}\r\n`, 'utf8');
  return bodyLength > 0 && body ? Buffer.concat([head, body]) : head;
}

/**
 * Origin-form target (RFC 9112 §3.2.1): path and query, never the fragment. A real WHATWG URL has
 * already percent-encoded everything outside visible ASCII and dropped line breaks; the check and the
 * encoding here guard the wire against URL-like objects from plain JS callers. Existing `%xx` escapes
 * are kept as they are (no double encoding); other characters are encoded as UTF-8.
 */
function requestTarget(url: URL): string {
  const raw = (url.pathname || '/') + url.search;
  const bad = firstLineBreakingChar(raw);
  if (bad !== -1) {
    throw new Error(
      `Invalid request target: character ${bad + 1} is a line break or NUL, which would inject into the request.`,
    );
  }
  return raw.replace(/[^\x21-\x7e]+/gu, (run) => encodeURIComponent(run));
}

function checkHeader(name: string, value: string): void {
  if (firstLineBreakingChar(name) !== -1 || firstLineBreakingChar(value) !== -1) {
    throw new Error(
      `Header ${JSON.stringify(name)} contains a CR, LF or NUL character, which would inject into the request; remove it.`,
    );
  }
  if (!isToken(name)) {
    throw new Error(
      `Invalid header name ${JSON.stringify(name)}: a header name must be a token (letters, digits, !#$%&'*+-.^_\`|~), without spaces or colons.`,
    );
  }
}
