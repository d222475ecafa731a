// A response body as a user wants to see or save it: content coding (gzip, deflate, br) removed when
// the whole body is in memory. The engine keeps bodies as received so the wire stays inspectable.
import * as zlib from 'node:zlib';
import type { ResponseData } from '../engine/types';

/** Decompressed bodies above this stay encoded: a small gzip bomb must not exhaust the host. */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

export interface BodyContent {
  bytes: Buffer;
  /** `encoded`: a content coding is still applied (unsupported, failed, or only part of the body in memory). */
  coding: 'none' | 'decoded' | 'encoded';
  /** Says how the bytes relate to the body as received, when they differ or could not be decoded. */
  note?: string;
}

export function headerValue(headers: ReadonlyArray<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function decompress(coding: string, body: Buffer): Buffer | undefined {
  const options = { maxOutputLength: MAX_DECODED_BYTES };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body, options);
    case 'deflate':
      return zlib.inflateSync(body, options);
    case 'br':
      return zlib.brotliDecompressSync(body, options);
    default:
      return undefined;
  }
}

export function bodyContent(response: ResponseData): BodyContent {
  const encoding = headerValue(response.headers, 'content-encoding')?.trim().toLowerCase();
  if (!encoding || encoding === 'identity' || response.body.length === 0) return { bytes: response.body, coding: 'none' };
  if (response.bodyTruncated) {
    return { bytes: response.body, coding: 'encoded', note: `Shown as received (${encoding}): only part of the body is in memory, so it cannot be decoded.` };
  }
  // Codings apply in the order listed, so they are undone from the last one back.
  const codings = encoding.split(',').map(c => c.trim()).filter(c => c && c !== 'identity').reverse();
  let bytes = response.body;
  try {
    for (const coding of codings) {
      const decoded = decompress(coding, bytes);
      if (!decoded) return { bytes: response.body, coding: 'encoded', note: `Shown as received: content coding "${coding}" is not supported for display.` };
      bytes = decoded;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { bytes: response.body, coding: 'encoded', note: `Shown as received: decoding ${encoding} failed (${reason}).` };
  }
  return { bytes, coding: 'decoded', note: `Decoded from ${encoding} (${response.body.length} bytes on the wire).` };
}
