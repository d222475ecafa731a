// A socket whose first bytes were already read (to tell an h2c preface from HTTP/1.1), handed to
// Node's http2 server with those bytes put back in front. Node's http2 reads a plain socket from its
// native handle, which would skip bytes given back with unshift(); a JS stream it reads in JS.
import type * as net from 'node:net';
import { SocketDuplex } from '../engine/h2/socketDuplex';

export class ReplaySocket extends SocketDuplex {
  constructor(socket: net.Socket, first: Buffer) {
    super(socket);
    this.push(first);
  }
}
