// What keeps the probe safe and honest, against scripted loopback servers: it stops on 429 with the
// server's Retry-After, a cancel ends it during the idle wait, a server that drops pipelined requests
// gets "no", the plan bounds what is sent, TLS facts come from real handshakes; and the CLI announces
// the plan before sending and exits 1 when the server asked it to stop.
import assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { startDemoServer } from '../../../src/core/demo/demoServer';
import { analyzeProbe } from '../../../src/core/probe/analyzeProbe';
import { planProbe, ProbeOptionsError } from '../../../src/core/probe/probePlan';
import { parseRetryAfter } from '../../../src/core/probe/rateLimit';
import { runProbe } from '../../../src/core/probe/runProbe';
import { DEFAULT_PROBE_OPTIONS } from '../../../src/core/probe/types';
import { okResponse, startScriptedServer, type ScriptedConnection } from '../../support/scriptedServer';
import { makeSelfSignedCert } from '../../support/selfSignedCert';
import { cli } from '../cli/cliProcess';
import { probe, verdict } from './probeHelpers';

/** 200 to the first two requests of the server, 429 with Retry-After: 30 to every later one. */
async function rateLimitingServer() {
  let served = 0;
  return startScriptedServer(async (connection: ScriptedConnection) => {
    for (let n = 1; ; n++) {
      const got = await Promise.race([connection.requests(n), connection.closed.then(() => undefined)]);
      if (!got) return;
      served += 1;
      connection.write(
        served <= 2
          ? okResponse('ok')
          : 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n',
      );
    }
  });
}

