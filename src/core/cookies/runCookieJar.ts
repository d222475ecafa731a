// The cookie jar of one run: RFC 6265 storage and matching (Domain, Path, Secure, expiry, deletion
// by Max-Age=0, public suffixes) by tough-cookie, behind the engine's small CookieJarPort so the
// engine never depends on the library. Each run gets a new, empty jar; nothing is kept between runs.
import { CookieJar } from 'tough-cookie';
import type { CookieJarPort } from '../engine/types';

export function newRunCookieJar(): CookieJarPort {
  // The default memory store is synchronous, so the *Sync calls below never throw for want of a callback.
  const jar = new CookieJar();
  // Most runs never receive a cookie: while the jar is empty, a lookup (URL parsing and domain
  // matching in tough-cookie, per request serialized) has nothing to find.
  let empty = true;
  return {
    cookiesFor(url) {
      if (empty) return [];
      return jar.getCookiesSync(url.href).map((cookie): [string, string] => [cookie.key, cookie.value]);
    },
    store(url, setCookieValues) {
      const names: string[] = [];
      for (const value of setCookieValues) {
        // A Set-Cookie the jar refuses (another domain, a public suffix, unparsable) is ignored, as a browser does.
        const cookie = jar.setCookieSync(value, url.href, { ignoreError: true });
        if (!cookie) continue;
        empty = false;
        if (!names.includes(cookie.key)) names.push(cookie.key);
      }
      return names;
    },
  };
}
