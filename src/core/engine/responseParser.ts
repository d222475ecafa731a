// Incremental HTTP/1.1 response parser for one connection's read stream, pipelined responses included.
//
// Written by hand rather than using Node's llhttp binding because the engine needs what that binding does
// not expose: the exact stream offset where each response starts and ends (the raw wire view), error
// offsets, per-response header limits, and a queue of request methods so a HEAD response is known to have
// no body. It is checked against llhttp by differential fuzzing (test/unit/fuzz, test/fuzz); the places
// where it deliberately differs are listed in docs/parser-divergences.md.
//
// Performance: the usual head, all in one chunk, is read in one walk over its bytes (scanPlainHead),
// then decoded once as latin1 and sliced into strings; any other head is found with Buffer.indexOf and
// read from its text, which also reports every error. The usual chunk-size line is read from the bytes
// too. Bytes are only copied when a head or line spans chunks (its pieces are kept as copies, since
// the connection reads into one reused buffer); body bytes go out as zero-copy slices of the input.

import type { ResponseHead } from './types';
import { describeByte } from './httpSyntax';
import { HttpParseError } from './responseParserError';
import {
  decideFraming,
  FieldScan,
  headFromScan,
  parseChunkSizeLine,
  parseFieldLines,
  parseResponseHead,
  plainChunkSize,
  plainChunkSizeLineEnd,
  scanPlainHead,
  type Framing,
} from './responseParserHead';

export { HttpParseError } from './responseParserError';

export interface ResponseParserLimits {
  /** Status line plus header section of one response (each interim response and the trailers count alone). */
  maxHeaderBytes: number;
  maxHeaderCount: number;
}

export interface ResponseParserHandler {
  /** A 1xx interim response (not 101), before the final one. */
  onInterim(head: ResponseHead): void;
  /** The final response head; `startOffset` is the stream offset of this response's first byte, its interim responses included. */
  onHead(head: ResponseHead, startOffset: number): void;
  /** Body bytes with the chunked coding removed; zero-copy slices of the input, valid as long as the input is: copy what is kept. */
  onBody(chunk: Buffer): void;
  /** `endOffset` is the stream offset just past the response; `keepAlive` false means the connection must close now. */
  onComplete(trailers: Array<[string, string]>, endOffset: number, keepAlive: boolean): void;
  /** After this the parser ignores further input. */
  onError(error: HttpParseError): void;
}

const enum State {
  /** Between responses: skipping stray CR/LF, waiting for a status line. */
  Start,
  Head,
  BodyLength,
  BodyUntilClose,
  ChunkSize,
  ChunkData,
  /** Chunk data read; expecting CR LF (or a bare LF). */
  ChunkDataEnd,
  /** Chunk data and its CR read; expecting LF. */
  ChunkDataEndLf,
  Trailers,
  /** The last response closed the connection (or switched protocols): later bytes are not HTTP, ignore them (RFC 9112 §9.6). */
  Closed,
  Failed,
}

const CR = 0x0d;
const EMPTY = new Uint8Array(0);
const LF = 0x0a;

/** Where the scan for the empty line ending a head/trailer section stands at the end of a chunk. */
const enum Scan {
  InLine,
  AfterLf,
  AfterLfCr,
}

/** Longest chunk-size line accepted (size plus extensions); llhttp has no limit, a hostile server must not make us buffer forever. */
const MAX_CHUNK_LINE_BYTES = 4096;

/** Interim (1xx) responses accepted before a final one: each is kept by the engine, an endless stream must not exhaust memory. */
export const MAX_INTERIM_RESPONSES = 100;

export class ResponseParser {
  private state = State.Start;
  private consumed = 0;
  private readonly methods: string[] = [];
  private methodsHead = 0;

  /** Stream offset of the current response's first byte (its first interim response), -1 between responses. */
  private responseStart = -1;
  /** Interim responses received for the current response. */
  private interimCount = 0;
  /** Stream offset of the head or trailer section or chunk-size line being collected. */
  private sectionStart = 0;
  private sectionBytes = 0;
  /** Pieces of a section that spans chunks: copies, as the input may be a reused read buffer. */
  private sectionParts: Buffer[] = [];
  private scan = Scan.InLine;
  private sectionSource: Uint8Array = EMPTY;
  private sectionSourceAt = 0;
  /** The fields of the last head or trailer section read, as offsets and kinds; reused. */
  private readonly fields = new FieldScan();

  private framing: Framing | null = null;
  private remaining = 0;

  constructor(
    private readonly handler: ResponseParserHandler,
    private readonly limits: ResponseParserLimits,
  ) {}

  /** Total bytes consumed so far (updated when execute() returns). */
  get offset(): number {
    return this.consumed;
  }

