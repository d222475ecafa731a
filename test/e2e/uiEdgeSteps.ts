// What goes wrong or looks different: cancelling a slow run from the panel, a refused connection,
// an HTML response, a run of 1,000 requests, typing in a file of 5,000 requests, a `# @prompt` answered in a masked input box. Each step uses its own small .http file written into the workspace, and an HTML
// server of its own on loopback (the demo server serves no HTML).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { bigHttpFile } from '../support/bigHttpFile';
import { freePort } from './codeServer';
import type { Page } from './playwright';
import {
  codeLens,
  panelFrame,
  runCommand,
  rowStatuses,
  startWith,
  STEP_TIMEOUT_MS,
  waitUntil,
  type Step,
} from './uiHelpers';

/** A page whose script would mark the document if it ran; the preview must not run it. */
const HTML_PAGE =
  '<!DOCTYPE html><html><body><h1 id="greeting">Hello from httpipe</h1>' +
  '<script>document.getElementById("greeting").textContent = "script ran";</script></body></html>';

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
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  const htmlOrigin = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  // Nothing listens there: the port was free a moment ago and is not handed out again so soon.
  const closedOrigin = `http://127.0.0.1:${await freePort()}`;
  const files: Record<string, string> = {
    'ui-slow.http': `### slow one\nGET ${demoOrigin}/delay?ms=5000\n\n### slow two\nGET ${demoOrigin}/delay?ms=5000\n\n### slow three\nGET ${demoOrigin}/delay?ms=5000\n`,
    'ui-refused.http': `### refused\nGET ${closedOrigin}/\n`,
    'ui-html.http': `### page\nGET ${htmlOrigin}/\n`,
    'ui-scripts.http': [
      '### login',
      `GET ${demoOrigin}/echo?token=t-42`,
      '',
      '> {%',
      '  client.test("login answered", () => client.assert(response.status === 200, "status"));',
      '  client.global.set("token", response.body.url.split("token=")[1]);',
      '  client.log("token is", client.global.get("token"));',
      '%}',
      '',
      '### me',
      `GET ${demoOrigin}/echo`,
      'Authorization: Bearer {{token}}',
      '',
    ].join('\n'),
    'ui-thousand.http': Array.from(
      { length: THOUSAND },
      (_, i) => `### r${i + 1}\nGET ${demoOrigin}/bytes?n=64&r=${i + 1}\n`,
    ).join('\n'),
    'ui-big.http': bigHttpFile(BIG),
    'ui-prompt.http': `# @prompt apiToken Your API token\nGET ${demoOrigin}/echo?t={{apiToken}}\n\n>> ./ui-prompt-saved.json\n`,
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(workspace, name), text);
  return {
    steps: [...steps, promptStep(workspace)],
    close: () => new Promise((resolve) => html.close(() => resolve())),
  };
}

/**
 * `# @prompt apiToken`: Send asks in an input box that masks the typing (the name looks secret), the
 * value reaches the server, `>>` saves the body; a second Send uses the remembered value.
 */
function promptStep(workspace: string): Step {
  const saved = (name: string) => path.join(workspace, name);
  const echoedToken = (name: string): string | null => {
    if (!fs.existsSync(saved(name))) return null;
    const echoed = JSON.parse(fs.readFileSync(saved(name), 'utf8')) as { url: string };
    return new URL(echoed.url, 'http://x').searchParams.get('t');
  };
  return {
    group: 'prompt',
    title:
      'a @prompt is asked in a masked input box, its value is sent and remembered, and >> saves the body',
    async run(page) {
      await startWith(page, 'ui-prompt.http');
      await codeLens(page, 'Send').click({ timeout: STEP_TIMEOUT_MS });
      const input = page.locator('.quick-input-widget input[type="password"]').first();
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.keyboard.type('sekrit');
      await page.keyboard.press('Enter');
      await waitUntil(
        'the saved body',
        async () => echoedToken('ui-prompt-saved.json'),
        (t) => t === 'sekrit',
      );
      await codeLens(page, 'Send').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'a second saved body, without a second question',
        async () => echoedToken('ui-prompt-saved-1.json'),
        (t) => t === 'sekrit',
      );
    },
  };
}

