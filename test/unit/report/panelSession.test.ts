// The panel host's logic without VS Code: what reaches the webview, when, and in how many messages.
import { strict as assert } from 'node:assert';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestResult, RunResult } from '../../../src/core/engine/types';
import { BATCH_INTERVAL_MS, PanelSession } from '../../../src/extension/panel/panelSession';
import type { HostMessage } from '../../../src/shared/panelProtocol';
import { startRecordingServer, type RecordingServer } from '../../support/recordingServer';
import { requests } from '../../support/requestSpecs';
import { okResponse } from '../../support/responseFixture';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stubResult(index: number): RequestResult {
  return {
    index,
    name: `r${index}`,
    method: 'GET',
    url: `http://127.0.0.1/${index}`,
    outcome: 'response',
    response: okResponse(Buffer.from('ok')),
    reused: index > 0,
    retried: false,
    waits: [],
    timings: { startMs: 0, endMs: index },
    connectionId: 1,
    positionOnConnection: index + 1,
  };
}

function session() {
  const posted: HostMessage[] = [];
  const panel = new PanelSession(
    'demo.http',
    (m) => posted.push(m),
    () => 1024,
  );
  return { panel, posted };
}

const start = (runId: string, count: number) => ({
  runId,
  mode: 'pipelined' as const,
  file: '/w/demo.http',
  requests: Array.from({ length: count }, (_, i) => ({
    index: i,
    name: `r${i}`,
    method: 'GET',
    url: `http://127.0.0.1/${i}`,
  })),
});

describe('PanelSession', () => {
  it('posts nothing before the webview is ready, then one snapshot with everything so far', async () => {
    const { panel, posted } = session();
    panel.runStarted(start('a', 3));
    panel.requestFinished('a', stubResult(0));
    panel.requestFinished('a', stubResult(2));
    await wait(BATCH_INTERVAL_MS + 20);
    assert.equal(posted.length, 0);
    panel.webviewLoaded();
    assert.equal(posted.length, 1);
    const message: HostMessage = posted[0];
    assert.equal(message.type, 'snapshot');
    if (message.type !== 'snapshot') return;
    assert.equal(message.snapshot.file, 'demo.http');
    assert.equal(message.snapshot.run?.stubs.length, 3);
    assert.deepEqual(
      message.snapshot.run?.finished.map((r) => r.index),
      [0, 2],
    );
    assert.equal(message.snapshot.run?.summary, undefined, 'still running');
  });

  it('batches 1,000 finished requests into a few messages that carry all of them', async () => {
    const { panel, posted } = session();
    panel.webviewLoaded();
    panel.runStarted(start('a', 1000));
    posted.length = 0;
    for (let i = 0; i < 1000; i++) panel.requestFinished('a', stubResult(i));
    await wait(BATCH_INTERVAL_MS + 30);
    assert.ok(posted.length <= 2, `${posted.length} messages`);
    const indexes = posted.flatMap((m) =>
      m.type === 'requests-finished' ? m.requests.map((r) => r.index) : [],
    );
    assert.equal(indexes.length, 1000);
    assert.equal(new Set(indexes).size, 1000);
  });

  it('ignores results of a run that is no longer the current one', async () => {
    const { panel, posted } = session();
    panel.webviewLoaded();
    panel.runStarted(start('old', 1));
    panel.runStarted(start('new', 1));
    posted.length = 0;
    panel.requestFinished('old', stubResult(0));
    panel.runFinished('old', {
      mode: 'pipelined',
      wallMs: 1,
      connectionsOpened: 1,
      requests: [stubResult(0)],
      connections: [],
      notes: [],
      cancelled: false,
    });
    await wait(BATCH_INTERVAL_MS + 20);
    assert.deepEqual(posted, []);
    assert.equal(panel.resultFor('old', 0), undefined);
  });

  it('stops a comparison in progress when a run starts, and says why', () => {
    const { panel, posted } = session();
    panel.webviewLoaded();
    panel.compareStarted('c', 9);
    panel.runStarted(start('a', 1));
    const stopped = posted.find((m) => m.type === 'compare-stopped');
    assert.ok(stopped && stopped.type === 'compare-stopped');
    assert.equal(stopped.runId, 'c');
    assert.match(stopped.reason, /run of this file started/);
    assert.equal(panel.comparing, false);
  });

  describe('with a real run', () => {
    let server: RecordingServer;
    let run: RunResult;
    before(async () => {
      server = await startRecordingServer();
      run = await runRequests(
        requests([
          ['GET', `${server.origin}/one`],
          ['GET', `${server.origin}/two`],
        ]),
        { mode: 'pipelined' },
      );
    });
    after(() => server.close());

    it('answers detail and wire queries, with raw bytes once the run has finished', () => {
      const { panel, posted } = session();
      panel.webviewLoaded();
      panel.runStarted(start('a', 2));
      for (const r of run.requests) panel.requestFinished('a', r);
      panel.answer({ type: 'select-request', runId: 'a', index: 1 });
      const early = posted.at(-1)!;
      assert.ok(early.type === 'request-detail' && early.detail);
      assert.equal(early.detail.rawResponse, undefined);
      assert.match(early.detail.rawNote ?? '', /when the run has finished/);

      panel.runFinished('a', run);
      const finished = posted.at(-1)!;
      assert.ok(finished.type === 'run-finished');
      assert.deepEqual(
        finished.requests.map((r) => r.statusLabel),
        ['200', '200'],
      );
      panel.answer({ type: 'select-request', runId: 'a', index: 1 });
      const late = posted.at(-1)!;
      assert.ok(late.type === 'request-detail' && late.detail);
      assert.ok(late.detail.rawResponse?.endsWith('GET /two'));

      panel.answer({ type: 'show-wire', runId: 'a', connectionId: run.connections[0].id });
      const wire = posted.at(-1)!;
      assert.ok(wire.type === 'wire' && wire.wire);
      assert.deepEqual(
        wire.wire.read.map((s) => s.requestIndex),
        [0, 1],
      );
    });

    it('answers queries about another run with nothing rather than the wrong request', () => {
      const { panel, posted } = session();
      panel.webviewLoaded();
      panel.runStarted(start('a', 2));
      panel.runFinished('a', run);
      panel.answer({ type: 'select-request', runId: 'stale', index: 0 });
      const answer = posted.at(-1)!;
      assert.ok(answer.type === 'request-detail');
      assert.equal(answer.detail, undefined);
    });
  });
});
