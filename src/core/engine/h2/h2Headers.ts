// Between httpipe's requests and responses and HTTP/2's header lists (RFC 9113 §8.2–8.3): the
// pseudo-headers, lower-case names, and no connection-specific fields (Node refuses them, and a
// server must treat them as malformed).
import type { OutgoingHttpHeaders } from 'node:http2';
import { headerValue } from '../../common/headerFields';
import type { PreparedRequest, ResponseHead } from '../types';

/** Fields that only mean something on an HTTP/1.1 connection (RFC 9113 §8.2.2); Host becomes :authority. */
const CONNECTION_SPECIFIC = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** What the header list is made of: the request without its body (its length is enough) and credentials. */
export type RequestHead = Pick<PreparedRequest, 'method' | 'url' | 'headers'>;

/** Visits the request's header fields as they go out, pseudo-headers first. */
function forEachRequestField(
  request: RequestHead,
  bodyLength: number | undefined,
  visit: (name: string, value: string) => void,
): void {
  const { url } = request;
  visit(':method', request.method);
  visit(':scheme', url.protocol.slice(0, -1));
  visit(':authority', headerValue(request.headers, 'host') ?? url.host);
  visit(':path', (url.pathname || '/') + url.search);
  let hasLength = false;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (CONNECTION_SPECIFIC.has(lower)) continue;
    // TE may only say "trailers" in HTTP/2.
    if (lower === 'te' && value.trim().toLowerCase() !== 'trailers') continue;
    if (lower === 'content-length') hasLength = true;
    visit(lower, value);
  }
  if (bodyLength !== undefined && !hasLength) visit('content-length', String(bodyLength));
}

/** The request's header list as it goes out, pseudo-headers first (for the frame list). */
export function requestHeaderList(
  request: RequestHead,
  bodyLength: number | undefined,
): Array<[string, string]> {
  const list: Array<[string, string]> = [];
  forEachRequestField(request, bodyLength, (name, value) => list.push([name, value]));
  return list;
}

/** The same fields in the shape Node's `session.request()` takes (repeated names become arrays). */
export function nodeRequestHeaders(prepared: PreparedRequest): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  forEachRequestField(prepared, prepared.body?.length, (name, value) => {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = Array.isArray(existing) ? [...existing, value] : [String(existing), value];
  });
  return headers;
}

/** Node's raw header list (`[name, value, name, value, …]`, as received) as pairs, in order. */
export function headerPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

/** A response HEADERS frame's raw list as the engine's head: `:status` becomes the status, no reason phrase in HTTP/2. */
export function responseHead(raw: readonly string[]): ResponseHead {
  let status = 0;
  let statusSeen = false;
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (!name.startsWith(':')) headers.push([name, raw[i + 1]]);
    else if (name === ':status' && !statusSeen) {
      statusSeen = true;
      status = Number(raw[i + 1]);
    }
  }
  return { httpVersion: '2', status, statusText: '', headers };
}
