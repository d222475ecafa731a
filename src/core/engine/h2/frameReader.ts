// Reads HTTP/2 frame headers (RFC 9113 §4.1) out of one direction of a connection's bytes, in
// whatever pieces they arrive, so the Wire tab can list the frames and the timings can see a
// stream's first and last frame. It runs on every chunk of the connection, so it allocates nothing
// per frame: a frame reaches its sink as numbers. Payloads are skipped, except those of the small
// control frames whose content is worth a word (SETTINGS, RST_STREAM, GOAWAY, WINDOW_UPDATE), which
// are copied for `describePayload`; names and words are only made when the frame list is read.
import { errorCodeName } from './errorCodes';

/** The client connection preface (RFC 9113 §3.4) that comes before the first frame we send. */
export const CLIENT_PREFACE_LENGTH = 24;

const FRAME_HEADER_LENGTH = 9;
/** Larger control payloads are not read: a GOAWAY's debug data is the only one that can be big. */
const MAX_DETAIL_PAYLOAD = 1024;

const TYPE_NAMES = [
  'DATA',
  'HEADERS',
  'PRIORITY',
  'RST_STREAM',
  'SETTINGS',
  'PUSH_PROMISE',
  'PING',
  'GOAWAY',
  'WINDOW_UPDATE',
  'CONTINUATION',
];
export const DATA = 0;
export const HEADERS = 1;
export const RST_STREAM = 3;
export const SETTINGS = 4;
const PUSH_PROMISE = 5;
const PING = 6;
const GOAWAY = 7;
const WINDOW_UPDATE = 8;
const CONTINUATION = 9;

/** SETTINGS parameters by identifier (RFC 9113 §6.5.2, RFC 8441). */
const SETTING_NAMES: Record<number, string> = {
  1: 'HEADER_TABLE_SIZE',
  2: 'ENABLE_PUSH',
  3: 'MAX_CONCURRENT_STREAMS',
  4: 'INITIAL_WINDOW_SIZE',
  5: 'MAX_FRAME_SIZE',
  6: 'MAX_HEADER_LIST_SIZE',
  8: 'ENABLE_CONNECT_PROTOCOL',
};

export const END_STREAM = 0x1;

/**
 * One frame header, as read. `payload` is a copy of the payload of a SETTINGS, RST_STREAM, GOAWAY or
 * WINDOW_UPDATE frame of at most 1 KiB; undefined for every other frame. `atMs` is what the reader's
 * caller passed with the chunk the frame ended in.
 */
export type FrameSink = (
  type: number,
  flags: number,
  streamId: number,
  length: number,
  payload: Buffer | undefined,
  atMs: number,
) => void;

export class FrameReader {
  /** A frame header split across chunks is gathered here; a whole one is read in place. */
  private readonly header = Buffer.alloc(FRAME_HEADER_LENGTH);
  private headerFilled = 0;
  // The frame whose payload is being passed over.
  private type = 0;
  private flags = 0;
  private streamId = 0;
  private length = 0;
  private payloadLeft = 0;
  private payload?: Buffer;
  private payloadFilled = 0;

  constructor(
    private readonly onFrame: FrameSink,
    /** Bytes to pass over before the first frame (the client preface, on the sending side). */
    private skip = 0,
  ) {}

  push(chunk: Buffer, atMs: number): void {
    const end = chunk.length;
    let at = 0;
    if (this.skip > 0) {
      at = Math.min(this.skip, end);
      this.skip -= at;
    }
    while (at < end) {
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, end - at);
        if (this.payload) chunk.copy(this.payload, this.payloadFilled, at, at + take);
        this.payloadFilled += take;
        this.payloadLeft -= take;
        at += take;
        if (this.payloadLeft === 0) this.endFrame(atMs);
      } else if (this.headerFilled === 0 && end - at >= FRAME_HEADER_LENGTH) {
        this.beginFrame(chunk, at, atMs);
        at += FRAME_HEADER_LENGTH;
      } else {
        const take = Math.min(FRAME_HEADER_LENGTH - this.headerFilled, end - at);
        chunk.copy(this.header, this.headerFilled, at, at + take);
        this.headerFilled += take;
        at += take;
        if (this.headerFilled === FRAME_HEADER_LENGTH) {
          this.headerFilled = 0;
          this.beginFrame(this.header, 0, atMs);
        }
      }
    }
  }

  private beginFrame(bytes: Buffer, at: number, atMs: number): void {
    const length = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
    const type = bytes[at + 3];
    this.type = type;
    this.flags = bytes[at + 4];
    this.streamId = bytes.readUInt32BE(at + 5) & 0x7fffffff;
    this.length = length;
    this.payloadLeft = length;
    this.payloadFilled = 0;
    const detailed = type === SETTINGS || type === RST_STREAM || type === GOAWAY || type === WINDOW_UPDATE;
    this.payload = detailed && length <= MAX_DETAIL_PAYLOAD ? Buffer.alloc(length) : undefined;
    if (length === 0) this.endFrame(atMs);
  }

  private endFrame(atMs: number): void {
    const payload = this.payload;
    this.payload = undefined;
    this.onFrame(this.type, this.flags, this.streamId, this.length, payload, atMs);
  }
}

/** `HEADERS`, `DATA`, …; `0x2a` for a type RFC 9113 does not name. */
export function frameTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `0x${type.toString(16).padStart(2, '0')}`;
}

/** RST_STREAM and GOAWAY: the error code their payload carries. */
export function frameErrorCode(type: number, payload: Buffer | undefined): number | undefined {
  if (!payload) return undefined;
  if (type === RST_STREAM && payload.length >= 4) return payload.readUInt32BE(0);
  if (type === GOAWAY && payload.length >= 8) return payload.readUInt32BE(4);
  return undefined;
}

export function flagNames(type: number, flags: number): string[] {
  const names: string[] = [];
  const has = (bit: number): boolean => (flags & bit) !== 0;
  if (type === SETTINGS || type === PING) {
    if (has(0x1)) names.push('ACK');
    return names;
  }
  if ((type === DATA || type === HEADERS) && has(END_STREAM)) names.push('END_STREAM');
  if ((type === HEADERS || type === PUSH_PROMISE || type === CONTINUATION) && has(0x4))
    names.push('END_HEADERS');
  if ((type === DATA || type === HEADERS || type === PUSH_PROMISE) && has(0x8)) names.push('PADDED');
  if (type === HEADERS && has(0x20)) names.push('PRIORITY');
  return names;
}

/** A control frame's payload in words (`MAX_CONCURRENT_STREAMS=100`, `REFUSED_STREAM`, `+65535`). */
export function describePayload(type: number, payload: Buffer): string | undefined {
  if (type === SETTINGS) {
    const parts: string[] = [];
    for (let at = 0; at + 6 <= payload.length; at += 6) {
      const id = payload.readUInt16BE(at);
      parts.push(`${SETTING_NAMES[id] ?? `0x${id.toString(16)}`}=${payload.readUInt32BE(at + 2)}`);
    }
    return parts.join(' ') || undefined;
  }
  if (type === RST_STREAM && payload.length >= 4) return errorCodeName(payload.readUInt32BE(0));
  if (type === WINDOW_UPDATE && payload.length >= 4) return `+${payload.readUInt32BE(0) & 0x7fffffff}`;
  if (type === GOAWAY && payload.length >= 8) {
    const last = payload.readUInt32BE(0) & 0x7fffffff;
    const debug = payload
      .subarray(8)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
    return `${errorCodeName(payload.readUInt32BE(4))}, last stream ${last}${debug ? `: ${debug}` : ''}`;
  }
  return undefined;
}
