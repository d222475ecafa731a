// Statuses that say "slow down" (429 Too Many Requests, 503 Service Unavailable) stop the probe, and
// Retry-After (RFC 9110 §10.2.3: seconds or an HTTP date) tells the user when trying again is welcome.
import { headerValue } from '../common/headerFields';
import type { RequestResult } from '../engine/types';

const RATE_LIMIT_STATUSES = new Set([429, 503]);

export interface RateLimit {
  status: number;
  retryAfterSeconds?: number;
}

/** The rate limit a result signals, or undefined when it signals none. */
export function rateLimitOf(result: RequestResult, now = Date.now()): RateLimit | undefined {
  const response = result.response;
  if (!response || !RATE_LIMIT_STATUSES.has(response.status)) return undefined;
  const header = headerValue(response.headers, 'retry-after');
  const retryAfterSeconds = header === undefined ? undefined : parseRetryAfter(header, now);
  return retryAfterSeconds === undefined
    ? { status: response.status }
    : { status: response.status, retryAfterSeconds };
}

/** Seconds to wait, from delay-seconds or an HTTP date; undefined for a value that is neither. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
