// A response body as a user wants to see or save it: content coding (gzip, deflate, br, stacks of
// them) removed by core/encoding, which bounds the output. The engine keeps bodies as received so
// the wire view shows the raw bytes.
import type { ResponseData } from '../engine/types';
import { DEFAULT_MAX_DECODED_BYTES } from '../encoding/decodeContent';
import { decodeResponseBody } from '../encoding/responseBody';
import { formatBytes } from './formatBytes';

export interface BodyContent {
  bytes: Buffer;
  /** `encoded`: a content coding is still applied (unsupported, failed, or only part of the body in memory). */
  coding: 'none' | 'decoded' | 'encoded';
  /** Says how the bytes relate to the body as received, when they differ or could not be decoded. */
  note?: string;
  /** `bytes` are only the beginning of the decoded body (given only when `partial` was asked for). */
  truncated?: boolean;
}

/**
 * `partial`: the decoded beginning of a body that cannot be decoded whole (the engine kept only
 * part of it, or it decodes past the limit) is wanted, as for a preview. Without it such a body
 * comes back as received, so saving it never silently loses the rest.
 */
export function bodyContent(response: ResponseData, options: { partial?: boolean } = {}): BodyContent {
  const decoded = decodeResponseBody(response);
  if (!decoded) return { bytes: response.body, coding: 'none' };
  if (decoded.error !== undefined)
    return { bytes: response.body, coding: 'encoded', note: `Shown as received: ${decoded.error}.` };
  // Listed in the order the server applied them, as in the header.
  const codings = [...decoded.applied].reverse().join(', ');
  if (!decoded.truncated) {
    return {
      bytes: decoded.body,
      coding: 'decoded',
      note: `Decoded from ${codings} (${formatBytes(response.body.length)} on the wire).`,
    };
  }
  if (response.bodyTruncated) {
    return options.partial
      ? {
          bytes: decoded.body,
          coding: 'decoded',
          truncated: true,
          note: `Decoded from ${codings}: the beginning only, as only part of the body is in memory.`,
        }
      : {
          bytes: response.body,
          coding: 'encoded',
          note: `Shown as received (${codings}): only part of the body is in memory, so it cannot be decoded whole.`,
        };
  }
  const limit = formatBytes(DEFAULT_MAX_DECODED_BYTES);
  return options.partial
    ? {
        bytes: decoded.body,
        coding: 'decoded',
        truncated: true,
        note: `Decoded from ${codings}: the first ${formatBytes(decoded.body.length)} only; decoded, the body is larger than ${limit} (a decompression bomb?).`,
      }
    : {
        bytes: response.body,
        coding: 'encoded',
        note: `Shown as received (${codings}): decoded, the body is larger than ${limit}.`,
      };
}
