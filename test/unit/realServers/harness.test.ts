// The real-server harness itself: each Debian server starts on a free loopback port with its generated
// config, answers, logs every request with its connection, and stops.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import { startApache, startNginx, startTinyproxy } from '../../support/realServers';
import { findBinary } from '../../support/realServers/process';

function get(url: string, options: https.RequestOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, { agent: false, ...options }, (response) => {
      let body = '';
      response.setEncoding('latin1').on('data', (text: string) => (body += text));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
  });
}

describe('real-server harness (Debian nginx, apache2, tinyproxy)', function () {
  this.timeout(30_000);

  it('nginx: serves the static file, logs connection and method, over http and https', async () => {
    for (const tls of [false, true]) {
      const nginx = await startNginx({ tls });
      try {
        const response = await get(`${nginx.origin}/small.bin`, tls ? { ca: nginx.ca } : {});
        assert.equal(response.status, 200);
        assert.equal(response.body.length, 64);
        const [line] = await nginx.accessLog.take(1);
        assert.match(line, /^\d+ 1 200 GET \/small\.bin$/);
      } finally {
        await nginx.stop();
      }
    }
  });

  it('apache2: serves the static file and logs the client port', async () => {
    const apache = await startApache({ maxKeepAliveRequests: 5 });
    try {
      const response = await get(`${apache.origin}/small.bin`);
      assert.equal(response.status, 200);
      const [line] = await apache.accessLog.take(1);
      assert.match(line, /^\d+ 0 200 GET \/small\.bin$/);
    } finally {
      await apache.stop();
    }
  });

  it('a missing server binary fails with the command that installs it, not a skip', () => {
    assert.throws(
      () => findBinary('httpipe-no-such-server', 'httpipe-no-such-package'),
      /httpipe-no-such-server \(Debian package httpipe-no-such-package\) is not installed: run `bash scripts\/real-servers\.sh`/,
    );
  });

  it('tinyproxy: forwards an absolute-form request to nginx', async () => {
    const nginx = await startNginx();
    const proxy = await startTinyproxy();
    try {
      const response = await get(`${proxy.url}/`, { path: `${nginx.origin}/small.bin` });
      assert.equal(response.status, 200);
      assert.equal(response.body.length, 64);
    } finally {
      await proxy.stop();
      await nginx.stop();
    }
  });
});
