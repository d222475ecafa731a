// Against a real HTTP/2 server that is not Node's: Debian's nginx with `listen … ssl http2;`, started
// by the test (skipped when nginx is not installed). Mode h2 negotiates h2 by ALPN and sends 200
// GETs as streams on one connection, as nginx's access log shows; the HTTP/1.1 modes stay on
// HTTP/1.1 with the same server (ALPN http/1.1).
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import { findNginxBinary, startNginxH2, type NginxH2 } from '../../support/nginxH2';
import { requests } from '../../support/requestSpecs';

describe('engine h2 mode against nginx (h2 over TLS)', function () {
  this.timeout(30_000);
  let nginx: NginxH2;
  before(async function () {
    const binary = findNginxBinary();
    if (!binary) return this.skip();
    nginx = await startNginxH2(binary);
  });
  after(async () => {
    await nginx?.close();
  });

  it('200 GETs over HTTP/2: every response right, one connection in nginx access log, HTTP/2.0 each', async () => {
    const list: Array<[string, string]> = [];
    for (let i = 0; i < 200; i++) list.push(['GET', `${nginx.origin}/item/${i}`]);
    const result = await runRequests(requests(list), { mode: 'h2', tls: { ca: nginx.certificate } });
    assert.deepEqual(
      result.requests.filter((r) => r.outcome !== 'response').map((r) => r.error?.message),
      [],
    );
    result.requests.forEach((r, i) => {
      assert.equal(r.response!.body.toString(), `/item/${i} over HTTP/2.0\n`);
      assert.equal(r.response!.httpVersion, '2');
      assert.equal(r.protocol, 'h2');
    });
    assert.equal(result.connectionsOpened, 1);
    const lines = nginx.accessLog().filter(([, , , uri]) => uri.startsWith('/item/'));
    assert.equal(lines.length, 200);
    assert.equal(new Set(lines.map(([connection]) => connection)).size, 1);
    assert.deepEqual(new Set(lines.map(([, protocol]) => protocol)), new Set(['HTTP/2.0']));
    // nginx announced its limit, and the engine stayed within it (128 streams at once at most).
    const settings = result.connections[0].frames!.find(
      (f) => f.direction === 'received' && f.type === 'SETTINGS',
    );
    assert.match(settings!.detail!, /MAX_CONCURRENT_STREAMS=128/);
  });

  it('keep-alive mode stays on HTTP/1.1 with the same server', async () => {
    const result = await runRequests(requests([['GET', `${nginx.origin}/one`]]), {
      mode: 'keepalive',
      tls: { ca: nginx.certificate },
    });
    assert.equal(result.requests[0].response!.body.toString(), '/one over HTTP/1.1\n');
    assert.equal(result.requests[0].protocol, 'http/1.1');
  });
});
