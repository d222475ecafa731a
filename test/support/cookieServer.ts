// A loopback HTTP server (node:http) for cookie tests: /set?c=sid%3Dabc%3B%20Path%3D%2F answers with
// that Set-Cookie (repeatable `c`), after `ms` milliseconds when given; every response's body is the
// Cookie header the request carried (empty when none), so a test reads what was sent from the body.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CookieServer {
  origin: string;
  /** Cookie header of each request, by path with query, in arrival order. */
  received: Array<{ target: string; cookie: string }>;
  close(): Promise<void>;
}

export async function startCookieServer(): Promise<CookieServer> {
  const received: CookieServer['received'] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const cookie = request.headers.cookie ?? '';
    received.push({ target: request.url ?? '', cookie });
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = (): void => {
      const setCookies = url.searchParams.getAll('c');
      if (setCookies.length > 0) response.setHeader('Set-Cookie', setCookies);
      response.end(cookie);
    };
    request.resume();
    request.on('end', () => {
      const ms = Number(url.searchParams.get('ms') ?? 0);
      if (ms > 0) setTimeout(answer, ms);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `/set?c=…` for the given Set-Cookie values. */
export function setPath(setCookies: string[], extra = ''): string {
  return `/set?${setCookies.map((value) => `c=${encodeURIComponent(value)}`).join('&')}${extra}`;
}
