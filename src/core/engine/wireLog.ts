// One direction of a connection's bytes, kept for the raw wire view. Offsets always count every byte
// so exchanges can point into the stream; storage stops at the limit so a huge download cannot
// exhaust memory.

export class WireLog {
  private readonly chunks: Buffer[] = [];
  private stored = 0;
  /** Every byte that passed, stored or not. */
  total = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  /** Logs a chunk and returns its [start, end) offsets in the stream. */
  append(chunk: Buffer): [number, number] {
    const start = this.total;
    this.total += chunk.length;
    const room = this.limit - this.stored;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.stored += chunk.length;
    } else {
      if (room > 0) {
        this.chunks.push(chunk.subarray(0, room));
        this.stored += room;
      }
      this.truncated = true;
    }
    return [start, this.total];
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.stored);
  }
}
