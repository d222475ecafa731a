// What goes wrong or looks different: cancelling a slow run from the panel, a refused connection,
// an HTML response. Each step uses its own small .http file written into the workspace, and an HTML
// server of its own on loopback (the demo server serves no HTML).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { freePort } from './codeServer';
import { codeLens, panelFrame, rowStatuses, startWith, STEP_TIMEOUT_MS, waitUntil, type Step } from './uiHelpers';

/** A page whose script would mark the document if it ran; the preview must not run it. */
const HTML_PAGE = '<!DOCTYPE html><html><body><h1 id="greeting">Hello from httpipe</h1>'
  + '<script>document.getElementById("greeting").textContent = "script ran";</script></body></html>';

export interface EdgeFixtures {
  steps: Step[];
  close(): Promise<void>;
}

/** Writes the step's .http files into `workspace` and starts the HTML server they point at. */
export async function edgeFixtures(workspace: string, demoOrigin: string): Promise<EdgeFixtures> {
  const html = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(HTML_PAGE);
  });
  await new Promise<void>(resolve => html.listen(0, '127.0.0.1', resolve));
  const htmlOrigin = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  // Nothing listens there: the port was free a moment ago and is not handed out again so soon.
  const closedOrigin = `http://127.0.0.1:${await freePort()}`;
  const files: Record<string, string> = {
    'ui-slow.http': `### slow one\nGET ${demoOrigin}/delay?ms=5000\n\n### slow two\nGET ${demoOrigin}/delay?ms=5000\n\n### slow three\nGET ${demoOrigin}/delay?ms=5000\n`,
    'ui-refused.http': `### refused\nGET ${closedOrigin}/\n`,
    'ui-html.http': `### page\nGET ${htmlOrigin}/\n`,
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(workspace, name), text);
  return { steps, close: () => new Promise(resolve => html.close(() => resolve())) };
}

const steps: Step[] = [
  {
    group: 'cancel',
    title: 'Cancel in the panel ends a slow keep-alive run at once; the requests are marked error (cancelled) and not sent',
    async run(page, shot) {
      await startWith(page, 'ui-slow.http');
      await codeLens(page, 'Send all: keep-alive').click({ timeout: STEP_TIMEOUT_MS });
      const cancel = panelFrame(page).locator('[data-testid="cancel"]');
      await cancel.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const clicked = Date.now();
      await cancel.click({ timeout: STEP_TIMEOUT_MS });
      const statuses = await waitUntil('three finished rows', () => rowStatuses(page), t => t.length === 3 && t.every(s => s.trim() !== ''), 10_000);
      // Each /delay takes 5 s: finishing well before that means the cancel, not the server, ended it.
      if (Date.now() - clicked > 4000) throw new Error(`the run ended ${Date.now() - clicked} ms after Cancel`);
      if (statuses.map(s => s.trim()).join(',') !== 'error,not sent,not sent') throw new Error(`statuses ${statuses.join(',')}`);
      const problem = await panelFrame(page).locator('[data-testid="detail-problem"]').textContent({ timeout: STEP_TIMEOUT_MS });
      if (!/^Cancelled/.test(problem ?? '') || /\(cancelled\)/.test(problem ?? '')) throw new Error(`the first request's problem reads "${problem}"`);
      await waitUntil('the run marked cancelled', async () => (await panelFrame(page).locator('[data-testid="run-status"]').textContent()) ?? '', t => t.includes('cancelled'));
      await cancel.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      // `not sent` is the widest badge; the status column must show it whole, not `not …`.
      const badge = panelFrame(page).locator('[data-testid="request-row"] [data-testid="status"]').nth(1);
      const widths = await badge.evaluate((element: { scrollWidth: number; clientWidth: number }) => [element.scrollWidth, element.clientWidth]);
      if (widths[0] > widths[1]) throw new Error(`the "not sent" badge is cut off: ${widths[0]} px of text in ${widths[1]} px`);
      await shot('ui-cancelled');
    },
  },
  {
    group: 'refused',
    title: 'a request to a closed port shows the error with its cause',
    async run(page) {
      await startWith(page, 'ui-refused.http');
      await codeLens(page, 'Send').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil('an error row', () => rowStatuses(page), t => t.length === 1 && t[0].trim() === 'error');
      const problem = await panelFrame(page).locator('[data-testid="detail-problem"]').textContent({ timeout: STEP_TIMEOUT_MS });
      if (!/ECONNREFUSED|refused/i.test(problem ?? '')) throw new Error(`the error lacks its cause: ${problem}`);
    },
  },
  {
    group: 'html',
    title: 'an HTML response shows as source, and as a preview in a sandbox where its script does not run',
    async run(page, shot) {
      await startWith(page, 'ui-html.http');
      await codeLens(page, 'Send').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil('a 200 row', () => rowStatuses(page), t => t.length === 1 && t[0].trim() === '200');
      const source = await waitUntil('the HTML source', async () => (await panelFrame(page).locator('[data-testid="detail-content"]').textContent({ timeout: 2000 })) ?? '', t => t.includes('<h1'));
      if (!source.includes('<script>')) throw new Error(`the source view lacks the script tag: ${source}`);
      await panelFrame(page).locator('[data-testid="html-preview-toggle"]').click({ timeout: STEP_TIMEOUT_MS });
      const preview = panelFrame(page).locator('iframe.html-preview');
      await preview.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      if ((await preview.getAttribute('sandbox')) !== '') throw new Error('the preview iframe is not fully sandboxed');
      const heading = await panelFrame(page).frameLocator('iframe.html-preview').locator('#greeting').textContent({ timeout: STEP_TIMEOUT_MS });
      if (heading !== 'Hello from httpipe') throw new Error(`the preview shows "${heading}"`);
      await shot('ui-html-preview');
    },
  },
];
