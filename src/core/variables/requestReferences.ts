// Request chaining: `{{login.response.body.$.token}}`, `{{login.response.body.*}}`,
// `{{login.response.headers.X-Token}}`, `{{login.request.body.*}}`, `{{login.request.headers.Accept}}`
// (REST Client's request variables). The value comes from this run's exchange of the named request.
// JSONPath is evaluated by jsonpath-plus in its `safe` mode (no JavaScript eval), since the
// expression comes from a file that may be untrusted. XPath is not supported: it says so.

import type { PreparedRequest, ResponseData } from '../engine/types';
import { queryJsonPath } from './jsonPath';
import { headerValues } from '../common/headerFields';

export interface RequestReference {
  requestName: string;
  part: 'response' | 'request';
  section: 'body' | 'headers';
  /** `*`, a JSONPath starting with `$`, or a header name; empty when missing. */
  selector: string;
}

const REQUEST_REFERENCE = /^(.+?)\.(response|request)\.(body|headers)(?:\.(.*))?$/;

/** Reads the shape only; whether `requestName` names a request is the caller's business. */
export function parseRequestReference(expression: string): RequestReference | undefined {
  const match = REQUEST_REFERENCE.exec(expression);
  if (!match) return undefined;
  return {
    requestName: match[1],
    part: match[2] as RequestReference['part'],
    section: match[3] as RequestReference['section'],
    selector: (match[4] ?? '').trim(),
  };
}

/** What one request produced in this run; `response` for `.response…`, `sent` for `.request…`. */
export interface ExchangeData {
  response?: ResponseData;
  sent?: PreparedRequest;
}

/** The referenced value; throws an Error with a reason (the caller adds the place). */
export function valueOfRequestReference(reference: RequestReference, exchange: ExchangeData): string {
  const { headers, body, bodyNote } = pickMessage(reference, exchange);
  if (reference.section === 'headers') return headerValue(reference, headers);
  if (reference.selector === '*') return body.toString('utf8');
  if (reference.selector === '') {
    throw new Error(
      `say which part of the ${reference.part} body: \`.body.*\` for all of it, or a JSONPath like \`.body.$.id\``,
    );
  }
  if (reference.selector.startsWith('$')) return jsonPathValue(reference, body, bodyNote);
  if (reference.selector.startsWith('/'))
    throw new Error('XPath is not supported; use JSONPath (`$.…`) or `*`');
  throw new Error(
    `"${reference.selector}" is not a JSONPath: it starts with \`$\` (or use \`*\` for the whole body)`,
  );
}

function pickMessage(reference: RequestReference, exchange: ExchangeData) {
  if (reference.part === 'response') {
    const response = exchange.response;
    if (!response) throw new Error(`request '${reference.requestName}' has no response in this run`);
    const bodyNote = response.bodyTruncated
      ? ` (only the first ${response.body.length} bytes were kept)`
      : '';
    return { headers: response.headers, body: response.body, bodyNote };
  }
  const sent = exchange.sent;
  if (!sent) throw new Error(`request '${reference.requestName}' was not prepared in this run`);
  return { headers: sent.headers, body: sent.body ?? Buffer.alloc(0), bodyNote: '' };
}

function headerValue(reference: RequestReference, headers: ReadonlyArray<[string, string]>): string {
  if (reference.selector === '') throw new Error('name the header, e.g. `.headers.Content-Type`');
  const values = headerValues(headers, reference.selector);
  if (values.length === 0) {
    throw new Error(
      `the ${reference.part} of '${reference.requestName}' has no ${reference.selector} header`,
    );
  }
  return values.join(', ');
}

function jsonPathValue(reference: RequestReference, body: Buffer, bodyNote: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(
      `the ${reference.part} body of '${reference.requestName}' is not JSON${bodyNote}, so JSONPath ${reference.selector} cannot be applied`,
    );
  }
  const matches = queryJsonPath(reference.selector, json);
  if (matches.length === 0) {
    throw new Error(
      `JSONPath ${reference.selector} matches nothing in the ${reference.part} body of '${reference.requestName}'`,
    );
  }
  // REST Client takes the first match too; strings go in as they are, anything else as JSON.
  const first = matches[0];
  return typeof first === 'string' ? first : JSON.stringify(first);
}