const THOUSAND = 1000;
const BIG = 5000;

/** Visible squiggles of one severity in the active editor. */
function squiggles(page: Page, severity: 'error' | 'warning'): Promise<number> {
  return page.locator(`.editor-group-container.active .monaco-editor .squiggly-${severity}`).count();
}

/** Whether a `Send` CodeLens sits right above the first visible view line holding `text`. */
async function sendLensAbove(page: Page, text: string): Promise<boolean> {
  const editor = page.locator('.editor-group-container.active .monaco-editor');
  const line = await editor.locator('.view-line', { hasText: text }).first().boundingBox({ timeout: 2000 });
  if (!line) return false;
  // One read of every lens's place: a 5,000-request file has thousands, most of them not drawn.
  const lensTops = await page
    .locator('.contentWidgets .codelens-decoration a', { hasText: /^\s*Send\s*$/ })
    .evaluateAll((lenses: Array<{ getBoundingClientRect(): { top: number; height: number } }>): number[] =>
      lenses
        .map((lens) => lens.getBoundingClientRect())
        .filter((box) => box.height > 0)
        .map((box) => box.top),
    );
  // The lens line is drawn in the view zone just above its line: less than two lines up.
  return lensTops.some((top) => top < line.y && line.y - top < 2 * line.height + 4);
}

/** Ctrl+G to a 1-based line, then End: the cursor at the end of that line. */
async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page
    .locator('.quick-input-widget input')
    .first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
}

function detailUrl(page: Page): Promise<string> {
  return panelFrame(page)
    .locator('.detail-url')
    .textContent({ timeout: 2000 })
    .then((t) => t ?? '');
}

/** Presses `key` in the request list and waits until the detail shows request `r`; returns how long that took. */
async function selectWithKey(page: Page, key: string, r: number): Promise<number> {
  const pressed = Date.now();
  await page.keyboard.press(key);
  await waitUntil(
    `request r${r} selected with ${key}`,
    () => detailUrl(page),
    (t) => new RegExp(`[?&]r=${r}$`).test(t.trim()),
    10_000,
  );
  return Date.now() - pressed;
}

/** Types a request at the top of the big file and an unknown variable below it, checking the editor keeps up. */
async function typeInBigFile(page: Page, shot: (name: string) => Promise<void>): Promise<void> {
  // A new request above all others, typed as a person types it.
  await goToLineEnd(page, 3);
  await page.keyboard.type('\n### typed\nGET http://127.0.0.1:1/typed-request\n');
  await waitUntil(
    'a Send lens above the typed request line',
    () => sendLensAbove(page, 'typed-request'),
    (above) => above,
    60_000,
  );
  // An unknown variable in a new header of the (former) first request: one warning, none once erased.
  await goToLineEnd(page, 3 + 3 + 4);
  await page.keyboard.type('\nX-Typed: {{nope}}');
  await waitUntil(
    'the unknown variable warned',
    () => squiggles(page, 'warning'),
    (n) => n === 1,
    60_000,
  );
  await shot('ui-big-file');
  for (let k = 0; k < '\nX-Typed: {{nope}}'.length; k++) await page.keyboard.press('Backspace');
  await waitUntil(
    'the warning gone',
    () => squiggles(page, 'warning'),
    (n) => n === 0,
    60_000,
  );
}

