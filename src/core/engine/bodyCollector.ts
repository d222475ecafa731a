// Keeps a response body in memory up to a limit and counts the rest, so a huge or endless body
// cannot exhaust memory while the user still learns how big it was. With a spool directory, a body
// that passes the limit is written in full to a temp file there, and the in-memory part stays as a
// bounded preview.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every body byte received. */
  total = 0;
  /** Path of the spool file while it is being written and after finish(). */
  private spoolPath?: string;
  private spoolFd?: number;
  /** Why spooling failed (`ENOSPC`, `ENOENT`, ...); the body is then incomplete. */
  spoolError?: string;

  constructor(
    private readonly limit: number,
    private readonly spoolDir?: string,
  ) {}

  add(chunk: Buffer): void {
    this.total += chunk.length;
    // Before keeping this chunk's piece: when spooling starts, the kept chunks are all earlier bytes.
    if (this.total > this.limit && this.spoolDir !== undefined && this.spoolError === undefined)
      this.spool(chunk);
    const room = this.limit - this.kept;
    if (room > 0) {
      const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
      // Copy: the parser may hand out views into a socket buffer that gets reused.
      this.chunks.push(Buffer.from(piece));
      this.kept += piece.length;
    }
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }

  /** Closes the spool file and returns its path, when the body was spooled in full. */
  finish(): string | undefined {
    try {
      this.closeSpool();
    } catch (error) {
      this.fail(error);
    }
    return this.spoolError === undefined ? this.spoolPath : undefined;
  }

  /** The body will not be part of any result: its spool file goes away (best effort, never throws). */
  discard(): void {
    try {
      this.closeSpool();
      if (this.spoolPath) rmSync(this.spoolPath, { force: true });
    } catch {
      // Runs inside socket callbacks: a leftover temp file is better than a crashed run.
    }
    this.spoolPath = undefined;
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
        for (const earlier of this.chunks) writeFully(this.spoolFd, earlier);
      }
      writeFully(this.spoolFd, chunk);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.spoolError = (error as NodeJS.ErrnoException).code ?? String(error);
    this.discard();
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
