// The parser-only figure: how many small pipelined responses per second httpipe's ResponseParser gets
// through when they all sit in memory, with no socket involved. Node's own parser (llhttp, through the
// binding Node's http client uses) parses the same buffer as a reference from the same run.
import { performance } from 'node:perf_hooks';
import { median } from '../../src/core/compare/modeStatistics';
import { ResponseParser } from '../../src/core/engine/responseParser';
import { DEFAULT_LIMITS } from '../../src/core/engine/types';

export type Framing = 'content-length' | 'chunked';

export interface ParserFigure {
  parser: string;
  framing: Framing;
  /** `one buffer`, or the size of the slices the buffer was fed in. */
  feed: string;
  responses: number;
  bytes: number;
  /** From the median wall time. */
  responsesPerSecond: number;
  /** From the median CPU time (user + system) of this process: what a quiet machine would give, roughly. */
  responsesPerCpuSecond: number;
}

export const OUR_PARSER = 'httpipe ResponseParser';

const RESPONSES = 10_000;
const ITERATIONS = 25;
const WARM_UP_ITERATIONS = 5;
/** What one read from a loopback socket delivers at most, typically. */
const SOCKET_READ_BYTES = 64 * 1024;

const BODY = 'x'.repeat(64);
// Headers like the demo server's (Node http) answers, so the figure is about a realistic head.
const COMMON_HEAD =
  'Content-Type: application/octet-stream\r\nDate: Sun, 22 Nov 2026 06:00:00 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n';

function responseText(framing: Framing): string {
  if (framing === 'content-length')
    return `HTTP/1.1 200 OK\r\n${COMMON_HEAD}Content-Length: ${BODY.length}\r\n\r\n${BODY}`;
  return `HTTP/1.1 200 OK\r\n${COMMON_HEAD}Transfer-Encoding: chunked\r\n\r\n${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n\r\n`;
}

/** Parses the whole wire once and returns how many responses completed. */
type ParseOnce = (wire: Buffer) => number;

function ourParser(sliceBytes: number | undefined): ParseOnce {
  return (wire) => {
    let completed = 0;
    let bodyBytes = 0;
    const parser = new ResponseParser(
      {
        onInterim: () => undefined,
        onHead: () => undefined,
        onBody: (chunk) => (bodyBytes += chunk.length),
        onComplete: () => completed++,
        onError: (error) => {
          throw error;
        },
      },
      DEFAULT_LIMITS,
    );
    for (let i = 0; i < RESPONSES; i++) parser.expect('GET');
    if (sliceBytes === undefined) parser.execute(wire);
    else
      for (let at = 0; at < wire.length; at += sliceBytes) parser.execute(wire.subarray(at, at + sliceBytes));
    return bodyBytes === RESPONSES * BODY.length ? completed : -1;
  };
}

interface LlhttpParser {
  initialize(type: number, resource: object): void;
  execute(data: Buffer): number | Error;
  [callback: number]: (...args: unknown[]) => void;
}
interface LlhttpBinding {
  HTTPParser: {
    new (): LlhttpParser;
    RESPONSE: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
    kOnExecute: number;
  };
}

/**
 * llhttp through `process.binding('http_parser')`, the way Node's http client drives it (headers and
 * body handed to JS callbacks). Undefined when this Node no longer offers the (deprecated) binding.
 */
function llhttpParser(): ParseOnce | undefined {
  let binding: LlhttpBinding;
  try {
    binding = (process as unknown as { binding(name: string): LlhttpBinding }).binding('http_parser');
  } catch {
    return undefined;
  }
  const { HTTPParser } = binding;
  return (wire) => {
    let completed = 0;
    const parser = new HTTPParser();
    parser.initialize(HTTPParser.RESPONSE, {});
    parser[HTTPParser.kOnHeaders] = () => undefined;
    parser[HTTPParser.kOnHeadersComplete] = () => undefined;
    parser[HTTPParser.kOnBody] = () => undefined;
    parser[HTTPParser.kOnMessageComplete] = () => completed++;
    parser[HTTPParser.kOnExecute] = () => undefined;
    const result = parser.execute(wire);
    return result instanceof Error ? -1 : completed;
  };
}

interface Contender {
  parser: string;
  framing: Framing;
  feed: string;
  parse: ParseOnce;
  wire: Buffer;
  wallMs: number[];
  cpuMs: number[];
}

/** One parse, checked: a parser that skipped work would look fast. */
function timeParse(c: Contender): { wall: number; cpu: number } {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const completed = c.parse(c.wire);
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (completed !== RESPONSES)
    throw new Error(`${c.parser} completed ${completed} of ${RESPONSES} ${c.framing} responses`);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** Round-robin like the network batches: each iteration parses once with every contender. */
export function measureParser(): ParserFigure[] {
  const llhttp = llhttpParser();
  const contenders: Contender[] = [];
  for (const framing of ['content-length', 'chunked'] as const) {
    const wire = Buffer.from(responseText(framing).repeat(RESPONSES), 'latin1');
    const add = (parser: string, feed: string, parse: ParseOnce): void => {
      contenders.push({ parser, framing, feed, parse, wire, wallMs: [], cpuMs: [] });
    };
    add(OUR_PARSER, 'one buffer', ourParser(undefined));
    add(OUR_PARSER, `${SOCKET_READ_BYTES / 1024} KiB slices`, ourParser(SOCKET_READ_BYTES));
    if (llhttp) add('llhttp (Node binding)', 'one buffer', llhttp);
  }
  for (let i = 0; i < WARM_UP_ITERATIONS + ITERATIONS; i++) {
    for (const c of contenders) {
      const { wall, cpu } = timeParse(c);
      if (i < WARM_UP_ITERATIONS) continue;
      c.wallMs.push(wall);
      c.cpuMs.push(cpu);
    }
  }
  return contenders.map((c) => ({
    parser: c.parser,
    framing: c.framing,
    feed: c.feed,
    responses: RESPONSES,
    bytes: c.wire.length,
    responsesPerSecond: RESPONSES / ((median(c.wallMs) ?? Number.NaN) / 1000),
    responsesPerCpuSecond: RESPONSES / ((median(c.cpuMs) ?? Number.NaN) / 1000),
  }));
}
