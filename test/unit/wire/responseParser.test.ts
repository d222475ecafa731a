// Parser behaviour per framing rule. Every case goes through parseEverySplit, which also asserts that
// the same stream cut at every byte boundary, and fed byte by byte, gives exactly the same events.

import assert from 'node:assert/strict';
import { MAX_INTERIM_RESPONSES, ResponseParser } from '../../../src/core/engine/responseParser';
import {
  bodies,
  parseChunks,
  parseEverySplit,
  parseWhole,
  type ParseEvent,
  type ParseRun,
} from '../../fuzz/parseEvents';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const ok = (body: string, headers = '') =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${headers}\r\n${body}`;

function parse(
  stream: string,
  methods: string[] = ['GET'],
  options: { finish?: boolean; maxHeaderBytes?: number; maxHeaderCount?: number } = {},
): ParseRun {
  const limits = {
    ...(options.maxHeaderBytes ? { maxHeaderBytes: options.maxHeaderBytes } : {}),
    ...(options.maxHeaderCount ? { maxHeaderCount: options.maxHeaderCount } : {}),
  };
  return parseEverySplit(bytes(stream), methods, { finish: options.finish, limits });
}

function only<T extends ParseEvent['type']>(run: ParseRun, type: T): Array<Extract<ParseEvent, { type: T }>> {
  return run.events.filter((e): e is Extract<ParseEvent, { type: T }> => e.type === type);
}

function errorOf(run: ParseRun): Extract<ParseEvent, { type: 'error' }> {
  const errors = only(run, 'error');
  assert.equal(errors.length, 1, `expected one error, got events ${JSON.stringify(run.events)}`);
  return errors[0];
}

describe('ResponseParser', () => {
  describe('Content-Length', () => {
    it('reads exactly Content-Length body bytes and reports head, offsets and keep-alive', () => {
      const stream = ok('hello', 'X-A: 1\r\n');
      const run = parse(stream);
      assert.deepEqual(run.events, [
        {
          type: 'head',
          head: {
            httpVersion: '1.1',
            status: 200,
            statusText: 'OK',
            headers: [
              ['Content-Length', '5'],
              ['X-A', '1'],
            ],
          },
          start: 0,
        },
        { type: 'body', data: 'hello' },
        { type: 'complete', trailers: [], end: stream.length, keepAlive: true },
      ]);
      assert.equal(run.idle, true);
      assert.equal(run.pending, 0);
      assert.equal(run.offset, stream.length);
    });

    it('completes a zero-length body right after the head', () => {
      const run = parse('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      assert.deepEqual(bodies(run), ['']);
    });

    it('accepts repeated equal Content-Length fields and a list of equal values (RFC 9110 §8.6)', () => {
      assert.deepEqual(bodies(parse('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi')), [
        'hi',
      ]);
      assert.deepEqual(bodies(parse('HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nhi')), ['hi']);
      assert.deepEqual(bodies(parse('HTTP/1.1 200 OK\r\nContent-Length:  02 \r\n\r\nhi')), ['hi']);
    });

    it('rejects differing Content-Length values', () => {
      assert.equal(
        errorOf(parse('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi')).code,
        'conflicting-content-length',
      );
      assert.equal(
        errorOf(parse('HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nhi')).code,
        'conflicting-content-length',
      );
    });

    it('rejects negative, non-numeric, empty and too large Content-Length values, pointing at the header', () => {
      for (const value of ['-1', '+2', 'abc', '2 2', '', '0x10', '99999999999999999999']) {
        const stream = `HTTP/1.1 200 OK\r\nContent-Length: ${value}\r\n\r\nhi`;
        const error = errorOf(parse(stream));
        assert.equal(error.code, 'invalid-content-length', value);
        assert.match(error.message, /Content-Length/);
        if (value !== '') assert.equal(error.offset, stream.indexOf(value), value);
      }
    });
  });

  describe('chunked', () => {
    it('removes the chunked coding: hex sizes in either case, leading zeros, extensions, trailers', () => {
      const stream =
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
        'a\r\n0123456789\r\n' +
        '0B;name\r\nhello world\r\n' +
        '2;a=b;c="q \\" ;"\r\n!!\r\n' +
        '000\r\nX-Check: 1\r\nX-Other:  two \r\n\r\n';
      const run = parse(stream);
      assert.deepEqual(bodies(run), ['0123456789hello world!!']);
      assert.deepEqual(only(run, 'complete'), [
        {
          type: 'complete',
          trailers: [
            ['X-Check', '1'],
            ['X-Other', 'two'],
          ],
          end: stream.length,
          keepAlive: true,
        },
      ]);
    });

    it('accepts a list of codings ending in chunked, case-insensitively', () => {
      assert.deepEqual(
        bodies(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n')),
        ['hi'],
      );
    });

    it('rejects a bad chunk size with its offset', () => {
      for (const [size, code] of [
        ['zz', 'invalid-chunk-size'],
        ['', 'invalid-chunk-size'],
        ['2 ', 'invalid-chunk-size'],
        ['-2', 'invalid-chunk-size'],
        ['fffffffffffffffff', 'invalid-chunk-size'],
      ] as const) {
        const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
        const error = errorOf(parse(`${head}${size}\r\nhi\r\n0\r\n\r\n`));
        assert.equal(error.code, code, size);
        assert.ok(
          error.offset >= head.length && error.offset <= head.length + size.length,
          `${size}: offset ${error.offset}`,
        );
        assert.match(error.message, /chunk size at byte \d+/);
      }
    });

    it('accepts an empty extension value and quoted-pairs of visible characters, as llhttp does', () => {
      const stream =
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;a=;b="\\"\\\xff"\r\nhi\r\n0\r\n\r\n';
      assert.deepEqual(bodies(parse(stream)), ['hi']);
    });

    it('rejects malformed chunk extensions (whitespace, empty name, bad quoting)', () => {
      for (const ext of [
        '; a=b',
        ';',
        ';a =b',
        ';a=b c',
        ';a="open',
        ';a=\x01',
        ';a="\\\x01"',
        ';a="x"y',
        ';a=b=c',
      ]) {
        const error = errorOf(
          parse(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2${ext}\r\nhi\r\n0\r\n\r\n`),
        );
        assert.equal(error.code, 'invalid-chunk-extension', JSON.stringify(ext));
      }
    });

    it('rejects chunk data longer than its size, saying CR LF was expected', () => {
      const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n';
      const error = errorOf(parse(`${head}hiX\r\n0\r\n\r\n`));
      assert.equal(error.code, 'invalid-chunk');
      assert.equal(error.offset, head.length + 2);
      assert.match(
        error.message,
        new RegExp(`at byte ${head.length + 2}: expected CR LF after the chunk data, got 'X'`),
      );
    });

    it('lets chunked win over Content-Length but does not keep the connection (RFC 9112 §6.3)', () => {
      const run = parse(
        'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      );
      assert.deepEqual(bodies(run), ['hi']);
      assert.equal(only(run, 'complete')[0].keepAlive, false);
    });

    it('does not keep the connection after chunked in an HTTP/1.0 response', () => {
      const run = parse(
        'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      );
      assert.deepEqual(bodies(run), ['hi']);
      assert.equal(only(run, 'complete')[0].keepAlive, false);
    });

    it('takes a tab after chunked or after a Content-Length as optional whitespace (RFC 9110 §5.6.3)', () => {
      assert.deepEqual(
        bodies(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\t\r\n\r\n2\r\nhi\r\n0\r\n\r\n')),
        ['hi'],
      );
      assert.deepEqual(bodies(parse('HTTP/1.1 200 OK\r\nContent-Length:\t2\t \r\n\r\nhi')), ['hi']);
    });

    it('reads until close when the final transfer coding is not chunked', () => {
      const stream = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\nhi';
      const run = parse(stream, ['GET'], { finish: true });
      assert.deepEqual(bodies(run), ['2\r\nhi']);
      assert.equal(only(run, 'complete')[0].keepAlive, false);
    });

    it('limits the trailer section like a head', () => {
      const trailers = 'X-T: 1\r\n'.repeat(5);
      const stream = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${trailers}\r\n`;
      assert.equal(errorOf(parse(stream, ['GET'], { maxHeaderCount: 4 })).code, 'too-many-headers');
      assert.equal(errorOf(parse(stream, ['GET'], { maxHeaderBytes: 20 })).code, 'header-too-large');
      assert.deepEqual(only(parse(stream, ['GET'], { maxHeaderCount: 5 }), 'complete')[0].trailers.length, 5);
    });
  });

  describe('read until close', () => {
    it('completes a body without Content-Length or chunked on finish(), not keeping the connection', () => {
      const stream = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this until EOF';
      const run = parse(stream, ['GET'], { finish: true });
      assert.deepEqual(bodies(run), ['all of this until EOF']);
      assert.deepEqual(only(run, 'complete'), [
        { type: 'complete', trailers: [], end: stream.length, keepAlive: false },
      ]);
    });

    it('is still in progress until finish() is called', () => {
      const run = parse('HTTP/1.1 200 OK\r\n\r\npartial');
      assert.equal(only(run, 'complete').length, 0);
      assert.equal(run.idle, false);
      assert.equal(run.pending, 1);
    });
  });

  describe('interim responses', () => {
    it('reports 100 and 103 before the final response, whose start offset is the first interim byte', () => {
      const interim =
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n';
      const run = parse(ok('x') + interim + ok('done'), ['GET', 'POST']);
      assert.deepEqual(
        run.events.map((e) => e.type),
        ['head', 'body', 'complete', 'interim', 'interim', 'head', 'body', 'complete'],
      );
      const [first, second] = only(run, 'interim');
      assert.equal(first.head.status, 100);
      assert.deepEqual(second.head.headers, [['Link', '</a.css>; rel=preload']]);
      assert.equal(only(run, 'head')[1].start, ok('x').length);
      assert.deepEqual(bodies(run), ['x', 'done']);
    });

    it('decides persistence by the final response, not by Connection: close or HTTP/1.0 on an interim one', () => {
      const run = parse('HTTP/1.0 100 Continue\r\nConnection: close\r\n\r\n' + ok('hi') + ok('next'), [
        'GET',
        'GET',
      ]);
      assert.deepEqual(bodies(run), ['hi', 'next']);
      assert.deepEqual(
        only(run, 'complete').map((c) => c.keepAlive),
        [true, true],
      );
    });

    it(`rejects more than ${MAX_INTERIM_RESPONSES} interim responses before a final one (an endless 1xx stream)`, () => {
      const interim = 'HTTP/1.1 100 Continue\r\n\r\n';
      // Splits are checked at every 13th byte only: every boundary of these 5 KB streams would take seconds.
      const cuts = (length: number) =>
        Array.from({ length: Math.floor(length / 13) }, (_, i) => (i + 1) * 13);
      const acceptedStream = bytes(
        interim.repeat(MAX_INTERIM_RESPONSES) + ok('x') + interim.repeat(MAX_INTERIM_RESPONSES) + ok('y'),
      );
      const accepted = parseEverySplit(acceptedStream, ['GET', 'GET'], {}, cuts(acceptedStream.length));
      assert.deepEqual(bodies(accepted), ['x', 'y']);
      const rejectedStream = bytes(interim.repeat(MAX_INTERIM_RESPONSES + 1) + ok('x'));
      const error = errorOf(parseEverySplit(rejectedStream, ['GET'], {}, cuts(rejectedStream.length)));
      assert.deepEqual(
        [error.code, error.offset],
        ['too-many-interim', interim.length * MAX_INTERIM_RESPONSES],
      );
    });

    it('ignores a Content-Length on an interim response (1xx has no body)', () => {
      assert.deepEqual(bodies(parse('HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n' + ok('hi'))), [
        'hi',
      ]);
    });

    it('treats 101 Switching Protocols as the end of HTTP on the connection', () => {
      const stream = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello';
      const run = parse(stream, ['GET', 'GET']);
      assert.deepEqual(only(run, 'complete'), [
        { type: 'complete', trailers: [], end: stream.length - 7, keepAlive: false },
      ]);
      assert.equal(only(run, 'error').length, 0);
    });
  });

  describe('responses without a body', () => {
    it('reads no body for HEAD even with Content-Length or chunked, and the next response follows', () => {
      const stream =
        'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
        ok('body');
      assert.deepEqual(bodies(parse(stream, ['HEAD', 'HEAD', 'GET'])), ['', '', 'body']);
    });

    it('reads no body for 204 and 304', () => {
      const stream =
        'HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n' +
        'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n' +
        ok('after');
      assert.deepEqual(bodies(parse(stream, ['GET', 'GET', 'GET'])), ['', '', 'after']);
    });

    it('treats a 2xx answer to CONNECT as a tunnel: no body, connection not reusable', () => {
      const run = parse('HTTP/1.1 200 Connection established\r\n\r\ntunnel bytes', ['CONNECT']);
      assert.deepEqual(bodies(run), ['']);
      assert.equal(only(run, 'complete')[0].keepAlive, false);
    });
  });

  describe('connection persistence', () => {
    it('closes after HTTP/1.0 unless Connection: keep-alive', () => {
      const closing = parse('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi');
      assert.equal(only(closing, 'complete')[0].keepAlive, false);
      const kept = parse(
        'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nhi' +
          'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n!',
        ['GET', 'GET'],
      );
      assert.deepEqual(
        only(kept, 'complete').map((c) => c.keepAlive),
        [true, false],
      );
      assert.equal(only(kept, 'head')[0].head.httpVersion, '1.0');
    });

    it('does not keep the connection after Connection: close, and ignores later bytes (RFC 9112 §9.6)', () => {
      const run = parse(ok('hi', 'Connection: keep-alive, close\r\n') + ok('ignored'), ['GET', 'GET']);
      assert.deepEqual(
        only(run, 'complete').map((c) => c.keepAlive),
        [false],
      );
      assert.equal(only(run, 'error').length, 0);
      assert.equal(run.pending, 1);
      assert.equal(run.idle, true);
    });
  });

  describe('lenient syntax', () => {
    it('joins obs-fold continuation lines with one space', () => {
      const run = parse(
        'HTTP/1.1 200 OK\r\nX-Long: first\r\n   second \r\n\tthird\r\nContent-Length: 0\r\n\r\n',
      );
      assert.deepEqual(only(run, 'head')[0].head.headers, [
        ['X-Long', 'first second third'],
        ['Content-Length', '0'],
      ]);
    });

    it('rejects a continuation line with no header before it', () => {
      const error = errorOf(parse('HTTP/1.1 200 OK\r\n folded\r\nContent-Length: 0\r\n\r\n'));
      assert.equal(error.code, 'invalid-header');
      assert.equal(error.offset, 17);
    });

    it('accepts an empty or missing reason phrase', () => {
      for (const line of ['HTTP/1.1 200 ', 'HTTP/1.1 200']) {
        const run = parse(`${line}\r\nContent-Length: 0\r\n\r\n`);
        assert.equal(only(run, 'head')[0].head.statusText, '', line);
        assert.equal(only(run, 'head')[0].head.status, 200, line);
      }
    });

    it('tolerates LF-only line endings in the head, chunk lines and trailers', () => {
      const stream =
        'HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nX: 1\n\n2\nhi\n3\r\nabc\n0\nT: 2\n\n' +
        'HTTP/1.1 200 OK\nContent-Length: 2\n\nok';
      const run = parse(stream, ['GET', 'GET']);
      assert.deepEqual(bodies(run), ['hiabc', 'ok']);
      assert.deepEqual(only(run, 'complete')[0].trailers, [['T', '2']]);
    });

    it('skips stray CR LF between responses, even when no request is waiting', () => {
      const stream = ok('a') + '\r\n' + ok('b') + '\r\n\r\n';
      const run = parse(stream, ['GET', 'GET']);
      assert.deepEqual(bodies(run), ['a', 'b']);
      assert.equal(only(run, 'head')[1].start, ok('a').length + 2);
      assert.equal(only(run, 'error').length, 0);
    });

    it('accepts obs-text (0x80-0xFF) in values and any reason phrase byte but CR/LF', () => {
      const run = parse('HTTP/1.1 200 \xc4\x01k\r\nX: caf\xe9\r\nContent-Length: 0\r\n\r\n');
      assert.equal(only(run, 'head')[0].head.statusText, '\xc4\x01k');
      assert.deepEqual(only(run, 'head')[0].head.headers[0], ['X', 'caf\xe9']);
    });
  });

  describe('errors', () => {
    it('rejects garbage instead of a status line with its byte offset and what was expected', () => {
      const first = ok('hi');
      const error = errorOf(parse(first + 'HTTX/1.1 200 OK\r\n\r\n', ['GET', 'GET']));
      assert.equal(error.code, 'invalid-status-line');
      assert.equal(error.offset, first.length + 3);
      assert.match(
        error.message,
        new RegExp(`at byte ${first.length + 3}: expected "HTTP/" starting a status line, got 'X'`),
      );
    });

    it('rejects malformed status lines at the offending byte', () => {
      const cases: Array<[string, string, number]> = [
        ['HTTP/1.1 20 OK', 'invalid-status-line', 11],
        ['HTTP/1.1  200 OK', 'invalid-status-line', 9],
        ['HTTP/1.1 2000 OK', 'invalid-status-line', 12],
        ['HTTP/11 200 OK', 'invalid-status-line', 6],
        ['http/1.1 200 OK', 'invalid-status-line', 0],
        ['HTTP/2.0 200 OK', 'unsupported-version', 5],
        ['HTTP/1.2 200 OK', 'unsupported-version', 5],
      ];
      for (const [line, code, offset] of cases) {
        const error = errorOf(parse(`${line}\r\nContent-Length: 0\r\n\r\n`));
        assert.deepEqual([error.code, error.offset], [code, offset], line);
      }
    });

    it('rejects bad header lines: no colon, space before colon, bad name, control characters, bare CR', () => {
      const cases: Array<[string, number]> = [
        ['NoColon', 7],
        ['X : 1', 1],
        [': empty', 0],
        ['X\xff: 1', 1],
        ['X: a\x7fb', 4],
        ['X: a\x00b', 4],
        ['X: a\rb', 5],
      ];
      for (const [line, at] of cases) {
        const error = errorOf(parse(`HTTP/1.1 200 OK\r\n${line}\r\nContent-Length: 0\r\n\r\n`));
        assert.deepEqual([error.code, error.offset], ['invalid-header', 17 + at], JSON.stringify(line));
      }
    });

    it('finds control characters in continuation lines and trailers too', () => {
      const folded = 'HTTP/1.1 200 OK\r\nX: a\r\n b\x7fc\r\nContent-Length: 0\r\n\r\n';
      const foldError = errorOf(parse(folded));
      assert.deepEqual([foldError.code, foldError.offset], ['invalid-header', folded.indexOf('\x7f')]);
      const trailer = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: \x01\r\n\r\n';
      const trailerError = errorOf(parse(trailer));
      assert.deepEqual([trailerError.code, trailerError.offset], ['invalid-header', trailer.indexOf('\x01')]);
      // A control character in the reason phrase is kept (as llhttp does) and does not fail the headers.
      assert.deepEqual(bodies(parse('HTTP/1.1 200 O\x01K\r\nX: fine\r\nContent-Length: 1\r\n\r\n!')), ['!']);
    });

    it('rejects a head larger than maxHeaderBytes at the byte where the limit was passed, without waiting for its end', () => {
      const stream = 'HTTP/1.1 200 OK\r\nX-Big: ' + 'a'.repeat(200);
      const error = errorOf(parse(stream, ['GET'], { maxHeaderBytes: 100 }));
      assert.equal(error.code, 'header-too-large');
      assert.equal(error.offset, 100);
      assert.match(error.message, /limit of 100 bytes/);
      assert.deepEqual(bodies(parse(ok('x'), ['GET'], { maxHeaderBytes: ok('x').length - 1 })), ['x']);
    });

    it('applies maxHeaderBytes to each response of a pipeline, not to the stream', () => {
      const one = ok('x');
      assert.deepEqual(bodies(parse(one.repeat(5), Array(5).fill('GET'), { maxHeaderBytes: one.length })), [
        'x',
        'x',
        'x',
        'x',
        'x',
      ]);
    });

    it('rejects more than maxHeaderCount headers', () => {
      const error = errorOf(parse(ok('', 'A: 1\r\nB: 2\r\nC: 3\r\n'), ['GET'], { maxHeaderCount: 3 }));
      assert.equal(error.code, 'too-many-headers');
      assert.equal(error.offset, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nA: 1\r\nB: 2\r\n'.length);
    });

    it('rejects response bytes when no request is waiting', () => {
      const error = errorOf(parse(ok('a') + 'HTTP/1.1 200 OK\r\n\r\n', ['GET']));
      assert.equal(error.code, 'unsolicited');
      assert.equal(error.offset, ok('a').length);
      assert.match(error.message, /response bytes with no request waiting/);
      assert.equal(errorOf(parse('HTTP/1.1 200 OK\r\n\r\n', [])).offset, 0);
    });

    it('ignores all input after an error', () => {
      const run = parse('garbage\r\n\r\n' + ok('x'), ['GET', 'GET']);
      assert.deepEqual(
        run.events.map((e) => e.type),
        ['error'],
      );
    });
  });

  describe('finish (server EOF)', () => {
    it('is a no-op when idle, with or without requests waiting', () => {
      assert.deepEqual(
        parse(ok('a'), ['GET'], { finish: true }).events.map((e) => e.type),
        ['head', 'body', 'complete'],
      );
      assert.deepEqual(parse('', ['GET', 'GET'], { finish: true }).events, []);
      assert.deepEqual(parse('\r\n', ['GET'], { finish: true }).events, []);
    });

    it('reports an error when the connection closes mid-message', () => {
      const cases: Array<[string, RegExp]> = [
        ['HTTP/1.1 200 OK\r\nContent-Le', /middle of a response head/],
        ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', /7 of the Content-Length body bytes missing/],
        ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab', /middle of a chunked body/],
        ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\n', /middle of a chunked body/],
        ['HTTP/1.1 100 Continue\r\n\r\n', /after an interim \(1xx\) response/],
      ];
      for (const [stream, message] of cases) {
        const error = errorOf(parse(stream, ['GET'], { finish: true }));
        assert.equal(error.code, 'unexpected-eof', stream);
        assert.equal(error.offset, stream.length, stream);
        assert.match(error.message, message);
      }
    });
  });

  describe('pipelining', () => {
    it('matches each response to its request in order, with [start, end) offsets that tile the stream', () => {
      const responses = [
        ok('one'),
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n',
        'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n',
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nfour',
        'HTTP/1.1 404 Not Found\r\n\r\nfive until close',
      ];
      const run = parse(responses.join(''), ['GET', 'GET', 'HEAD', 'POST', 'GET'], { finish: true });
      assert.deepEqual(bodies(run), ['one', 'two', '', 'four', 'five until close']);
      let at = 0;
      const heads = only(run, 'head');
      const completes = only(run, 'complete');
      responses.forEach((response, i) => {
        assert.equal(heads[i].start, at, `start of response ${i}`);
        at += response.length;
        assert.equal(completes[i].end, at, `end of response ${i}`);
      });
    });

    it('gives the same events when every read lands in one reused buffer (the connection reads so)', () => {
      // Heads, chunk-size lines and trailers span reads of 7 bytes; each read overwrites the last one's
      // bytes, as Node's onread buffer does, so a piece kept as a view instead of a copy reads garbage.
      const stream = bytes(
        ok('one', 'X-Long-Header: a value longer than one read\r\n') +
          'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n00000\r\nX-T: trailer\r\n\r\n',
      );
      const reused = Buffer.alloc(7);
      const pieces: Buffer[] = [];
      for (let at = 0; at < stream.length; at += reused.length) pieces.push(stream.subarray(at, at + 7));
      // Handed out one at a time as the parser asks for the next: the previous read is overwritten first.
      const reads = new Proxy(pieces, {
        get(target, key, receiver) {
          if (typeof key !== 'string' || !/^\d+$/.test(key))
            return Reflect.get(target, key, receiver) as unknown;
          const piece = target[Number(key)];
          reused.fill('#');
          piece.copy(reused);
          return reused.subarray(0, piece.length);
        },
      });
      assert.deepEqual(parseChunks(reads, ['GET', 'GET']).events, parseWhole(stream, ['GET', 'GET']).events);
    });

    it('reports pending and idle as responses arrive', () => {
      const handler = {
        onInterim() {},
        onHead() {},
        onBody() {},
        onComplete() {},
        onError(error: Error) {
          throw error;
        },
      };
      const parser = new ResponseParser(handler, { maxHeaderBytes: 1000, maxHeaderCount: 10 });
      parser.expect('GET');
      parser.expect('GET');
      assert.deepEqual([parser.pending, parser.idle, parser.offset], [2, true, 0]);
      const stream = bytes(ok('a') + ok('b'));
      parser.execute(stream.subarray(0, 20));
      assert.deepEqual([parser.pending, parser.idle, parser.offset], [2, false, 20]);
      parser.execute(stream.subarray(20, ok('a').length));
      assert.deepEqual([parser.pending, parser.idle], [1, true]);
      parser.execute(stream.subarray(ok('a').length));
      assert.deepEqual([parser.pending, parser.idle, parser.offset], [0, true, stream.length]);
    });

    it('passes body bytes as slices of the input (zero-copy)', () => {
      const input = bytes(ok('zero-copy body'));
      const slices: Buffer[] = [];
      const parser = new ResponseParser(
        {
          onInterim() {},
          onHead() {},
          onBody: (chunk) => slices.push(chunk),
          onComplete() {},
          onError(error) {
            throw error;
          },
        },
        { maxHeaderBytes: 1000, maxHeaderCount: 10 },
      );
      parser.expect('GET');
      parser.execute(input);
      assert.equal(slices.length, 1);
      assert.equal(slices[0].buffer, input.buffer);
      assert.equal(slices[0].byteOffset, input.byteOffset + input.length - 'zero-copy body'.length);
    });
  });
});
