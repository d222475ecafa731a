// Proxy URLs as people write them (settings, environment variables, --proxy), checked once where
// they are read so a typo stops the run with its source named instead of failing every request.

/**
 * `http://proxy:3128`, `https://user:pass@proxy`, or `proxy:3128` (http:, as curl reads it).
 * Throws an Error naming `source` (`HTTPS_PROXY`, `setting http.proxy`) when it cannot be used.
 */
export function parseProxyUrl(text: string, source: string): URL {
  const written = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(written) ? written : `http://${written}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`${source} is not a proxy URL: ${JSON.stringify(text)} (expected http://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${source}: ${url.protocol.slice(0, -1)} proxies are not supported, only http:// and https:// ones (${maskedProxy(url)})`,
    );
  }
  if (!url.hostname) throw new Error(`${source} names no proxy host: ${JSON.stringify(text)}`);
  return url;
}

/** The proxy's origin for display and logs: never its credentials. */
export function maskedProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/**
 * What the environment's proxy variables say: a part of the engine's ProxyOptions, written out here
 * because the engine imports this folder (noProxy, maskedProxy) and folders must not import in a circle.
 */
export interface EnvironmentProxies {
  http?: URL;
  https?: URL;
  noProxy?: string;
}

export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * The proxy options of the CLI's environment: HTTP_PROXY for http: origins, HTTPS_PROXY for https:
 * ones, NO_PROXY for exceptions; the lower-case spelling wins over the upper-case one, as in curl.
 * Undefined when no proxy variable is set. `env` is passed in: the extension never calls this.
 */
export function proxyFromEnvironment(env: EnvironmentVariables): EnvironmentProxies | undefined {
  const read = (name: string): { name: string; value: string } | undefined => {
    for (const spelling of [name.toLowerCase(), name]) {
      const value = env[spelling]?.trim();
      if (value) return { name: spelling, value };
    }
    return undefined;
  };
  const http = read('HTTP_PROXY');
  const https = read('HTTPS_PROXY');
  if (!http && !https) return undefined;
  const options: EnvironmentProxies = {};
  if (http) options.http = parseProxyUrl(http.value, http.name);
  if (https) options.https = parseProxyUrl(https.value, https.name);
  const noProxy = read('NO_PROXY');
  if (noProxy) options.noProxy = noProxy.value;
  return options;
}
