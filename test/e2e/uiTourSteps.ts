// The examples as a person goes through them: tour.http sent pipelined, then every tab of the panel,
// the body actions and the re-run buttons; redirects.http with its hops; bodies.http with its decoded
// gzip response.
import type { Page } from './playwright';
import {
  activeEditorText,
  codeLens,
  panelFrame,
  readClipboard,
  rowStatuses,
  runCommand,
  shotWithoutSideBar,
  startWith,
  STEP_TIMEOUT_MS,
  waitUntil,
  type Step,
} from './uiHelpers';

/** tour.http's requests in order: chunked, sized, echo (POST), created, missing, no pipeline, last. */
const TOUR_STATUSES = ['200', '200', '200', '201', '404', '200', '204'];
const ECHO_INDEX = 2;

function sameStatuses(texts: string[]): boolean {
  return texts.map((t) => t.trim()).join(',') === TOUR_STATUSES.join(',');
}

async function detailText(page: Page, tab: 'body' | 'headers' | 'raw' | 'timing'): Promise<string> {
  await panelFrame(page).locator(`[data-testid="detail-tab-${tab}"]`).click({ timeout: STEP_TIMEOUT_MS });
  return waitUntil(
    `the ${tab} tab's content`,
    async () =>
      (await panelFrame(page).locator('[data-testid="detail-content"]').textContent({ timeout: 2000 })) ?? '',
    (t) => t.length > 0,
  );
}

function expectIncludes(what: string, text: string, ...parts: Array<string | RegExp>): void {
  for (const part of parts) {
    const found = typeof part === 'string' ? text.includes(part) : part.test(text);
    if (!found) throw new Error(`${what} lacks ${String(part)}: ${JSON.stringify(text.slice(0, 600))}`);
  }
}

async function selectEcho(page: Page): Promise<void> {
  await panelFrame(page).locator('[data-testid="tab-requests"]').click({ timeout: STEP_TIMEOUT_MS });
  await panelFrame(page)
    .locator(`[data-testid="request-row"][data-index="${ECHO_INDEX}"]`)
    .click({ timeout: STEP_TIMEOUT_MS });
  await waitUntil(
    'the echo request in the detail pane',
    async () => (await panelFrame(page).locator('.detail-url').textContent({ timeout: 2000 })) ?? '',
    (t) => t.includes('/echo'),
  );
}

