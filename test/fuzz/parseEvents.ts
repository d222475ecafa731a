// Runs our ResponseParser over a stream and records what it reports, in a form that can be compared
// across different ways of cutting the same stream into chunks. Shared by the wire unit tests and the
// differential fuzzer.

import assert from 'node:assert/strict';
import type { ResponseHead } from '../../src/core/engine/types';
import { ResponseParser, type ResponseParserLimits } from '../../src/core/engine/responseParser';
import { DEFAULT_LIMITS } from '../../src/core/engine/types';

export type ParseEvent =
  | { type: 'interim'; head: ResponseHead }
  | { type: 'head'; head: ResponseHead; start: number }
  /** Consecutive onBody calls merged, so chunking does not show; latin1 keeps bytes 1:1. */
  | { type: 'body'; data: string }
  | { type: 'complete'; trailers: Array<[string, string]>; end: number; keepAlive: boolean }
  | { type: 'error'; code: string; offset: number; message: string };

export interface ParseRun {
  events: ParseEvent[];
  idle: boolean;
  pending: number;
  offset: number;
}

export interface ParseOptions {
  /** Call finish() (server EOF) after the last chunk. */
  finish?: boolean;
  limits?: Partial<ResponseParserLimits>;
}

export const TEST_LIMITS: ResponseParserLimits = {
  maxHeaderBytes: DEFAULT_LIMITS.maxHeaderBytes,
  maxHeaderCount: DEFAULT_LIMITS.maxHeaderCount,
};

export function parseChunks(
  chunks: readonly Buffer[],
  methods: readonly string[],
  options: ParseOptions = {},
): ParseRun {
  const events: ParseEvent[] = [];
  const parser = new ResponseParser(
    {
      onInterim: (head) => events.push({ type: 'interim', head }),
      onHead: (head, start) => events.push({ type: 'head', head, start }),
      onBody: (chunk) => {
        const last = events[events.length - 1];
        if (last?.type === 'body') last.data += chunk.toString('latin1');
        else events.push({ type: 'body', data: chunk.toString('latin1') });
      },
      onComplete: (trailers, end, keepAlive) => events.push({ type: 'complete', trailers, end, keepAlive }),
      onError: (error) =>
        events.push({ type: 'error', code: error.code, offset: error.byteOffset, message: error.message }),
    },
    { ...TEST_LIMITS, ...options.limits },
  );
  for (const method of methods) parser.expect(method);
  for (const chunk of chunks) parser.execute(chunk);
  if (options.finish) parser.finish();
  return { events, idle: parser.idle, pending: parser.pending, offset: parser.offset };
}

export function parseWhole(stream: Buffer, methods: readonly string[], options: ParseOptions = {}): ParseRun {
  return parseChunks([stream], methods, options);
}

/**
 * Parses `stream` whole, split in two at every byte boundary (or only at `cuts` when given), and byte by
 * byte; asserts that every way gives the same events and end state, and returns them.
 */
export function parseEverySplit(
  stream: Buffer,
  methods: readonly string[],
  options: ParseOptions = {},
  cuts?: Iterable<number>,
): ParseRun {
  const whole = parseWhole(stream, methods, options);
  for (const cut of cuts ?? allCuts(stream.length)) {
    const split = parseChunks([stream.subarray(0, cut), stream.subarray(cut)], methods, options);
    assert.deepStrictEqual(split, whole, `split at byte ${cut} differs from parsing the stream whole`);
  }
  const bytes: Buffer[] = [];
  for (let i = 0; i < stream.length; i++) bytes.push(stream.subarray(i, i + 1));
  assert.deepStrictEqual(
    parseChunks(bytes, methods, options),
    whole,
    'byte-by-byte parse differs from parsing the stream whole',
  );
  return whole;
}

function* allCuts(length: number): Generator<number> {
  for (let cut = 1; cut < length; cut++) yield cut;
}

/** The body of each completed response, in order (errors end the list). */
export function bodies(run: ParseRun): string[] {
  const result: string[] = [];
  let body = '';
  for (const event of run.events) {
    if (event.type === 'head') body = '';
    else if (event.type === 'body') body += event.data;
    else if (event.type === 'complete') result.push(body);
  }
  return result;
}
