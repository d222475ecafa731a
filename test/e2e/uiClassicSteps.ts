// The two-request classic example: CodeLenses, Send all pipelined, Compare modes (four bars), Send all
// over HTTP/2 and its frames in the Wire tab.
import {
  codeLens,
  openFromExplorer,
  panelFrame,
  rowStatuses,
  shotWithoutSideBar,
  STEP_TIMEOUT_MS,
  waitUntil,
  type Step,
} from './uiHelpers';

export const uiClassicSteps: Step[] = [
  {
    group: 'classic',
    title: 'classic.http opens from the explorer and shows the Send all CodeLenses',
    async run(page) {
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await openFromExplorer(page, 'classic.http');
      for (const title of [
        'Send all: keep-alive',
        'Send all: pipelined',
        'Send all: fresh',
        'Send all: HTTP/2',
        'Compare modes',
        'Send',
      ]) {
        await codeLens(page, title).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      }
    },
  },
  {
    group: 'classic',
    title:
      'Send all: pipelined shows both responses with status 200 in the panel and the wall time in the status bar',
    async run(page) {
      await codeLens(page, 'Send all: pipelined').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'two request rows with status 200',
        () => rowStatuses(page),
        (texts) => texts.length === 2 && texts.every((t) => /\b200\b/.test(t)),
      );
      // The status bar keeps the last run's wall time.
      await page
        .locator('.statusbar-item', { hasText: /httpipe: pipelined \d+\.\d+ s/ })
        .first()
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    },
  },
  {
    group: 'classic',
    title: 'Timeline shows the two pipelined requests overlapping on one connection',
    async run(page, shot) {
      await panelFrame(page).locator('[data-testid="tab-timeline"]').click({ timeout: STEP_TIMEOUT_MS });
      const rows = panelFrame(page).locator('[data-testid="timeline-row"]');
      await waitUntil(
        'two timeline rows',
        () => rows.count(),
        (n) => n === 2,
      );
      // Both bars start near 0 on the shared axis: the second was written before the first was answered.
      const starts: number[] = [];
      for (let i = 0; i < 2; i++) {
        const first = await rows.nth(i).locator('.seg').first().boundingBox({ timeout: STEP_TIMEOUT_MS });
        const track = await rows.nth(i).locator('.timeline-track').boundingBox({ timeout: STEP_TIMEOUT_MS });
        if (!first || !track) throw new Error(`timeline row ${i + 1} has no bar`);
        starts.push((first.x - track.x) / track.width);
      }
      if (starts.some((start) => start > 0.2))
        throw new Error(
          `bars start at ${starts.map((s) => `${Math.round(s * 100)}%`).join(', ')} of the axis`,
        );
      await shotWithoutSideBar(page, shot, 'readme-panel-classic');
    },
  },
  {
    group: 'classic',
    title: 'Compare modes opens the Comparison tab, with one bar per mode, four of them',
    async run(page) {
      await codeLens(page, 'Compare modes').click({ timeout: STEP_TIMEOUT_MS });
      // No click on the tab: a comparison that starts shows itself.
      await waitUntil(
        'the Comparison tab selected',
        () => panelFrame(page).locator('[data-testid="tab-compare"]').getAttribute('aria-selected'),
        (selected) => selected === 'true',
        30_000,
      );
      const bars = panelFrame(page).locator('[data-testid="compare-bar"]');
      const modes = await waitUntil(
        'four compare bars',
        async () => {
          const found: string[] = [];
          for (let i = 0; i < (await bars.count()); i++)
            found.push((await bars.nth(i).getAttribute('data-mode')) ?? '?');
          return found.sort();
        },
        (found) => found.length === 4,
        120_000,
      );
      if (modes.join(',') !== 'fresh,h2,keepalive,pipelined')
        throw new Error(`compare bars for ${modes.join(', ')}`);
    },
  },
  {
    group: 'classic',
    title: 'Send all: HTTP/2 answers both over streams 1 and 3, and the Wire tab lists the HTTP/2 frames',
    async run(page, shot) {
      await codeLens(page, 'Send all: HTTP/2').click({ timeout: STEP_TIMEOUT_MS });
      await panelFrame(page).locator('[data-testid="tab-requests"]').click({ timeout: STEP_TIMEOUT_MS });
      await waitUntil(
        'two request rows with status 200 on streams 1 and 3',
        async () => ({
          statuses: await rowStatuses(page),
          text: (await panelFrame(page).locator('body').textContent()) ?? '',
        }),
        ({ statuses, text }) =>
          statuses.length === 2 &&
          statuses.every((t) => /\b200\b/.test(t)) &&
          text.includes('stream 1') &&
          text.includes('stream 3'),
      );
      await panelFrame(page).locator('[data-testid="tab-wire"]').click({ timeout: STEP_TIMEOUT_MS });
      const frames = panelFrame(page).locator('[data-testid="wire-frame"]');
      const rows = await waitUntil<string[]>(
        'HTTP/2 frame rows',
        () => frames.allTextContents(),
        (texts) => texts.some((t) => t.includes('HEADERS')) && texts.some((t) => t.includes('SETTINGS')),
      );
      const text = rows.join('\n');
      for (const expected of [':path: /delay?ms=1500', ':status: 200', 'END_STREAM', 'DATA']) {
        if (!text.includes(expected))
          throw new Error(`the frame list lacks ${expected}:\n${text.slice(0, 2000)}`);
      }
      await shotWithoutSideBar(page, shot, 'panel-h2-frames');
    },
  },
];
