import { hasHeader, headerValue } from '../common/headerFields';
// The absolute URL a request goes to, from its target as written (variables already resolved):
//   `http://h/p`, `https://h/p`  as written;
//   `h:8080/p`, `h/p`            scheme-less: http, as REST Client and JetBrains do;
//   `/p` with a `Host:` header   origin-form: http, or https when the Host port is 443 or 8443
//                                (REST Client's rule; there is nothing else to go on);
//   `/p` with `host` defined     httpYac's base: `{{host}}` + `/p` (`@host = https://api.test/v1`).
// The fragment is dropped: it is never sent. `OPTIONS *` (asterisk-form) cannot be written as a URL
// and is refused with that reason.

export function absoluteUrl(
  target: string,
  headers: ReadonlyArray<[string, string]>,
  hostBase?: string,
): URL {
  const written = target.trim();
  if (written === '') throw new Error('the request has no URL');
  if (written === '*') throw new Error('asterisk-form targets (`OPTIONS *`) are not supported');
  let text: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) text = written;
  else if (written.startsWith('/') && !hasHeader(headers, 'host') && hostBase !== undefined)
    return absoluteUrl(`${hostBase.trim().replace(/\/+$/, '')}${written}`, headers);
  else if (written.startsWith('/'))
    text = `${schemeForHost(hostHeader(headers, written))}://${hostHeader(headers, written)}${written}`;
  else text = `http://${written}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${written}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`only http: and https: URLs can be sent, not ${url.protocol}`);
  }
  // Setting it costs a round trip into Node's URL parser: only when there is a fragment (or a bare `#`) to drop.
  if (url.href.includes('#')) url.hash = '';
  return url;
}

function hostHeader(headers: ReadonlyArray<[string, string]>, target: string): string {
  const host = headerValue(headers, 'host')?.trim();
  if (!host)
    throw new Error(`"${target}" is a path: add a Host header, or write the full URL (http://host${target})`);
  return host;
}

function schemeForHost(host: string): 'http' | 'https' {
  const port = /:(\d+)$/.exec(host)?.[1];
  return port === '443' || port === '8443' ? 'https' : 'http';
}
