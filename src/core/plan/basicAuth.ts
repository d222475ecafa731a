import { isHeaderNamed } from '../common/headerFields';
// REST Client lets a file say `Authorization: Basic user:password` or `Basic user password` and
// base64-encodes the credentials itself. A value that is already base64 (no `:` and no space,
// neither of which base64 contains) is left as it is.

export function encodeBasicCredentials(value: string): string {
  const match = /^(Basic)\s+(.*\S)\s*$/i.exec(value);
  if (!match) return value;
  const credentials = match[2];
  let pair: string;
  if (credentials.includes(':')) pair = credentials;
  else {
    const space = /\s+/.exec(credentials);
    if (!space) return value;
    pair = `${credentials.slice(0, space.index)}:${credentials.slice(space.index + space[0].length)}`;
  }
  return `${match[1]} ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

export function isAuthorizationHeader(name: string): boolean {
  return isHeaderNamed(name, 'authorization');
}
