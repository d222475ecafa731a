// REST Client's `Authorization: Digest user password`: credentials for the engine to answer a Digest
// challenge with (PreparedRequest.auth), not a header to send. A value that already looks like a
// computed answer (`Digest username="…", …`) is left as a header.
import type { PreparedRequest } from '../engine/types';
import { isAuthorizationHeader } from './basicAuth';

/** Removes a `Digest user password` Authorization header from `headers` and returns its credentials. */
export function takeDigestCredentials(headers: Array<[string, string]>): PreparedRequest['auth'] {
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    if (!isAuthorizationHeader(name)) continue;
    const match = /^Digest\s+([^\s=",]+)\s+(.*\S)\s*$/i.exec(value);
    if (!match) continue;
    headers.splice(i, 1);
    return { scheme: 'digest', username: match[1], password: match[2] };
  }
  return undefined;
}
