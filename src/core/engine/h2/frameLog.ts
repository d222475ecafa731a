// One HTTP/2 connection's frame list for the Wire tab, kept as numbers while the connection runs and
// made into `H2Frame` objects only when someone reads it (most runs never do: the CLI's summary, the
// benchmark). A 1,000-request run logs some 4,000 frames; building their objects, flag-name arrays and
// header lists as they pass cost more than the rest of the tap. Append-only and capped: past `limit`
// frames are counted as dropped, not kept.
import type { H2Frame } from '../types';
import { describePayload, flagNames, frameTypeName } from './frameReader';

/** What a frame may carry besides its header: a control payload, or (HEADERS) its fields. */
interface FrameExtra {
  payload?: Buffer;
  /** The fields, or how to make them: they are only made if the list is read. */
  headers?: () => Array<[string, string]>;
}

const SENT = 1;

export class FrameLog {
  private readonly atMs: number[] = [];
  /** direction << 16 | type << 8 | flags */
  private readonly codes: number[] = [];
  private readonly streamIds: number[] = [];
  private readonly lengths: number[] = [];
  private readonly extras = new Map<number, FrameExtra>();
  /** The frames read so far, extended when read again (the same array every time). */
  private readonly built: H2Frame[] = [];
  dropped = 0;

  constructor(private readonly limit: number) {}

  /** Logs a frame; its index (for `setHeaders`), or -1 when the log is full. */
  add(
    direction: H2Frame['direction'],
    atMs: number,
    type: number,
    flags: number,
    streamId: number,
    length: number,
    payload: Buffer | undefined,
  ): number {
    const index = this.atMs.length;
    if (index >= this.limit) {
      this.dropped += 1;
      return -1;
    }
    this.atMs.push(atMs);
    this.codes.push(((direction === 'sent' ? SENT : 0) << 16) | (type << 8) | flags);
    this.streamIds.push(streamId);
    this.lengths.push(length);
    if (payload) this.extras.set(index, { payload });
    return index;
  }

  /** Gives a HEADERS frame its fields, unless it has them already (the first decoded list wins). */
  setHeaders(index: number, headers: () => Array<[string, string]>): void {
    if (index < 0) return;
    const extra = this.extras.get(index);
    if (extra?.headers) return;
    if (extra) extra.headers = headers;
    else this.extras.set(index, { headers });
    const frame = this.built[index];
    if (frame) frame.headers = headers();
  }

  /** Every frame kept, in order. */
  get frames(): H2Frame[] {
    for (let index = this.built.length; index < this.atMs.length; index++) this.built.push(this.build(index));
    return this.built;
  }

  private build(index: number): H2Frame {
    const code = this.codes[index];
    const type = (code >> 8) & 0xff;
    const frame: H2Frame = {
      direction: code >> 16 === SENT ? 'sent' : 'received',
      atMs: this.atMs[index],
      type: frameTypeName(type),
      streamId: this.streamIds[index],
      flags: flagNames(type, code & 0xff),
      length: this.lengths[index],
    };
    const extra = this.extras.get(index);
    const detail = extra?.payload && describePayload(type, extra.payload);
    if (detail) frame.detail = detail;
    if (extra?.headers) frame.headers = extra.headers();
    return frame;
  }
}
