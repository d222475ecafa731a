// Merges the cookie jar's cookies into the Cookie header the user wrote. The user's value for a name
// wins (a request can pin a cookie); the jar's other cookies follow the user's in one Cookie field,
// as RFC 6265 §5.4 asks for a single field.
import { isHeaderNamed } from '../common/headerFields';

export interface MergedCookies {
  headers: Array<[string, string]>;
  /** Names taken from the jar. */
  fromJar: string[];
  /** Name → value of every cookie the request now carries. */
  carried: Map<string, string>;
}

export function mergeCookieHeader(
  headers: ReadonlyArray<[string, string]>,
  jarCookies: ReadonlyArray<[string, string]>,
): MergedCookies {
  const carried = new Map<string, string>();
  let userField = -1;
  headers.forEach(([name, value], at) => {
    if (!isHeaderNamed(name, 'cookie')) return;
    if (userField < 0) userField = at;
    for (const [cookieName, cookieValue] of parseCookiePairs(value))
      if (!carried.has(cookieName)) carried.set(cookieName, cookieValue);
  });
  const added = jarCookies.filter(([name]) => !carried.has(name));
  for (const [name, value] of added) carried.set(name, value);
  if (added.length === 0) return { headers: [...headers], fromJar: [], carried };

  const jarPart = added.map(([name, value]) => `${name}=${value}`).join('; ');
  const merged: Array<[string, string]> = [...headers];
  if (userField < 0) merged.push(['Cookie', jarPart]);
  else merged[userField] = [merged[userField][0], `${merged[userField][1]}; ${jarPart}`];
  return { headers: merged, fromJar: added.map(([name]) => name), carried };
}

/** `a=1; b=2` → pairs; a piece without `=` is a nameless value (RFC 6265 §5.2 reads it so too). */
function parseCookiePairs(field: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of field.split(';')) {
    const text = piece.trim();
    if (text === '') continue;
    const eq = text.indexOf('=');
    pairs.push(eq < 0 ? ['', text] : [text.slice(0, eq).trim(), text.slice(eq + 1).trim()]);
  }
  return pairs;
}
