// Renders the response panel outside VS Code, for looking at it (screenshots in headless Chromium)
// and for checking its behaviour in a browser. It runs real requests against the demo server and a
// small content server on loopback, builds the same view models and page (CSP included) as the
// extension host, and answers the webview's messages from a fake acquireVsCodeApi.
//
//   node scripts/build.mjs && npx tsc -p . && node out/test/support/panelHarness.js /tmp/panel [--many]
//   chromium --headless --no-sandbox --disable-gpu --timeout=3000 --window-size=1400,900 \
//     --screenshot=/tmp/panel.png file:///tmp/panel/requests.html
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { compareModes } from '../../src/core/compare/compareModes';
import { newRunCookieJar } from '../../src/core/cookies/runCookieJar';
import { startDemoServer } from '../../src/core/demo/demoServer';
import { runRequests } from '../../src/core/engine/runRequests';
import type { PreparedRequest, RequestSpec, RunResult } from '../../src/core/engine/types';
import { toComparisonView } from '../../src/core/report/comparisonView';
import { toRequestDetail } from '../../src/core/report/requestDetail';
import { toRequestSummary } from '../../src/core/report/requestSummary';
import { toRunSummary } from '../../src/core/report/runSummary';
import { toConnectionWireView } from '../../src/core/report/wireView';
import type { HostMessage, PanelSnapshot } from '../../src/shared/panelProtocol';
import { setPath, startCookieServer } from './cookieServer';
import { DARK_MODERN_THEME, WEBVIEW_DEFAULT_STYLES } from './darkTheme';

const repoRoot = path.resolve(__dirname, '../../..');
const PREVIEW_MAX_BYTES = 64 * 1024;

