// A small server for the classic example, the tour and the tests: slow, sized, chunked and echo
// responses, plus counters that show how many connections a run opened. Loopback by default. It
// speaks HTTP/1.1 and, on the same port, HTTP/2 with prior knowledge (h2c); with `tlsPort` also
// HTTP/2 over TLS (ALPN h2, HTTP/1.1 for clients that do not offer it) with a self-signed
// certificate made at start. The same routes answer every protocol.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { findRoute, sendJson } from './demoRoutes';
import { demoCertificate } from './demoCertificate';
import { ReplaySocket } from './replaySocket';

export interface DemoServerStats {
  /** TCP connections accepted. */
  connections: number;
  /** Requests received, not counting `/stats` itself (so that looking does not change the count). */
  requests: number;
}

export interface DemoServer {
  port: number;
  /** `http://127.0.0.1:PORT` (IPv6 hosts in brackets). */
  origin: string;
  stats(): DemoServerStats;
  resetStats(): void;
  /** With `tlsPort`: the TLS port (HTTP/2 by ALPN, or HTTP/1.1), its `https://127.0.0.1:PORT` and the certificate (PEM) to trust. */
  tls?: { port: number; origin: string; certificate: string };
  /** Stops listening, drops open keep-alive connections and cancels pending delays. */
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Also listen with TLS on this port (0 picks a free one); off when absent. */
  tlsPort?: number;
}

/** The client connection preface's first bytes (RFC 9113 §3.4): an h2c client with prior knowledge. */
const H2_PREFACE_START = 'PRI * HTTP/2.0';

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  let stats: DemoServerStats = { connections: 0, requests: 0 };
  const resetStats = (): void => {
    stats = { connections: 0, requests: 0 };
  };
  // Pending timers of unanswered requests, so close() does not leave the process waiting on them.
  const cancels = new Set<() => void>();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    if (url.pathname === '/stats') {
      const snapshot = { ...stats };
      if (url.searchParams.get('reset') === '1') resetStats();
      sendJson(res, 200, snapshot);
      req.resume();
      return;
    }
    stats.requests++;
    const route = findRoute(url.pathname);
    if (!route) {
      sendJson(res, 404, {
        error: `no route ${url.pathname}; try /delay?ms=N, /status/CODE, /bytes?n=N, /chunked?n=N, /echo, /redirect?to=PATH, /digest, /stats`,
      });
      req.resume();
      return;
    }
    route(req, res, url, (cancel) => {
      cancels.add(cancel);
      res.on('close', () => cancels.delete(cancel));
    });
    // Routes that do not read the body still have to drain it, or the next pipelined request never parses.
    if (req.listenerCount('data') === 0) req.resume();
  };

  const http1 = createServer(handle);
  // A client that sends garbage gets a 400 and a closed socket instead of an unhandled error.
  http1.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  // The routes only use what Node's HTTP/2 compatibility API shares with http's request and response.
  const h2Handle = handle as unknown as (
    req: http2.Http2ServerRequest,
    res: http2.Http2ServerResponse,
  ) => void;
  const h2c = http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, h2Handle);
  const sessions = new Set<http2.Http2Session>();
  // Every socket of both listeners, so close() never waits on an idle keep-alive or h2 connection.
  const openSockets = new Set<net.Socket>();
  const remember = (socket: net.Socket): void => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  };
  const track = (session: http2.Http2Session): void => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  };
  h2c.on('session', track);

  // One port for both: the first bytes tell an h2c client's preface from an HTTP/1.1 request.
  const server = net.createServer((socket) => {
    stats.connections++;
    remember(socket);
    // As Node's http server does for its own sockets: small responses must not wait for Nagle.
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, H2_PREFACE_START.length).toString('latin1') === H2_PREFACE_START) {
        // Node's http2 server reads a plain socket natively and would miss these bytes: replay them.
        h2c.emit('connection', new ReplaySocket(socket, first));
      } else {
        socket.unshift(first);
        http1.emit('connection', socket);
      }
      socket.resume();
    });
  });

  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${hostPart}:${port}`;

  let secure: { server: http2.Http2SecureServer; port: number; certificate: string } | undefined;
  if (options.tlsPort !== undefined) {
    const { key, cert } = await demoCertificate(host);
    const tlsServer = http2.createSecureServer(
      { key, cert, allowHTTP1: true, settings: { maxConcurrentStreams: 1000 } },
      h2Handle,
    );
    tlsServer.on('connection', remember);
    tlsServer.on('secureConnection', () => stats.connections++);
    tlsServer.on('session', track);
    await listen(tlsServer, options.tlsPort, host);
    secure = { server: tlsServer, port: (tlsServer.address() as AddressInfo).port, certificate: cert };
  }

  return {
    port,
    origin,
    ...(secure
      ? {
          tls: {
            port: secure.port,
            origin: `https://${hostPart}:${secure.port}`,
            certificate: secure.certificate,
          },
        }
      : {}),
    stats: () => ({ ...stats }),
    resetStats,
    close: async () => {
      for (const cancel of cancels) cancel();
      cancels.clear();
      for (const session of sessions) session.destroy();
      const closing = [new Promise<void>((resolve) => server.close(() => resolve()))];
      if (secure) {
        const tlsServer = secure.server;
        closing.push(new Promise<void>((resolve) => tlsServer.close(() => resolve())));
      }
      for (const socket of openSockets) socket.destroy();
      await Promise.all(closing);
    },
  };
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
