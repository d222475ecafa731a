// A session's memory of connection budgets (RunOptions.budgetMemory) against real nginx on 127.0.0.1:
// the first pipelined run learns `keepalive_requests 10` as today; the next run of the session opens
// the connections it needs at once, at most 10 requests each, and re-sends nothing. A remembered
// budget is only a hint: a server that now allows more still gets every request answered, one that
// closes earlier teaches the smaller budget. nginx's access log ($connection, $request_uri with a
// number per request) shows which connection carried what, and that no request was lost or doubled.
import assert from 'node:assert/strict';
import { BudgetMemory } from '../../../src/core/engine/connectionBudget';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RunResult } from '../../../src/core/engine/types';
import { requests } from '../../support/requestSpecs';
import { connectionCounts, startNginx, type NginxServer } from '../../support/realServers';

const COUNT = 200;

/** `count` GETs of `/small.bin?n=<index>`, so nginx's log names each request. */
function numberedGets(origin: string, count: number): Parameters<typeof requests>[0] {
  return Array.from({ length: count }, (_, n) => ['GET', `${origin}/small.bin?n=${n}`] as [string, string]);
}

async function pipelined(nginx: NginxServer, memory: BudgetMemory | undefined): Promise<RunResult> {
  return runRequests(requests(numberedGets(nginx.origin, COUNT)), {
    mode: 'pipelined',
    budgetMemory: memory,
  });
}

/** nginx's lines for one run: every request answered 200 exactly once; the connections it saw. */
async function served(nginx: NginxServer): Promise<number> {
  const lines = await nginx.accessLog.take(COUNT);
  const uris = lines.map((line) => line.split(' ')[4]).sort();
  const expected = Array.from({ length: COUNT }, (_, n) => `/small.bin?n=${n}`).sort();
  assert.deepEqual(uris, expected, 'each request reached nginx exactly once');
  assert.ok(
    lines.every((line) => line.split(' ')[2] === '200'),
    'nginx answered every request with 200',
  );
  return connectionCounts(lines).connections;
}

/** Connections the run opened before any response began: all that a synchronous first pump opened. */
function openedBeforeFirstResponse(result: RunResult): number {
  const firstByte = Math.min(...result.requests.map((r) => r.timings.firstByteMs ?? Infinity));
  return result.connections.filter((c) => c.openedMs < firstByte).length;
}

function note(nginx: NginxServer, requestsPerConnection: number, connections: number): string {
  const host = nginx.origin.replace('http://', '');
  return `nginx at ${host} closes connections after ${requestsPerConnection} requests: ${connections} connections used.`;
}

describe('a session remembers connection budgets between runs (real nginx)', function () {
  this.timeout(60_000);

  it('keepalive_requests 10, 200 pipelined GETs twice: the second run opens its 20 connections at once and re-sends nothing', async () => {
    const nginx = await startNginx({ keepaliveRequests: 10 });
    const memory = new BudgetMemory();
    try {
      const first = await pipelined(nginx, memory);
      assert.ok(first.requests.every((r) => r.response?.status === 200));
      assert.equal(await served(nginx), 20);
      assert.deepEqual(first.notes, [note(nginx, 10, 20)]);
      // Before the budget was known one connection carried everything; the rest were re-sent.
      assert.equal(openedBeforeFirstResponse(first), 1);
      assert.ok(first.requests.some((r) => r.retried));
      assert.equal(memory.recall(nginx.origin), 10);

      const second = await pipelined(nginx, memory);
      assert.ok(second.requests.every((r) => r.response?.status === 200));
      assert.equal(await served(nginx), 20);
      assert.deepEqual(second.notes, [note(nginx, 10, 20)]);
      assert.equal(openedBeforeFirstResponse(second), 20);
      assert.ok(second.connections.every((c) => c.requests.length === 10));
      assert.deepEqual(
        second.requests.filter((r) => r.retried).map((r) => r.index),
        [],
      );
    } finally {
      await nginx.stop();
    }
  });

  it('without a memory every run learns afresh', async () => {
    const nginx = await startNginx({ keepaliveRequests: 10 });
    try {
      await pipelined(nginx, undefined);
      assert.equal(await served(nginx), 20);
      const again = await pipelined(nginx, undefined);
      assert.equal(await served(nginx), 20);
      assert.equal(openedBeforeFirstResponse(again), 1);
    } finally {
      await nginx.stop();
    }
  });

  it('a remembered budget is a hint: a server that now allows more answers everything, with no note', async () => {
    const nginx = await startNginx();
    const memory = new BudgetMemory();
    memory.remember(nginx.origin, 10);
    try {
      const result = await pipelined(nginx, memory);
      assert.ok(result.requests.every((r) => r.response?.status === 200));
      assert.equal(await served(nginx), 20);
      assert.deepEqual(result.notes, []);
      assert.equal(memory.recall(nginx.origin), 10);
    } finally {
      await nginx.stop();
    }
  });

  it('a server that now closes earlier teaches the smaller budget, and the note says what this run saw', async () => {
    const nginx = await startNginx({ keepaliveRequests: 5 });
    const memory = new BudgetMemory();
    memory.remember(nginx.origin, 10);
    try {
      const result = await pipelined(nginx, memory);
      assert.ok(result.requests.every((r) => r.response?.status === 200));
      const connections = await served(nginx);
      assert.equal(connections, 40);
      assert.deepEqual(result.notes, [note(nginx, 5, result.connections.length)]);
      assert.equal(memory.recall(nginx.origin), 5);
    } finally {
      await nginx.stop();
    }
  });
});
