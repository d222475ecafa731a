// A raw TCP server whose every connection runs a test-written script: wait for N requests, write
// exact bytes (valid or not), close mid-pipeline, reply HTTP/1.0, stall... The engine is tested
// against real sockets while the test keeps byte-level control of what the "server" does.
import * as net from 'node:net';
import { RequestReader, type ReceivedRequest } from './requestReader';

export interface ScriptedConnection {
  /** 0-based, in accept order. */
  readonly index: number;
  /** Every request received on this connection so far. */
  readonly received: ReceivedRequest[];
  /** Resolves once at least `count` requests have arrived on this connection. */
  requests(count: number): Promise<ReceivedRequest[]>;
  write(data: string | Buffer): void;
  /** Writes and waits until the socket drained; false when it closed first (the peer went away). */
  writeAndDrain(data: string | Buffer): Promise<boolean>;
  /** Sends FIN after `data`. */
  end(data?: string | Buffer): void;
  destroy(): void;
  /** Stops reading: what the peer writes piles up in the kernel buffers, then blocks its writes. */
  pause(): void;
  resume(): void;
  /** Aborts with a TCP RST instead of a FIN (socket.resetAndDestroy). */
  reset(): void;
  /** Resolves when the socket closed, e.g. to stop a script that keeps writing. */
  readonly closed: Promise<void>;
}

export type ConnectionScript = (connection: ScriptedConnection) => void | Promise<void>;

export interface ScriptedServer {
  port: number;
  origin: string;
  /** Connections accepted so far. */
  readonly connections: ScriptedConnection[];
  close(): Promise<void>;
}

export async function startScriptedServer(script: ConnectionScript): Promise<ScriptedServer> {
  const connections: ScriptedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {
      // The engine may reset connections on purpose (timeouts, cancel); nothing to report.
    });
    const reader = new RequestReader();
    const received: ReceivedRequest[] = [];
    const waiters: Array<{ count: number; resolve: (requests: ReceivedRequest[]) => void }> = [];
    socket.on('data', (chunk: Buffer) => {
      received.push(...reader.push(chunk));
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(received.slice());
      }
    });
    const connection: ScriptedConnection = {
      index: connections.length,
      received,
      requests: (count) =>
        received.length >= count
          ? Promise.resolve(received.slice())
          : new Promise((resolve) => waiters.push({ count, resolve })),
      write: (data) => {
        if (!socket.destroyed) socket.write(data);
      },
      writeAndDrain: (data) => {
        if (socket.destroyed) return Promise.resolve(false);
        if (socket.write(data)) return Promise.resolve(true);
        return new Promise((resolve) => {
          const drained = (): void => {
            socket.off('close', gone);
            resolve(true);
          };
          const gone = (): void => {
            socket.off('drain', drained);
            resolve(false);
          };
          socket.once('drain', drained);
          socket.once('close', gone);
        });
      },
      end: (data) => {
        if (socket.destroyed) return;
        if (data === undefined) socket.end();
        else socket.end(data);
      },
      destroy: () => socket.destroy(),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      reset: () => {
        if (!socket.destroyed) socket.resetAndDestroy();
      },
      closed: new Promise((resolve) => socket.once('close', () => resolve())),
    };
    connections.push(connection);
    Promise.resolve()
      .then(() => script(connection))
      .catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A complete HTTP/1.1 response with a Content-Length body. */
export function okResponse(body: string, extraHeaders = ''): string {
  return `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`;
}

/** A well-behaved script: answers every request on the connection, in order, with its target as body. */
export async function answerEveryRequest(connection: ScriptedConnection): Promise<void> {
  for (let n = 1; ; n++) {
    const received = await Promise.race([connection.requests(n), connection.closed.then(() => undefined)]);
    if (!received) return;
    connection.write(okResponse(received[n - 1].target));
  }
}
