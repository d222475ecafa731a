// Pipelining against real Debian servers on 127.0.0.1 (issue 13): connection budgets (nginx
// keepalive_requests, apache MaxKeepAliveRequests), a proxy that closes after every response without
// saying so (tinyproxy), the user's own Connection: close, and a POST behind an earlier redirect.
// Each server counts on its access log which connections really carried which requests.
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestResult, RunResult } from '../../../src/core/engine/types';
import { requests, type SpecOptions } from '../../support/requestSpecs';
import { connectionCounts, startApache, startNginx, startTinyproxy } from '../../support/realServers';

function gets(origin: string, count: number, path = '/small.bin'): Array<[string, string, SpecOptions?]> {
  return Array.from({ length: count }, () => ['GET', `${origin}${path}`] as [string, string]);
}

function statuses(result: RunResult): Array<number | string> {
  return result.requests.map((r: RequestResult) => r.response?.status ?? `${r.outcome}: ${r.error?.message}`);
}

describe('pipelining against real servers (Debian nginx, apache2, tinyproxy)', function () {
  this.timeout(60_000);

  it('nginx keepalive_requests 10, 25 pipelined GETs: a budget of 10, 3 connections, no fallback', async () => {
    const nginx = await startNginx({ keepaliveRequests: 10 });
    try {
      const result = await runRequests(requests(gets(nginx.origin, 25)), { mode: 'pipelined' });
      assert.deepEqual(statuses(result), Array(25).fill(200));
      const host = nginx.origin.replace('http://', '');
      assert.deepEqual(result.notes, [
        `nginx at ${host} closes connections after 10 requests: 3 connections used.`,
      ]);
      for (const r of result.requests)
        assert.ok(!r.waits.some((w) => w.kind === 'fallback'), JSON.stringify(r.waits));
      // Only the first connection, before the budget was known, carried more than 10.
      assert.ok(result.connections.slice(1).every((c) => c.requests.length <= 10));
      const counts = connectionCounts(await nginx.accessLog.take(25));
      assert.deepEqual(counts, { connections: 3, requests: 25 });
    } finally {
      await nginx.stop();
    }
  });

  it('apache2 with its default MaxKeepAliveRequests 100 (101 responses a connection), 200 pipelined GETs: 2 connections', async () => {
    const apache = await startApache();
    try {
      const result = await runRequests(requests(gets(apache.origin, 200)), { mode: 'pipelined' });
      assert.deepEqual(statuses(result), Array(200).fill(200));
      assert.equal(result.notes.length, 1);
      assert.match(
        result.notes[0],
        /^Apache at 127\.0\.0\.1:\d+ closes connections after 101 requests: 2 connections used\.$/,
      );
      const counts = connectionCounts(await apache.accessLog.take(200));
      assert.deepEqual(counts, { connections: 2, requests: 200 });
    } finally {
      await apache.stop();
    }
  });

  it('tinyproxy (closes after every response without saying so), 6 pipelined GETs: all answered, the proxy named', async () => {
    const nginx = await startNginx();
    const proxy = await startTinyproxy();
    try {
      const result = await runRequests(requests(gets(nginx.origin, 6)), {
        mode: 'pipelined',
        proxy: { http: new URL(proxy.url) },
      });
      assert.deepEqual(statuses(result), Array(6).fill(200));
      assert.equal(result.notes.length, 1, result.notes.join(' | '));
      assert.match(
        result.notes[0],
        new RegExp(
          `^the proxy ${proxy.url} closes the connection after every response without Connection: close, .*one at a time`,
        ),
      );
      assert.deepEqual(connectionCounts(await nginx.accessLog.take(6)).requests, 6);
    } finally {
      await proxy.stop();
      await nginx.stop();
    }
  });

  it("the user's Connection: close ends its connection: the next requests go on a new one, nothing re-sent", async () => {
    const nginx = await startNginx();
    try {
      const url = `${nginx.origin}/small.bin`;
      const result = await runRequests(
        requests([
          ['GET', url],
          ['GET', url, { headers: [['Connection', 'close']] }],
          ['GET', url],
          ['GET', url],
        ]),
        { mode: 'pipelined' },
      );
      assert.deepEqual(statuses(result), [200, 200, 200, 200]);
      assert.deepEqual(
        result.requests.map((r) => r.retried),
        [false, false, false, false],
      );
      assert.deepEqual(result.notes, []);
      assert.deepEqual(
        result.connections.map((c) => c.requests),
        [
          [0, 1],
          [2, 3],
        ],
      );
      const lines = await nginx.accessLog.take(4);
      assert.deepEqual(connectionCounts(lines), { connections: 2, requests: 4 });
    } finally {
      await nginx.stop();
    }
  });

  it("a POST waits for an earlier request's redirect to be followed (nginx's log shows the order)", async () => {
    const nginx = await startNginx({ slowSeconds: 0.3 });
    try {
      const result = await runRequests(
        requests([
          ['GET', `${nginx.origin}/slow`],
          ['GET', `${nginx.origin}/redirect`],
          ['GET', `${nginx.origin}/index.html`],
          ['POST', `${nginx.origin}/post`, { body: 'once' }],
        ]),
        { mode: 'pipelined' },
      );
      assert.deepEqual(statuses(result), [200, 200, 200, 200]);
      assert.equal(result.requests[1].hops?.[0]?.status, 301);
      const order = (await nginx.accessLog.take(5)).map((line) => line.split(' ').slice(3).join(' '));
      assert.deepEqual(order, [
        'GET /slow',
        'GET /redirect',
        'GET /index.html',
        'GET /small.bin',
        'POST /post',
      ]);
      assert.ok(
        result.requests[3].waits.some((w) => w.kind === 'non-idempotent' && w.on === 1),
        JSON.stringify(result.requests[3].waits),
      );
    } finally {
      await nginx.stop();
    }
  });
});
