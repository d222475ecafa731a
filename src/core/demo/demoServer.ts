// A small HTTP/1.1 server for the classic example, the tour and the tests: slow, sized, chunked and
// echo responses, plus counters that show how many connections a run opened. Loopback by default.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findRoute, sendJson } from './demoRoutes';

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
  /** Stops listening, drops open keep-alive connections and cancels pending delays. */
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

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

  const server = createServer(handle);
  server.on('connection', () => {
    stats.connections++;
  });
  // A client that sends garbage gets a 400 and a closed socket instead of an unhandled error.
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    port,
    origin,
    stats: () => ({ ...stats }),
    resetStats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const cancel of cancels) cancel();
        cancels.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
