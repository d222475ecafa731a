// Reads HTTP/2 frame headers (RFC 9113 §4.1) out of one direction of a connection's bytes, in
// whatever pieces they arrive, so the Wire tab can list the frames and the timings can see a
// stream's first and last frame. Payloads are skipped, except those of the small control frames
// whose content is worth a word (SETTINGS, RST_STREAM, GOAWAY, WINDOW_UPDATE); nothing is stored.
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
const DATA = 0;
const HEADERS = 1;
const RST_STREAM = 3;
const SETTINGS = 4;
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

export interface FrameHeader {
  type: number;
  typeName: string;
  flags: number;
  flagNames: string[];
  streamId: number;
  length: number;
  /** Control frames: the payload in words. */
  detail?: string;
  /** RST_STREAM and GOAWAY: the error code. */
  errorCode?: number;
}

export class FrameReader {
  private readonly header = Buffer.alloc(FRAME_HEADER_LENGTH);
  private headerFilled = 0;
  private current?: FrameHeader;
  private payloadLeft = 0;
  private payload?: Buffer;
  private payloadFilled = 0;

  constructor(
    private readonly onFrame: (frame: FrameHeader) => void,
    /** Bytes to pass over before the first frame (the client preface, on the sending side). */
    private skip = 0,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    if (this.skip > 0) {
      at = Math.min(this.skip, chunk.length);
      this.skip -= at;
    }
    while (at < chunk.length) {
      if (!this.current) {
        const take = Math.min(FRAME_HEADER_LENGTH - this.headerFilled, chunk.length - at);
        chunk.copy(this.header, this.headerFilled, at, at + take);
        this.headerFilled += take;
        at += take;
        if (this.headerFilled === FRAME_HEADER_LENGTH) this.beginFrame();
        continue;
      }
      const take = Math.min(this.payloadLeft, chunk.length - at);
      if (this.payload) chunk.copy(this.payload, this.payloadFilled, at, at + take);
      this.payloadFilled += take;
      this.payloadLeft -= take;
      at += take;
      if (this.payloadLeft === 0) this.endFrame();
    }
  }

  private beginFrame(): void {
    const h = this.header;
    const length = h.readUIntBE(0, 3);
    const type = h[3];
    const flags = h[4];
    this.headerFilled = 0;
    this.current = {
      type,
      typeName: TYPE_NAMES[type] ?? `0x${type.toString(16).padStart(2, '0')}`,
      flags,
      flagNames: flagNames(type, flags),
      streamId: h.readUInt32BE(5) & 0x7fffffff,
      length,
    };
    this.payloadLeft = length;
    this.payloadFilled = 0;
    const detailed = type === SETTINGS || type === RST_STREAM || type === GOAWAY || type === WINDOW_UPDATE;
    this.payload = detailed && length <= MAX_DETAIL_PAYLOAD ? Buffer.alloc(length) : undefined;
    if (length === 0) this.endFrame();
  }

  private endFrame(): void {
    const frame = this.current!;
    if (this.payload) {
      const detail = describePayload(frame.type, this.payload);
      if (detail) frame.detail = detail;
      if (frame.type === RST_STREAM && this.payload.length >= 4)
        frame.errorCode = this.payload.readUInt32BE(0);
      if (frame.type === GOAWAY && this.payload.length >= 8) frame.errorCode = this.payload.readUInt32BE(4);
    }
    this.current = undefined;
    this.payload = undefined;
    this.onFrame(frame);
  }
}

function flagNames(type: number, flags: number): string[] {
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

function describePayload(type: number, payload: Buffer): string | undefined {
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
