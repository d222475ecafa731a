// Keeps a response body in memory up to a limit and counts the rest, so a huge or endless body
// cannot exhaust memory while the user still learns how big it was. Two limits apply: the per-body
// one and the run's memory budget, shared by all bodies of the run. With a spool directory, a body
// that passes either is written in full to a temp file there, and the in-memory part stays as a
// bounded preview.
//
// Each byte is kept once. A body of known length (Content-Length) is copied into one buffer of its
// size as it arrives, which is then the body; only bodies of unknown length (chunked, or ended by
// the connection closing) are kept as copied pieces and joined once at the end, the pieces dropped.
// Copied because the parser hands out views into socket reads, which hold other responses' bytes.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryBudget } from './memoryBudget';

export class BodyCollector {
  /** Known length: the body's one buffer, `kept` bytes filled; allocated with the first byte. */
  private whole?: Buffer;
  /** Unknown length: copied pieces, `kept` bytes in all; made with the first (most bodies have a length). */
  private pieces?: Buffer[];
  private kept = 0;
  /** Budget this body holds: `whole`'s size, or the pieces' bytes. */
  private reserved = 0;
  private expected?: number;
  /** Every body byte received. */
  total = 0;
  /** Path of the spool file while it is being written and after finish(). */
  private spoolPath?: string;
  private spoolFd?: number;
  /** Why spooling failed (`ENOSPC`, `ENOENT`, ...); the body is then incomplete. */
  spoolError?: string;

  constructor(
    private readonly limit: number,
    private readonly budget: MemoryBudget,
    private readonly spoolDir?: string,
  ) {}

  /** The head said how long the body is (Content-Length without Transfer-Encoding). */
  expect(length: number): void {
    if (this.total === 0) this.expected = length;
  }

  add(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.roomFor(chunk.length);
    // Before keeping this chunk's piece: when spooling starts, the kept bytes are all earlier ones.
    if (
      (room < chunk.length || this.spoolFd !== undefined) &&
      this.spoolDir !== undefined &&
      !this.spoolError
    )
      this.spool(chunk);
    if (room <= 0) return;
    const piece = room < chunk.length ? chunk.subarray(0, room) : chunk;
    if (this.whole) piece.copy(this.whole, this.kept);
    else (this.pieces ??= []).push(Buffer.from(piece));
    this.kept += piece.length;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  toBuffer(): Buffer {
    if (this.whole) return this.kept === this.whole.length ? this.whole : this.whole.subarray(0, this.kept);
    if (this.pieces?.length !== 1) this.pieces = [Buffer.concat(this.pieces ?? [], this.kept)];
    return this.pieces[0];
  }

  /** Closes the spool file and returns its path, when the body was spooled in full. */
  finish(): string | undefined {
    try {
      this.closeSpool();
    } catch (error) {
      this.fail(error);
    }
    // A body shorter than announced (the connection closed early) leaves budget unused.
    if (this.whole && this.kept < this.whole.length) {
      this.budget.give(this.whole.length - this.kept);
      this.reserved = this.kept;
    }
    return this.spoolError === undefined ? this.spoolPath : undefined;
  }

  /** The body will not be part of any result: its memory goes back to the budget and its spool file away. */
  discard(): void {
    this.budget.give(this.reserved);
    this.reserved = 0;
    this.whole = undefined;
    this.pieces = undefined;
    this.removeSpoolFile();
  }

  private removeSpoolFile(): void {
    try {
      this.closeSpool();
      if (this.spoolPath) rmSync(this.spoolPath, { force: true });
    } catch {
      // Runs inside socket callbacks: a leftover temp file is better than a crashed run.
    }
    this.spoolPath = undefined;
  }

  /** How much of the `bytes` just counted may be kept in memory; takes it from the budget. */
  private roomFor(bytes: number): number {
    // Bytes before these were dropped: keeping later ones would leave a hole in the body.
    if (this.total - bytes > this.kept) return 0;
    if (this.whole) return Math.min(bytes, this.whole.length - this.kept);
    if (this.expected !== undefined) {
      // The first bytes of a body of known length: its buffer, reserved whole, once.
      this.reserved = this.budget.take(Math.min(this.expected, this.limit));
      if (this.reserved === 0) return 0;
      this.whole = Buffer.allocUnsafe(this.reserved);
      return Math.min(bytes, this.reserved);
    }
    const granted = this.budget.take(Math.min(bytes, this.limit - this.kept));
    this.reserved += granted;
    return granted;
  }

  /**
   * Synchronous writes: the file holds every byte before the response is reported, and memory stays
   * flat, because reading the socket waits for the disk instead of a write queue growing behind it.
   */
  private spool(chunk: Buffer): void {
    try {
      if (this.spoolFd === undefined) {
        this.spoolPath = join(this.spoolDir!, `httpipe-body-${randomUUID()}`);
        // 'wx': never write into a file that already exists.
        this.spoolFd = openSync(this.spoolPath, 'wx', 0o600);
        writeFully(this.spoolFd, this.toBuffer());
      }
      writeFully(this.spoolFd, chunk);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.spoolError = (error as NodeJS.ErrnoException).code ?? String(error);
    this.removeSpoolFile();
  }

  private closeSpool(): void {
    if (this.spoolFd === undefined) return;
    const fd = this.spoolFd;
    this.spoolFd = undefined;
    closeSync(fd);
  }
}

function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}
