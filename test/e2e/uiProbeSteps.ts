// Probe Server… as a person uses it: the "Probe" CodeLens of a .http file suggests its first request's
// origin, the modal names what will be sent, and the Server report opens in the real panel with a
// verdict per question; Copy as Markdown puts the report on the clipboard.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  codeLens,
  panelFrame,
  readClipboard,
  shotWithoutSideBar,
  startWith,
  STEP_TIMEOUT_MS,
  waitUntil,
  type Step,
} from './uiHelpers';

/** Writes the step's .http file (its first request goes to the demo server) into `workspace`. */
export function probeSteps(workspace: string, demoOrigin: string): Step[] {
  fs.writeFileSync(path.join(workspace, 'ui-probe.http'), `### slow\nGET ${demoOrigin}/delay?ms=100\n`);
  return [
    {
      group: 'probe',
      title:
        'The Probe CodeLens asks for the URL (the first request origin), shows the plan, and opens the Server report',
      async run(page, shot) {
        await startWith(page, 'ui-probe.http');
        await codeLens(page, 'Probe').click({ timeout: STEP_TIMEOUT_MS });
        const input = page.locator('.quick-input-widget input').first();
        await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
        const suggested = await input.evaluate((element: { value: string }) => element.value);
        if (suggested !== `${demoOrigin}/`) throw new Error(`the input box suggests "${suggested}"`);
        await page.keyboard.press('Enter');
        const dialog = page.locator('.monaco-dialog-box').first();
        await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
        const text = (await dialog.textContent()) ?? '';
        if (!/at most 200 GET requests to http:\/\/127\.0\.0\.1:\d+\//.test(text))
          throw new Error(`the confirmation reads "${text}"`);
        await dialog
          .locator('.monaco-button', { hasText: /^Probe$/ })
          .first()
          .click({ timeout: STEP_TIMEOUT_MS });
        const verdicts = panelFrame(page).locator('[data-testid="probe-verdict"]');
        // The idle wait lasts until the demo server closes the idle connection (a few seconds).
        await waitUntil(
          'seven verdicts in the Server report',
          () => verdicts.count(),
          (n) => n === 7,
          60_000,
        );
        const answer = (id: string) =>
          panelFrame(page)
            .locator(`[data-verdict="${id}"] [data-testid="probe-answer"]`)
            .textContent({ timeout: STEP_TIMEOUT_MS })
            .then((t) => t ?? '');
        for (const [id, expected] of [
          ['keepalive', /^yes: HTTP\/1\.1/],
          ['pipelining', /^yes: 4 of 4/],
          ['idle', /^about \d/],
          // The probe asks the origin's root, which the demo server answers 404: still HTTP/2.
          ['http2', /^yes: h2c with prior knowledge; GET answered 404 on stream 1$/],
        ] as const) {
          const got = await answer(id);
          if (!expected.test(got)) throw new Error(`${id} reads "${got}"`);
        }
        await shotWithoutSideBar(page, shot, 'readme-probe');
      },
    },
    {
      group: 'probe',
      title: 'Copy as Markdown puts the Server report on the clipboard',
      async run(page) {
        await panelFrame(page)
          .locator('[data-testid="probe-copy-markdown"]')
          .click({ timeout: STEP_TIMEOUT_MS });
        await waitUntil(
          'the report on the clipboard',
          () => readClipboard(page),
          (t) =>
            t.startsWith('## Server report: `GET http://127.0.0.1:') &&
            t.includes('Accepts pipelined requests?'),
          10_000,
        );
      },
    },
  ];
}
