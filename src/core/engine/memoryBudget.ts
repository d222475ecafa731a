// The run-wide memory budget for response bodies: every body of a run draws the bytes it keeps in
// memory from one budget, so a thousand 1 MiB responses cannot add up to a gigabyte. Past the budget
// a body goes to the spool directory when there is one (the extension) and is otherwise counted but
// not kept (the CLI, unless asked for more).

export class MemoryBudget {
  constructor(private remaining: number) {}

  /** Up to `bytes` of what is left; the caller keeps what it was granted until it gives it back. */
  take(bytes: number): number {
    const granted = Math.max(0, Math.min(bytes, this.remaining));
    this.remaining -= granted;
    return granted;
  }

  /** Bytes no longer kept (a discarded body, a reservation not filled). */
  give(bytes: number): void {
    this.remaining += bytes;
  }
}
