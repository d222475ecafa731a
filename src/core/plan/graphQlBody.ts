// GraphQL requests, as REST Client writes them: the header `X-Request-Type: GraphQL` marks the
// request, the body is the query (or mutation), then a blank line, then optional variables as JSON.
// What goes out is the JSON envelope of GraphQL over HTTP, `{"query", "variables", "operationName"?}`;
// the marker header is REST Client's instruction to itself and is not sent either.

import type { TextOrigin } from '../variables/variableReferences';
import { originAt } from './textOrigins';
import { messageOf } from '../common/messageOf';
import { isHeaderNamed } from '../common/headerFields';

const MARKER = 'x-request-type';

/**
 * Whether the resolved headers mark a GraphQL request; the marker is removed from `headers`. Only
 * the value GraphQL is a marker: another X-Request-Type value is the server's business and is sent.
 */
export function takeGraphQlMarker(headers: Array<[string, string]>): boolean {
  let found = false;
  for (let k = headers.length - 1; k >= 0; k--) {
    const [name, value] = headers[k];
    if (isHeaderNamed(name, MARKER) && value.trim().toLowerCase() === 'graphql') {
      headers.splice(k, 1);
      found = true;
    }
  }
  return found;
}

/** A line holding nothing but whitespace, with the line breaks around it. */
const BLANK_LINE = /(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)/;

/**
 * The JSON envelope for `text` (query, blank line, variables). References are resolved in each
 * piece separately, so a value holding a blank line cannot move the split.
 */
export function graphQlEnvelope(
  text: string,
  origin: TextOrigin,
  resolve: (text: string, origin: TextOrigin) => string,
  place: string,
): string {
  const blank = BLANK_LINE.exec(text);
  const queryText = blank ? text.slice(0, blank.index) : text;
  const query = resolve(queryText, origin);
  let variables: unknown = {};
  if (blank) {
    const offset = blank.index + blank[0].length;
    const variablesText = resolve(text.slice(offset), originAt(origin, text, offset)).trim();
    if (variablesText !== '') variables = parseVariables(variablesText, place);
  }
  const envelope: { query: string; variables: unknown; operationName?: string } = { query, variables };
  const operationName = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(query)?.[1];
  if (operationName) envelope.operationName = operationName;
  return JSON.stringify(envelope);
}

function parseVariables(text: string, place: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${place}: the GraphQL variables (below the query's first blank line) are not valid JSON: ${messageOf(error)}`,
      { cause: error },
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(
      `${place}: the GraphQL variables (below the query's first blank line) must be a JSON object`,
    );
  }
  return value;
}
