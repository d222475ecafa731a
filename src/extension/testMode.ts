// Test mode: the extension-host suites need commands that stand in for the webview
// (panel/testCommands.ts), which users must never get. VS Code runs an extension under development in
// ExtensionMode.Test while it runs extension tests; the e2e run tests the installed VSIX instead, which
// always runs in Production mode, so its harness puts it in test mode through the environment the
// extension host inherits. No `vscode` import: the harness reads TEST_MODE_ENV from here.

/** Set to `1` in the extension host's environment by the e2e harness (test/e2e/runE2E.ts). */
export const TEST_MODE_ENV = 'HTTPIPE_TEST_MODE';

export function inTestMode(runningExtensionTests: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return runningExtensionTests || env[TEST_MODE_ENV] === '1';
}
