// Runs a probe's plan through the engine, step by step, and collects what each step observed. Only
// GET or HEAD to the one URL the user chose is ever written (redirects are not followed: a 3xx is an
// answer like any other). A 429 or 503 stops the probe; so do the user's cancel and a server that
// cannot be reached. What the observations mean is decided by the pure verdict modules.
import { runRequests } from '../engine/runRequests';
import type { RunMode } from '../common/runModes';
import type { RequestResult, RequestSpec, RunEvent, RunOptions, RunResult } from '../engine/types';
import { BUDGET_SERIES_MAX_MS } from './probePlan';
import { rateLimitOf } from './rateLimit';
import { probeTls } from './tlsProbe';
import type { ProbeObservations, ProbeOptions, ProbePlan, ProbeStepId, ProbeStop } from './types';

/** The budget series ends once this many connections have closed: the budget is then seen twice. */
const CLOSES_TO_CONFIRM_BUDGET = 2;

export interface ProbeHooks {
  signal?: AbortSignal;
  /** A step is starting; `requests` is how many it may send at most. */
  onStep?(step: ProbeStepId, requests: number): void;
}

/** Watches a step's events; `stop()` ends the step early (its unsent requests become not-sent). */
type StepWatch = (event: RunEvent, stop: () => void) => void;

export async function runProbe(
  plan: ProbePlan,
  options: ProbeOptions,
  hooks: ProbeHooks = {},
): Promise<ProbeObservations> {
  const url = new URL(plan.url);
  const started = performance.now();
  const observed: ProbeObservations = { plan, requestsSent: 0, durationMs: 0 };
  const probe = new StepRunner(options, observed, hooks);
  const requestsOf = (id: ProbeStepId): number => plan.steps.find((step) => step.id === id)?.requests ?? 0;

  observed.budget = await probe.run(
    'budget',
    'keepalive',
    specsFor(url, options.method, requestsOf('budget')),
    budgetWatch(),
  );
  // Without a reused connection there is no idle connection to time and nothing to pipeline on.
  const keptAlive = observed.budget.requests.some((r) => r.outcome === 'response' && r.reused);
  if (!observed.stop && keptAlive) observed.idle = await runIdleStep(url, options, probe, hooks.signal);
  if (!observed.stop && keptAlive)
    observed.pipelined = await probe.run(
      'pipelined',
      'pipelined',
      specsFor(url, options.method, requestsOf('pipelined')),
    );
  // The engine's h2 mode answers the question: ALPN (https) or the preface (http), HTTP/1.1 if refused.
  // It does not go through a proxy, so neither does this step.
  if (!observed.stop && !options.proxy)
    observed.http2 = await probe.run('http2', 'h2', specsFor(url, options.method, requestsOf('http2')));
  if (!observed.stop && url.protocol === 'https:' && !options.proxy && !hooks.signal?.aborted) {
    hooks.onStep?.('tls', 0);
    observed.tls = await probeTls(url, options.tls, hooks.signal);
  }
  observed.durationMs = performance.now() - started;
  return observed;
}

/** Stops the budget series once the budget was seen twice, or after BUDGET_SERIES_MAX_MS. */
function budgetWatch(): StepWatch {
  const began = performance.now();
  let closes = 0;
  return (event, stop) => {
    if (event.type === 'connection-closed') closes += 1;
    if (closes >= CLOSES_TO_CONFIRM_BUDGET || performance.now() - began > BUDGET_SERIES_MAX_MS) stop();
  };
}

class StepRunner {
  constructor(
    private readonly options: ProbeOptions,
    private readonly observed: ProbeObservations,
    private readonly hooks: ProbeHooks,
  ) {}

