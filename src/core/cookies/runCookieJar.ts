// The cookie jar of one run: RFC 6265 storage and matching (Domain, Path, Secure, expiry, deletion
// by Max-Age=0, public suffixes) by tough-cookie, behind the engine's small CookieJarPort so the
// engine never depends on the library. Each run gets a new, empty jar; nothing is kept between runs.
import type * as ToughCookie from 'tough-cookie';
import type { CookieJarPort } from '../engine/types';

/**
 * Loaded with the first jar, not with this module: tough-cookie and its public suffix list (tldts) are
 * over a third of the extension bundle, and activating the extension (CodeLens on opening a .http
 * file) should not pay for them before anything is sent.
 */
function toughCookie(): typeof ToughCookie {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load described above
  return require('tough-cookie') as typeof ToughCookie;
}

export function newRunCookieJar(): CookieJarPort {
  // The default memory store is synchronous, so the *Sync calls below never throw for want of a callback.
  const jar = new (toughCookie().CookieJar)();
  return {
    cookiesFor(url) {
      return jar.getCookiesSync(url.href).map((cookie): [string, string] => [cookie.key, cookie.value]);
    },
    store(url, setCookieValues) {
      const names: string[] = [];
      for (const value of setCookieValues) {
        // A Set-Cookie the jar refuses (another domain, a public suffix, unparsable) is ignored, as a browser does.
        const cookie = jar.setCookieSync(value, url.href, { ignoreError: true });
        if (cookie && !names.includes(cookie.key)) names.push(cookie.key);
      }
      return names;
    },
  };
}