describe('probe: plan, stops and TLS', function () {
  this.timeout(30_000);

  it('plans at most the cap: the budget series gets what the other steps and the re-send reserve leave', () => {
    const plan = planProbe(new URL('http://127.0.0.1:8080/'), DEFAULT_PROBE_OPTIONS);
    assert.equal(plan.maxRequests, 200);
    assert.deepEqual(
      plan.steps.map((s) => [s.id, s.how, s.requests]),
      [
        ['budget', 'keepalive', 185],
        ['idle', 'keepalive', 2],
        ['pipelined', 'pipelined', 4],
        ['http2', 'h2', 1],
      ],
    );
    assert.equal(plan.resendReserve, 8);
    assert.match(plan.steps[3].description, /^1 GET in HTTP\/2 mode, h2c with prior knowledge/);
    assert.match(plan.summary, /^at most 200 GET requests to http:\/\/127\.0\.0\.1:8080\/ .*nothing else$/);
    const head = planProbe(new URL('https://localhost/x'), {
      ...DEFAULT_PROBE_OPTIONS,
      method: 'HEAD',
      maxPerConnection: 10,
    });
    assert.equal(head.maxRequests, 10 + 2 + 4 + 1 + 8);
    assert.equal(head.steps.at(-1)!.id, 'tls');
    assert.match(head.steps.at(-2)!.description, /^1 HEAD in HTTP\/2 mode, offering h2 by ALPN/);
    assert.ok(head.steps.every((s) => s.description.includes('HEAD') || s.id === 'tls'));
    assert.throws(
      () => planProbe(new URL('http://h/'), { ...DEFAULT_PROBE_OPTIONS, maxRequests: 10 }),
      ProbeOptionsError,
    );
    assert.throws(() => planProbe(new URL('ftp://h/'), DEFAULT_PROBE_OPTIONS), ProbeOptionsError);
    assert.throws(
      () => planProbe(new URL('http://user:secret@h/'), DEFAULT_PROBE_OPTIONS),
      /sends no credentials: remove user:password@/,
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('120'), 120);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('stops at the first 429 and reports its Retry-After; nothing more is sent', async () => {
    const server = await rateLimitingServer();
    try {
      const report = await probe(`${server.origin}/`);
      assert.deepEqual(report.stop, {
        kind: 'rate-limited',
        step: 'budget',
        status: 429,
        retryAfterSeconds: 30,
      });
      const received = server.connections.reduce((sum, c) => sum + c.received.length, 0);
      assert.equal(received, 3);
      assert.equal(report.requestsSent, 3);
      assert.match(
        verdict(report, 'pipelining').answer,
        /not measured: the probe stopped: the server answered 429 with Retry-After 30 s/,
      );
      assert.equal(verdict(report, 'idle').status, 'unknown');
    } finally {
      await server.close();
    }
  });

  it('says no to pipelining when the server answers the first pipelined request and drops the rest', async () => {
    const server = await startScriptedServer(async (connection) => {
      for (let n = 1; ; n++) {
        const got = await Promise.race([connection.requests(n), connection.closed.then(() => undefined)]);
        if (!got) return;
        connection.write(okResponse('same'));
        // Requests that came in behind this one (pipelined) are never answered: the server hangs up.
        if (got.length > n) return connection.end();
      }
    });
    try {
      const report = await probe(`${server.origin}/`, { maxPerConnection: 3, idleWaitMs: 200 });
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      const pipelining = verdict(report, 'pipelining');
      assert.equal(pipelining.status, 'no', pipelining.answer);
      assert.match(pipelining.answer, /only 1 of 4 were answered on the pipelined connection/);
      assert.equal(verdict(report, 'overlap').status, 'unknown');
    } finally {
      await server.close();
    }
  });

  it('says no when pipelined requests get another status than alone (400 for requests behind the first)', async () => {
    const server = await startScriptedServer(async (connection) => {
      let pipelined = false;
      for (let n = 1; ; n++) {
        const got = await Promise.race([connection.requests(n), connection.closed.then(() => undefined)]);
        if (!got) return;
        pipelined ||= got.length > n;
        connection.write(
          pipelined && n > 1 ? 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n' : okResponse('same'),
        );
      }
    });
    try {
      const report = await probe(`${server.origin}/`, { maxPerConnection: 3, idleWaitMs: 200 });
      const pipelining = verdict(report, 'pipelining');
      assert.equal(pipelining.status, 'no', pipelining.answer);
      assert.match(
        pipelining.answer,
        /all 4 were answered, but 3 differently from the same request sent alone/,
      );
      assert.ok(pipelining.evidence.some((line) => /^#2: 400, 0 bytes \(alone: 200, 4 bytes\)$/.test(line)));
    } finally {
      await server.close();
    }
  });

  it('is cancelled during the idle wait without waiting it out', async () => {
    const server = await startDemoServer();
    const controller = new AbortController();
    try {
      const options = { ...DEFAULT_PROBE_OPTIONS, maxPerConnection: 3, idleWaitMs: 20_000 };
      const plan = planProbe(new URL(`${server.origin}/status/200`), options);
      const observed = await runProbe(plan, options, {
        signal: controller.signal,
        onStep: (step) => step === 'idle' && setTimeout(() => controller.abort(), 100),
      });
      assert.deepEqual(observed.stop, { kind: 'cancelled', step: 'idle' });
      // Well under the 20 s wait: the cancel, not the wait's end, released it.
      assert.ok(observed.idle!.waitedMs < 10_000, `waited ${observed.idle!.waitedMs} ms`);
      assert.equal(observed.pipelined, undefined);
      const report = analyzeProbe(observed, options);
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      assert.match(verdict(report, 'pipelining').answer, /not measured: the probe was cancelled/);
    } finally {
      await server.close();
    }
  });

  it('reads TLS facts from two handshakes: protocol, cipher, chain expiry and session resumption', async () => {
    const { key, cert } = makeSelfSignedCert();
    const server = https.createServer({ key, cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const report = await probe(`https://localhost:${port}/`, {
        maxPerConnection: 3,
        idleWaitMs: 200,
        tls: { ca: cert },
      });
      const tls = verdict(report, 'tls');
      assert.equal(tls.status, 'value', tls.answer);
      assert.match(tls.answer, /^TLSv1\.3 TLS_\w+; the chain's first expiry in \d+ days .*; resumption yes$/);
      assert.ok(tls.evidence.some((line) => /second handshake resumed the first session/.test(line)));
      assert.equal(verdict(report, 'keepalive').status, 'yes');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('httpipe probe: plan on stderr before anything, --json report on stdout, exit 1 on 429, 2 on a POST', async () => {
    const server = await rateLimitingServer();
    try {
      const result = await cli(['probe', `${server.origin}/`, '--json'], process.cwd());
      assert.equal(result.code, 1, result.stderr);
      assert.match(
        result.stderr,
        /^httpipe probe will send at most 200 GET requests to http:\/\/127\.0\.0\.1:\d+\/ /,
      );
      const report = JSON.parse(result.stdout);
      assert.equal(report.stop.kind, 'rate-limited');
      assert.deepEqual(
        report.verdicts.map((v: { id: string }) => v.id),
        ['keepalive', 'budget', 'idle', 'pipelining', 'overlap', 'http2', 'tls'],
      );
      const usage = await cli(['probe', `${server.origin}/`, '--method', 'POST'], process.cwd());
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--method must be GET or HEAD/);
    } finally {
      await server.close();
    }
  });
});
