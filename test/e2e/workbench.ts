// Opens the VS Code web workbench served by code-server in headless Debian Chromium. The `payload`
// query parameter carries what desktop VS Code takes as command-line flags (the extension under
// development, the extension tests to run).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page, Playwright } from './playwright';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this closed
// network refuses; --no-sandbox because the run may be root.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  context: BrowserContext;
  page: Page;
  url: string;
}

export interface WorkbenchOptions {
  playwright: Playwright;
  chromium: string;
  /** `127.0.0.1:PORT` of code-server. */
  host: string;
  scratch: string;
  workspace: string;
  payload: Array<[string, string]>;
}

/** Paths on the server machine as the web workbench names them. */
export function remoteUri(host: string, fsPath: string): string {
  return `vscode-remote://${host}${fsPath}`;
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const profile = fs.mkdtempSync(path.join(options.scratch, 'chromium-'));
  const context = await options.playwright.chromium.launchPersistentContext(profile, {
    executablePath: options.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const query = `?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(options.payload))}`;
  return { context, page, url: `http://${options.host}/${query}` };
}
