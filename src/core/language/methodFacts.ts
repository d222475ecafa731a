// What a request method means for sending it, in the words the editor shows (hover, completion,
// diagnostics). Idempotency itself is decided in one place, the engine's idempotency.ts; this file
// only explains its consequences for pipelining (RFC 9112 §9.3.2) and re-sending.

import { isIdempotent } from '../engine/idempotency';

/** Methods offered at the start of a request line, most used first. */
export const COMMON_METHODS: readonly string[] = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'QUERY',
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'QUERY']);

const PURPOSE: Record<string, string> = {
  GET: 'Fetch a representation of the target.',
  HEAD: 'Like GET, but the response has no body.',
  POST: 'Let the target process the enclosed content (create, submit, trigger).',
  PUT: "Replace the target's state with the enclosed representation.",
  PATCH: 'Apply a partial change to the target (RFC 5789).',
  DELETE: 'Remove the association between the target and its current state.',
  OPTIONS: 'Ask which communication options the target supports.',
  TRACE: 'Ask the server to echo the request it received (loop-back test).',
  QUERY:
    'Like GET, with the query in the body (safe and idempotent by definition, though httpipe pipelines only the RFC 9110 idempotent methods).',
};

export function methodPurpose(method: string): string | undefined {
  return PURPOSE[method.toUpperCase()];
}

/** Markdown for a hover on a method: idempotency, and what that means in each send mode. */
export function describeMethod(method: string): string {
  const upper = method.toUpperCase();
  const purpose = PURPOSE[upper];
  const lines = [`**${upper}**${purpose ? ` — ${purpose}` : ''}`, ''];
  if (isIdempotent(upper)) {
    const safety = SAFE_METHODS.has(upper)
      ? 'safe and idempotent'
      : 'idempotent (not safe: it changes state, but repeating it has the same effect)';
    lines.push(
      `${upper} is ${safety} (RFC 9110 §9.2).`,
      '',
      '- **pipelined**: written back to back with its neighbours on one connection (RFC 9112 §9.3.2).',
      '- If the server closes the connection before answering, httpipe re-sends it on a new connection and marks it retried.',
    );
  } else {
    lines.push(
      `${upper} is not idempotent (RFC 9110 §9.2.2): sending it twice may do the work twice.`,
      '',
      `- **pipelined**: a barrier. It is written only after the earlier responses on its connection arrived, and the requests after it wait for its response (RFC 9112 §9.3.2).`,
      '- It is never re-sent automatically after a connection loss.',
    );
  }
  return lines.join('\n');
}
