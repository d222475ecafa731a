// A 200 response as the engine returns it, for tests of what reads results (reports, statistics,
// assertions) without running requests: one literal instead of a copy in each test file.
import type { ResponseData } from '../../src/core/engine/types';

export function okResponse(body: Buffer = Buffer.alloc(0)): ResponseData {
  return {
    httpVersion: '1.1',
    status: 200,
    statusText: 'OK',
    headers: [],
    interim: [],
    trailers: [],
    body,
    bodyBytes: body.length,
    bodyTruncated: false,
  };
}