  /** Requests whose response has not completed yet. */
  get pending(): number {
    return this.methods.length - this.methodsHead;
  }

  /** No response is partly received. */
  get idle(): boolean {
    return (this.state === State.Start && this.responseStart === -1) || this.state === State.Closed;
  }

  /** A request with this method was written; responses are matched to this queue in order. */
  expect(method: string): void {
    this.methods.push(method);
  }

  execute(chunk: Buffer): void {
    const base = this.consumed;
    const len = chunk.length;
    let pos = 0;
    while (pos < len) {
      switch (this.state) {
        case State.Start: {
          // Stray CR/LF between messages is tolerated, like llhttp (some servers add one after a body).
          while (pos < len && (chunk[pos] === CR || chunk[pos] === LF)) pos++;
          if (pos === len) break;
          if (this.pending === 0) {
            this.fail(
              'unsolicited',
              `response bytes with no request waiting at byte ${base + pos}: expected nothing, got ${describeByte(chunk[pos])}`,
              base + pos,
            );
            break;
          }
          if (this.responseStart === -1) this.responseStart = base + pos;
          this.beginSection(base + pos, Scan.InLine);
          this.state = State.Head;
          // The usual head: all in this chunk, every line plain. Otherwise State.Head collects the
          // section and reads it from its text.
          const end = scanPlainHead(chunk, pos, this.limits.maxHeaderCount, this.fields);
          if (end !== -1 && end - pos <= this.limits.maxHeaderBytes) {
            const text = chunk.toString('latin1', pos, end);
            const head = headFromScan(this.fields, text, pos);
            pos = end;
            this.onResponseHead(head, text, base + pos);
          }
          break;
        }
        case State.Head:
        case State.Trailers: {
          const end = this.findSectionEnd(chunk, pos);
          if (end === -1) {
            this.sectionBytes += len - pos;
            if (this.sectionBytes > this.limits.maxHeaderBytes) this.failTooLarge();
            else this.sectionParts.push(Buffer.from(chunk.subarray(pos)));
            pos = len;
            break;
          }
          this.sectionBytes += end - pos;
          if (this.sectionBytes > this.limits.maxHeaderBytes) {
            this.failTooLarge();
            break;
          }
          if (this.state === State.Trailers && this.sectionParts.length === 0 && end - pos <= 2) {
            // Just the empty line (LF or CR LF, the scan started right after the last chunk's LF): no trailers.
            pos = end;
            this.complete([], base + pos);
            break;
          }
          const text = this.takeSection(chunk, pos, end);
          pos = end;
          if (this.state === State.Head) this.onHeadSection(text, base + pos);
          else this.onTrailerSection(text, base + pos);
          break;
        }
        case State.BodyLength: {
          const n = Math.min(this.remaining, len - pos);
          this.remaining -= n;
          pos += n;
          this.handler.onBody(chunk.subarray(pos - n, pos));
          if (this.remaining === 0) this.complete([], base + pos);
          break;
        }
        case State.BodyUntilClose:
          this.handler.onBody(pos === 0 ? chunk : chunk.subarray(pos));
          pos = len;
          break;
        case State.ChunkSize: {
          if (this.sectionParts.length === 0) {
            // The usual line, bare hex digits in this chunk, is read from the bytes; anything else as text.
            const lineEnd = plainChunkSizeLineEnd(chunk, pos);
            if (lineEnd !== -1) {
              const size = plainChunkSize(chunk, pos, lineEnd - 1);
              pos = lineEnd;
              if (size === 0 && pos + 1 < len && chunk[pos] === CR && chunk[pos + 1] === LF) {
                // The last chunk and an empty trailer section, the usual end, here: no section to collect.
                pos += 2;
                this.complete([], base + pos);
                break;
              }
              this.onChunkSize(size, base + pos);
              break;
            }
          }
          const lf = chunk.indexOf(LF, pos);
          const end = lf === -1 ? len : lf + 1;
          this.sectionBytes += end - pos;
          if (this.sectionBytes > MAX_CHUNK_LINE_BYTES) {
            this.fail(
              'invalid-chunk-size',
              `chunk-size line longer than ${MAX_CHUNK_LINE_BYTES} bytes starting at byte ${this.sectionStart}: expected a hexadecimal size and CR LF`,
              this.sectionStart + MAX_CHUNK_LINE_BYTES,
            );
            break;
          }
          if (lf === -1) {
            this.sectionParts.push(Buffer.from(chunk.subarray(pos)));
            pos = len;
            break;
          }
          const line = this.takeSection(chunk, pos, end);
          pos = end;
          this.onChunkSizeLine(line, base + pos);
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.remaining, len - pos);
          this.remaining -= n;
          pos += n;
          this.handler.onBody(chunk.subarray(pos - n, pos));
          if (this.remaining !== 0) break;
          if (pos + 1 < len && chunk[pos] === CR && chunk[pos + 1] === LF) {
            // The usual CR LF after the data, in this chunk: straight on to the next chunk-size line.
            pos += 2;
            this.expectChunkSizeLine(base + pos);
          } else {
            this.state = State.ChunkDataEnd;
          }
          break;
        }
        case State.ChunkDataEnd:
        case State.ChunkDataEndLf: {
          const c = chunk[pos];
          if (c === LF) {
            pos++;
            this.expectChunkSizeLine(base + pos);
          } else if (c === CR && this.state === State.ChunkDataEnd) {
            pos++;
            this.state = State.ChunkDataEndLf;
          } else {
            const expected = this.state === State.ChunkDataEnd ? 'CR LF' : 'LF';
            this.fail(
              'invalid-chunk',
              `chunk data longer than its size at byte ${base + pos}: expected ${expected} after the chunk data, got ${describeByte(c)}`,
              base + pos,
            );
          }
          break;
        }
        case State.Closed:
        case State.Failed:
          pos = len;
          break;
      }
    }
    this.consumed = base + len;
  }

  /** The server closed the connection (EOF). Completes a read-until-close body; an error when mid-message. */
  finish(): void {
    const at = this.consumed;
    switch (this.state) {
      case State.BodyUntilClose:
        this.complete([], at);
        return;
      case State.Start:
        if (this.responseStart === -1) {
          this.state = State.Closed;
          return;
        }
        this.fail(
          'unexpected-eof',
          `connection closed at byte ${at} after an interim (1xx) response: expected the final response`,
          at,
        );
        return;
      case State.Head:
        this.fail(
          'unexpected-eof',
          `connection closed at byte ${at} in the middle of a response head (${this.sectionBytes} bytes received): expected the rest of the head and an empty line`,
          at,
        );
        return;
      case State.BodyLength:
        this.fail(
          'unexpected-eof',
          `connection closed at byte ${at} with ${this.remaining} of the Content-Length body bytes missing: expected more body`,
          at,
        );
        return;
      case State.ChunkSize:
      case State.ChunkData:
      case State.ChunkDataEnd:
      case State.ChunkDataEndLf:
      case State.Trailers:
        this.fail(
          'unexpected-eof',
          `connection closed at byte ${at} in the middle of a chunked body: expected the rest of the chunks and the last chunk (0)`,
          at,
        );
        return;
      case State.Closed:
      case State.Failed:
        return;
    }
  }

  // ---- sections (head, trailers, chunk-size line) that may span chunks ----

  private beginSection(start: number, scan: Scan): void {
    this.sectionStart = start;
    this.sectionBytes = 0;
    if (this.sectionParts.length !== 0) this.sectionParts = [];
    this.scan = scan;
  }

  /** A chunk-size line starts at stream offset `start` (after the head, or after a chunk's data and its CR LF). */
  private expectChunkSizeLine(start: number): void {
    this.beginSection(start, Scan.InLine);
    this.state = State.ChunkSize;
  }

  /**
   * The section's text (latin1, one char per byte) ending at `end` in this chunk. Also leaves the bytes
   * it was decoded from in `sectionSource` (text index i is byte `sectionSourceAt + i`): the field
   * parser checks characters there, which is faster than on the string.
   */
  private takeSection(chunk: Buffer, from: number, end: number): string {
    let bytes = chunk;
    let start = from;
    let stop = end;
    if (this.sectionParts.length !== 0) {
      this.sectionParts.push(chunk.subarray(from, end));
      bytes = Buffer.concat(this.sectionParts);
      start = 0;
      stop = bytes.length;
      this.sectionParts = [];
    }
    this.sectionSource = bytes;
    this.sectionSourceAt = start;
    return bytes.toString('latin1', start, stop);
  }

  /**
   * Index just past the empty line (LF [CR] LF) that ends a head or trailer section, or -1 when this
   * chunk does not contain it; `this.scan` carries a partial match across chunks.
   */
  private findSectionEnd(chunk: Buffer, from: number): number {
    const len = chunk.length;
    let i = from;
    if (this.scan === Scan.AfterLf && i < len) {
      if (chunk[i] === LF) return i + 1;
      if (chunk[i] === CR) {
        if (i + 1 === len) {
          this.scan = Scan.AfterLfCr;
          return -1;
        }
        if (chunk[i + 1] === LF) return i + 2;
      }
      this.scan = Scan.InLine;
    } else if (this.scan === Scan.AfterLfCr && i < len) {
      if (chunk[i] === LF) return i + 1;
      this.scan = Scan.InLine;
    }
    for (;;) {
      const lf = chunk.indexOf(LF, i);
      if (lf === -1) return -1;
      const next = lf + 1;
      if (next === len) {
        this.scan = Scan.AfterLf;
        return -1;
      }
      const c = chunk[next];
      if (c === LF) return next + 1;
      if (c === CR) {
        if (next + 1 === len) {
          this.scan = Scan.AfterLfCr;
          return -1;
        }
        if (chunk[next + 1] === LF) return next + 2;
      }
      i = next;
    }
  }

  private onHeadSection(text: string, endOffset: number): void {
    let head: ResponseHead;
    try {
      head = parseResponseHead(
        text,
        this.sectionSource,
        this.sectionSourceAt,
        this.sectionStart,
        this.limits.maxHeaderCount,
        this.fields,
      );
    } catch (error) {
      this.failWith(error);
      return;
    }
    this.onResponseHead(head, text, endOffset);
  }

  /** A head read (its fields' kinds in `this.fields`); `text` is its section, `endOffset` the stream offset just past it. */
  private onResponseHead(head: ResponseHead, text: string, endOffset: number): void {
    const start = this.sectionStart;
    if (head.status >= 100 && head.status < 200 && head.status !== 101) {
      if (++this.interimCount > MAX_INTERIM_RESPONSES) {
        this.fail(
          'too-many-interim',
          `more than ${MAX_INTERIM_RESPONSES} interim (1xx) responses at byte ${start}: expected the final response`,
          start,
        );
        return;
      }
      this.state = State.Start; // the final response follows; responseStart stays on the first interim
      this.handler.onInterim(head);
      return;
    }
    let framing: Framing;
    try {
      framing = decideFraming(head, this.fields.kinds, this.methods[this.methodsHead], text, start);
    } catch (error) {
      this.failWith(error);
      return;
    }
    this.framing = framing;
    this.handler.onHead(head, this.responseStart);
    switch (framing.body) {
      case 'none':
        this.complete([], endOffset);
        return;
      case 'length':
        this.remaining = framing.length;
        this.state = State.BodyLength;
        if (framing.length === 0) this.complete([], endOffset);
        return;
      case 'chunked':
        this.expectChunkSizeLine(endOffset);
        return;
      case 'until-close':
        this.state = State.BodyUntilClose;
        return;
    }
  }

  private onChunkSizeLine(line: string, endOffset: number): void {
    let size: number;
    try {
      size = parseChunkSizeLine(line, this.sectionStart);
    } catch (error) {
      this.failWith(error);
      return;
    }
    this.onChunkSize(size, endOffset);
  }

  private onChunkSize(size: number, endOffset: number): void {
    if (size === 0) {
      // Trailer section: the size line's LF was just read, so an immediate empty line ends it.
      this.beginSection(endOffset, Scan.AfterLf);
      this.state = State.Trailers;
      return;
    }
    this.remaining = size;
    this.state = State.ChunkData;
  }

  private onTrailerSection(text: string, endOffset: number): void {
    let trailers: Array<[string, string]>;
    try {
      trailers = parseFieldLines(
        text,
        this.sectionSource,
        this.sectionSourceAt,
        this.sectionStart,
        this.limits.maxHeaderCount,
        this.fields,
      );
    } catch (error) {
      this.failWith(error);
      return;
    }
    this.complete(trailers, endOffset);
  }

  private complete(trailers: Array<[string, string]>, endOffset: number): void {
    const keepAlive = this.framing?.keepAlive ?? false;
    this.framing = null;
    this.responseStart = -1;
    this.interimCount = 0;
    this.methodsHead++;
    if (this.methodsHead > 1024 && this.methodsHead * 2 > this.methods.length) {
      this.methods.splice(0, this.methodsHead);
      this.methodsHead = 0;
    }
    this.state = keepAlive ? State.Start : State.Closed;
    this.handler.onComplete(trailers, endOffset, keepAlive);
  }

  // ---- errors ----

  /** Reports a syntax error thrown by the section parsers; anything else is a bug and propagates. */
  private failWith(error: unknown): void {
    if (!(error instanceof HttpParseError)) throw error;
    this.state = State.Failed;
    this.handler.onError(error);
  }

  private failTooLarge(): void {
    const what = this.state === State.Trailers ? 'trailer section' : 'response head';
    const at = this.sectionStart + this.limits.maxHeaderBytes;
    this.fail(
      'header-too-large',
      `${what} starting at byte ${this.sectionStart} is larger than the limit of ${this.limits.maxHeaderBytes} bytes (exceeded at byte ${at}): expected an empty line ending it sooner`,
      at,
    );
  }

  private fail(code: string, message: string, byteOffset: number): void {
    this.state = State.Failed;
    this.sectionParts = [];
    this.handler.onError(new HttpParseError(message, code, byteOffset));
  }
}
