// Content codings (RFC 9110 §8.4) undone for display and checks: gzip / x-gzip, deflate (zlib
// wrapped, as the RFC says, or raw, as some servers send it), br, identity, and stacks of them
// (`Content-Encoding: gzip, br` was gzipped first, so br is undone first). The engine keeps bodies
// as they came off the wire (transfer coding removed only); this is the layer above it.
//
// The output is bounded: a few kilobytes of gzip can expand to gigabytes, so each step stops at
// `maxBytes` and keeps the beginning, marked truncated. Everything is synchronous because the
// callers (view models, CLI tables) are; zlib's sync API cannot hand back a partial output, so
// when a step overflows, the longest input prefix whose output fits is searched for (bisection,
// stopping once half the limit is filled), each probe itself capped at `maxBytes`.

import * as zlib from 'node:zlib';
import { messageOf } from '../common/messageOf';

export const DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024;

export interface DecodeOptions {
  /** Upper bound of the decoded body (and of every step in a stack); default 64 MiB. */
  maxBytes?: number;
  /** False when `body` is only the beginning of the body: decode what is there, marked truncated. */
  complete?: boolean;
}

export interface DecodedContent {
  /** The decoded bytes; the bytes given, unchanged, when there was nothing to undo or `error` is set. */
  body: Buffer;
  /** The codings undone, in the order they were undone (the last one applied first); identity is not listed. */
  applied: string[];
  /** The body holds only the beginning of the decoded content (limit reached, or incomplete input). */
  truncated?: boolean;
  /** Why the body could not be decoded (unknown coding, corrupt data); `body` is then as given. */
  error?: string;
}

type Decoder = (input: Buffer, options: zlib.ZlibOptions | zlib.BrotliOptions) => Buffer;

interface Coding {
  decode: Decoder;
  /** The flush that decodes as far as the input goes without requiring its end. */
  partialFlush: number;
}

const GZIP: Coding = {
  decode: (input, options) => zlib.gunzipSync(input, options),
  partialFlush: zlib.constants.Z_SYNC_FLUSH,
};
const DEFLATE: Coding = {
  // RFC 9110 means the zlib format (RFC 1950); old servers sent raw deflate (RFC 1951). A zlib
  // stream starts with a header whose method nibble is 8 and whose first two bytes are a multiple of 31.
  decode: (input, options) =>
    hasZlibHeader(input) ? zlib.inflateSync(input, options) : zlib.inflateRawSync(input, options),
  partialFlush: zlib.constants.Z_SYNC_FLUSH,
};
const BROTLI: Coding = {
  decode: (input, options) => zlib.brotliDecompressSync(input, options as zlib.BrotliOptions),
  partialFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

const CODINGS: ReadonlyMap<string, Coding> = new Map([
  ['gzip', GZIP],
  ['x-gzip', GZIP],
  ['deflate', DEFLATE],
  ['br', BROTLI],
]);

/** The codings in a Content-Encoding value, in the order they were applied, lower-cased, identity left out. */
export function parseContentCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

export function decodeContent(
  body: Buffer,
  contentEncodingHeader: string | undefined,
  options: DecodeOptions = {},
): DecodedContent {
  const codings = parseContentCodings(contentEncodingHeader);
  const unknown = codings.find((coding) => !CODINGS.has(coding));
  if (unknown !== undefined)
    return {
      body,
      applied: [],
      error: `unknown content coding "${unknown}" (httpipe decodes gzip, x-gzip, deflate, br)`,
    };
  if (codings.length === 0 || body.length === 0) return { body, applied: [] };

  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECODED_BYTES;
  let bytes = body;
  let complete = options.complete ?? true;
  const applied: string[] = [];
  for (const name of [...codings].reverse()) {
    try {
      const step = decodeBounded(CODINGS.get(name)!, bytes, maxBytes, complete);
      bytes = step.output;
      complete &&= !step.truncated;
    } catch (error) {
      return {
        body,
        applied: [],
        error: `decoding ${name}${codings.length > 1 ? ` (of ${codings.join(', ')})` : ''} failed: ${messageOf(error)}`,
      };
    }
    applied.push(name);
  }
  return complete ? { body: bytes, applied } : { body: bytes, applied, truncated: true };
}

/** `decoded from gzip, br`, with `(first N bytes)` when truncated: the words shown near a decoded body. */
export function describeDecoding(decoded: DecodedContent): string | undefined {
  if (decoded.error !== undefined) return `not decoded: ${decoded.error}`;
  if (decoded.applied.length === 0) return undefined;
  const from = `decoded from ${[...decoded.applied].reverse().join(', ')}`;
  return decoded.truncated ? `${from} (only the first ${decoded.body.length} bytes)` : from;
}

function decodeBounded(
  coding: Coding,
  input: Buffer,
  maxBytes: number,
  complete: boolean,
): { output: Buffer; truncated: boolean } {
  try {
    const output = coding.decode(
      input,
      complete
        ? { maxOutputLength: maxBytes }
        : { maxOutputLength: maxBytes, finishFlush: coding.partialFlush },
    );
    return { output, truncated: !complete };
  } catch (error) {
    if (!isOverLimit(error)) throw error;
  }
  // Over the limit: keep the output of the longest input prefix that fits (enough once half the limit is filled).
  let fits = 0;
  let overflows = input.length;
  let output: Buffer = Buffer.alloc(0);
  while (overflows - fits > 1 && output.length < maxBytes / 2) {
    const middle = Math.floor((fits + overflows) / 2);
    try {
      output = coding.decode(input.subarray(0, middle), {
        maxOutputLength: maxBytes,
        finishFlush: coding.partialFlush,
      });
      fits = middle;
    } catch (error) {
      if (!isOverLimit(error)) throw error;
      overflows = middle;
    }
  }
  // A single step of the data can expand past the limit (a brotli copy command reaches 16 MiB):
  // nothing fits, so there is no beginning to show.
  if (output.length === 0) throw new Error(`the decoded body is larger than the ${maxBytes}-byte limit`);
  return { output, truncated: true };
}

function hasZlibHeader(input: Buffer): boolean {
  return input.length >= 2 && (input[0] & 0x0f) === 8 && ((input[0] << 8) | input[1]) % 31 === 0;
}

function isOverLimit(error: unknown): boolean {
  return error instanceof RangeError && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
}
