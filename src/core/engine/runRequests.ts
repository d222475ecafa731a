// The engine's entry point: runs a list of requests in one mode and returns one result per request
// and one record per connection. It never rejects and never leaves a socket open: whatever goes
// wrong ends up in some request's outcome.
import { BodyCollector } from './bodyCollector';
import { MemoryBudget } from './memoryBudget';
import { Exchange, type ExchangeSetting } from './exchange';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, RunContext } from './runContext';
import { DEFAULT_MAX_REDIRECTS } from './hops';
import { Scheduler } from './scheduler';
import {
  DEFAULT_LIMITS,
  type RequestResult,
  type RequestSpec,
  type RunOptions,
  type RunResult,
} from './types';
import { messageOf } from '../common/messageOf';

export async function runRequests(specs: RequestSpec[], options: RunOptions): Promise<RunResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const run = new RunContext(
    options.mode,
    limits,
    options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    options.tls,
    options.proxy,
    options.onEvent,
    options.cookieJar,
    options.budgetMemory,
  );
  const budget = new MemoryBudget(limits.memoryBudgetBytes);
  const setting: ExchangeSetting = {
    newBody: () => new BodyCollector(limits.maxBodyBytesInMemory, budget, options.spoolDir),
    clock: run.clock,
    onSettled: (result) => run.emit({ type: 'request-finished', result }),
  };
  const exchanges = specs.map((spec) => new Exchange(spec, spec.timeoutMs ?? requestTimeoutMs, setting));

  const onAbort = (): void =>
    run.cancel({ notSentReason: 'cancelled', errorMessage: 'Cancelled before the response ended.' });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const runTimer =
    options.runTimeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          run.notes.push(`The run timeout of ${options.runTimeoutMs} ms passed; the run was cancelled.`);
          run.cancel({
            notSentReason: `run timeout of ${options.runTimeoutMs} ms reached`,
            errorMessage: `The run timeout of ${options.runTimeoutMs} ms passed before the response ended.`,
          });
        }, options.runTimeoutMs);

  try {
    await new Scheduler(run, exchanges, {
      followRedirects: options.followRedirects ?? true,
      maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    }).runAll();
  } catch (error) {
    // A bug in the engine must still end every request and close every socket.
    const detail = messageOf(error);
    run.notes.push(`Internal engine error: ${detail}`);
    run.cancel({
      notSentReason: `internal engine error: ${detail}`,
      errorMessage: `Internal engine error: ${detail}`,
    });
    for (const exchange of exchanges) exchange.notSent(`internal engine error: ${detail}`);
  } finally {
    clearTimeout(runTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const wallMs = run.clock.now();

  // Keep-alive connections stay open until here; close them and wait, so no socket outlives the run.
  for (const connection of run.connections) connection.destroy('run finished');
  await Promise.all(run.connections.map((connection) => connection.whenClosed));

  return {
    mode: options.mode,
    wallMs,
    connectionsOpened: run.connectionsOpened,
    // Every exchange has settled by now (the scheduler awaited them, or the catch above settled them).
    requests: exchanges.map((exchange) => exchange.result as RequestResult),
    connections: run.connections.map((connection) => connection.record),
    notes: run.notes,
    cancelled: run.cancelled,
  };
}
