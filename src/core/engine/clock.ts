// Run-relative time. Every timing in a RunResult is "ms since the run started"; a monotonic clock
// (hrtime) keeps them immune to wall-clock jumps, and one shared instance keeps them comparable.

export class RunClock {
  private readonly origin = process.hrtime.bigint();

  /** Milliseconds since the run started, to the microsecond. */
  now(): number {
    return Math.round(Number(process.hrtime.bigint() - this.origin) / 1_000) / 1_000;
  }
}
