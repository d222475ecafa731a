// The parser-only figure: how many small pipelined responses per second httpipe's ResponseParser gets
// through when they all sit in memory, with no socket involved.
import { performance } from 'node:perf_hooks';
import { median } from '../../src/core/compare/modeStatistics';
import { ResponseParser } from '../../src/core/engine/responseParser';
import { DEFAULT_LIMITS } from '../../src/core/engine/types';

export type Framing = 'content-length' | 'chunked';

export interface ParserFigure {
  framing: Framing;
  /** `one buffer`, or the size of the slices the buffer was fed in. */
  feed: string;
  responses: number;
  bytes: number;
  responsesPerSecond: number;
}

const RESPONSES = 10_000;
const ITERATIONS = 25;
const WARM_UP_ITERATIONS = 5;
/** What one read from a loopback socket delivers at most, typically. */
const SOCKET_READ_BYTES = 64 * 1024;

const BODY = 'x'.repeat(64);
// Headers like the demo server's (Node http) answers, so the figure is about a realistic head.
const COMMON_HEAD = 'Content-Type: application/octet-stream\r\nDate: Sun, 22 Nov 2026 06:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n';

function responseText(framing: Framing): string {
  if (framing === 'content-length') return `HTTP/1.1 200 OK\r\n${COMMON_HEAD}Content-Length: ${BODY.length}\r\n\r\n${BODY}`;
  return `HTTP/1.1 200 OK\r\n${COMMON_HEAD}Transfer-Encoding: chunked\r\n\r\n${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n\r\n`;
}

/** Parses `wire` fed in slices of `sliceBytes` (the whole buffer when undefined); returns the time in ms. */
function parseOnce(wire: Buffer, sliceBytes: number | undefined): number {
  let completed = 0;
  let bodyBytes = 0;
  const parser = new ResponseParser(
    {
      onInterim: () => undefined,
      onHead: () => undefined,
      onBody: chunk => (bodyBytes += chunk.length),
      onComplete: () => completed++,
      onError: error => {
        throw error;
      },
    },
    DEFAULT_LIMITS,
  );
  const started = performance.now();
  for (let i = 0; i < RESPONSES; i++) parser.expect('GET');
  if (sliceBytes === undefined) parser.execute(wire);
  else for (let at = 0; at < wire.length; at += sliceBytes) parser.execute(wire.subarray(at, at + sliceBytes));
  const ms = performance.now() - started;
  // A parser that skipped work would look fast: check it did all of it.
  if (completed !== RESPONSES || bodyBytes !== RESPONSES * BODY.length) {
    throw new Error(`parser completed ${completed} of ${RESPONSES} responses with ${bodyBytes} body bytes`);
  }
  return ms;
}

export function measureParser(): ParserFigure[] {
  const figures: ParserFigure[] = [];
  for (const framing of ['content-length', 'chunked'] as const) {
    const wire = Buffer.from(responseText(framing).repeat(RESPONSES), 'latin1');
    for (const sliceBytes of [undefined, SOCKET_READ_BYTES]) {
      for (let i = 0; i < WARM_UP_ITERATIONS; i++) parseOnce(wire, sliceBytes);
      const times = Array.from({ length: ITERATIONS }, () => parseOnce(wire, sliceBytes));
      figures.push({
        framing,
        feed: sliceBytes === undefined ? 'one buffer' : `${sliceBytes / 1024} KiB slices`,
        responses: RESPONSES,
        bytes: wire.length,
        responsesPerSecond: RESPONSES / ((median(times) ?? Number.NaN) / 1000),
      });
    }
  }
  return figures;
}
