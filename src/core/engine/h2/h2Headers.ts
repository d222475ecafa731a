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

/** The request's header list as it goes out, pseudo-headers first. */
export function requestHeaderList(prepared: PreparedRequest): Array<[string, string]> {
  const { url } = prepared;
  const host = headerValue(prepared.headers, 'host');
  const list: Array<[string, string]> = [
    [':method', prepared.method],
    [':scheme', url.protocol.slice(0, -1)],
    [':authority', host ?? url.host],
    [':path', (url.pathname || '/') + url.search],
  ];
  let hasLength = false;
  for (const [name, value] of prepared.headers) {
    const lower = name.toLowerCase();
    if (CONNECTION_SPECIFIC.has(lower)) continue;
    // TE may only say "trailers" in HTTP/2.
    if (lower === 'te' && value.trim().toLowerCase() !== 'trailers') continue;
    if (lower === 'content-length') hasLength = true;
    list.push([lower, value]);
  }
  if (prepared.body && !hasLength) list.push(['content-length', String(prepared.body.length)]);
  return list;
}

/** The same list in the shape Node's `session.request()` takes (repeated names become arrays). */
export function toNodeHeaders(list: ReadonlyArray<[string, string]>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of list) {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = Array.isArray(existing) ? [...existing, value] : [String(existing), value];
  }
  return headers;
}

/** Node's raw header list (`[name, value, name, value, …]`, as received) as pairs, in order. */
export function headerPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

/** A response HEADERS frame as the engine's head: `:status` becomes the status, no reason phrase in HTTP/2. */
export function responseHead(pairs: ReadonlyArray<[string, string]>): ResponseHead {
  const status = Number(pairs.find(([name]) => name === ':status')?.[1] ?? 0);
  return {
    httpVersion: '2',
    status,
    statusText: '',
    headers: pairs.filter(([name]) => !name.startsWith(':')),
  };
}
