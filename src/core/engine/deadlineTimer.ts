// One timer for many deadlines: the request timeouts of an HTTP/1.1 connection (each request must be
// answered within its `timeoutMs` of being written) and the stream timeouts of an HTTP/2 session (each
// stream within its `timeoutMs` of being opened). A timer per request made 1,000 timers (and as many
// clearTimeout calls) for a 1,000-request pipeline or 1,000 streams; this arms one, for the earliest
// deadline still open, and arms again only for an earlier one (later requests' deadlines are later).
// It is not re-armed when an item is done: when it fires with nothing expired it moves to the earliest
// open deadline, or stays off if none is left. What a timeout means (close the connection, cancel the
// stream) and its wording stay with the caller.
import type { RunClock } from './clock';

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export class DeadlineTimer<T> {
  /** Items being watched, in the order they were watched, with their deadlines (run clock, ms). */
  private readonly deadlines = new Map<T, number>();
  private timer?: NodeJS.Timeout;
  private timerDueMs = Infinity;

  constructor(
    private readonly clock: RunClock,
    /** An item whose deadline passed; it is no longer watched when this is called. */
    private readonly onExpired: (item: T) => void,
  ) {}

  /** Watches `item` until `done`: it expires at `deadlineMs` on the run clock. */
  watch(item: T, deadlineMs: number): void {
    this.deadlines.set(item, deadlineMs);
    if (deadlineMs < this.timerDueMs) this.arm(deadlineMs);
  }

  /** The item was answered (or failed otherwise): it no longer expires. */
  done(item: T): void {
    this.deadlines.delete(item);
  }

  /** The connection or session is over: no timer outlives it. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueMs = Infinity;
    this.deadlines.clear();
  }

  private arm(dueMs: number): void {
    clearTimeout(this.timer);
    this.timerDueMs = dueMs;
    // Node's timers count whole milliseconds from the loop's start: round up, so the deadline has passed.
    // Past Node's longest timer a delay would become 1 ms: wait the longest, then look again.
    const delay = Math.min(Math.max(1, Math.ceil(dueMs - this.clock.now())), LONGEST_TIMER_MS);
    this.timer = setTimeout(() => this.onTimer(), delay);
  }

  /**
   * Every item whose deadline has passed expires, in the order they were watched, as their own timers
   * would all have fired in this pass; the earliest open deadline after them gets the timer (libuv's
   * coarser clock can also fire a timer a little before its deadline: then nothing expires yet).
   */
  private onTimer(): void {
    this.timer = undefined;
    this.timerDueMs = Infinity;
    const now = this.clock.now();
    const expired: T[] = [];
    let next = Infinity;
    for (const [item, deadline] of this.deadlines) {
      if (deadline <= now) expired.push(item);
      else if (deadline < next) next = deadline;
    }
    for (const item of expired) this.deadlines.delete(item);
    if (next !== Infinity) this.arm(next);
    for (const item of expired) this.onExpired(item);
  }
}
