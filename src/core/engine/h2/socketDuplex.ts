// A JS stream standing in for a socket: what is written goes to the socket, what the socket reads
// comes out, with backpressure, end and close passed along. Node's http2 reads a real socket from
// its native handle; given one of these it reads in JS instead, which lets a subclass see the bytes
// (FrameTap) or put bytes in front of them (the demo server's ReplaySocket).
import { Duplex } from 'node:stream';
import type * as net from 'node:net';

export class SocketDuplex extends Duplex {
  constructor(
    protected readonly socket: net.Socket,
    /** Sees every chunk the socket read, before it is passed on. */
    onChunk?: (chunk: Buffer) => void,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      onChunk?.(chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
