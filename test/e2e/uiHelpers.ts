// What the UI steps do again and again: wait for something on screen, find a CodeLens, reach into
// the response panel's webview, open a file from the explorer, run a palette command.
import type { FrameLocator, Locator, Page } from './playwright';

export const STEP_TIMEOUT_MS = 45_000;

export interface Step {
  title: string;
  /** Steps of a group build on each other: after a failure the rest of its group is skipped. */
  group: string;
  /** `shot(name)` saves a screenshot of this moment as .e2e-artifacts/<name>.png. */
  run(page: Page, shot: (name: string) => Promise<void>): Promise<void>;
}

/** Polls `read` until `done` holds for its value; playwright-core has no `expect` with retries. */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<T> {
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
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const detail =
    last !== undefined ? `last seen: ${JSON.stringify(last)}` : `last error: ${String(lastError)}`;
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (${detail})`);
}

export function codeLens(page: Page, title: string): Locator {
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return page.locator('.contentWidgets .codelens-decoration a', { hasText: exact }).first();
}

/**
 * The visible response panel's content, two frames deep (iframe.webview.ready -> #active-frame). The
 * panel is not kept alive when hidden, so the only ready webview is the one on screen.
 */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Every `[data-testid=status]` text of the panel's request rows. */
export function rowStatuses(page: Page): Promise<string[]> {
  return panelFrame(page).locator('[data-testid="request-row"] [data-testid="status"]').allTextContents();
}

export async function openFromExplorer(page: Page, fileName: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await row.click({ timeout: STEP_TIMEOUT_MS });
  await page
    .locator('.tab.active', { hasText: fileName })
    .first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Closes every editor (and so every response panel), then opens `fileName`: one webview on screen. */
export async function startWith(page: Page, fileName: string): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await openFromExplorer(page, fileName);
}

/** Runs a command by its palette label, as a person would with F1. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page
    .locator('.quick-input-widget input')
    .first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(label);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: label })
    .first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
}

/** A picture for the README: without the explorer, the panel beside the editor has room. */
export async function shotWithoutSideBar(
  page: Page,
  shot: (name: string) => Promise<void>,
  name: string,
): Promise<void> {
  await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  try {
    await page.locator('.sidebar').first().waitFor({ state: 'hidden', timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the webview lays itself out again after the resize
    await shot(name);
  } finally {
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  }
}

/** The text of the active editor's visible lines (Monaco renders spaces as U+00A0). */
export async function activeEditorText(page: Page): Promise<string> {
  const text = await page
    .locator('.editor-group-container.active .monaco-editor .view-lines')
    .first()
    .textContent({ timeout: 5000 });
  return (text ?? '').replace(/\u00a0/g, ' ');
}

export function readClipboard(page: Page): Promise<string> {
  // A string expression: this file is compiled without the DOM types.
  return page.evaluate<string>('navigator.clipboard.readText()');
}
