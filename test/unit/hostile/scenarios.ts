// The hostile-server table: each row is a loopback server that writes scripted bytes (garbage,
// lies about lengths, closes and resets at bad moments, never answers...), the run made against it,
// and what must become of every request. hostile.test.ts runs each row and also checks what holds
// for all of them: the run resolves in time, no unhandled rejection, every socket closed on both sides.
import type { RunMode } from '../../../src/core/common/runModes';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorPhase, RunOptions, RunResult } from '../../../src/core/engine/types';
import type { SpecOptions } from '../../support/requestSpecs';
import {
  answerEveryRequest,
  okResponse,
  type ConnectionScript,
  type ScriptedConnection,
  type ScriptedServer,
} from '../../support/scriptedServer';

export type Expected =
  | { outcome: 'response'; status: number; body?: string; retried: boolean }
  | { outcome: 'error'; phase: ErrorPhase; cause?: string | RegExp; message?: RegExp; retried: boolean }
  | { outcome: 'not-sent'; reason: string | RegExp };

/** The row runs once per mode: its outcome does not depend on the mode. */
export const EVERY_MODE = 'every mode';

export interface HostileScenario {
  name: string;
  mode: RunMode | typeof EVERY_MODE;
  /** The URLs say https: the scripted server then gets the TLS handshake's bytes. */
  https?: boolean;
  /** Paths on the scripted server, in run order. */
  requests: Array<[string, string, SpecOptions?]>;
  server: ConnectionScript;
  options?: Omit<RunOptions, 'mode' | 'signal'>;
  /** Abort the run's AbortSignal this long after it started. */
  cancelAfterMs?: number;
  expect: Expected[];
  /** Scenario-specific checks beyond the outcomes. */
  check?: (result: RunResult, server: ScriptedServer) => void;
  /** The run must have resolved by then (default 5 s). */
  withinMs?: number;
}

const ok = (body: string, retried = false, status = 200): Expected => ({
  outcome: 'response',
  status,
  body,
  retried,
});
const status = (code: number): Expected => ({ outcome: 'response', status: code, retried: false });
const error = (phase: ErrorPhase, cause?: string | RegExp, message?: RegExp, retried = false): Expected => ({
  outcome: 'error',
  phase,
  cause,
  message,
  retried,
});
const notSent = (reason: string | RegExp): Expected => ({ outcome: 'not-sent', reason });

/** Connection 0 runs the hostile script; any later connection is a well-behaved server. */
function firstConnection(hostile: (c: ScriptedConnection) => void | Promise<void>): ConnectionScript {
  return (c) => (c.index === 0 ? hostile(c) : answerEveryRequest(c));
}

/** Waits for `count` requests on the connection, then acts on them. */
function after(count: number, act: (c: ScriptedConnection, targets: string[]) => void | Promise<void>) {
  return async (c: ScriptedConnection): Promise<void> => {
    const received = await c.requests(count);
    await act(
      c,
      received.map((r) => r.target),
    );
  };
}

