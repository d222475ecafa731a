// Splits the bytes a test server receives into HTTP/1.1 requests (head plus Content-Length body),
// so test servers can react to "the third request arrived" without trusting any HTTP library.

export interface ReceivedRequest {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: Buffer;
  /** When its last byte arrived (ms, performance.now()). */
  arrivedMs: number;
}

export class RequestReader {
  private buffered = Buffer.alloc(0);

  /** Feeds received bytes; returns the requests they completed. */
  push(chunk: Buffer): ReceivedRequest[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const complete: ReceivedRequest[] = [];
    for (;;) {
      const headEnd = this.buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) break;
      const lines = this.buffered.subarray(0, headEnd).toString('latin1').split('\r\n');
      const [method = '', target = ''] = lines[0].split(' ');
      const headers = lines.slice(1).map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()];
      });
      const length = Number(headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1] ?? 0);
      const end = headEnd + 4 + length;
      if (this.buffered.length < end) break;
      complete.push({
        method,
        target,
        headers,
        body: Buffer.from(this.buffered.subarray(headEnd + 4, end)),
        arrivedMs: performance.now(),
      });
      this.buffered = this.buffered.subarray(end);
    }
    return complete;
  }
}
