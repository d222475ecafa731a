// A CONNECT tunnel through a forward proxy to an https: origin (RFC 9110 §9.3.6): the CONNECT request,
// the proxy's reply, and TLS with the origin over the proxy's socket once it said yes. The connection
// owns the socket to the proxy and hands it here; it gets back the socket HTTP is written on (the
// moment it does is the request's `proxyMs`), or the refusal that ends the connection in phase connect.
import type * as net from 'node:net';
import * as tls from 'node:tls';
import type { ProxyRoute } from './proxyRoute';
import { handshakeOptions, socketAddress } from './socketOptions';
import { tlsFor } from './tlsSettings';
import type { TlsOptions } from './types';

export interface TunnelOwner {
  /**
   * The proxy said yes: `transport` is the TLS session with the origin (its handshake under way), which
   * from now on owns the proxy socket's bytes and its end.
   */
  onTunnel(transport: tls.TLSSocket): void;
  /** No tunnel: `cause` is the short detail, `reason` the connection's close reason. */
  onRefused(cause: string, reason: string): void;
}

export interface TunnelSettings {
  /** The origin the tunnel leads to. */
  url: URL;
  route: ProxyRoute;
  tls?: TlsOptions;
  /** A reply whose header section passes this is refused, as a response head would be. */
  maxHeaderBytes: number;
}

export class ProxyTunnel {
  private reply = Buffer.alloc(0);
  /** The CONNECT request is out and its reply is being read. */
  private awaiting = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly settings: TunnelSettings,
    private readonly owner: TunnelOwner,
  ) {}

  /** True while bytes from the proxy are its reply to CONNECT (hand them to `read`). */
  get awaitingReply(): boolean {
    return this.awaiting;
  }

  /** Writes the CONNECT request on the connected proxy socket; returns its bytes for the write log. */
  request(): Buffer {
    // Authority-form (RFC 9112 §3.2.3); URL keeps an IPv6 literal bracketed, as it must be here.
    const { url, route } = this.settings;
    const authority = `${url.hostname}:${socketAddress(url).port}`;
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (route.authorization) lines.push(`Proxy-Authorization: ${route.authorization}`);
    const bytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    this.awaiting = true;
    this.socket.write(bytes);
    return bytes;
  }

  /** Bytes of the proxy's reply to CONNECT: a 2xx opens the tunnel; anything else is a refusal. */
  read(chunk: Buffer): void {
    this.reply = Buffer.concat([this.reply, chunk]);
    const headEnd = this.reply.indexOf('\r\n\r\n');
    const limit = this.settings.maxHeaderBytes;
    if (headEnd < 0) {
      if (this.reply.length > limit)
        this.refuse(`its reply to CONNECT passed ${limit} bytes without ending its header section`);
      return;
    }
    const statusLine = this.reply.subarray(0, this.reply.indexOf('\r\n')).toString('latin1');
    const status = /^HTTP\/1\.[01] ([1-9]\d\d)(?: (.*))?$/.exec(statusLine);
    if (!status)
      return this.refuse(
        `its reply to CONNECT is not an HTTP/1.1 status line: ${JSON.stringify(statusLine.slice(0, 80))}`,
      );
    const code = Number(status[1]);
    if (code < 200 || code > 299)
      return this.refuse(`the proxy answered CONNECT with ${code}${status[2] ? ` ${status[2]}` : ''}`);
    // Nothing may come before the origin's TLS answer to our hello: such bytes would be the proxy's, not the origin's.
    if (this.reply.length > headEnd + 4)
      return this.refuse('the proxy sent bytes after its 2xx to CONNECT, before the TLS handshake');
    this.open();
  }

  /** The cause to report when the proxy ended the connection, if that left CONNECT unanswered. */
  endedCause(): string | undefined {
    return this.awaiting ? 'the proxy closed the connection before answering CONNECT' : undefined;
  }

  private refuse(cause: string): void {
    this.awaiting = false;
    this.owner.onRefused(cause, `no tunnel through ${this.settings.route.via}: ${cause}`);
  }

  /** TLS with the origin over the proxy's socket. */
  private open(): void {
    this.awaiting = false;
    // From here the TLS session owns the socket's bytes and its end.
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('end');
    this.socket.removeAllListeners('close');
    const { url } = this.settings;
    const transport = tls.connect({
      socket: this.socket,
      ...handshakeOptions(socketAddress(url).host),
      ...tlsFor(url, this.settings.tls),
    });
    this.owner.onTunnel(transport);
  }
}
