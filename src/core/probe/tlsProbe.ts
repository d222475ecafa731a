// TLS facts of a server from two handshakes and no request: the negotiated protocol and cipher, the
// certificate chain with its expiry, and whether the second handshake resumed the first one's session
// (a session ticket or ID saves a round trip and the key exchange on every new connection). The
// certificate checks are the engine's (tlsFor): verification stays on unless the user turned it off.
import * as tls from 'node:tls';
import { messageOf } from '../common/messageOf';
import { tlsFor } from '../engine/tlsSettings';
import type { TlsOptions } from '../engine/types';
import type { TlsFacts } from './types';

const HANDSHAKE_TIMEOUT_MS = 10_000;
/** TLS 1.3 sends its session ticket after the handshake: how long to wait for it. */
const TICKET_WAIT_MS = 1_000;
const DAY_MS = 86_400_000;

interface Handshake {
  socket: tls.TLSSocket;
  session?: Buffer;
}

export async function probeTls(
  url: URL,
  options: TlsOptions | undefined,
  signal?: AbortSignal,
): Promise<TlsFacts> {
  try {
    const first = await handshake(url, options, undefined, signal);
    const facts = factsOf(first.socket);
    first.socket.destroy();
    if (first.session) {
      const second = await handshake(url, options, first.session, signal);
      facts.resumed = second.socket.isSessionReused();
      second.socket.destroy();
    }
    return facts;
  } catch (error) {
    return { chain: [], resumed: false, error: messageOf(error) };
  }
}

function handshake(
  url: URL,
  options: TlsOptions | undefined,
  session: Buffer | undefined,
  signal: AbortSignal | undefined,
): Promise<Handshake> {
  const settings = tlsFor(url, options);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      servername: tlsHostName(host),
      ALPNProtocols: ['http/1.1'],
      session,
      ...settings,
    });
    const result: Handshake = { socket };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`no TLS handshake within ${HANDSHAKE_TIMEOUT_MS} ms`)),
      HANDSHAKE_TIMEOUT_MS,
    );
    signal?.addEventListener('abort', () => fail(new Error('cancelled')), { once: true });
    socket.once('error', fail);
    // The last ticket wins: a TLS 1.3 server may send several, each good for one resumption.
    socket.on('session', (ticket: Buffer) => (result.session = ticket));
    socket.once('secureConnect', () => {
      // A TLS 1.2 session exists right away; TLS 1.3 tickets follow the handshake.
      if (socket.getProtocol() !== 'TLSv1.3') result.session ??= socket.getSession();
      const done = (): void => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.on('error', () => undefined);
        resolve(result);
      };
      if (socket.getProtocol() === 'TLSv1.3' && !session) {
        const wait = setTimeout(done, TICKET_WAIT_MS);
        socket.once('session', () => {
          clearTimeout(wait);
          done();
        });
      } else done();
    });
  });
}

/** SNI takes host names only (RFC 6066 §3). */
function tlsHostName(host: string): string | undefined {
  return /^[\d.]+$/.test(host) || host.includes(':') ? undefined : host;
}

function factsOf(socket: tls.TLSSocket): TlsFacts {
  const chain: TlsFacts['chain'] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push({
      subject: nameOf(cert.subject),
      issuer: nameOf(cert.issuer),
      validTo: new Date(cert.valid_to).toISOString(),
      daysLeft: Math.floor((Date.parse(cert.valid_to) - Date.now()) / DAY_MS),
    });
    cert = cert.issuerCertificate;
  }
  return {
    protocol: socket.getProtocol() ?? undefined,
    cipher: socket.getCipher()?.name,
    alpn: socket.alpnProtocol || undefined,
    chain,
    resumed: false,
  };
}

function nameOf(name: tls.Certificate | undefined): string {
  if (!name) return '';
  const parts = name.CN ?? Object.values(name).flat();
  return Array.isArray(parts) ? parts.join(', ') : parts;
}
