// Timings that hold over TLS (issue 13): for every request with a response, sent ≤ first byte ≤ end,
// none missing, in every mode, against nginx over https directly and through tinyproxy's CONNECT
// tunnel, over many runs. Node defers the write callback of a TLS write that completed at once, so a
// fast server's response used to be read before the request counted as sent.
import assert from 'node:assert/strict';
import { runRequests } from '../../../src/core/engine/runRequests';
import { RUN_MODES } from '../../../src/core/common/runModes';
import { type RunOptions } from '../../../src/core/engine/types';
import { assertTimingOrder } from '../../support/timingOrder';
import { requests } from '../../support/requestSpecs';
import {
  startNginx,
  startTinyproxy,
  type NginxServer,
  type TinyproxyServer,
} from '../../support/realServers';

const RUNS = 4;
const REQUESTS = 50;

describe('timings over TLS against nginx (directly and through tinyproxy CONNECT)', function () {
  this.timeout(120_000);
  let nginx: NginxServer;
  let proxy: TinyproxyServer;
  before(async () => {
    nginx = await startNginx({ tls: true });
    proxy = await startTinyproxy();
  });
  after(async () => {
    await proxy?.stop();
    await nginx?.stop();
  });

  for (const through of ['direct', 'tinyproxy CONNECT'] as const) {
    for (const mode of RUN_MODES) {
      it(`${through}, ${mode}: sent ≤ first byte ≤ end for every response, over ${RUNS} runs`, async () => {
        const options: RunOptions = { mode, tls: { ca: nginx.ca } };
        if (through !== 'direct') options.proxy = { https: new URL(proxy.url) };
        // Fresh mode through tinyproxy opens a tunnel per request: fewer of them keep the test short.
        const count = mode === 'fresh' ? 10 : REQUESTS;
        for (let run = 0; run < RUNS; run++) {
          const specs = requests(Array.from({ length: count }, () => ['GET', `${nginx.origin}/small.bin`]));
          const result = await runRequests(specs, options);
          assertTimingOrder(result);
          assert.equal(result.requests.filter((r) => r.response?.status === 200).length, count);
        }
      });
    }
  }
});
