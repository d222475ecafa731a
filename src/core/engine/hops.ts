// What follows a response within the same request: a redirect (RFC 9110 §15.4) or the answer to a
// Digest challenge (RFC 7616). Pure decisions; the scheduler serializes and sends the hop it returns.
import { digestAuthorization, pickDigestChallenge } from './digestAuth';
import { originOf } from './originQueue';
import type { HopReason, PreparedRequest, ResponseHead } from './types';
import { headerValues, isHeaderNamed } from '../common/headerFields';

export const DEFAULT_MAX_REDIRECTS = 10;

export interface HopPolicy {
  followRedirects: boolean;
  maxRedirects: number;
}

/** Where the request stands: what it sent last and what it did so far. */
export interface HopState {
  prepared: PreparedRequest;
  /** `# @no-redirect` on this request. */
  noRedirect: boolean;
  redirectsSoFar: number;
  /** The request just answered already carried our answer to a Digest challenge. */
  digestAnswered: boolean;
}

export type HopDecision =
  | { kind: 'hop'; next: PreparedRequest; reason: HopReason }
  /** The request ends as an error (the redirect limit), its hops kept. */
  | { kind: 'error'; reason: HopReason; message: string }
  /** The response is the final one, with a note explaining why it was not followed. */
  | { kind: 'final'; note?: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body: dropped with the body when a redirect turns the request into a GET. */
const CONTENT_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
  'transfer-encoding',
]);

/** Credentials the user meant for one origin; not carried to another (as browsers and undici do). */
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'host']);

export function decideHop(head: ResponseHead, state: HopState, policy: HopPolicy): HopDecision {
  if (head.status === 401 && state.prepared.auth && !state.digestAnswered) return digestHop(head, state);
  if (!REDIRECTS.has(head.status) || !policy.followRedirects || state.noRedirect) return { kind: 'final' };
  return redirectHop(head, state, policy);
}

function redirectHop(head: ResponseHead, state: HopState, policy: HopPolicy): HopDecision {
  const location = headerValues(head.headers, 'location')[0];
  const from = state.prepared.url;
  let url: URL | undefined;
  try {
    url = location === undefined ? undefined : new URL(location, from);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const what =
      location === undefined ? 'no Location header' : `an unusable Location (${JSON.stringify(location)})`;
    return { kind: 'final', note: `${head.status} with ${what}: not followed, it is the final response.` };
  }
  const reason: HopReason = { kind: 'redirect', status: head.status, location: url.href };
  if (state.redirectsSoFar >= policy.maxRedirects) {
    return {
      kind: 'error',
      reason,
      message: `Stopped after ${policy.maxRedirects} redirects (the limit); the next one was to ${url.href}.`,
    };
  }
  const method = state.prepared.method.toUpperCase();
  const toGet =
    (head.status === 303 && method !== 'HEAD') ||
    ((head.status === 301 || head.status === 302) && method === 'POST');
  const crossOrigin = originOf(url) !== originOf(from);
  const headers = state.prepared.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    return !(toGet && CONTENT_HEADERS.has(lower)) && !(crossOrigin && ORIGIN_BOUND_HEADERS.has(lower));
  });
  const next: PreparedRequest = { method: toGet ? 'GET' : state.prepared.method, url, headers };
  if (!toGet && state.prepared.body) next.body = state.prepared.body;
  if (state.prepared.auth && !crossOrigin) next.auth = state.prepared.auth;
  return { kind: 'hop', next, reason };
}

function digestHop(head: ResponseHead, state: HopState): HopDecision {
  const challenge = pickDigestChallenge(headerValues(head.headers, 'www-authenticate'));
  if (!challenge) {
    return {
      kind: 'final',
      note: 'The 401 carries no Digest challenge this client can answer (MD5, SHA-256 and their -sess forms, qop auth or auth-int): it is the final response.',
    };
  }
  const { prepared } = state;
  const authorization = digestAuthorization(challenge, prepared.auth!, {
    method: prepared.method,
    uri: (prepared.url.pathname || '/') + prepared.url.search,
    body: prepared.body,
  });
  const headers = prepared.headers.filter(([name]) => !isHeaderNamed(name, 'authorization'));
  headers.push(['Authorization', authorization]);
  const next: PreparedRequest = { ...prepared, headers };
  return {
    kind: 'hop',
    next,
    reason: { kind: 'digest', realm: challenge.realm, algorithm: challenge.algorithm },
  };
}
