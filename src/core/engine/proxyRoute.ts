// How one origin is reached when RunOptions.proxy is set: directly (NO_PROXY, or no proxy for its
// scheme), or through a proxy, with the Proxy-Authorization to send (RFC 9110 §11.7.1). Decided
// once per origin, so one origin's connections all take the same way.
import { bypassesProxy, parseNoProxy } from '../proxy/noProxy';
import { maskedProxy } from '../proxy/proxyUrl';
import type { ProxyOptions } from './types';

export interface ProxyRoute {
  /** The proxy's URL (possibly with credentials: never show it, show `via`). */
  proxy: URL;
  /** `http://127.0.0.1:3128`: ConnectionRecord.via and every message. */
  via: string;
  /** https: origin: a CONNECT tunnel, then TLS with the origin; http: origin: absolute-form requests. */
  tunnel: boolean;
  /** The whole Proxy-Authorization value (`Basic …`), when there is one. */
  authorization?: string;
  /** Verify an https: proxy's certificate. */
  rejectUnauthorized: boolean;
}

export function proxyRouteFor(origin: URL, options: ProxyOptions | undefined): ProxyRoute | undefined {
  const proxy = origin.protocol === 'https:' ? options?.https : options?.http;
  if (!proxy || !options) return undefined;
  if (options.noProxy !== undefined && bypassesProxy(origin, parseNoProxy(options.noProxy))) return undefined;
  const route: ProxyRoute = {
    proxy,
    via: maskedProxy(proxy),
    tunnel: origin.protocol === 'https:',
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  };
  const authorization = basicCredentials(proxy) ?? options.authorization;
  if (authorization) route.authorization = authorization;
  return route;
}

/** `http://user:p%40ss@proxy` → `Basic dXNlcjpwQHNz` (RFC 7617: the decoded user-id:password in UTF-8). */
function basicCredentials(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
