// Reads back a request from the bytes the engine wrote for it, so "copy as curl" reproduces what was
// actually sent (resolved variables, headers the serializer added) rather than the source text.
import type { CurlRequest } from './curlCommand';
import { headerValue } from '../common/headerFields';

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * `bytes` is one request exactly as written (request line, header section, body; the serializer writes UTF-8 and a Content-Length); `url` is the
 * absolute URL it was sent to, which the request line (origin-form) does not carry.
 * Undefined when the bytes do not hold a whole request head (for instance a cut wire log).
 */
export function parseWrittenRequest(bytes: Buffer, url: string): CurlRequest | undefined {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const [requestLine, ...headerLines] = bytes.subarray(0, headEnd).toString('utf8').split('\r\n');
  const method = requestLine.split(' ')[0];
  if (!method) return undefined;
  const headers: Array<[string, string]> = [];
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const body = bytes.subarray(headEnd + HEAD_END.length);
  const declared = headerValue(headers, 'content-length');
  // A log cut inside the body would turn into a different request.
  if (declared !== undefined && Number(declared) !== body.length) return undefined;
  return { method, url, headers, body: body.length > 0 ? body : undefined };
}
