// A raw HTTP/1.1 server that records when each request arrived and on which connection, and answers
// `/delay?ms=N` paths after N ms. It works on pipelined requests concurrently but answers each
// connection's requests in order, as RFC 9112 §9.3.2 requires: so tests can check what the engine
// wrote when (barriers) while responses still finish out of order on the server side.
import * as net from 'node:net';
import { RequestReader, type ReceivedRequest } from './requestReader';

export interface RecordedRequest extends ReceivedRequest {
  connection: number;
  /** When the response's last byte was handed to the socket (ms, performance.now()). */
  answeredMs?: number;
}

export interface RecordingServer {
  port: number;
  origin: string;
  /** Every request in arrival order. */
  readonly requests: RecordedRequest[];
  readonly connectionCount: number;
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let connectionCount = 0;
  const server = net.createServer((socket) => {
    const connection = connectionCount++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new RequestReader();
    // Responses are produced concurrently but sent strictly in request order.
    let sendChain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      for (const request of reader.push(chunk)) {
        const recorded: RecordedRequest = { ...request, connection };
        requests.push(recorded);
        const ready = respondTo(recorded);
        sendChain = sendChain.then(async () => {
          const bytes = await ready;
          if (socket.destroyed) return;
          socket.write(bytes);
          recorded.answeredMs = performance.now();
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    get connectionCount() {
      return connectionCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function respondTo(request: RecordedRequest): Promise<string> {
  const url = new URL(request.target, 'http://recording.invalid');
  const delay = Number(url.searchParams.get('ms') ?? 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const body = `${request.method} ${request.target}`;
  return `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
