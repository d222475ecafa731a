// Request headers people write in .http files, with the values worth offering. Notes say what a
// header means for httpipe's connections where it matters (Connection, Expect, TE).

export interface HeaderFact {
  name: string;
  doc: string;
  values?: readonly ValueFact[];
}

export interface ValueFact {
  value: string;
  doc?: string;
}

const MEDIA_TYPES: readonly ValueFact[] = [
  { value: 'application/json' },
  { value: 'application/x-www-form-urlencoded', doc: 'name=value&name=value, as HTML forms send it' },
  { value: 'multipart/form-data; boundary=----httpipe', doc: 'parts separated by the boundary line' },
  { value: 'text/plain; charset=utf-8' },
  { value: 'text/html' },
  { value: 'application/xml' },
  { value: 'text/csv' },
  { value: 'application/octet-stream', doc: 'arbitrary bytes' },
  { value: 'application/graphql' },
  { value: 'application/problem+json', doc: 'RFC 9457 problem details' },
];

export const HEADER_FACTS: readonly HeaderFact[] = [
  {
    name: 'Accept',
    doc: 'Media types the client can handle in the response.',
    values: [{ value: '*/*', doc: 'anything' }, ...MEDIA_TYPES],
  },
  {
    name: 'Accept-Encoding',
    doc: 'Content codings the client can decode.',
    values: [
      { value: 'gzip' },
      { value: 'br' },
      { value: 'deflate' },
      { value: 'gzip, deflate, br' },
      { value: 'identity', doc: 'no coding' },
    ],
  },
  {
    name: 'Accept-Language',
    doc: 'Preferred natural languages.',
    values: [{ value: 'en-US,en;q=0.9' }, { value: 'de-DE,de;q=0.9' }],
  },
  {
    name: 'Authorization',
    doc: 'Credentials. `Basic user:password` is encoded by httpipe, as in REST Client.',
    values: [
      { value: 'Bearer ', doc: 'followed by a token' },
      { value: 'Basic ', doc: 'user:password or base64' },
    ],
  },
  {
    name: 'Cache-Control',
    doc: 'Caching directives for caches between client and server.',
    values: [
      { value: 'no-cache' },
      { value: 'no-store' },
      { value: 'max-age=0' },
      { value: 'no-transform' },
      { value: 'only-if-cached' },
    ],
  },
  {
    name: 'Connection',
    doc: 'Whether the connection stays open after this exchange (RFC 9112 §9.3).',
    values: [
      { value: 'keep-alive', doc: 'reuse the connection (HTTP/1.1 does this by default)' },
      {
        value: 'close',
        doc: 'the server closes after answering: keep-alive and pipelined runs open a new connection for the next request',
      },
    ],
  },
  { name: 'Content-Type', doc: 'Media type of the request body.', values: MEDIA_TYPES },
  { name: 'Content-Length', doc: 'Body size in bytes; httpipe computes it when absent.' },
  { name: 'Cookie', doc: 'Cookies to send: `name=value; name2=value2`.' },
  {
    name: 'Expect',
    doc: 'Ask the server to confirm before the body is sent.',
    values: [
      { value: '100-continue', doc: 'the server answers 100 Continue (or a final status) before the body' },
    ],
  },
  { name: 'Host', doc: 'Authority of the target; httpipe sets it from the URL when absent.' },
  { name: 'If-Match', doc: 'Only act when the current ETag matches (safe updates).' },
  {
    name: 'If-None-Match',
    doc: 'Only send a body when the ETag differs (304 Not Modified otherwise).',
    values: [{ value: '*' }],
  },
  {
    name: 'If-Modified-Since',
    doc: 'Only send a body when changed since this HTTP date; try `{{$datetime rfc1123 -1 d}}`.',
  },
  { name: 'Origin', doc: 'The origin a browser would send (CORS tests).' },
  { name: 'Range', doc: 'Ask for part of the representation.', values: [{ value: 'bytes=0-1023' }] },
  { name: 'Referer', doc: 'The page the request comes from.' },
  {
    name: 'TE',
    doc: 'Transfer codings the client accepts besides chunked.',
    values: [{ value: 'trailers' }],
  },
  { name: 'User-Agent', doc: 'Identifies the client.', values: [{ value: 'httpipe' }] },
  { name: 'X-Request-ID', doc: 'A correlation id; try `{{$guid}}`.', values: [{ value: '{{$guid}}' }] },
  { name: 'X-Forwarded-For', doc: 'Client address as a proxy would pass it on.' },
];

export function headerFact(name: string): HeaderFact | undefined {
  const lower = name.toLowerCase();
  return HEADER_FACTS.find((fact) => fact.name.toLowerCase() === lower);
}
