// The Server report through the panel's one protocol (PanelSession, no VS Code): the plan is posted
// when the probe starts, the report when it ends, both are in the snapshot a reloaded webview gets,
// and Copy as Markdown finds the report by its probe id; the Markdown holds every verdict.
import { strict as assert } from 'node:assert';
import { startDemoServer } from '../../../src/core/demo/demoServer';
import { PanelSession } from '../../../src/extension/panel/panelSession';
import { renderProbeMarkdown, renderProbeText } from '../../../src/core/probe/probeText';
import type { HostMessage } from '../../../src/shared/panelProtocol';
import { probe } from './probeHelpers';

describe('Server report in the panel', function () {
  this.timeout(20_000);

  it('posts the plan, then the report; a reloaded webview gets both in its snapshot; Markdown has every verdict', async () => {
    const server = await startDemoServer();
    try {
      const report = await probe(`${server.origin}/status/200`, { maxPerConnection: 3, idleWaitMs: 100 });
      const posted: HostMessage[] = [];
      const panel = new PanelSession(
        'demo.http',
        (m) => posted.push(m),
        () => 1024,
      );
      panel.webviewLoaded();
      panel.probeStarted('p1', report.plan);
      assert.deepEqual(posted.at(-1), { type: 'probe-started', probeId: 'p1', plan: report.plan });
      panel.probeFinished('other', report);
      assert.equal(posted.length, 2, 'a report of another probe is ignored');
      panel.probeFinished('p1', report);
      assert.deepEqual(posted.at(-1), { type: 'probe-finished', probeId: 'p1', report });
      assert.equal(panel.probeReport('p1'), report);
      assert.equal(panel.probeReport('p0'), undefined);
      panel.webviewUnloaded();
      panel.webviewLoaded();
      const snapshot = posted.at(-1)!;
      assert.equal(snapshot.type, 'snapshot');
      if (snapshot.type === 'snapshot')
        assert.deepEqual(snapshot.snapshot.probe, { phase: 'finished', probeId: 'p1', report });
      // Messages must survive structured cloning.
      assert.deepEqual(structuredClone(report), report);

      const markdown = renderProbeMarkdown(report);
      assert.match(markdown, /^## Server report: `GET http:\/\/127\.0\.0\.1:\d+\/status\/200`/);
      for (const verdict of report.verdicts)
        assert.ok(markdown.includes(`### `) && markdown.includes(verdict.question));
      assert.match(markdown, /\*\*yes: HTTP\/1\.1, \d+ of \d+ requests reused a connection\*\*/);
      const text = renderProbeText(report);
      assert.match(text, /^Server report for GET /);
      assert.match(text, /✔ Accepts pipelined requests\? yes: 4 of 4/);
    } finally {
      await server.close();
    }
  });
});
