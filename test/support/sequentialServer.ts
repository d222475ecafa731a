// A raw HTTP/1.1 server that never overlaps pipelined requests: it reads them all as they come but
// works on one at a time per connection, each taking `workMs`, and answers in order. It is what most
// app servers do with pipelined requests, and what the probe's "side by side" question must tell
// apart from a server that overlaps them (the demo server).
import * as net from 'node:net';
import { RequestReader } from './requestReader';

export interface SequentialServer {
  origin: string;
  close(): Promise<void>;
}

export async function startSequentialServer(workMs: number): Promise<SequentialServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new RequestReader();
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      for (const request of reader.push(chunk)) {
        queue = queue.then(async () => {
          await new Promise((resolve) => setTimeout(resolve, workMs));
          const body = request.method === 'HEAD' ? '' : `worked ${workMs} ms on ${request.target}\n`;
          if (!socket.destroyed)
            socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
