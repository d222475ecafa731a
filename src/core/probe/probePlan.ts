// The plan of a probe, computed before anything is sent so the user sees exactly what will go out:
// how many requests, which method, in which steps. The budget series gets what the other steps leave
// of the total cap, so the total never passes ProbeOptions.maxRequests.
import { DEFAULT_PROBE_OPTIONS, type ProbeOptions, type ProbePlan, type ProbeStep } from './types';

/** The budget series ends after this long even without a close, so a slow URL keeps the probe short. */
export const BUDGET_SERIES_MAX_MS = 20_000;

/** The idle step: one request, the wait, one more. */
export const IDLE_STEP_REQUESTS = 2;

/** The HTTP/2 step: one request in h2 mode (over HTTP/1.1 when the server has no HTTP/2). */
export const HTTP2_STEP_REQUESTS = 1;

/**
 * Writes kept back from the budget series for re-sends: the engine re-sends a request once when a
 * closing connection left it unanswered (each pipelined copy; one per close the budget and idle steps
 * see) or an HTTP/2 server refused its stream (the HTTP/2 step's request).
 */
export function resendReserve(pipelineDepth: number): number {
  return pipelineDepth + 3 + HTTP2_STEP_REQUESTS;
}

/** Requests of the steps other than the budget series, with the re-send reserve. */
function fixedRequests(pipelineDepth: number): number {
  return IDLE_STEP_REQUESTS + pipelineDepth + HTTP2_STEP_REQUESTS + resendReserve(pipelineDepth);
}

/** The fewest requests a probe with this pipeline depth can plan: 2 for keep-alive plus the fixed steps. */
export function minimumRequests(pipelineDepth: number): number {
  return fixedRequests(pipelineDepth) + 2;
}

/** With the default depth: the least `httpipe.probe.maxRequests` may be. */
export const MIN_PROBE_REQUESTS = minimumRequests(DEFAULT_PROBE_OPTIONS.pipelineDepth);

/** Raised for options that leave no room for a probe (the CLI turns it into a usage error). */
export class ProbeOptionsError extends Error {}

export function planProbe(url: URL, options: ProbeOptions): ProbePlan {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ProbeOptionsError(`the probe needs an http: or https: URL, got "${url.href}"`);
  // The probe sends no credentials, and a URL that carries some would put them in its report and logs.
  if (url.username || url.password)
    throw new ProbeOptionsError('the probe sends no credentials: remove user:password@ from the URL');
  if (options.pipelineDepth < 2) throw new ProbeOptionsError('the pipeline depth must be at least 2');
  const reserve = resendReserve(options.pipelineDepth);
  const fixed = fixedRequests(options.pipelineDepth);
  if (options.maxRequests < minimumRequests(options.pipelineDepth))
    throw new ProbeOptionsError(
      `a probe needs at least ${fixed + 2} requests (${options.pipelineDepth} pipelined, ` +
        `${IDLE_STEP_REQUESTS} for the idle wait, ${HTTP2_STEP_REQUESTS} over HTTP/2, 2 for keep-alive, ` +
        `${reserve} for re-sends); ` +
        `the cap is ${options.maxRequests}`,
    );
  const budget = Math.max(2, Math.min(options.maxPerConnection ?? Infinity, options.maxRequests - fixed));
  const m = options.method;
  const idleSeconds = trimNumber(options.idleWaitMs / 1000);
  const steps: ProbeStep[] = [
    {
      id: 'budget',
      requests: budget,
      how: 'keepalive',
      description: `up to ${budget} ${m} one after another on kept-alive connections (keep-alive, requests per connection)`,
    },
    {
      id: 'idle',
      requests: IDLE_STEP_REQUESTS,
      how: 'keepalive',
      description: `${IDLE_STEP_REQUESTS} ${m} with up to ${idleSeconds} s of idle wait between them (idle timeout)`,
    },
    {
      id: 'pipelined',
      requests: options.pipelineDepth,
      how: 'pipelined',
      description: `${options.pipelineDepth} ${m} pipelined on one connection (pipelining, side by side)`,
    },
    {
      id: 'http2',
      requests: HTTP2_STEP_REQUESTS,
      how: 'h2',
      description:
        `${HTTP2_STEP_REQUESTS} ${m} in HTTP/2 mode, ` +
        (url.protocol === 'https:'
          ? 'offering h2 by ALPN'
          : 'h2c with prior knowledge: the connection opens with the HTTP/2 preface') +
        ' (HTTP/2; over HTTP/1.1 if the server has none)',
    },
  ];
  if (url.protocol === 'https:')
    steps.push({
      id: 'tls',
      requests: 0,
      how: 'tls',
      description: '2 TLS handshakes without a request (TLS)',
    });
  const maxRequests = steps.reduce((sum, step) => sum + step.requests, 0) + reserve;
  return {
    url: url.href,
    method: m,
    steps,
    resendReserve: reserve,
    maxRequests,
    summary:
      `at most ${maxRequests} ${m} requests to ${url.href} (${reserve} of them only to re-send ` +
      `requests a closing connection left unanswered), nothing else`,
  };
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