export const tourSteps: Step[] = [
  {
    group: 'tour',
    title: 'tour.http: Send all: pipelined answers its seven requests in order',
    async run(page) {
      await startWith(page, 'tour.http');
      await codeLens(page, 'Send all: pipelined').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(`statuses ${TOUR_STATUSES.join(',')}`, () => rowStatuses(page), sameStatuses);
      await waitUntil(
        'the run summary',
        async () => (await panelFrame(page).locator('[data-testid="run-status"]').textContent()) ?? '',
        (t) => /7 requests/.test(t),
      );
    },
  },
  {
    group: 'tour',
    title:
      'selecting a request shows its status line, JSON body pretty-printed, headers, raw bytes and timing',
    async run(page, shot) {
      await selectEcho(page);
      const status = await panelFrame(page)
        .locator('[data-testid="detail-status-line"]')
        .textContent({ timeout: STEP_TIMEOUT_MS });
      expectIncludes('the status line', status ?? '', 'HTTP/1.1 200');
      // The demo server answers compact JSON; the preview indents it.
      expectIncludes('the JSON body', await detailText(page, 'body'), '"method": "POST"', '"url": "/echo"');
      await shot('ui-tour-body');
      expectIncludes(
        'the headers',
        await detailText(page, 'headers'),
        /content-type\s*application\/json/i,
        /content-length/i,
      );
      await shot('ui-tour-headers');
      expectIncludes(
        'the raw bytes',
        await detailText(page, 'raw'),
        'Request, as written',
        'POST /echo HTTP/1.1',
        'Response, as read',
        'X-Tour: yes',
      );
      await shot('ui-tour-raw');
      expectIncludes('the timing', await detailText(page, 'timing'), 'Taken up at');
      await waitUntil(
        'timing rows',
        () => panelFrame(page).locator('.timing-table tr').count(),
        (n) => n >= 2,
        5000,
      );
      await shot('ui-tour-timing');
      // Back to the body tab for the steps that follow (the panel remembers the sub-tab).
      await detailText(page, 'body');
    },
  },
  {
    group: 'tour',
    title: 'Timeline shows one bar row per request, each with timing segments',
    async run(page, shot) {
      await panelFrame(page).locator('[data-testid="tab-timeline"]').click({ timeout: STEP_TIMEOUT_MS });
      const rows = panelFrame(page).locator('[data-testid="timeline-row"]');
      await waitUntil(
        'seven timeline rows',
        () => rows.count(),
        (n) => n === TOUR_STATUSES.length,
      );
      for (let i = 0; i < TOUR_STATUSES.length; i++) {
        const segments = await rows.nth(i).locator('.seg').count();
        if (segments === 0) throw new Error(`timeline row ${i + 1} has no segment`);
      }
      await shotWithoutSideBar(page, shot, 'readme-panel');
    },
  },
  {
    group: 'tour',
    title: 'Wire tab marks where each pipelined request and response begins on the connection',
    async run(page) {
      await panelFrame(page).locator('[data-testid="tab-wire"]').click({ timeout: STEP_TIMEOUT_MS });
      const responses = panelFrame(page).locator('[data-testid="wire-boundary-response"]');
      const labels = await waitUntil(
        'response boundaries',
        () => responses.allTextContents(),
        (t) => t.length >= 2,
      );
      expectIncludes(
        'the response boundaries',
        labels.join('\n'),
        'Response to #1 chunked',
        'Response to #2 sized',
      );
      const requests = await panelFrame(page)
        .locator('[data-testid="wire-boundary-request"]')
        .allTextContents();
      expectIncludes('the request boundaries', requests.join('\n'), 'Request #1 chunked', 'Request #2 sized');
      // In a panel beside the editor, what was written and what was read stand side by side, not
      // the responses below every request's bytes.
      const written = await panelFrame(page)
        .locator('[data-testid="wire-boundary-request"]')
        .first()
        .boundingBox({ timeout: STEP_TIMEOUT_MS });
      const read = await responses.first().boundingBox({ timeout: STEP_TIMEOUT_MS });
      if (!written || !read || Math.abs(written.y - read.y) > 40 || read.x <= written.x) {
        throw new Error(
          `request #1 at ${JSON.stringify(written)}, its response at ${JSON.stringify(read)}: not side by side`,
        );
      }
    },
  },
  {
    group: 'tour',
    title: 'body actions: copy body, copy as curl, open the body in an editor tab',
    async run(page, shot) {
      await selectEcho(page);
      await panelFrame(page).locator('[data-testid="copy-body"]').click({ timeout: STEP_TIMEOUT_MS });
      const body = await waitUntil(
        'the body on the clipboard',
        () => readClipboard(page),
        (t) => t.includes('"method":"POST"'),
        10_000,
      );
      JSON.parse(body); // the whole body, as received
      await panelFrame(page).locator('[data-testid="copy-curl"]').click({ timeout: STEP_TIMEOUT_MS });
      const curl = await waitUntil(
        'the curl command on the clipboard',
        () => readClipboard(page),
        (t) => t.startsWith('curl'),
        10_000,
      );
      expectIncludes('the curl command', curl, '/echo', 'X-Tour: yes', 'hello');
      await panelFrame(page).locator('[data-testid="open-body"]').click({ timeout: STEP_TIMEOUT_MS });
      await page
        .locator('.tab.active', { hasText: /Untitled-\d/ })
        .first()
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'the body in the editor',
        () => activeEditorText(page),
        (t) => t.includes('"method": "POST"'),
        10_000,
      );
      await shot('ui-tour-open-body');
      // An untitled editor with text is dirty: close it unsaved, or closing all editors later would ask.
      await runCommand(page, 'View: Revert and Close Editor');
    },
  },
  {
    group: 'tour',
    title:
      'the panel comes back as it was when shown again, follows the arrow keys, and its Keep-alive and Fresh buttons re-run the file',
    async run(page) {
      // The panel may sit behind the body's editor tab: bring it forward the way a person would.
      const panelTab = page.locator('.tab', { hasText: 'httpipe: tour.http' }).first();
      await panelTab.click({ timeout: STEP_TIMEOUT_MS });
      // A hidden panel's webview is rebuilt when shown again: same run, same tab, same selection.
      await waitUntil(
        'the echo request still selected',
        async () => (await panelFrame(page).locator('.detail-url').textContent({ timeout: 2000 })) ?? '',
        (t) => t.includes('/echo'),
      );
      // The list follows the arrow keys.
      await panelFrame(page)
        .locator(`[data-testid="request-row"][data-index="${ECHO_INDEX}"]`)
        .click({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('ArrowDown');
      await waitUntil(
        'the next request selected with the arrow key',
        async () => (await panelFrame(page).locator('.detail-url').textContent({ timeout: 2000 })) ?? '',
        (t) => t.includes('/status/201'),
      );
      for (const [button, mode, connections] of [
        ['rerun-keepalive', 'keep-alive', 1],
        ['rerun-fresh', 'fresh', 7],
      ] as const) {
        await panelFrame(page).locator(`[data-testid="${button}"]`).click({ timeout: STEP_TIMEOUT_MS });
        await waitUntil(
          `the ${mode} run to finish`,
          async () => [
            (await panelFrame(page).locator('[data-testid="run-mode"]').textContent()) ?? '',
            (await panelFrame(page).locator('[data-testid="run-status"]').textContent()) ?? '',
            (await rowStatuses(page)).join(','),
          ],
          ([badge, status, statuses]) =>
            badge === mode &&
            status.includes(`${connections} connection`) &&
            statuses === TOUR_STATUSES.join(','),
        );
      }
    },
  },
  {
    group: 'redirects',
    title:
      'redirects.http: redirects and a Digest challenge show as hops: a chip in the list, a line each in the detail, their bytes in Raw, fainter bars in the Timeline',
    async run(page, shot) {
      await startWith(page, 'redirects.http');
      await codeLens(page, 'Send all: pipelined').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'statuses 201,200,302,200',
        () => rowStatuses(page),
        (t) => t.map((s) => s.trim()).join(',') === '201,200,302,200',
      );
      const chips = await panelFrame(page)
        .locator('[data-testid="request-row"] [data-testid="chip-hops"]')
        .allTextContents();
      if (chips.join(',') !== '2 hops,1 hop,1 hop') throw new Error(`hop chips: ${JSON.stringify(chips)}`);
      await panelFrame(page)
        .locator('[data-testid="request-row"][data-index="0"]')
        .click({ timeout: STEP_TIMEOUT_MS });
      const hops = await waitUntil(
        'two hop lines in the detail',
        () => panelFrame(page).locator('[data-testid="detail-hop"]').allTextContents(),
        (t) => t.length === 2,
      );
      expectIncludes(
        'the hop lines',
        hops.join('\n'),
        /Hop 1: GET .*→ 301 .*redirect 301 to/,
        /Hop 2: GET .*→ 302 .*redirect 302 to .*\/status\/201/,
      );
      expectIncludes(
        'the raw bytes',
        await detailText(page, 'raw'),
        'Hop 1: request, as written',
        'Hop 2: response, as read',
        'HTTP/1.1 302 Found',
        'Request, as written',
      );
      await shot('ui-redirects-raw');
      await detailText(page, 'body');
      await panelFrame(page)
        .locator('[data-testid="request-row"][data-index="3"]')
        .click({ timeout: STEP_TIMEOUT_MS });
      const digest = await waitUntil(
        'the Digest hop line',
        () => panelFrame(page).locator('[data-testid="detail-hop"]').allTextContents(),
        (t) => t.length === 1,
      );
      expectIncludes('the Digest hop', digest[0], '→ 401', 'Digest challenge', 'SHA-256');
      await panelFrame(page).locator('[data-testid="tab-timeline"]').click({ timeout: STEP_TIMEOUT_MS });
      const first = panelFrame(page).locator('[data-testid="timeline-row"]').first();
      await waitUntil(
        'hop segments in the first timeline row',
        () => first.locator('.seg-hop').count(),
        (n) => n > 0,
      );
      if ((await first.locator('.seg:not(.seg-hop)').count()) === 0)
        throw new Error('the final exchange has no segment in the timeline');
      await shot('ui-redirects-timeline');
    },
  },
  {
    group: 'bodies',
    title:
      'bodies.http: every kind of request body is answered, and a gzip response shows decoded, saying so',
    async run(page, shot) {
      await startWith(page, 'bodies.http');
      await codeLens(page, 'Send all: keep-alive').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'eight 200 rows',
        () => rowStatuses(page),
        (t) => t.length === 8 && t.every((s) => s.trim() === '200'),
      );
      await panelFrame(page)
        .locator('[data-testid="request-row"][data-index="7"]')
        .click({ timeout: STEP_TIMEOUT_MS });
      const body = await detailText(page, 'body');
      // The demo server's filler, abc…xyz, 2048 bytes of it once decoded.
      expectIncludes('the gzip body', body, 'abcdefghijklmnopqrstuvwxyz', /gzip/i);
      await shot('ui-bodies-gzip');
    },
  },
];
