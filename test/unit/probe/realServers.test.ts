// The probe's verdicts against real servers the test starts (test/support/realServers): the demo server (overlaps pipelined
// requests), nginx with and without keepalive_requests 10 (and a slow location it does not overlap), apache2, `python3 -m http.server` (HTTP/1.0,
// no keep-alive) and a raw server that answers pipelined requests one after another.
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { probe, verdict } from './probeHelpers';
import { startSequentialServer } from '../../support/sequentialServer';
import { startApache, startNginx, startPythonHttpServer, type NginxServer } from '../../support/realServers';

describe('probe against real servers', function () {
  this.timeout(60_000);

  describe('demo server', () => {
    let server: DemoServer;
    before(async () => (server = await startDemoServer({ tlsPort: 0 })));
    after(() => server.close());

    it('keeps alive, accepts pipelining and works on pipelined requests side by side (/delay)', async () => {
      const report = await probe(`${server.origin}/delay?ms=150`, { maxPerConnection: 6, idleWaitMs: 1000 });
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      assert.match(verdict(report, 'budget').answer, /^at least 6/);
      assert.match(verdict(report, 'idle').answer, /^longer than 1\.00 s/);
      assert.equal(verdict(report, 'pipelining').status, 'yes');
      const overlap = verdict(report, 'overlap');
      assert.equal(overlap.status, 'yes', overlap.answer);
      assert.ok(overlap.value! >= 3, `overlap ${overlap.value}`);
      assert.match(overlap.advice!, /Pipelining gains ≈ \d\.\d× on this endpoint/);
      const http2 = verdict(report, 'http2');
      assert.equal(http2.status, 'yes', http2.answer);
      assert.match(http2.answer, /^yes: h2c with prior knowledge; GET answered 200 on stream 1$/);
      assert.equal(http2.value, 1);
      assert.match(http2.advice!, /httpipe compare/);
      assert.equal(verdict(report, 'tls').status, 'unknown');
      assert.equal(report.stop, undefined);
    });

    it('on its TLS port: HTTP/2 offered by ALPN, one GET answered on stream 1', async () => {
      const tls = server.tls!;
      const report = await probe(`${tls.origin}/delay?ms=0`, {
        maxPerConnection: 4,
        idleWaitMs: 200,
        tls: { ca: tls.certificate },
      });
      const http2 = verdict(report, 'http2');
      assert.equal(http2.status, 'yes', http2.answer);
      assert.match(http2.answer, /^yes: ALPN h2; GET answered 200 on stream 1$/);
      assert.ok(http2.evidence.some((line) => /^the server's SETTINGS: .*MAX_CONCURRENT_STREAMS/.test(line)));
    });
  });

  describe('a server that answers pipelined requests one after another', () => {
    it('accepts pipelining but does not overlap: factor about 1', async () => {
      const server = await startSequentialServer(120);
      try {
        const report = await probe(`${server.origin}/slow`, { maxPerConnection: 4, idleWaitMs: 500 });
        assert.equal(verdict(report, 'pipelining').status, 'yes');
        const overlap = verdict(report, 'overlap');
        assert.equal(overlap.status, 'no', overlap.answer);
        assert.ok(overlap.value! <= 1.3, `overlap ${overlap.value}`);
      } finally {
        await server.close();
      }
    });
  });

  describe('nginx', () => {
    let servers: NginxServer[] = [];
    afterEach(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      servers = [];
    });

    it('with keepalive_requests 10: 10 requests per connection, seen twice, and advice naming the setting', async () => {
      const nginx = await startNginx({ keepaliveRequests: 10, keepaliveTimeoutSeconds: 1 });
      servers.push(nginx);
      const report = await probe(`${nginx.origin}/small.bin`, { maxPerConnection: 40 });
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      const budget = verdict(report, 'budget');
      assert.equal(budget.value, 10, budget.answer);
      assert.match(budget.answer, /seen 2×/);
      assert.match(budget.advice!, /nginx closes after 10 requests: raise keepalive_requests/);
      // The series stopped once the budget was seen twice: 20 answered, not 40.
      assert.equal(report.plan.steps[0].requests, 40);
      const idle = verdict(report, 'idle');
      assert.ok(idle.value! >= 700 && idle.value! <= 2500, idle.answer);
      assert.equal(verdict(report, 'pipelining').status, 'yes');
      // A static file answers in well under the 20 ms it takes to tell overlap from the network.
      assert.match(verdict(report, 'overlap').answer, /^not measured: the URL answers in/);
    });

    it('on a slow location (echo_sleep): accepts pipelining but works on one request at a time', async () => {
      const nginx = await startNginx({ slowSeconds: 0.15 });
      servers.push(nginx);
      const report = await probe(`${nginx.origin}/slow`, { maxPerConnection: 4, idleWaitMs: 500 });
      assert.equal(verdict(report, 'pipelining').status, 'yes');
      const overlap = verdict(report, 'overlap');
      assert.equal(overlap.status, 'no', overlap.answer);
      assert.ok(overlap.value! <= 1.3, `overlap ${overlap.value}`);
    });

    it('over TLS: protocol, cipher, the certificate chain and session resumption (tickets)', async () => {
      const nginx = await startNginx({ tls: true });
      servers.push(nginx);
      const report = await probe(`${nginx.origin}/small.bin`, {
        maxPerConnection: 4,
        idleWaitMs: 200,
        tls: { ca: nginx.ca },
      });
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      assert.equal(verdict(report, 'pipelining').status, 'yes');
      const tls = verdict(report, 'tls');
      // Debian's nginx 1.22 offers up to TLS 1.2 unless ssl_protocols says more.
      assert.match(
        tls.answer,
        /^TLSv1\.[23] [\w-]+; the chain's first expiry in \d+ days .*; resumption yes$/,
      );
      assert.match(
        tls.advice!,
        /^Renew localhost: it expires in 0 days\./,
        'the test certificate lives one day',
      );
      // Without the http2 option nginx picks http/1.1 in ALPN: the HTTP/2 step's GET went over HTTP/1.1.
      const http2 = verdict(report, 'http2');
      assert.equal(http2.status, 'no', http2.answer);
      assert.equal(http2.answer, 'no: the server chose http/1.1 in ALPN, not h2');
      assert.ok(http2.evidence.includes('the GET went over HTTP/1.1: 200'), http2.evidence.join('\n'));
    });

    it('over TLS with http2: HTTP/2 by ALPN, one GET answered on stream 1', async () => {
      const nginx = await startNginx({ tls: true, http2: true });
      servers.push(nginx);
      const report = await probe(`${nginx.origin}/small.bin`, {
        maxPerConnection: 4,
        idleWaitMs: 200,
        tls: { ca: nginx.ca },
      });
      const http2 = verdict(report, 'http2');
      assert.equal(http2.status, 'yes', http2.answer);
      assert.equal(http2.answer, 'yes: ALPN h2; GET answered 200 on stream 1');
      assert.ok(
        http2.evidence.some((line) => /MAX_CONCURRENT_STREAMS=128/.test(line)),
        http2.evidence.join('\n'),
      );
    });

    it('with its defaults: at least the cap, and an idle connection kept past the wait', async () => {
      const nginx = await startNginx();
      servers.push(nginx);
      const report = await probe(`${nginx.origin}/small.bin`, { maxPerConnection: 30, idleWaitMs: 1500 });
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      assert.match(verdict(report, 'budget').answer, /^at least 30/);
      assert.match(verdict(report, 'idle').answer, /^longer than 1\.50 s/);
      assert.equal(verdict(report, 'pipelining').status, 'yes');
      // Cleartext nginx reads the HTTP/2 preface as a bad HTTP/1.1 request.
      const http2 = verdict(report, 'http2');
      assert.equal(http2.status, 'no', http2.answer);
      assert.match(
        http2.answer,
        /^no: the server answered in HTTP\/1\.x \("HTTP\/1\.1 400 Bad Request"\), not HTTP\/2$/,
      );
    });
  });

  it('apache2: MaxKeepAliveRequests 100 (101 requests) and KeepAliveTimeout 1 measured from what it does', async () => {
    const apache = await startApache({ maxKeepAliveRequests: 100, keepAliveTimeoutSeconds: 1 });
    try {
      const report = await probe(`${apache.origin}/small.bin`);
      assert.equal(verdict(report, 'keepalive').status, 'yes');
      const budget = verdict(report, 'budget');
      // Apache counts the requests after the first (its keep-alives): 100 of them is 101 in all.
      assert.equal(budget.value, 101, budget.answer);
      assert.match(budget.advice!, /Apache closes after 101 requests: raise MaxKeepAliveRequests/);
      const idle = verdict(report, 'idle');
      assert.ok(idle.value! >= 700 && idle.value! <= 2500, idle.answer);
      assert.equal(verdict(report, 'pipelining').status, 'yes');
      assert.ok(report.requestsSent <= 200);
    } finally {
      await apache.stop();
    }
  });

  it('python3 -m http.server: HTTP/1.0, a connection per request, nothing to pipeline on', async () => {
    const python = await startPythonHttpServer();
    try {
      const report = await probe(`${python.origin}/small.bin`);
      const keepAlive = verdict(report, 'keepalive');
      assert.equal(keepAlive.status, 'no', keepAlive.answer);
      assert.match(keepAlive.answer, /HTTP\/1\.0/);
      assert.equal(verdict(report, 'budget').value, 1);
      assert.equal(verdict(report, 'idle').status, 'unknown');
      assert.equal(verdict(report, 'pipelining').status, 'no');
      const http2 = verdict(report, 'http2');
      assert.equal(http2.status, 'no', JSON.stringify(http2));
      // It answers the preface's "HTTP/2.0" with an HTTP/0.9-style page: no status line, no SETTINGS.
      assert.match(
        http2.answer,
        /^no: the server's first bytes are not an HTTP\/2 SETTINGS frame \("<!DOCTYPE HTML>/,
      );
      // Two closes confirm it: the series stops after 2 requests; one more in HTTP/2 mode.
      assert.equal(report.requestsSent, 3, JSON.stringify(http2));
    } finally {
      await python.stop();
    }
  });
});
