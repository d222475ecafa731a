// The socket Node's http2 session runs on, standing between it and the real TCP/TLS socket: every
// byte passes through unchanged, and the frame headers in both directions are read on the way
// (FrameReader), so the engine learns when each stream's first frame arrived, when its last frame
// was handed to the kernel, and can list every frame in the Wire tab. Node's http2 does not
// expose frames itself. Costs one JS hop per chunk (Node wraps a JS stream for its native session).
import type * as net from 'node:net';
import { CLIENT_PREFACE_LENGTH, FrameReader, type FrameHeader } from './frameReader';
import { SocketDuplex } from './socketDuplex';

export interface FrameTapHooks {
  /** A frame we sent, once its bytes were handed to the kernel. */
  onSent(frame: FrameHeader): void;
  /** A frame header that arrived (before Node's session reads the bytes). */
  onReceived(frame: FrameHeader): void;
  /** Every chunk that arrived, before it is read as frames (to recognise a server that is not HTTP/2). */
  onBytesReceived(chunk: Buffer): void;
}

export class FrameTap extends SocketDuplex {
  private readonly sentReader: FrameReader;
  /** Frames read out of the chunk being written, announced when its write completes. */
  private writing: FrameHeader[] = [];

  constructor(
    socket: net.Socket,
    private readonly hooks: FrameTapHooks,
  ) {
    const receivedReader = new FrameReader((frame) => hooks.onReceived(frame));
    super(socket, (chunk) => {
      hooks.onBytesReceived(chunk);
      receivedReader.push(chunk);
    });
    this.sentReader = new FrameReader((frame) => this.writing.push(frame), CLIENT_PREFACE_LENGTH);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.forward([chunk], callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.forward(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  private forward(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    for (const chunk of chunks) this.sentReader.push(chunk);
    const frames = this.writing;
    this.writing = [];
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    this.socket.write(bytes, (error) => {
      // As for HTTP/1.1: a write cut short by the socket's destruction also calls back without an error.
      if (!error && !this.socket.destroyed) for (const frame of frames) this.hooks.onSent(frame);
      callback(error);
    });
  }
}
