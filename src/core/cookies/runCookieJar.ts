// The cookie jar of one run: RFC 6265 storage and matching (Domain, Path, Secure, expiry, deletion
// by Max-Age=0, public suffixes) by tough-cookie, behind the engine's small CookieJarPort so the
// engine never depends on the library. Each run gets a new, empty jar; nothing is kept between runs.
import type * as ToughCookie from 'tough-cookie';
import type { CookieJarPort } from '../engine/types';

/**
 * Most runs never receive a cookie. So tough-cookie (and its public-suffix list) is loaded and the
 * jar made at the first Set-Cookie, which keeps both out of the CLI's start-up; until then a lookup
 * (URL parsing and domain matching, per request serialized) has nothing to find.
 */
function newJar(): ToughCookie.CookieJar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose, see above
  const { CookieJar } = require('tough-cookie') as typeof ToughCookie;
  // The default memory store is synchronous, so the *Sync calls below never throw for want of a callback.
  return new CookieJar();
}

export function newRunCookieJar(): CookieJarPort {
  let jar: ToughCookie.CookieJar | undefined;
  let empty = true;
  return {
    cookiesFor(url) {
      if (empty || !jar) return [];
      return jar.getCookiesSync(url.href).map((cookie): [string, string] => [cookie.key, cookie.value]);
    },
    store(url, setCookieValues) {
      const names: string[] = [];
      jar ??= newJar();
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
