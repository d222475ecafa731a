// The TLS settings of one connection: the run-wide ones, overridden field by field by the entry of
// `perHost` that matches the URL (`host:port` before `host`), so a client certificate meant for one
// server is never offered to another.
import type { TlsHostOptions, TlsOptions } from './types';

export interface ConnectionTls extends TlsHostOptions {
  rejectUnauthorized: boolean;
}

export function tlsFor(url: URL, tls: TlsOptions | undefined): ConnectionTls {
  const { perHost, rejectUnauthorized, ...runWide } = tls ?? {};
  const entry = perHost ? hostEntry(perHost, url) : undefined;
  // Only the fields the entry sets: an absent `ca` there must not erase the run-wide one.
  const overrides = Object.fromEntries(
    Object.entries(entry ?? {}).filter(([, value]) => value !== undefined),
  );
  return { ...runWide, ...overrides, rejectUnauthorized: rejectUnauthorized ?? true };
}

function hostEntry(perHost: Record<string, TlsHostOptions>, url: URL): TlsHostOptions | undefined {
  // url.hostname is already lower-case and keeps IPv6 brackets; url.port is empty for the default port.
  const host = url.hostname;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const byKey = new Map(Object.entries(perHost).map(([key, value]) => [key.trim().toLowerCase(), value]));
  return byKey.get(`${host}:${port}`) ?? byKey.get(host);
}
