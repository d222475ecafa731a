// What a socket to a URL needs, shared by the connection, the proxy tunnel and the HTTP/2 session: the
// address (IPv6 without the brackets URL keeps) and the TLS handshake options (SNI, ALPN pinned to
// HTTP/1.1; the HTTP/2 session overrides ALPN).
import * as net from 'node:net';
import type * as tls from 'node:tls';

/** Host (IPv6 without the brackets URL keeps) and port of a URL, for sockets. */
export function socketAddress(url: URL): { host: string; port: number } {
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
  };
}

export function handshakeOptions(host: string): tls.ConnectionOptions {
  return {
    // SNI only carries host names (RFC 6066 §3), never IP literals.
    servername: net.isIP(host) ? undefined : host,
    // httpipe measures HTTP/1.1 on purpose: never let ALPN negotiate h2.
    ALPNProtocols: ['http/1.1'],
  };
}
