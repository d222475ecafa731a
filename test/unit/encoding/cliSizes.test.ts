// `httpipe run`'s size column for compressed responses: bytes received, then the decoded size.
// Real run against the demo server's /gzip and /br routes.

import assert from 'node:assert/strict';
import { renderRun } from '../../../src/cli/runReport';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestSpec } from '../../../src/core/engine/types';

function get(index: number, url: string): RequestSpec {
  return {
    index,
    name: url.slice(url.lastIndexOf('/')),
    method: 'GET',
    displayUrl: url,
    dependsOn: [],
    noPipeline: false,
    prepare: async () => ({ method: 'GET', url: new URL(url), headers: [] }),
  };
}

describe('CLI: sizes of compressed responses', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer();
  });
  after(async () => {
    await demo.close();
  });

  it('shows the size on the wire and, after an arrow, the decoded size; plain bodies keep one size', async () => {
    const run = await runRequests(
      [
        get(0, `${demo.origin}/gzip?n=2048`),
        get(1, `${demo.origin}/br?n=100000`),
        get(2, `${demo.origin}/bytes?n=2048`),
      ],
      { mode: 'keepalive' },
    );
    const text = renderRun(run);
    const rows = text.split('\n');
    const wire = (index: number) => run.requests[index].response!.bodyBytes;
    assert.match(
      rows.find((row) => row.includes('/gzip?n=2048'))!,
      new RegExp(`\\b${wire(0)} B → 2\\.0 KiB$`),
    );
    assert.match(
      rows.find((row) => row.includes('/br?n=100000'))!,
      new RegExp(`\\b${wire(1)} B → 97\\.7 KiB$`),
    );
    assert.match(
      rows.find((row) => row.includes('/bytes?n=2048'))!,
      /\s2\.0 KiB$/,
    );
    assert.ok(rows.includes('(size: bytes received → decoded, for a Content-Encoding)'));
  });
});
