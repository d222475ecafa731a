// A socket whose first bytes were already read (to tell an h2c preface from HTTP/1.1), handed to
// Node's http2 server with those bytes put back in front. Node's http2 reads a plain socket from its
// native handle, which would skip bytes given back with unshift(); a JS stream it reads in JS.
import { Duplex } from 'node:stream';
import type * as net from 'node:net';

export class ReplaySocket extends Duplex {
  constructor(
    private readonly socket: net.Socket,
    first: Buffer,
  ) {
    super();
    this.push(first);
    socket.on('data', (chunk: Buffer) => {
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
