// Keeps a response body in memory up to a limit and counts the rest, so a huge or endless body
// cannot exhaust memory while the user still learns how big it was.

export class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every body byte received. */
  total = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
    // Copy: the parser may hand out views into a socket buffer that gets reused.
    this.chunks.push(Buffer.from(piece));
    this.kept += piece.length;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }
}
