// Fetches one response with Node's own http client (llhttp underneath, default strict settings) and
// reports it in the same shape as our parser's first response, for differential comparison.

import http from 'node:http';
import type { ResponseHead } from '../../src/core/engine/types';

export interface ClientResponse {
  accepted: boolean;
  /** llhttp's code and reason (`HPE_INVALID_CHUNK_SIZE: Parse Error: …`) or the socket error when not accepted. */
  error?: string;
  /** Stream offset where llhttp stopped, for parse errors. */
  errorOffset?: number;
  interim: ResponseHead[];
  head?: ResponseHead;
  body?: string;
  trailers?: Array<[string, string]>;
}

function pairs(raw: string[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) result.push([raw[i], raw[i + 1]]);
  return result;
}

/**
 * One request on its own connection (no agent, so no reuse). The outcome is decided when the response
 * closes: llhttp may report a parse error of bytes *after* a complete response before the response's
 * last data event, so "complete" (not the first error) is what counts as accepted.
 */
export function fetchWithNode(
  port: number,
  target: string,
  method: string,
  timeoutMs = 5000,
): Promise<ClientResponse> {
  return new Promise((resolve) => {
    const interim: ResponseHead[] = [];
    let error: string | undefined;
    let errorOffset: number | undefined;
    let settled = false;
    let responded = false;
    const settle = (result: ClientResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = http.request(
      { host: '127.0.0.1', port, method, path: target, agent: false, maxHeaderSize: 1024 * 1024 },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => {}); // 'aborted' and friends: the outcome is read from res.complete on close
        res.on('close', () => {
          const head: ResponseHead = {
            httpVersion: res.httpVersion,
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: pairs(res.rawHeaders),
          };
          if (res.complete) {
            settle({
              accepted: true,
              interim,
              head,
              body: Buffer.concat(chunks).toString('latin1'),
              trailers: pairs(res.rawTrailers),
            });
          } else {
            settle({
              accepted: false,
              error: error ?? 'response incomplete (connection closed)',
              errorOffset,
              interim,
              head,
            });
          }
        });
      },
    );
    req.on('information', (info) => {
      interim.push({
        httpVersion: info.httpVersion,
        status: info.statusCode,
        statusText: info.statusMessage,
        headers: pairs(info.rawHeaders),
      });
    });
    req.on('error', (err: NodeJS.ErrnoException & { bytesParsed?: number; rawPacket?: Buffer }) => {
      if (error !== undefined) return;
      error = `${err.code ?? 'ERROR'}: ${err.message}`;
      // bytesParsed counts within the packet being parsed; the packet ends at the socket's bytesRead.
      if (err.bytesParsed !== undefined && err.rawPacket && req.socket)
        errorOffset = req.socket.bytesRead - err.rawPacket.length + err.bytesParsed;
    });
    req.on('close', () => {
      // Without a response object, the request's close is the end of the story.
      if (!responded)
        settle({ accepted: false, error: error ?? 'closed without a response', errorOffset, interim });
    });
    const timer = setTimeout(() => {
      req.destroy();
      settle({ accepted: false, error: `timeout after ${timeoutMs} ms`, interim });
    }, timeoutMs);
    req.end();
  });
}
