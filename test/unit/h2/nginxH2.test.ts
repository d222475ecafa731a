// Against a real HTTP/2 server that is not Node's: Debian's nginx with `listen … ssl http2;`, started
// by the real-server harness (test/support/realServers/). Mode h2 negotiates h2 by ALPN and sends 200
// GETs as streams on one connection, as nginx's access log shows; keep-alive mode stays on HTTP/1.1
// with the same server (ALPN http/1.1).
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import { connectionCounts } from '../../support/realServers/process';
import { startNginx, SMALL_BODY_BYTES, type NginxServer } from '../../support/realServers/nginx';
import { requests } from '../../support/requestSpecs';

describe('engine h2 mode against nginx (h2 over TLS)', function () {
  this.timeout(30_000);
  let nginx: NginxServer;
  before(async () => {
    nginx = await startNginx({ tls: true, http2: true });
  });
  after(async () => {
    await nginx?.stop();
  });

  it('200 GETs over HTTP/2: every response right, one connection in nginx access log', async () => {
    const list: Array<[string, string]> = [['GET', `${nginx.origin}/protocol`]];
    for (let i = 0; i < 200; i++) list.push(['GET', `${nginx.origin}/small.bin`]);
    const result = await runRequests(requests(list), { mode: 'h2', tls: { ca: nginx.ca } });
    assert.deepEqual(
      result.requests.filter((r) => r.outcome !== 'response').map((r) => r.error?.message),
      [],
    );
    assert.equal(result.requests[0].response!.body.toString(), 'HTTP/2.0\n');
    for (const r of result.requests.slice(1)) {
      assert.equal(r.response!.status, 200);
      assert.equal(r.response!.bodyBytes, SMALL_BODY_BYTES);
      assert.equal(r.response!.httpVersion, '2');
      assert.equal(r.protocol, 'h2');
    }
    assert.equal(result.connectionsOpened, 1);
    assert.deepEqual(connectionCounts(await nginx.accessLog.take(201)), { connections: 1, requests: 201 });
    // nginx announced its limit in its SETTINGS.
    const settings = result.connections[0].frames!.find(
      (f) => f.direction === 'received' && f.type === 'SETTINGS',
    );
    assert.match(settings!.detail!, /MAX_CONCURRENT_STREAMS=128/);
  });

  it('keep-alive mode stays on HTTP/1.1 with the same server', async () => {
    const result = await runRequests(requests([['GET', `${nginx.origin}/protocol`]]), {
      mode: 'keepalive',
      tls: { ca: nginx.ca },
    });
    assert.equal(result.requests[0].response!.body.toString(), 'HTTP/1.1\n');
    assert.equal(result.requests[0].protocol, 'http/1.1');
    await nginx.accessLog.take(1);
  });
});
