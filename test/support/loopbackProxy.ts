// A small HTTP proxy for tests, on 127.0.0.1: absolute-form requests are forwarded (in origin-form,
// Proxy-Authorization removed) over one upstream connection per client connection, responses piped
// back byte for byte, so pipelining survives it; CONNECT opens a raw tunnel. It records what each
// client connection carried and when, and only ever connects to loopback origins.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { RequestReader, type ReceivedRequest } from './requestReader';

export interface LoopbackProxyOptions {
  /** The whole Proxy-Authorization value required; without it a request or CONNECT gets 407. */
  requireAuthorization?: string;
  /** Answer every CONNECT with this instead of opening the tunnel. */
  refuseConnect?: { status: number; text: string };
  /** Listen with TLS (an https:// proxy). */
  tls?: { key: string; cert: string };
}

export interface ProxiedConnection {
  id: number;
  requests: ReceivedRequest[];
  /** When the first response byte went back to the client (performance.now()). */
  firstAnswerMs?: number;
}

export interface LoopbackProxy {
  url: string;
  port: number;
  connections: ProxiedConnection[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startLoopbackProxy(options: LoopbackProxyOptions = {}): Promise<LoopbackProxy> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const onConnection = (client: net.Socket): void => {
    const record: ProxiedConnection = { id: connections.length + 1, requests: [] };
    connections.push(record);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const reader = new RequestReader();
    let upstream: net.Socket | undefined;
    let tunnelled = false;
    const answer = (status: number, text: string): void => {
      const body = `${status} ${text} (loopback proxy)`;
      client.write(
        `HTTP/1.1 ${status} ${text}\r\nContent-Length: ${body.length}\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n${body}`,
      );
    };
    const connectUpstream = (host: string, port: number): net.Socket => {
      const socket = net.connect({ host: host.replace(/^\[(.*)\]$/, '$1'), port });
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        client.end();
      });
      socket.on('error', () => client.destroy());
      socket.on('data', (chunk) => {
        record.firstAnswerMs ??= performance.now();
        client.write(chunk);
      });
      return socket;
    };
    const authorized = (request: ReceivedRequest): boolean =>
      options.requireAuthorization === undefined ||
      request.headers.some(
        ([name, value]) =>
          name.toLowerCase() === 'proxy-authorization' && value === options.requireAuthorization,
      );

    client.on('data', (chunk: Buffer) => {
      if (tunnelled) {
        upstream!.write(chunk);
        return;
      }
      for (const request of reader.push(chunk)) {
        record.requests.push(request);
        if (!authorized(request)) {
          answer(407, 'Proxy Authentication Required');
          continue;
        }
        if (request.method === 'CONNECT') {
          const [host, port] = splitAuthority(request.target);
          if (options.refuseConnect) answer(options.refuseConnect.status, options.refuseConnect.text);
          else if (!LOOPBACK.has(host)) answer(403, 'Forbidden');
          else {
            tunnelled = true;
            upstream = connectUpstream(host, port);
            upstream.once('connect', () => client.write('HTTP/1.1 200 Connection established\r\n\r\n'));
          }
          continue;
        }
        const target = new URL(request.target);
        if (!LOOPBACK.has(target.hostname)) {
          answer(403, 'Forbidden');
          continue;
        }
        upstream ??= connectUpstream(target.hostname, Number(target.port) || 80);
        const headers = request.headers.filter(([name]) => name.toLowerCase() !== 'proxy-authorization');
        const head = [
          `${request.method} ${target.pathname}${target.search} HTTP/1.1`,
          ...headers.map(([n, v]) => `${n}: ${v}`),
        ].join('\r\n');
        upstream.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), request.body]));
      }
    });
    client.on('end', () => upstream?.end());
  };
  const server = options.tls ? tls.createServer(options.tls, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitAuthority(authority: string): [string, number] {
  const colon = authority.lastIndexOf(':');
  return [authority.slice(0, colon), Number(authority.slice(colon + 1))];
}