/** Bodies the demo server does not serve: HTML, an image, a gzip-encoded JSON document. */
function startContentServer(): Promise<Server> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" rx="10" fill="#3794ff"/><circle cx="40" cy="40" r="22" fill="#fff"/><path d="M70 58 L95 22 L110 58 Z" fill="#89d185"/></svg>';
  const html =
    '<!doctype html><html><head><title>Hello</title><script>document.title="pwned"</script></head><body><h1>Hello from the server</h1><p>This page is shown in a sandboxed frame: <b>no scripts run</b>.</p><ul><li>one</li><li>two</li></ul></body></html>';
  const json = gzipSync(
    JSON.stringify({
      users: [
        { id: 1, name: 'Ada', admin: true },
        { id: 2, name: 'Linus', admin: false, score: 12.5 },
      ],
      next: null,
    }),
  );
  const server = createServer((req, res) => {
    req.resume();
    if (req.url === '/page') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/logo.svg') res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end(svg);
    else if (req.url === '/users')
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(json);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function spec(
  index: number,
  method: string,
  url: string,
  options: { name?: string; body?: string; dependsOn?: number[] } = {},
): RequestSpec {
  return {
    index,
    name: options.name ?? `${method} ${url}`,
    method,
    displayUrl: url,
    dependsOn: options.dependsOn ?? [],
    noPipeline: false,
    prepare: (): PreparedRequest => ({
      method,
      url: new URL(url),
      headers: options.body
        ? [
            ['Content-Type', 'application/json'],
            ['Accept', 'application/json'],
          ]
        : [['Accept', '*/*']],
      body: options.body ? Buffer.from(options.body) : undefined,
    }),
  };
}

function sampleSpecs(demo: string, content: string): RequestSpec[] {
  return [
    spec(0, 'GET', `${demo}/delay?ms=300`, { name: 'slow' }),
    spec(1, 'GET', `${demo}/delay?ms=150`, { name: 'faster' }),
    spec(2, 'GET', `${content}/users`, { name: 'users (gzip)' }),
    spec(3, 'POST', `${demo}/echo`, { name: 'create', body: '{"title":"it\'s here","n":1}' }),
    spec(4, 'GET', `${demo}/status/404`),
    spec(5, 'GET', `${content}/page`, { name: 'html page' }),
    spec(6, 'GET', `${content}/logo.svg`, { name: 'logo' }),
    spec(7, 'GET', `${demo}/bytes?n=200000`, { name: 'big download' }),
    spec(8, 'GET', `${demo}/chunked?n=5`),
    spec(9, 'GET', 'http://127.0.0.1:9/unreachable', { name: 'closed port' }),
  ];
}

function manySpecs(demo: string): RequestSpec[] {
  return Array.from({ length: 1000 }, (_, i) =>
    spec(i, 'GET', `${demo}/delay?ms=${i % 7}`, { name: `item ${i + 1}` }),
  );
}

/** Every answer the fake host may give, precomputed: the page has no way back to Node. */
function hostAnswers(runId: string, run: RunResult): HostMessage[] {
  const answers: HostMessage[] = run.requests.map((r) => ({
    type: 'request-detail',
    runId,
    index: r.index,
    detail: toRequestDetail(r, (id) => run.connections.find((c) => c.id === id), PREVIEW_MAX_BYTES),
  }));
  for (const c of run.connections)
    answers.push({
      type: 'wire',
      runId,
      connectionId: c.id,
      wire: toConnectionWireView(c, run.requests, PREVIEW_MAX_BYTES),
    });
  return answers;
}

/** `clicks`: selectors clicked one after another once the page has settled, to show states behind a click. */
function fakeHostScript(
  snapshot: PanelSnapshot,
  answers: HostMessage[],
  viewState: object,
  live: HostMessage[],
  clicks: string[] = [],
): string {
  // JSON inside a <script>: `<` is escaped so a body containing </script> cannot end the element.
  const data = JSON.stringify({ snapshot, answers, viewState, live, clicks }).replace(/</g, '\\u003c');
  return `
const DATA = ${data};
window.sentMessages = [];
// Clicks wait for their target to exist (details arrive asynchronously), then for the page to redraw.
// Use real time for screenshots (chromium --timeout=3000): under --virtual-time-budget timers run
// far ahead of rendering.
function clickInTurn(selectors, tries = 0) {
  if (!selectors.length) return;
  const target = document.querySelector(selectors[0]);
  if (target) {
    target.click();
    setTimeout(() => clickInTurn(selectors.slice(1)), 200);
  } else if (tries < 50) {
    setTimeout(() => clickInTurn(selectors, tries + 1), 100);
  }
}
window.acquireVsCodeApi = () => ({
  getState: () => DATA.viewState,
  setState: state => { DATA.viewState = state; },
  postMessage: message => {
    window.sentMessages.push(message);
    const reply = m => setTimeout(() => window.postMessage(m, '*'), 0);
    if (message.type === 'ready') {
      reply({ type: 'snapshot', snapshot: DATA.snapshot });
      DATA.live.forEach((m, i) => setTimeout(() => window.postMessage(m, '*'), 50 * (i + 1)));
      clickInTurn(DATA.clicks);
    } else if (message.type === 'select-request') {
      reply(DATA.answers.find(a => a.type === 'request-detail' && a.index === message.index));
    } else if (message.type === 'show-wire') {
      reply(DATA.answers.find(a => a.type === 'wire' && a.connectionId === message.connectionId));
    }
  },
});`;
}

function page(title: string, hostScript: string): string {
  const nonce = 'harness0nonce';
  const fileUrl = (p: string) => `file://${path.join(repoRoot, p)}`;
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src file: 'nonce-${nonce}'; img-src file: data:; font-src file:`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${nonce}">html { ${DARK_MODERN_THEME} } ${WEBVIEW_DEFAULT_STYLES}</style>
<link rel="stylesheet" nonce="${nonce}" href="${fileUrl('dist/codicons/codicon.css')}">
<link rel="stylesheet" nonce="${nonce}" href="${fileUrl('dist/webview.css')}">
<title>${title}</title></head>
<body><div id="app"></div>
<script nonce="${nonce}">${hostScript}</script>
<script nonce="${nonce}" src="${fileUrl('dist/webview.js')}"></script>
</body></html>`;
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? '/tmp/panel';
  mkdirSync(outDir, { recursive: true });
  const demo = await startDemoServer();
  const content = await startContentServer();
  const contentOrigin = `http://127.0.0.1:${(content.address() as AddressInfo).port}`;
  try {
    const runId = 'run-1';
    const run = await runRequests(sampleSpecs(demo.origin, contentOrigin), {
      mode: 'pipelined',
      connectTimeoutMs: 2000,
    });
    const comparison = await compareModes(() => sampleSpecs(demo.origin, contentOrigin).slice(0, 2), {
      repeat: 3,
    });
    const snapshot: PanelSnapshot = {
      file: 'demo.http',
      run: {
        runId,
        mode: run.mode,
        stubs: run.requests.map((r) => ({ index: r.index, name: r.name, method: r.method, url: r.url })),
        finished: run.requests.map((r) => toRequestSummary(r)),
        summary: toRunSummary(run),
      },
      compare: { phase: 'finished', runId: 'cmp-1', comparison: toComparisonView(comparison) },
    };
    const answers = hostAnswers(runId, run);
    for (const tab of ['requests', 'timeline', 'wire', 'compare']) {
      writeFileSync(
        path.join(outDir, `${tab}.html`),
        page(`panel: ${tab}`, fakeHostScript(snapshot, answers, { tab }, [])),
      );
    }
    for (const [name, selected] of [
      ['html', 5],
      ['image', 6],
      ['error', 9],
      ['gzip', 2],
      ['big', 7],
      ['post', 3],
    ] as const) {
      writeFileSync(
        path.join(outDir, `detail-${name}.html`),
        page(`panel: ${name}`, fakeHostScript(snapshot, answers, { tab: 'requests', selected }, [])),
      );
    }
    const subtab = (label: string) =>
      `.subtabs button:nth-child(${['Body', 'Headers', 'Raw', 'Timing'].indexOf(label) + 1})`;
    writeFileSync(
      path.join(outDir, 'detail-html-preview.html'),
      page(
        'panel: html preview',
        fakeHostScript(
          snapshot,
          answers,
          { tab: 'requests', selected: 5 },
          [],
          ['.segmented button:nth-child(2)'],
        ),
      ),
    );
    writeFileSync(
      path.join(outDir, 'detail-raw.html'),
      page(
        'panel: raw',
        fakeHostScript(snapshot, answers, { tab: 'requests', selected: 3 }, [], [subtab('Raw')]),
      ),
    );
    writeFileSync(
      path.join(outDir, 'detail-headers.html'),
      page(
        'panel: headers',
        fakeHostScript(snapshot, answers, { tab: 'requests', selected: 3 }, [], [subtab('Headers')]),
      ),
    );
    writeFileSync(
      path.join(outDir, 'detail-timing.html'),
      page(
        'panel: timing',
        fakeHostScript(snapshot, answers, { tab: 'requests', selected: 1 }, [], [subtab('Timing')]),
      ),
    );
    // A run in progress: stubs only, then results arrive in batches like the host sends them.
    const running: PanelSnapshot = {
      file: 'demo.http',
      run: { ...snapshot.run!, finished: snapshot.run!.finished.slice(0, 3), summary: undefined },
      compare: { phase: 'running', runId: 'cmp-2', done: 4, total: 9 },
    };
    writeFileSync(
      path.join(outDir, 'running.html'),
      page('panel: running', fakeHostScript(running, answers, { tab: 'requests' }, [])),
    );
    writeFileSync(
      path.join(outDir, 'comparing.html'),
      page('panel: comparing', fakeHostScript(running, answers, { tab: 'compare' }, [])),
    );
    await writeCookiePages(outDir);

    if (process.argv.includes('--many')) {
      const many = await runRequests(manySpecs(demo.origin), { mode: 'pipelined' });
      const stubs = many.requests.map((r) => ({
        index: r.index,
        name: r.name,
        method: r.method,
        url: r.url,
      }));
      const summaries = many.requests.map((r) => toRequestSummary(r));
      const live: HostMessage[] = [];
      for (let i = 0; i < summaries.length; i += 100)
        live.push({ type: 'requests-finished', runId: 'many', requests: summaries.slice(i, i + 100) });
      live.push({ type: 'run-finished', runId: 'many', summary: toRunSummary(many), requests: summaries });
      const start: PanelSnapshot = {
        file: 'many.http',
        run: { runId: 'many', mode: 'pipelined', stubs, finished: [] },
      };
      writeFileSync(
        path.join(outDir, 'many.html'),
        page('panel: 1000', fakeHostScript(start, hostAnswers('many', many), { tab: 'requests' }, live)),
      );
      writeFileSync(
        path.join(outDir, 'many-timeline.html'),
        page('panel: 1000', fakeHostScript(start, hostAnswers('many', many), { tab: 'timeline' }, live)),
      );
    }
    console.log(`wrote ${outDir}`);
  } finally {
    await demo.close();
    content.close();
  }
}

/** A pipelined run whose first response sets a cookie the GET written behind it went without. */
async function writeCookiePages(outDir: string): Promise<void> {
  const server = await startCookieServer();
  try {
    const run = await runRequests(
      [
        spec(0, 'GET', `${server.origin}${setPath(['sid=abc; Path=/; HttpOnly', 'theme=dark'], '&ms=150')}`, {
          name: 'start',
        }),
        spec(1, 'GET', `${server.origin}/me`, { name: 'me' }),
      ],
      { mode: 'pipelined', cookieJar: newRunCookieJar() },
    );
    const snapshot: PanelSnapshot = {
      file: 'cookies.http',
      run: {
        runId: 'cookies',
        mode: run.mode,
        stubs: run.requests.map((r) => ({ index: r.index, name: r.name, method: r.method, url: r.url })),
        finished: run.requests.map((r) => toRequestSummary(r)),
        summary: toRunSummary(run),
      },
    };
    for (const selected of [0, 1]) {
      writeFileSync(
        path.join(outDir, `detail-cookies-${selected + 1}.html`),
        page(
          'panel: cookies',
          fakeHostScript(snapshot, hostAnswers('cookies', run), { tab: 'requests', selected }, []),
        ),
      );
    }
  } finally {
    await server.close();
  }
}

void main();
