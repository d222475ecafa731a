// playwright-core is installed into .e2e-tools/ at test time, after `tsc` has run, so it cannot be
// imported by name here. This loads it from that folder and types the few calls the harness makes.
import { createRequire } from 'node:module';
import * as path from 'node:path';

export interface Locator {
  click(options?: { timeout?: number }): Promise<void>;
  first(): Locator;
  nth(index: number): Locator;
  count(): Promise<number>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  allTextContents(): Promise<string[]>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  waitFor(options?: { state?: 'attached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  isVisible(): Promise<boolean>;
  boundingBox(options?: {
    timeout?: number;
  }): Promise<{ x: number; y: number; width: number; height: number } | null>;
  /** Runs `fn` in the page with the element (typed here by the properties it reads: no DOM types). */
  evaluate<T, E>(fn: (element: E) => T): Promise<T>;
  /** The same with every matching element at once. */
  evaluateAll<T, E>(fn: (elements: E[]) => T): Promise<T>;
}

export interface FrameLocator {
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  frameLocator(selector: string): FrameLocator;
}

export interface Page {
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  frameLocator(selector: string): FrameLocator;
  screenshot(options: { path: string }): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  evaluate<T>(expression: string): Promise<T>;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface LaunchOptions {
  executablePath: string;
  headless: boolean;
  args: string[];
  viewport: { width: number; height: number };
  /** The body actions copy to the clipboard; the UI test reads it back. */
  permissions?: string[];
}

export interface Playwright {
  chromium: { launchPersistentContext(userDataDir: string, options: LaunchOptions): Promise<BrowserContext> };
}

export function loadPlaywright(toolsDir: string): Playwright {
  return createRequire(path.join(toolsDir, 'package.json'))('playwright-core') as Playwright;
}