  async run(id: ProbeStepId, mode: RunMode, specs: RequestSpec[], watch?: StepWatch): Promise<RunResult> {
    this.hooks.onStep?.(id, specs.length);
    const step = new AbortController();
    const onUserAbort = (): void => {
      this.observed.stop ??= { kind: 'cancelled', step: id };
      step.abort();
    };
    this.hooks.signal?.addEventListener('abort', onUserAbort, { once: true });
    if (this.hooks.signal?.aborted) onUserAbort();
    const stop = (): void => step.abort();
    const options: RunOptions = {
      mode,
      signal: step.signal,
      requestTimeoutMs: this.options.requestTimeoutMs,
      tls: this.options.tls,
      proxy: this.options.proxy,
      followRedirects: false,
      onEvent: (event) => {
        if (event.type === 'request-finished') {
          const halt = haltFor(event.result, id);
          if (halt) {
            this.observed.stop ??= halt;
            stop();
          }
        }
        if (!step.signal.aborted) watch?.(event, stop);
      },
    };
    try {
      const result = await runRequests(specs, options);
      this.observed.requestsSent += writtenRequests(result);
      return result;
    } finally {
      this.hooks.signal?.removeEventListener('abort', onUserAbort);
    }
  }
}

/**
 * One request, then the second one's preparation waits until the server closes the first one's
 * connection or the idle wait is over, whichever comes first. The close time is in the record.
 */
async function runIdleStep(
  url: URL,
  options: ProbeOptions,
  probe: StepRunner,
  signal: AbortSignal | undefined,
): Promise<ProbeObservations['idle']> {
  const closedIds = new Set<number>();
  let onClose: ((connectionId: number) => void) | undefined;
  let waitedMs = 0;
  let closedWhileWaiting = false;
  const [first, second] = specsFor(url, options.method, 2);
  const waitForClose = (connectionId: number): Promise<boolean> =>
    new Promise((resolve) => {
      const done = (closed: boolean): void => {
        clearTimeout(timer);
        resolve(closed);
      };
      const timer = setTimeout(() => done(false), options.idleWaitMs);
      onClose = (id) => id === connectionId && done(true);
      // A cancel ends the wait at once, not after the idle wait.
      signal?.addEventListener('abort', () => done(false), { once: true });
    });
  const waiting: RequestSpec = {
    ...second,
    dependsOn: [first.index],
    prepare: async (results) => {
      const connectionId = results[0]?.connectionId;
      if (connectionId !== undefined && !closedIds.has(connectionId)) {
        const began = performance.now();
        closedWhileWaiting = await waitForClose(connectionId);
        waitedMs = performance.now() - began;
      }
      return second.prepare(results);
    },
  };
  const run = await probe.run('idle', 'keepalive', [first, waiting], (event, _stop) => {
    if (event.type !== 'connection-closed') return;
    closedIds.add(event.connectionId);
    onClose?.(event.connectionId);
  });
  return { run, waitedMs, closedWhileWaiting };
}

/** The same request `count` times: GET or HEAD to the URL, with a User-Agent that names the probe. */
export function specsFor(url: URL, method: string, count: number): RequestSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    name: `${method} ${url.pathname}${url.search}`,
    method,
    displayUrl: url.href,
    dependsOn: [],
    noPipeline: false,
    prepare: () => ({ method, url, headers: [['User-Agent', 'httpipe-probe']] }),
  }));
}

/** Why the probe must stop after this result, if it must. */
function haltFor(result: RequestResult, step: ProbeStepId): ProbeStop | undefined {
  const limit = rateLimitOf(result);
  if (limit) return { kind: 'rate-limited', step, ...limit };
  if (result.outcome === 'error' && (result.error.phase === 'connect' || result.error.phase === 'tls'))
    return { kind: 'unreachable', step, message: result.error.message };
  return undefined;
}

/** Requests that went on the wire: each sent one, and once more for each re-send. */
function writtenRequests(run: RunResult): number {
  return run.requests.reduce(
    (sum, r) => sum + (r.timings.sentMs === undefined ? 0 : 1) + (r.retried ? 1 : 0),
    0,
  );
}
