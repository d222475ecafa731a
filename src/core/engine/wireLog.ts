// One direction of a connection's bytes, kept for the raw wire view. Offsets always count every byte
// so exchanges can point into the stream; storage stops at the limit so a huge download cannot
// exhaust memory. A log of bytes read into a reused buffer copies what it keeps.

export class WireLog {
  private readonly chunks: Buffer[] = [];
  private stored = 0;
  /** Every byte that passed, stored or not. */
  total = 0;
  truncated = false;

  constructor(
    private readonly limit: number,
    /** The chunks appended are views of a buffer that will be overwritten: keep copies. */
    private readonly copies = false,
  ) {}

  /** Logs a chunk and returns its [start, end) offsets in the stream. */
  append(chunk: Buffer): [number, number] {
    const start = this.total;
    this.total += chunk.length;
    const room = this.limit - this.stored;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(room, 0));
    if (kept.length > 0) {
      this.chunks.push(this.copies ? Buffer.from(kept) : kept);
      this.stored += kept.length;
    }
    if (kept.length < chunk.length) this.truncated = true;
    return [start, this.total];
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.stored);
  }
}
