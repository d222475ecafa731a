// The request timeouts of one HTTP/1.1 connection, on one timer instead of one per request. Each
// request written on it must be answered completely within its own `timeoutMs` of being written (in a
// pipeline that includes waiting for the earlier responses), as with a timer per request: a request's
// deadline is its write time plus its timeout, and the timer is armed for the earliest deadline still
// open. A 1,000-request pipeline so made 1,000 timers (and as many clearTimeout calls); now it arms one,
// since later requests' deadlines are later. The timer is not re-armed when a response ends: when it
// fires with nothing expired it moves to the earliest open deadline.
import type { RunClock } from './clock';
import type { Exchange } from './exchange';

/** setTimeout's largest delay (2^31 - 1 ms, about 24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export class RequestTimeouts {
  /** Written and not answered, in write order from `head` on, with their deadlines (run clock, ms). */
  private readonly exchanges: Exchange[] = [];
  private readonly deadlines: number[] = [];
  private head = 0;
  private timer?: NodeJS.Timeout;
  private timerDueMs = Infinity;

  constructor(
    private readonly clock: RunClock,
    /** An exchange whose deadline passed; the caller closes the connection, which clear()s these. */
    private readonly onTimeout: (exchange: Exchange) => void,
  ) {}

  /** The exchange was just written: its clock starts now. */
  start(exchange: Exchange): void {
    const deadline = this.clock.now() + exchange.timeoutMs;
    this.exchanges.push(exchange);
    this.deadlines.push(deadline);
    if (deadline < this.timerDueMs) this.arm(deadline);
  }

  /** The exchange's response ended (or failed): it no longer times out. Responses end in write order. */
  answered(exchange: Exchange): void {
    let at = this.head;
    if (this.exchanges[at] !== exchange) {
      at = this.exchanges.indexOf(exchange, this.head);
      if (at < 0) return;
      this.deadlines[at] = Infinity;
      return;
    }
    this.head += 1;
    if (this.head === this.exchanges.length) this.forget();
  }

  /** The connection is over: no timer outlives it. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueMs = Infinity;
    this.forget();
  }

  private forget(): void {
    this.exchanges.length = 0;
    this.deadlines.length = 0;
    this.head = 0;
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
   * Every request whose deadline has passed times out, in write order, as their own timers would all
   * have fired in this pass; the earliest open deadline after them gets the timer.
   */
  private onTimer(): void {
    this.timer = undefined;
    this.timerDueMs = Infinity;
    const now = this.clock.now();
    const expired: Exchange[] = [];
    let next = Infinity;
    for (let i = this.head; i < this.deadlines.length; i++) {
      if (this.deadlines[i] <= now) expired.push(this.exchanges[i]);
      else if (this.deadlines[i] < next) next = this.deadlines[i];
    }
    if (next !== Infinity) this.arm(next);
    for (const exchange of expired) this.onTimeout(exchange);
  }
}
