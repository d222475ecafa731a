// `npm run test:e2e`: the PACKAGED extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3).
// It builds the VSIX (`npm run package`), installs it into each code-server's extensions folder with
// `--install-extension`, and drives it in four phases: (0) the installed extension's activation time
// in a fresh extension host, (1) the mocha suite in test/vscode inside the extension host, (2) the
// same kind of suite (test/vscode/untrusted) in a second code-server whose workspace is untrusted, so
// VS Code runs it in Restricted Mode, (3) a UI test in headless Chromium that clicks CodeLenses and
// reads the response panel. The extension host runs in test mode (HTTPIPE_TEST_MODE) for the suites'
// stand-in commands. Installs its own tools on first use (scripts/e2e-tools.sh). Ends with
// `N passed, N failed` and a non-zero exit on any failure.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../src/core/demo/demoServer';
import { TEST_MODE_ENV } from '../../src/extension/testMode';
import { RESULTS_FILE_ENV, UNTRUSTED_CANARY_ENV } from '../vscode/suiteResults';
import { runActivationPhase } from './activationPhase';
import { startCodeServer, type CodeServer } from './codeServer';
import { ensureTools } from './e2eTools';
import { runExtensionHostPhase } from './extensionHostPhase';
import { loadPlaywright } from './playwright';
import { Tally } from './tally';
import { runUiPhase } from './uiPhase';
import { makeExamplesWorkspace } from './workspace';
import { packageVsix } from './packageVsix';

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

/** Workspace trust on and never asked about: a folder not trusted before opens in Restricted Mode. */
const UNTRUSTED_SETTINGS = {
  ...WORKBENCH_SETTINGS,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

/**
 * `HTTPIPE_E2E_ONLY=activation`, `=extension-host`, `=untrusted` or `=ui` runs one phase, for working
 * on it; unset runs all.
 */
const only = process.env.HTTPIPE_E2E_ONLY;

async function main(): Promise<boolean> {
  const started = Date.now();
  const tally = new Tally();
  const tools = ensureTools(repoRoot);
  const vsix = packageVsix(repoRoot);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-e2e-'));
  // VS Code runs extension tests only with an extension development path: an empty one, so that the
  // extension the tests meet is the installed VSIX (see extensionHostPhase.ts).
  const developmentPath = path.join(scratch, 'no-extension-under-development');
  fs.mkdirSync(developmentPath);
  const artifacts = path.join(repoRoot, '.e2e-artifacts');
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });

  let demo: DemoServer | undefined;
  let server: CodeServer | undefined;
  let untrusted: CodeServer | undefined;
  const stopAll = async (): Promise<void> => {
    await untrusted?.stop();
    await server?.stop();
    await demo?.close();
  };
  // Ctrl+C or a CI timeout must not leave code-server and its extension hosts behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  }
  try {
    demo = await startDemoServer({ port: 0 });
    const demoOrigin = demo.origin;
    const workspace = makeExamplesWorkspace(repoRoot, scratch, demoOrigin);
    const resultsFile = path.join(scratch, 'extension-host-results.json');
    server = await startCodeServer({
      binary: tools.codeServer,
      scratch,
      workspace,
      settings: WORKBENCH_SETTINGS,
      env: { [RESULTS_FILE_ENV]: resultsFile, [TEST_MODE_ENV]: '1' },
      vsix,
    });
    console.log(
      `e2e: code-server ${server.host} up after ${((Date.now() - started) / 1000).toFixed(1)} s (log ${server.logFile})`,
    );
    const common = {
      playwright: loadPlaywright(tools.dir),
      chromium: tools.chromium,
      host: server.host,
      scratch,
      workspace,
    };

    // The extension-host suites: compiled test/vscode/<folder>/index.js, run in the installed extension.
    const suite = (...folder: string[]) => ({
      ...common,
      developmentPath,
      resultsFile,
      testsEntry: path.join(repoRoot, 'out', 'test', 'vscode', ...folder, 'index.js'),
    });
    await phase(0, 'activation', 'activation of the installed extension', () =>
      runActivationPhase({ ...suite('activation'), artifacts }, tally),
    );
    await phase(1, 'extension-host', 'mocha suite in the extension host', () =>
      runExtensionHostPhase(suite(), tally),
    );
    await phase(2, 'untrusted', 'mocha suite in the extension host of an untrusted workspace', async () => {
      const untrustedScratch = path.join(scratch, 'untrusted');
      const started = await startUntrustedServer(tools, untrustedScratch, vsix);
      untrusted = started.server;
      await runExtensionHostPhase(
        {
          ...suite('untrusted'),
          host: untrusted.host,
          scratch: untrustedScratch,
          workspace: started.workspace,
          resultsFile: started.resultsFile,
        },
        tally,
      );
    });
    await phase(3, 'ui', 'UI in headless Chromium', async () => {
      await runUiPhase({ ...common, artifacts, demoOrigin }, tally);
      console.log(`e2e: screenshots in ${artifacts}`);
    });
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

/** Runs one phase, unless HTTPIPE_E2E_ONLY names another, and says how long it took. */
async function phase(
  number: number,
  name: string,
  title: string,
  run: () => Promise<unknown>,
): Promise<void> {
  if (only && only !== name) return;
  console.log(`e2e: phase ${number}, ${title}`);
  const started = Date.now();
  await run();
  console.log(`e2e: phase ${number} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The untrusted phase's own code-server (trust is a per-server setting here) over an empty folder of
 * its own; its extension host inherits the canary that the suite must never see at its server.
 */
async function startUntrustedServer(tools: ReturnType<typeof ensureTools>, scratch: string, vsix: string) {
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const resultsFile = path.join(scratch, 'results.json');
  const server = await startCodeServer({
    binary: tools.codeServer,
    scratch,
    workspace,
    settings: UNTRUSTED_SETTINGS,
    env: {
      [RESULTS_FILE_ENV]: resultsFile,
      [UNTRUSTED_CANARY_ENV]: `canary-${crypto.randomUUID()}`,
      [TEST_MODE_ENV]: '1',
    },
    workspaceTrust: true,
    vsix,
  });
  return { server, workspace, resultsFile };
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
