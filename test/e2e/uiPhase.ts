// Phase 2: what a person does. Opens examples/classic.http in the web workbench, clicks the CodeLenses
// and reads the response panel's webview, whose content sits two frames deep
// (iframe.webview.ready -> #active-frame). Screenshots of every step go to .e2e-artifacts/.
import * as path from 'node:path';
import type { FrameLocator, Page } from './playwright';
import type { Tally } from './tally';
import { openWorkbench, remoteUri, type WorkbenchOptions } from './workbench';

export interface UiPhaseOptions extends Omit<WorkbenchOptions, 'payload'> {
  extensionPath: string;
  artifacts: string;
}

interface Step {
  title: string;
  run(page: Page): Promise<void>;
}

const STEP_TIMEOUT_MS = 45_000;

/** Polls `read` until `done` holds for its value; playwright-core has no `expect` with retries. */
async function waitUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  const detail = last !== undefined ? `last seen: ${JSON.stringify(last)}` : `last error: ${String(lastError)}`;
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (${detail})`);
}

function codeLens(page: Page, title: string) {
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.locator('.contentWidgets .codelens-decoration a', { hasText: exact }).first();
}

function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

const steps: Step[] = [
  {
    title: 'classic.http opens from the explorer and shows the Send all CodeLenses',
    async run(page) {
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'classic.http' }).first();
      await row.click({ timeout: STEP_TIMEOUT_MS });
      for (const title of ['Send all: keep-alive', 'Send all: pipelined', 'Send all: fresh', 'Compare modes', 'Send']) {
        await codeLens(page, title).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      }
    },
  },
  {
    title: 'Send all: pipelined shows both responses with status 200 in the panel and the wall time in the status bar',
    async run(page) {
      await codeLens(page, 'Send all: pipelined').click({ timeout: STEP_TIMEOUT_MS });
      const statuses = panelFrame(page).locator('[data-testid="request-row"] [data-testid="status"]');
      await waitUntil('two request rows with status 200', () => statuses.allTextContents(),
        texts => texts.length === 2 && texts.every(t => /\b200\b/.test(t)));
      // The status bar keeps the last run's wall time.
      await page.locator('.statusbar-item', { hasText: /httpipe: pipelined \d+\.\d+ s/ }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    },
  },
  {
    title: 'Compare modes shows one bar per mode',
    async run(page) {
      await codeLens(page, 'Compare modes').click({ timeout: STEP_TIMEOUT_MS });
      // The panel keeps the tab the person was on; open Compare as they would.
      await panelFrame(page).locator('[data-testid="tab-compare"]').click({ timeout: STEP_TIMEOUT_MS });
      const bars = panelFrame(page).locator('[data-testid="compare-bar"]');
      const modes = await waitUntil('three compare bars', async () => {
        const found: string[] = [];
        for (let i = 0; i < (await bars.count()); i++) found.push((await bars.nth(i).getAttribute('data-mode')) ?? '?');
        return found.sort();
      }, found => found.length === 3, 90_000);
      if (modes.join(',') !== 'fresh,keepalive,pipelined') throw new Error(`compare bars for ${modes.join(', ')}`);
    },
  },
];

export async function runUiPhase(options: UiPhaseOptions, tally: Tally): Promise<void> {
  const { context, page, url } = await openWorkbench({
    ...options,
    payload: [['extensionDevelopmentPath', remoteUri(options.host, options.extensionPath)]],
  });
  try {
    await page.goto(url);
    let failedStep: string | undefined;
    for (const [i, step] of steps.entries()) {
      const title = `ui: ${step.title}`;
      if (failedStep) {
        tally.skip(title, `"${failedStep}" failed`);
        continue;
      }
      const shot = path.join(options.artifacts, `ui-${i + 1}`);
      try {
        await step.run(page);
        await page.screenshot({ path: `${shot}.png` });
        tally.pass(title);
      } catch (error) {
        await page.screenshot({ path: `${shot}-failed.png` }).catch(() => undefined);
        tally.fail(`${title} (screenshot ${shot}-failed.png)`, error);
        failedStep = step.title;
      }
    }
  } finally {
    await context.close();
  }
}