const steps: Step[] = [
  {
    group: 'big-file',
    title:
      'typing in a file of 5,000 requests: the CodeLens of a request typed at the top sits on it, and an unknown variable typed in gets its warning, gone again once erased',
    async run(page, shot) {
      await startWith(page, 'ui-big.http');
      await codeLens(page, 'Send all: pipelined').waitFor({ state: 'visible', timeout: 90_000 });
      // The first request's Send lens is above its request line before any edit.
      await waitUntil(
        'a Send lens above the first request line',
        () => sendLensAbove(page, '/echo?i=0'),
        (above) => above,
        60_000,
      );
      if ((await squiggles(page, 'error')) + (await squiggles(page, 'warning')) !== 0)
        throw new Error('the big file shows errors or warnings before any edit');
      try {
        await typeInBigFile(page, shot);
      } finally {
        // Leave the file as it was, so later steps (and a rerun) find it unchanged.
        await runCommand(page, 'File: Revert File');
      }
    },
  },
  {
    group: 'cancel',
    title:
      'Cancel in the panel ends a slow keep-alive run at once; the requests are marked error (cancelled) and not sent',
    async run(page, shot) {
      await startWith(page, 'ui-slow.http');
      await codeLens(page, 'Send all: keep-alive').click({ timeout: STEP_TIMEOUT_MS });
      const cancel = panelFrame(page).locator('[data-testid="cancel"]');
      await cancel.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const clicked = Date.now();
      await cancel.click({ timeout: STEP_TIMEOUT_MS });
      const statuses = await waitUntil(
        'three finished rows',
        () => rowStatuses(page),
        (t) => t.length === 3 && t.every((s) => s.trim() !== ''),
        10_000,
      );
      // Each /delay takes 5 s: finishing well before that means the cancel, not the server, ended it.
      if (Date.now() - clicked > 4000)
        throw new Error(`the run ended ${Date.now() - clicked} ms after Cancel`);
      if (statuses.map((s) => s.trim()).join(',') !== 'error,not sent,not sent')
        throw new Error(`statuses ${statuses.join(',')}`);
      const problem = await panelFrame(page)
        .locator('[data-testid="detail-problem"]')
        .textContent({ timeout: STEP_TIMEOUT_MS });
      if (!/^Cancelled/.test(problem ?? '') || /\(cancelled\)/.test(problem ?? ''))
        throw new Error(`the first request's problem reads "${problem}"`);
      await waitUntil(
        'the run marked cancelled',
        async () => (await panelFrame(page).locator('[data-testid="run-status"]').textContent()) ?? '',
        (t) => t.includes('cancelled'),
      );
      await cancel.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      // `not sent` is the widest badge; the status column must show it whole, not `not …`.
      const badge = panelFrame(page).locator('[data-testid="request-row"] [data-testid="status"]').nth(1);
      const widths = await badge.evaluate((element: { scrollWidth: number; clientWidth: number }) => [
        element.scrollWidth,
        element.clientWidth,
      ]);
      if (widths[0] > widths[1])
        throw new Error(`the "not sent" badge is cut off: ${widths[0]} px of text in ${widths[1]} px`);
      await shot('ui-cancelled');
    },
  },
  {
    group: 'scripts',
    title: "a response handler's client.test result and client.log line show in the request's detail",
    async run(page, shot) {
      await startWith(page, 'ui-scripts.http');
      await codeLens(page, 'Send all: pipelined').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'two 200 rows',
        () => rowStatuses(page),
        (t) => t.length === 2 && t.every((s) => s.trim() === '200'),
      );
      const test = await waitUntil(
        "the handler's test in the detail",
        async () =>
          (await panelFrame(page)
            .locator('[data-testid="detail-script-test"]')
            .textContent({ timeout: 2000 })) ?? '',
        (t) => t.includes('login answered'),
      );
      if (!/Test passed: login answered/.test(test)) throw new Error(`the test reads "${test}"`);
      const log = await panelFrame(page)
        .locator('[data-testid="detail-script-log"]')
        .textContent({ timeout: STEP_TIMEOUT_MS });
      if (!/Log: token is t-42/.test(log ?? '')) throw new Error(`the log reads "${log}"`);
      await shot('ui-scripts');
    },
  },
  {
    group: 'refused',
    title: 'a request to a closed port shows the error with its cause',
    async run(page) {
      await startWith(page, 'ui-refused.http');
      await codeLens(page, 'Send').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'an error row',
        () => rowStatuses(page),
        (t) => t.length === 1 && t[0].trim() === 'error',
      );
      const problem = await panelFrame(page)
        .locator('[data-testid="detail-problem"]')
        .textContent({ timeout: STEP_TIMEOUT_MS });
      if (!/ECONNREFUSED|refused/i.test(problem ?? ''))
        throw new Error(`the error lacks its cause: ${problem}`);
    },
  },
  {
    group: 'html',
    title: 'an HTML response shows as source, and as a preview in a sandbox where its script does not run',
    async run(page, shot) {
      await startWith(page, 'ui-html.http');
      await codeLens(page, 'Send').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'a 200 row',
        () => rowStatuses(page),
        (t) => t.length === 1 && t[0].trim() === '200',
      );
      const source = await waitUntil(
        'the HTML source',
        async () =>
          (await panelFrame(page).locator('[data-testid="detail-content"]').textContent({ timeout: 2000 })) ??
          '',
        (t) => t.includes('<h1'),
      );
      if (!source.includes('<script>')) throw new Error(`the source view lacks the script tag: ${source}`);
      await panelFrame(page)
        .locator('[data-testid="html-preview-toggle"]')
        .click({ timeout: STEP_TIMEOUT_MS });
      const preview = panelFrame(page).locator('iframe.html-preview');
      await preview.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      if ((await preview.getAttribute('sandbox')) !== '')
        throw new Error('the preview iframe is not fully sandboxed');
      const heading = await panelFrame(page)
        .frameLocator('iframe.html-preview')
        .locator('#greeting')
        .textContent({ timeout: STEP_TIMEOUT_MS });
      if (heading !== 'Hello from httpipe') throw new Error(`the preview shows "${heading}"`);
      await shot('ui-html-preview');
    },
  },
  {
    group: 'thousand',
    title:
      'a pipelined run of 1,000 requests: all answered on one connection; the list and Timeline draw only what is on screen and follow the keys at once',
    async run(page, shot) {
      await startWith(page, 'ui-thousand.http');
      await codeLens(page, 'Send all: pipelined').click({ timeout: STEP_TIMEOUT_MS });
      const runStatus = panelFrame(page).locator('[data-testid="run-status"]');
      const status = await waitUntil(
        'the run of 1,000 requests to finish',
        async () => (await runStatus.textContent({ timeout: 2000 })) ?? '',
        (t) => t.startsWith(`${THOUSAND} requests ·`),
        90_000,
      );
      if (!/· 1 connection$/.test(status))
        throw new Error(`the run reads "${status}": expected every response on one connection`);
      // A list that built every row would hold 1,000 of them; a screenful plus the margin is a few dozen.
      const rendered = await panelFrame(page).locator('[data-testid="request-row"]').count();
      if (rendered === 0 || rendered > 120) throw new Error(`${rendered} request rows are in the page`);
      await panelFrame(page)
        .locator('[data-testid="request-row"][data-index="0"]')
        .click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'the first request selected',
        () => detailUrl(page),
        (t) => /[?&]r=1$/.test(t.trim()),
        10_000,
      );
      // Wide margins: the detail is polled every 250 ms; a panel that rebuilt 1,000 rows per key would still pass
      // on a fast machine, so the row count above is the structural check and these catch a hang.
      const latencies = [
        await selectWithKey(page, 'End', THOUSAND),
        await selectWithKey(page, 'ArrowUp', THOUSAND - 1),
      ];
      const lastRow = panelFrame(page).locator(
        `[data-testid="request-row"][data-index="${THOUSAND - 1}"] [data-testid="status"]`,
      );
      if ((await lastRow.textContent({ timeout: STEP_TIMEOUT_MS }))?.trim() !== '200')
        throw new Error('the last row, scrolled into view by End, is not a 200');
      latencies.push(await selectWithKey(page, 'Home', 1));
      if (latencies.some((ms) => ms > 3000))
        throw new Error(`selecting with the keys took ${latencies.join(', ')} ms`);
      await shot('ui-thousand-requests');
      await panelFrame(page).locator('[data-testid="tab-timeline"]').click({ timeout: STEP_TIMEOUT_MS });
      const timelineRows = await waitUntil(
        'timeline rows',
        () => panelFrame(page).locator('[data-testid="timeline-row"]').count(),
        (n) => n > 0,
      );
      if (timelineRows > 120) throw new Error(`${timelineRows} timeline rows are in the page`);
      await shot('ui-thousand-timeline');
    },
  },
];
