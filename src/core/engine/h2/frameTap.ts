// The socket Node's http2 session runs on, standing between it and the real TCP/TLS socket: every
// byte passes through unchanged, and the frame headers in both directions are read on the way
// (FrameReader), so the engine learns when each stream's first frame arrived, when its last frame
// was handed to the kernel, and can list every frame in the Wire tab. Node's http2 does not
// expose frames itself. Costs one JS hop per chunk (Node wraps a JS stream for its native session),
// and one clock read per chunk read and per write completed, whatever the number of frames in it.
import type * as net from 'node:net';
import { CLIENT_PREFACE_LENGTH, FrameReader, type FrameSink } from './frameReader';
import { SocketDuplex } from './socketDuplex';

export interface FrameTapHooks {
  /** Milliseconds on the run's clock. */
  now(): number;
  /** A frame we sent, once its bytes were handed to the kernel (`atMs`: when that write completed). */
  onSent: FrameSink;
  /** A frame that arrived (before Node's session reads the bytes; `atMs`: when its last chunk came). */
  onReceived: FrameSink;
  /** Every chunk that arrived, before it is read as frames (to recognise a server that is not HTTP/2). */
  onBytesReceived(chunk: Buffer): void;
}

/** Values per frame in `writing`: type, flags, stream, length, payload. */
const FIELDS = 5;

export class FrameTap extends SocketDuplex {
  private readonly sentReader: FrameReader;
  /** Frames read out of the chunk being written, flat, announced when its write completes. */
  private writing: Array<number | Buffer | undefined> = [];

  constructor(
    socket: net.Socket,
    private readonly hooks: FrameTapHooks,
  ) {
    const receivedReader = new FrameReader(hooks.onReceived);
    super(socket, (chunk) => {
      hooks.onBytesReceived(chunk);
      receivedReader.push(chunk, hooks.now());
    });
    this.sentReader = new FrameReader(
      (type, flags, streamId, length, payload) => this.writing.push(type, flags, streamId, length, payload),
      CLIENT_PREFACE_LENGTH,
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sentReader.push(chunk, 0);
    this.forward(chunk, callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    const buffers: Buffer[] = [];
    for (const { chunk } of chunks) {
      this.sentReader.push(chunk, 0);
      buffers.push(chunk);
    }
    this.forward(Buffer.concat(buffers), callback);
  }

  private forward(bytes: Buffer, callback: (error?: Error | null) => void): void {
    const frames = this.writing;
    this.writing = [];
    this.socket.write(bytes, (error) => {
      // As for HTTP/1.1: a write cut short by the socket's destruction also calls back without an error.
      if (!error && !this.socket.destroyed && frames.length > 0) {
        const atMs = this.hooks.now();
        for (let at = 0; at < frames.length; at += FIELDS) {
          this.hooks.onSent(
            frames[at] as number,
            frames[at + 1] as number,
            frames[at + 2] as number,
            frames[at + 3] as number,
            frames[at + 4] as Buffer | undefined,
            atMs,
          );
        }
      }
      callback(error);
    });
  }
}
