// `npm run test:e2e`: the extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), driven
// in two phases: (1) the mocha suite in test/vscode inside the extension host, (2) a UI test in
// headless Chromium that clicks CodeLenses and reads the response panel. Installs its own tools on
// first use (scripts/e2e-tools.sh). Ends with `N passed, N failed` and a non-zero exit on any failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../src/core/demo/demoServer';
import { RESULTS_FILE_ENV } from '../vscode/suiteResults';
import { startCodeServer, type CodeServer } from './codeServer';
import { ensureTools } from './e2eTools';
import { runExtensionHostPhase } from './extensionHostPhase';
import { loadPlaywright } from './playwright';
import { Tally } from './tally';
import { runUiPhase } from './uiPhase';
import { makeExamplesWorkspace } from './workspace';

// Compiled to out/test/e2e/runE2E.js.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  // The workspace is no repository; the git extension would only add start-up work and sockets.
  'git.enabled': false,
  // One round per mode keeps the compare step at a few seconds with the classic example.
  'httpipe.compare.repeat': 1,
};

/** `HTTPIPE_E2E_ONLY=ui` or `=extension-host` runs one phase, for working on it; unset runs both. */
const only = process.env.HTTPIPE_E2E_ONLY;

async function main(): Promise<boolean> {
  const started = Date.now();
  const tally = new Tally();
  const tools = ensureTools(repoRoot);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run node scripts/build.mjs');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-e2e-'));
  const artifacts = path.join(repoRoot, '.e2e-artifacts');
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });

  let demo: DemoServer | undefined;
  let server: CodeServer | undefined;
  const stopAll = async (): Promise<void> => {
    await server?.stop();
    await demo?.close();
  };
  // Ctrl+C or a CI timeout must not leave code-server and its extension hosts behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  }
  try {
    demo = await startDemoServer({ port: 0 });
    const workspace = makeExamplesWorkspace(repoRoot, scratch, demo.origin);
    const resultsFile = path.join(scratch, 'extension-host-results.json');
    server = await startCodeServer({
      binary: tools.codeServer,
      scratch,
      workspace,
      settings: WORKBENCH_SETTINGS,
      env: { [RESULTS_FILE_ENV]: resultsFile },
    });
    console.log(`e2e: code-server ${server.host} up after ${((Date.now() - started) / 1000).toFixed(1)} s (log ${server.logFile})`);
    const common = { playwright: loadPlaywright(tools.dir), chromium: tools.chromium, host: server.host, scratch, workspace, extensionPath: repoRoot };

    if (only !== 'ui') {
      console.log('e2e: phase 1, mocha suite in the extension host');
      const phase1 = Date.now();
      await runExtensionHostPhase({ ...common, testsEntry: path.join(repoRoot, 'out', 'test', 'vscode', 'index.js'), resultsFile }, tally);
      console.log(`e2e: phase 1 took ${((Date.now() - phase1) / 1000).toFixed(1)} s`);
    }
    if (only !== 'extension-host') {
      console.log('e2e: phase 2, UI in headless Chromium');
      const phase2 = Date.now();
      await runUiPhase({ ...common, artifacts, demoOrigin: demo.origin }, tally);
      console.log(`e2e: phase 2 took ${((Date.now() - phase2) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
    }
  } catch (error) {
    tally.fail('e2e harness', error instanceof Error ? (error.stack ?? error.message) : error);
  } finally {
    await stopAll();
  }
  if (tally.ok) fs.rmSync(scratch, { recursive: true, force: true });
  else console.log(`e2e: logs kept in ${scratch}`);
  console.log(`e2e: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(tally.closingLine());
  return tally.ok;
}

main().then(
  ok => process.exit(ok ? 0 : 1),
  error => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