function chunked(...chunks: string[]): string {
  return `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunks.join('')}`;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

const GET3: Array<[string, string]> = [
  ['GET', '/1'],
  ['GET', '/2'],
  ['GET', '/3'],
];
const GET10: Array<[string, string]> = Array.from({ length: 10 }, (_, i): [string, string] => [
  'GET',
  `/${i + 1}`,
]);

export const HOSTILE_SCENARIOS: HostileScenario[] = [
  // --- Garbage where a status line belongs -------------------------------------------------------
  {
    name: 'garbage instead of a status line',
    mode: 'keepalive',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: firstConnection(after(1, (c) => c.write('garbage\r\n\r\n'))),
    expect: [error('response', 'invalid-status-line', /not valid HTTP\/1\.1: .*at byte 0/), ok('/2')],
  },
  {
    name: 'binary noise (NUL and high bytes) instead of a response',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]))),
    expect: [error('response', 'invalid-status-line')],
  },
  {
    name: 'garbage for the first of three pipelined requests: the two behind are re-sent once',
    mode: 'pipelined',
    requests: GET3,
    server: firstConnection(after(3, (c) => c.write('HTTP/1.1 2xx whatever\r\n\r\n'))),
    expect: [error('response', 'invalid-status-line'), ok('/2', true), ok('/3', true)],
  },
  {
    name: 'an HTTP/2.0 status line',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write('HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n')),
    expect: [error('response', 'unsupported-version')],
  },
  {
    name: 'a header line without a colon',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write('HTTP/1.1 200 OK\r\nthis is not a header\r\nContent-Length: 0\r\n\r\n')),
    expect: [error('response', 'invalid-header')],
  },
  {
    // The parser checks a head once it is complete, so a peer that never ends one is stopped by the timeout.
    name: 'a non-HTTP greeting (an SMTP banner) before any request ends at the request timeout',
    mode: EVERY_MODE,
    requests: [['GET', '/1', { timeoutMs: 300 }]],
    server: (c) => c.write('220 mail.example ESMTP ready\r\n'),
    expect: [error('timeout', 'request timeout')],
  },
  {
    name: 'a NUL byte in a header value',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write('HTTP/1.1 200 OK\r\nX-Evil: a\u0000b\r\nContent-Length: 0\r\n\r\n')),
    expect: [error('response', 'invalid-header')],
  },

  // --- Closing at bad moments --------------------------------------------------------------------
  {
    name: 'close in the middle of the headers',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.end('HTTP/1.1 200 OK\r\nContent-Le')),
    expect: [error('response', 'unexpected-eof', /middle of a response head/)],
  },
  {
    name: 'close in the middle of a Content-Length body',
    mode: 'keepalive',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: firstConnection(
      after(1, (c) => c.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b')),
    ),
    expect: [error('response', 'unexpected-eof', /90 of the Content-Length body bytes missing/), ok('/2')],
  },
  {
    name: 'close in the middle of a chunked body',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.end(chunked('5\r\nhello\r\n', '5\r\nwor'))),
    expect: [error('response', 'unexpected-eof', /chunked body/)],
  },
  {
    name: 'close mid-pipeline after one of three responses: the unanswered two are re-sent',
    mode: 'pipelined',
    requests: GET3,
    server: firstConnection(after(3, (c, [first]) => c.end(okResponse(first)))),
    expect: [ok('/1'), ok('/2', true), ok('/3', true)],
    check: (result) => check(result.connections.length === 2, 'one new connection for the re-sent requests'),
  },
  {
    name: 'close mid-pipeline on every connection: a request is re-sent at most once',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: async (c) => {
      const [first] = await c.requests(c.index === 0 ? 2 : 1);
      if (c.index === 0) c.end(okResponse(first.target));
      else c.end();
    },
    expect: [ok('/1'), error('response', 'closed by server', /also after re-sending it once/, true)],
  },
  {
    name: 'close before answering a POST: never re-sent',
    mode: 'keepalive',
    requests: [
      ['POST', '/pay', { body: 'once' }],
      ['GET', '/after'],
    ],
    server: firstConnection(after(1, (c) => c.end())),
    expect: [error('response', 'closed by server', /not retried: POST is not idempotent/), ok('/after')],
    check: (_, server) =>
      check(
        server.connections[0].received.length === 1 && server.connections.length === 2,
        'the POST reached the server once',
      ),
  },
  {
    name: 'accept, then close at once without a byte, for every connection',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: (c) => c.end(),
    expect: [error('response', /closed by server|ECONNRESET|EPIPE/, undefined, true)],
  },
  {
    name: 'close while a 32 MiB PUT is still being written: re-sent once, then an error',
    mode: EVERY_MODE,
    requests: [['PUT', '/upload', { body: 'u'.repeat(32 * 1024 * 1024) }]],
    server: async (c) => {
      c.pause();
      await sleep(100);
      c.destroy();
    },
    expect: [
      error(
        'write',
        /ECONNRESET|EPIPE/,
        /while the request was being written.*also after re-sending it once/,
        true,
      ),
    ],
  },
  {
    name: 'close while a 32 MiB POST is still being written: an error, never re-sent',
    mode: EVERY_MODE,
    requests: [['POST', '/upload', { body: 'p'.repeat(32 * 1024 * 1024) }]],
    server: async (c) => {
      c.pause();
      await sleep(100);
      c.destroy();
    },
    expect: [
      error(
        'write',
        /ECONNRESET|EPIPE/,
        /while the request was being written.*not retried: POST is not idempotent/,
      ),
    ],
  },

  {
    name: '413 and close while a 32 MiB POST is still being written: the 413 is the response',
    mode: EVERY_MODE,
    requests: [['POST', '/upload', { body: 'p'.repeat(32 * 1024 * 1024) }]],
    server: async (c) => {
      // Not reading, so the upload cannot finish before the answer arrives; reading again later lets
      // this socket notice the engine's close.
      c.pause();
      await sleep(20);
      c.end('HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 8\r\n\r\ntoo big!');
      await sleep(500);
      c.resume();
    },
    expect: [{ outcome: 'response', status: 413, body: 'too big!', retried: false }],
    check: (result) =>
      check(result.requests[0].timings.sentMs === undefined, 'the upload was cut short, so it has no sentMs'),
  },

  // --- Responses nobody asked for ----------------------------------------------------------------
  {
    name: 'more responses than requests: the extra one is refused and the connection closed',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: after(2, (c, [a, b]) => c.write(okResponse(a) + okResponse(b) + okResponse('/extra'))),
    expect: [ok('/1'), ok('/2')],
    check: (result) =>
      check(
        /malformed response: response bytes with no request waiting/.test(result.connections[0].closeReason!),
        result.connections[0].closeReason!,
      ),
  },
  {
    name: 'a response for a request not yet written (keep-alive): it is refused, the request goes out on a new connection',
    mode: 'keepalive',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: firstConnection(after(1, (c, [a]) => c.write(okResponse(a) + okResponse('/premature')))),
    expect: [ok('/1'), ok('/2')],
    check: (_, server) =>
      check(
        server.connections[0].received.length === 1,
        'nothing more was written on the connection that answered early',
      ),
  },
  {
    name: 'a response for a POST held behind a barrier, sent before the POST was written',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['POST', '/2', { body: 'x' }],
    ],
    server: firstConnection(after(1, (c, [a]) => c.write(okResponse(a) + okResponse('/premature')))),
    expect: [ok('/1'), ok('/2')],
    check: (_, server) =>
      check(server.connections[0].received.length === 1, 'the POST went out on a fresh connection'),
  },
  {
    name: '101 Switching Protocols nobody asked for: the connection speaks something else, the rest go elsewhere',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: firstConnection(
      after(2, (c) => c.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello')),
    ),
    expect: [status(101), ok('/2', true)],
    check: (result) =>
      check(
        result.notes.length === 1 && /switched protocols/.test(result.notes[0]),
        result.notes.join(' | '),
      ),
  },

  // --- Valid but awkward delivery ---------------------------------------------------------------
  {
    name: 'three pipelined responses dribbled one byte per write',
    mode: 'pipelined',
    requests: GET3,
    server: after(3, async (c, targets) => {
      for (const byte of targets.map((target) => okResponse(target)).join('')) {
        c.write(byte);
        await sleep(0);
      }
    }),
    expect: [ok('/1'), ok('/2'), ok('/3')],
    check: (result) => check(result.connections.length === 1, 'one connection'),
  },

  // --- Lies about the body length ----------------------------------------------------------------
  {
    name: 'Content-Length larger than the body, connection kept open: the request times out',
    mode: EVERY_MODE,
    requests: [['GET', '/1', { timeoutMs: 300 }]],
    server: after(1, (c) => c.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort')),
    expect: [error('timeout', 'request timeout', /300 ms/)],
  },
  {
    name: 'Content-Length smaller than the body: the excess poisons the next pipelined response',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: after(2, (c) =>
      c.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA' + okResponse('/2')),
    ),
    expect: [ok('hello'), error('response', 'invalid-status-line', /at byte 43/)],
  },
  {
    name: 'a negative Content-Length',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write('HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello')),
    expect: [error('response', 'invalid-content-length', /"-5"/)],
  },
  {
    name: 'a non-numeric Content-Length',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write('HTTP/1.1 200 OK\r\nContent-Length: twelve\r\n\r\nhello')),
    expect: [error('response', 'invalid-content-length', /"twelve"/)],
  },
  {
    name: 'two different Content-Length values',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) =>
      c.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'),
    ),
    expect: [error('response', 'conflicting-content-length')],
  },
  {
    name: 'both Content-Length and chunked: chunked wins, the connection is not reused, pipelining stops',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: firstConnection(
      after(2, (c) =>
        c.write(
          'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
        ),
      ),
    ),
    expect: [ok('hello'), ok('/2', true)],
    check: (result) =>
      check(
        result.notes.length === 1 && /both Content-Length and Transfer-Encoding/.test(result.notes[0]),
        result.notes.join(' | '),
      ),
  },

  // --- Chunked encoding ---------------------------------------------------------------------------
  {
    name: 'a chunk size that is not hexadecimal',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(chunked('zz\r\nhello\r\n0\r\n\r\n'))),
    expect: [error('response', 'invalid-chunk-size')],
  },
  {
    name: 'a chunk size that overflows',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(chunked('ffffffffffffffffffff\r\nhello\r\n'))),
    expect: [error('response', 'invalid-chunk-size')],
  },
  {
    name: 'chunk data longer than its size',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(chunked('3\r\nhello\r\n0\r\n\r\n'))),
    expect: [error('response', 'invalid-chunk')],
  },
  {
    name: 'chunk extensions are skipped',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: after(2, (c, [, b]) =>
      c.write(chunked('5;name=value;quoted="a;b"\r\nhello\r\n0;last\r\n\r\n') + okResponse(b)),
    ),
    expect: [ok('hello'), ok('/2')],
  },
  {
    name: 'trailers after the last chunk are kept as trailers',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(chunked('5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n'))),
    expect: [ok('hello')],
    check: (result) =>
      check(
        JSON.stringify(result.requests[0].response!.trailers) ===
          JSON.stringify([
            ['X-Checksum', 'abc'],
            ['X-Other', '1'],
          ]),
        JSON.stringify(result.requests[0].response!.trailers),
      ),
  },
  {
    name: 'the last chunk without its final CR LF, then close',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.end(chunked('5\r\nhello\r\n0\r\n'))),
    expect: [error('response', 'unexpected-eof')],
  },
  {
    name: '20,000 one-byte chunks',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(chunked('1\r\nx\r\n'.repeat(20_000), '0\r\n\r\n'))),
    expect: [ok('x'.repeat(20_000))],
  },

  // --- Oversized heads ----------------------------------------------------------------------------
  {
    name: 'a 70 KiB header line is within the default 256 KiB head limit',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) =>
      c.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\nContent-Length: 2\r\n\r\nok`),
    ),
    expect: [ok('ok')],
  },
  {
    name: 'a 70 KiB header line against a 64 KiB head limit',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    options: { limits: { maxHeaderBytes: 64 * 1024 } },
    server: after(1, (c) =>
      c.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\nContent-Length: 2\r\n\r\nok`),
    ),
    expect: [error('response', 'header-too-large', /limit of 65536 bytes/)],
  },
  {
    name: 'an endless header line (1 MiB, no CR LF) stops at the default limit',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write(`HTTP/1.1 200 OK\r\nX-Endless: ${'b'.repeat(1024 * 1024)}`)),
    expect: [error('response', 'header-too-large', /limit of 262144 bytes/)],
  },
  {
    name: 'exactly 1,000 headers are accepted',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) =>
      c.write(`HTTP/1.1 200 OK\r\n${'X-H: v\r\n'.repeat(999)}Content-Length: 2\r\n\r\nok`),
    ),
    expect: [ok('ok')],
  },
  {
    name: '1,001 headers are too many',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) =>
      c.write(`HTTP/1.1 200 OK\r\n${'X-H: v\r\n'.repeat(1000)}Content-Length: 2\r\n\r\nok`),
    ),
    expect: [error('response', 'too-many-headers', /limit is 1000/)],
  },

  // --- Never-ending and never-starting responses ------------------------------------------------
  {
    name: 'an endless chunked body ends at the request timeout, memory bounded by the body limit',
    mode: EVERY_MODE,
    requests: [['GET', '/1', { timeoutMs: 400 }]],
    options: { limits: { maxBodyBytesInMemory: 1024, maxWireLogBytes: 1024 } },
    server: after(1, async (c) => {
      c.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = `4000\r\n${'x'.repeat(0x4000)}\r\n`;
      let open = true;
      void c.closed.then(() => (open = false));
      while (open) {
        c.write(chunk);
        await sleep(1);
      }
    }),
    expect: [error('timeout', 'request timeout')],
    check: (result) => {
      const connection = result.connections[0];
      check(
        connection.readTruncated && connection.read.length === 1024,
        `read log ${connection.read.length} bytes`,
      );
    },
  },
  {
    name: 'an endless close-delimited body ends at the request timeout',
    mode: EVERY_MODE,
    requests: [['GET', '/1', { timeoutMs: 400 }]],
    server: after(1, async (c) => {
      c.write('HTTP/1.1 200 OK\r\n\r\n');
      let open = true;
      void c.closed.then(() => (open = false));
      while (open) {
        c.write('y'.repeat(4096));
        await sleep(2);
      }
    }),
    expect: [error('timeout', 'request timeout')],
  },
  {
    name: 'a server that never answers: every request times out, the ones behind re-sent once',
    mode: 'pipelined',
    requests: [
      ['GET', '/1', { timeoutMs: 200 }],
      ['GET', '/2', { timeoutMs: 600 }],
    ],
    server: () => undefined,
    expect: [error('timeout', 'request timeout'), error('timeout', 'request timeout', undefined, true)],
  },
  {
    name: 'a server that never answers: a later request with a shorter timeout times out first, at its own deadline',
    mode: 'pipelined',
    requests: [
      ['GET', '/1', { timeoutMs: 600 }],
      ['GET', '/2', { timeoutMs: 150 }],
    ],
    server: () => undefined,
    // /2 at 150 ms closes the connection; /1, unanswered there, is re-sent and times out on the next one.
    expect: [error('timeout', 'request timeout', undefined, true), error('timeout', 'request timeout')],
  },
  {
    name: 'slowloris: a status line one byte every 50 ms ends at the request timeout',
    mode: EVERY_MODE,
    requests: [['GET', '/1', { timeoutMs: 400 }]],
    server: after(1, async (c) => {
      let open = true;
      void c.closed.then(() => (open = false));
      for (const byte of 'HTTP/1.1 200 OK\r\nX-Slow: ' + 's'.repeat(1000)) {
        if (!open) return;
        c.write(byte);
        await sleep(50);
      }
    }),
    expect: [error('timeout', 'request timeout')],
  },
  {
    name: 'a server that never answers, cut off by the run timeout',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['POST', '/2', { body: 'x' }],
      ['GET', '/3'],
    ],
    options: { runTimeoutMs: 300 },
    server: () => undefined,
    expect: [
      error('cancelled', undefined, /run timeout of 300 ms/),
      notSent('run timeout of 300 ms reached'),
      notSent('run timeout of 300 ms reached'),
    ],
  },
  {
    name: 'a server that never answers, cancelled by the user',
    mode: 'pipelined',
    requests: GET3,
    cancelAfterMs: 150,
    server: () => undefined,
    expect: [error('cancelled'), error('cancelled'), error('cancelled')],
  },
  {
    name: 'a server that never reads: a 32 MiB PUT fills the socket buffers and times out',
    mode: EVERY_MODE,
    requests: [['PUT', '/upload', { body: 'u'.repeat(32 * 1024 * 1024), timeoutMs: 500 }]],
    server: async (c) => {
      // Stop reading at once, so the kernel buffers fill and the engine's write never completes;
      // read again later, or this paused socket would never notice the engine closing it.
      c.pause();
      await sleep(1_000);
      c.resume();
    },
    expect: [error('timeout', 'request timeout')],
  },

  // --- Interim responses ----------------------------------------------------------------------------
  {
    name: '100 Continue, then 417 Expectation Failed',
    mode: 'keepalive',
    requests: [
      ['PUT', '/upload', { headers: [['Expect', '100-continue']], body: 'data' }],
      ['GET', '/2'],
    ],
    server: async (c) => {
      await c.requests(1);
      c.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n');
      const [, second] = await c.requests(2);
      c.write(okResponse(second.target));
    },
    expect: [status(417), ok('/2')],
    check: (result) => {
      const response = result.requests[0].response!;
      check(
        response.interim.length === 1 && response.interim[0].status === 100,
        'the 100 is kept as interim',
      );
      check(result.connectionsOpened === 1, 'the connection was reused after the 417');
    },
  },
  {
    name: '100 Continue and then the connection closes',
    mode: EVERY_MODE,
    requests: [['PUT', '/upload', { body: 'data' }]],
    server: after(1, (c) => c.end('HTTP/1.1 100 Continue\r\n\r\n')),
    expect: [error('response', 'unexpected-eof', /after an interim \(1xx\) response/)],
  },
  {
    name: 'an endless stream of 100 Continue',
    mode: EVERY_MODE,
    requests: [['GET', '/1']],
    server: after(1, (c) => c.write('HTTP/1.1 100 Continue\r\n\r\n'.repeat(150))),
    expect: [error('response', 'too-many-interim')],
  },

  // --- Servers that close after responses -------------------------------------------------------------
  {
    name: 'HTTP/1.0 with Connection: keep-alive keeps one connection',
    mode: 'keepalive',
    requests: GET3,
    server: async (c) => {
      for (let n = 1; n <= 3; n++) {
        const received = await c.requests(n);
        const body = received[n - 1].target;
        c.write(`HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      }
    },
    expect: [ok('/1'), ok('/2'), ok('/3')],
    check: (result) => check(result.connectionsOpened === 1, `${result.connectionsOpened} connections`),
  },
  {
    name: 'HTTP/1.0 without keep-alive: pipelining falls back to one request at a time',
    mode: 'pipelined',
    requests: GET3,
    server: after(1, (c, [a]) => c.end(`HTTP/1.0 200 OK\r\nContent-Length: ${a.length}\r\n\r\n${a}`)),
    expect: [ok('/1'), ok('/2', true), ok('/3', true)],
    check: (result) =>
      check(result.notes.length === 1 && /HTTP\/1\.0/.test(result.notes[0]), result.notes.join(' | ')),
  },
  {
    name: 'Connection: close on response 3 of 10 pipelined: 4 to 10 re-sent, 3 per connection from then on',
    mode: 'pipelined',
    requests: GET10,
    server: firstConnection(
      after(10, (c, targets) =>
        c.end(
          okResponse(targets[0]) + okResponse(targets[1]) + okResponse(targets[2], 'Connection: close\r\n'),
        ),
      ),
    ),
    expect: GET10.map(([, path], i) => ok(path, i >= 3)),
    check: (result) => {
      check(
        result.notes.length === 1 &&
          /closes connections after 3 requests: 4 connections used/.test(result.notes[0]),
        result.notes.join(' | '),
      );
      check(
        result.requests
          .slice(3)
          .every((r) =>
            r.waits.some(
              (w) => w.kind === 'retry' && w.on === 2 && /re-sent.*Connection: close/.test(w.reason),
            ),
          ),
        'the re-sent requests say they were re-sent after #3',
      );
      check(
        result.connections.every((c) => c.requests.length <= (c.id === 1 ? 10 : 3)),
        JSON.stringify(result.connections.map((c) => c.requests)),
      );
    },
  },
  {
    name: 'Connection: close on response 3 of 10 in keep-alive mode: just a new connection',
    mode: 'keepalive',
    requests: GET10,
    server: async (c) => {
      for (let n = 1; ; n++) {
        const received = await Promise.race([c.requests(n), c.closed.then(() => undefined)]);
        if (!received) return;
        const target = received[n - 1].target;
        if (target === '/3') return c.end(okResponse(target, 'Connection: close\r\n'));
        c.write(okResponse(target));
      }
    },
    expect: GET10.map(([, path]) => ok(path)),
    check: (result) =>
      check(
        result.connectionsOpened === 2 && result.notes.length === 0,
        `${result.connectionsOpened} connections`,
      ),
  },

  {
    name: 'every connection ends after its 3rd response (a keepalive_requests limit): all 10 answered',
    mode: 'pipelined',
    requests: GET10,
    server: async (c) => {
      for (let n = 1; n <= 3; n++) {
        const received = await Promise.race([c.requests(n), c.closed.then(() => undefined)]);
        if (!received) return;
        const target = received[n - 1].target;
        c.write(okResponse(target, n === 3 ? 'Connection: close\r\n' : ''));
      }
      c.end();
    },
    expect: GET10.map(([, path], i) => ok(path, i >= 3)),
    check: (result) => check(result.connections.length === 4, `${result.connections.length} connections`),
  },

  // --- TLS ----------------------------------------------------------------------------------------------
  {
    name: 'plain HTTP where a TLS handshake was expected',
    mode: EVERY_MODE,
    https: true,
    requests: [['GET', '/1']],
    server: (c) => c.write(okResponse('not tls')),
    expect: [
      error(
        'tls',
        /^(ERR_SSL_WRONG_VERSION_NUMBER|EPROTO: wrong version number)$/,
        /TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed/,
      ),
    ],
  },
  {
    name: 'close in the middle of the TLS handshake',
    mode: EVERY_MODE,
    https: true,
    requests: [['GET', '/1']],
    server: async (c) => {
      await sleep(20);
      c.end();
    },
    expect: [error('tls', /ECONNRESET|closed by server|socket disconnected/i)],
  },
  {
    name: 'a TLS handshake that never completes, cut off by the connect timeout',
    mode: EVERY_MODE,
    https: true,
    requests: [['GET', '/1']],
    options: { connectTimeoutMs: 200 },
    server: () => undefined,
    expect: [error('tls', 'connect timeout')],
  },

  // --- TCP RST ------------------------------------------------------------------------------------------
  {
    name: 'TCP RST mid-pipeline after one response: the unanswered are re-sent',
    mode: 'pipelined',
    requests: GET3,
    server: firstConnection(
      after(3, async (c, [a]) => {
        c.write(okResponse(a));
        await sleep(50);
        c.reset();
      }),
    ),
    expect: [ok('/1'), ok('/2', true), ok('/3', true)],
    check: (result) =>
      check(
        result.requests[1].waits.some((w) => /ECONNRESET/.test(w.reason)),
        JSON.stringify(result.requests[1].waits),
      ),
  },
  {
    name: 'TCP RST in the middle of a body: an error with ECONNRESET, not re-sent',
    mode: 'pipelined',
    requests: [
      ['GET', '/1'],
      ['GET', '/2'],
    ],
    server: firstConnection(
      after(2, async (c) => {
        c.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial');
        await sleep(50);
        c.reset();
      }),
    ),
    expect: [
      error(
        'response',
        'ECONNRESET',
        /connection failed \(ECONNRESET\) while the response was arriving: .*993 of the Content-Length body bytes missing/,
      ),
      ok('/2', true),
    ],
  },
  {
    name: 'TCP RST before a POST is answered: an error, never re-sent',
    mode: EVERY_MODE,
    requests: [['POST', '/pay', { body: 'once' }]],
    server: after(1, async (c) => {
      await sleep(20);
      c.reset();
    }),
    expect: [error('response', 'ECONNRESET', /not retried: POST is not idempotent/)],
  },
];
