// A response's body with its content coding undone, from the engine's ResponseData: one place for
// the CLI (sizes on the wire and decoded) and the panel to ask, so both decode the same way.

import type { ResponseData } from '../engine/types';
import { decodeContent, parseContentCodings, type DecodedContent, type DecodeOptions } from './decodeContent';
import { headerList } from '../common/headerFields';

export function contentEncodingOf(response: Pick<ResponseData, 'headers'>): string | undefined {
  // Several Content-Encoding lines are one list (RFC 9110 §5.3).
  return headerList(response.headers, 'content-encoding');
}

/**
 * The decoded body, or undefined when the response has no content coding (or an empty body).
 * A body the engine kept only the beginning of is decoded as far as it goes, marked truncated.
 */
export function decodeResponseBody(
  response: ResponseData,
  options: Omit<DecodeOptions, 'complete'> = {},
): DecodedContent | undefined {
  const encoding = contentEncodingOf(response);
  if (parseContentCodings(encoding).length === 0 || response.body.length === 0) return undefined;
  return decodeContent(response.body, encoding, { ...options, complete: !response.bodyTruncated });
}

export interface BodySizes {
  /** Bytes received (content coding still applied). */
  wireBytes: number;
  /** Bytes after decoding; absent when nothing was decoded (no coding, or decoding failed). */
  decodedBytes?: number;
  /** `decodedBytes` counts only what could be decoded (the body was cut short, or the decoding limit was hit). */
  decodedAtLeast?: boolean;
}

export function bodySizes(response: ResponseData, options: Omit<DecodeOptions, 'complete'> = {}): BodySizes {
  const decoded = decodeResponseBody(response, options);
  if (!decoded || decoded.error !== undefined || decoded.applied.length === 0)
    return { wireBytes: response.bodyBytes };
  return decoded.truncated
    ? { wireBytes: response.bodyBytes, decodedBytes: decoded.body.length, decodedAtLeast: true }
    : { wireBytes: response.bodyBytes, decodedBytes: decoded.body.length };
}
