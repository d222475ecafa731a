// RFC 9110 §9.2.2: a request method is idempotent when repeating it has the same intended effect as
// sending it once. Only those may be pipelined past or re-sent after a connection loss (RFC 9112 §9.3.2).

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
