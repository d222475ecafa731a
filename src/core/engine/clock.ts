// Run-relative time. Every timing in a RunResult is "ms since the run started"; a monotonic clock
// keeps them immune to wall-clock jumps, and one shared instance keeps them comparable.
// performance.now() is monotonic like hrtime and returns a plain number: hrtime.bigint() allocated a
// BigInt at each of the several reads per request.
import { performance } from 'node:perf_hooks';

export class RunClock {
  private readonly origin = performance.now();

  /** Milliseconds since the run started, to the microsecond. */
  now(): number {
    return Math.round((performance.now() - this.origin) * 1_000) / 1_000;
  }
}
