// State shared by everything in one run: the clock, the settings, the connections opened so far,
// the notes, and cancellation. Cancellation is one-shot and fans out to whoever subscribed.
import type { RunMode } from '../common/runModes';
import { RunClock } from './clock';
import type { ConnectionRecord } from './types';
import { RunCookies } from './runCookies';
import type { BudgetMemoryPort, EngineLimits, ProxyOptions, RunEvent, RunOptions, TlsOptions } from './types';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** An HTTP/1.1 Connection or an HTTP/2 H2Session: what the run closes and waits for at its end. */
export interface RunConnection {
  readonly record: ConnectionRecord;
  readonly whenClosed: Promise<void>;
  destroy(reason: string): void;
}

export interface Cancellation {
  /** Becomes the notSentReason of requests never written. */
  notSentReason: string;
  /** Becomes the error message of requests cut off mid-exchange. */
  errorMessage: string;
}

export class RunContext {
  readonly clock = new RunClock();
  readonly connections: RunConnection[] = [];
  readonly notes: string[] = [];
  readonly cookies: RunCookies;
  connectionsOpened = 0;
  cancellation?: Cancellation;
  /** Settles when the run is cancelled, so waits can race it instead of hanging. */
  readonly whenCancelled: Promise<void>;
  private readonly cancelHandlers: Array<() => void> = [];
  private resolveCancelled!: () => void;
  private nextConnectionId = 1;

  constructor(
    readonly mode: RunMode,
    readonly limits: EngineLimits,
    readonly connectTimeoutMs: number,
    readonly tls: TlsOptions | undefined,
    readonly proxy: ProxyOptions | undefined,
    private readonly onEvent: RunOptions['onEvent'],
    cookieJar: RunOptions['cookieJar'],
    /** The session's memory of connection budgets, when the caller keeps one. */
    readonly budgetMemory?: BudgetMemoryPort,
  ) {
    this.cookies = new RunCookies(cookieJar, this.notes);
    this.whenCancelled = new Promise((resolve) => {
      this.resolveCancelled = resolve;
    });
  }

  get cancelled(): boolean {
    return this.cancellation !== undefined;
  }

  connectionId(): number {
    return this.nextConnectionId++;
  }

  emit(event: RunEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // A UI's progress hook must not be able to break the run (the contract says it must not throw).
    }
  }

  onCancel(handler: () => void): void {
    this.cancelHandlers.push(handler);
  }

  cancel(cancellation: Cancellation): void {
    if (this.cancellation) return;
    this.cancellation = cancellation;
    for (const handler of this.cancelHandlers) handler();
    for (const connection of this.connections) connection.destroy(cancellation.notSentReason);
    this.resolveCancelled();
  }
}
