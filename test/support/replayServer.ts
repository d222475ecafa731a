// A loopback TCP server that answers each connection with bytes registered in advance, verbatim, and
// then closes: lets real HTTP clients (Node's http, our engine) parse exactly the stream a test built,
// however malformed. The request's target picks the registered bytes, so many cases can run at once.

import net from 'node:net';

export interface ReplayOptions {
  /** Write the bytes in pieces cut at these offsets, one write per event-loop turn, to split the client's reads. */
  cuts?: number[];
}

export interface ReplayServer {
  readonly port: number;
  /** Registers bytes for one connection; returns the request target that fetches them. */
  serve(bytes: Buffer, options?: ReplayOptions): string;
  /** The request head the client sent for `target` (once it arrived). */
  requestFor(target: string): string | undefined;
  close(): Promise<void>;
}

interface Entry {
  bytes: Buffer;
  cuts: number[];
  request?: string;
}

const MAX_REQUEST_HEAD = 64 * 1024;

export async function startReplayServer(): Promise<ReplayServer> {
  const entries = new Map<string, Entry>();
  const sockets = new Set<net.Socket>();
  let next = 0;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // the client may reset a connection it found malformed
    let head = '';
    const onData = (data: Buffer) => {
      head += data.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > MAX_REQUEST_HEAD) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const target = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
      const entry = entries.get(target);
      if (!entry) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      entry.request = head.slice(0, end + 4);
      writePieces(socket, entry.bytes, entry.cuts);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    serve(bytes, options = {}) {
      const target = `/replay/${next++}`;
      entries.set(target, { bytes, cuts: [...(options.cuts ?? [])].sort((a, b) => a - b) });
      return target;
    },
    requestFor: (target) => entries.get(target)?.request,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function writePieces(socket: net.Socket, bytes: Buffer, cuts: number[]): void {
  let from = 0;
  const pieces: Buffer[] = [];
  for (const cut of cuts) {
    if (cut > from && cut < bytes.length) {
      pieces.push(bytes.subarray(from, cut));
      from = cut;
    }
  }
  pieces.push(bytes.subarray(from));
  const writeNext = () => {
    const piece = pieces.shift();
    if (piece === undefined || socket.destroyed) {
      socket.end();
      return;
    }
    socket.write(piece, () => setImmediate(writeNext));
  };
  writeNext();
}
