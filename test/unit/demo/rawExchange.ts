// A deliberately tiny HTTP/1.1 reader for tests of the demo server: writes raw bytes on one socket and
// splits what comes back into responses, so tests see exactly what went over the wire and when.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** ms after the request bytes were written. */
  receivedMs: number;
  /** Chunk sizes, when the body was chunked. */
  chunkSizes?: number[];
}

export function header(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Parses one complete response at the start of `data`, or returns undefined when more bytes are needed. */
function parseOne(data: Buffer): { response: Omit<RawResponse, 'receivedMs'>; length: number } | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const lines = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = lines.slice(1).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()] as [string, string];
  });
  let pos = headEnd + 4;
  if (header(headers, 'transfer-encoding') === 'chunked') {
    const parts: Buffer[] = [];
    const chunkSizes: number[] = [];
    for (;;) {
      const lineEnd = data.indexOf('\r\n', pos);
      if (lineEnd < 0) return undefined;
      const size = parseInt(data.subarray(pos, lineEnd).toString('latin1'), 16);
      if (size === 0) {
        if (data.length < lineEnd + 4) return undefined;
        return { response: { status, headers, body: Buffer.concat(parts), chunkSizes }, length: lineEnd + 4 };
      }
      if (data.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      chunkSizes.push(size);
      pos = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(header(headers, 'content-length') ?? 0);
  if (data.length < pos + length) return undefined;
  return { response: { status, headers, body: data.subarray(pos, pos + length) }, length: pos + length };
}

/** Writes `request` in one go and resolves once `expected` responses have arrived (or rejects on close). */
export function rawExchange(
  port: number,
  request: string | Buffer,
  expected: number,
): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const responses: RawResponse[] = [];
    let buffered = Buffer.alloc(0);
    let startedAt = 0n;
    socket.on('connect', () => {
      startedAt = process.hrtime.bigint();
      socket.write(request);
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let next = parseOne(buffered); next; next = parseOne(buffered)) {
        responses.push({ ...next.response, receivedMs: Number(process.hrtime.bigint() - startedAt) / 1e6 });
        buffered = buffered.subarray(next.length);
      }
      if (responses.length >= expected) {
        socket.destroy();
        resolve(responses);
      }
    });
    socket.on('error', reject);
    socket.on('close', () =>
      reject(new Error(`connection closed after ${responses.length} of ${expected} responses`)),
    );
  });
}
