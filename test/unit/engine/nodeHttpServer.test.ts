// Against Node's own http server (llhttp on the other side): a long pipeline answered out of
// order on the server, HEAD in the middle of it, large bodies, and a server that closes after a
// given number of requests, as real servers do (max requests per connection).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runRequests } from '../../../src/core/engine/runRequests';
import { bodies, requests } from '../../support/requestSpecs';

describe('engine against node:http', () => {
  let server: http.Server;
  let origin: string;
  let connections = 0;
  beforeEach(async () => {
    connections = 0;
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const ms = Number(url.searchParams.get('ms') ?? 0);
      const size = Number(url.searchParams.get('size') ?? 0);
      setTimeout(() => {
        const body = size > 0 ? Buffer.alloc(size, 'z') : Buffer.from(`${req.method} ${req.url}`);
        res.setHeader('Content-Length', body.length);
        res.end(req.method === 'HEAD' ? undefined : body);
      }, ms);
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('pipelines 50 requests with decreasing server delays and matches every response', async () => {
    const list: Array<[string, string]> = [];
    for (let i = 0; i < 50; i++) list.push([i === 25 ? 'HEAD' : 'GET', `${origin}/r${i}?ms=${50 - i}`]);
    const result = await runRequests(requests(list), { mode: 'pipelined' });
    assert.deepEqual(
      bodies(result.requests),
      list.map(([method, url], i) =>
        i === 25 ? '' : `${method} ${new URL(url).pathname}${new URL(url).search}`,
      ),
    );
    assert.equal(
      result.requests[25].response!.headers.find(([n]) => n.toLowerCase() === 'content-length')![1],
      String('HEAD /r25?ms=25'.length),
    );
    assert.equal(connections, 1);
  });

  it('carries large bodies back to back without mixing them up', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${origin}/big?size=1000000`],
        ['GET', `${origin}/small`],
        ['GET', `${origin}/big?size=300000`],
      ]),
      { mode: 'pipelined' },
    );
    assert.deepEqual(
      result.requests.map((r) => r.response!.bodyBytes),
      [1_000_000, 'GET /small'.length, 300_000],
    );
    assert.equal(result.requests[1].response!.body.toString(), 'GET /small');
  });

  it('recovers when the server closes after a number of requests per connection', async () => {
    server.maxRequestsPerSocket = 3;
    const list: Array<[string, string]> = [];
    for (let i = 0; i < 10; i++) list.push(['GET', `${origin}/n${i}`]);
    const result = await runRequests(requests(list), { mode: 'pipelined' });
    assert.deepEqual(
      bodies(result.requests),
      list.map(([, url]) => `GET ${new URL(url).pathname}`),
    );
    assert.equal(result.requests.filter((r) => r.outcome !== 'response').length, 0);
    // A budget of 3, not a fallback: 3 + 3 + 3 + 1, and the note says so.
    assert.equal(result.connectionsOpened, 4);
    assert.equal(connections, 4);
    assert.deepEqual(result.notes, [
      `the server at ${origin.slice('http://'.length)} closes connections after 3 requests: 4 connections used.`,
    ]);
    for (const r of result.requests)
      assert.ok(!r.waits.some((w) => w.kind === 'fallback'), JSON.stringify(r.waits));
  });
});
