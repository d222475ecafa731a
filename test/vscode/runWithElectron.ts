// `npm run test:vscode`: the extension-host suite of test/vscode in desktop VS Code through
// @vscode/test-electron, for contributors with a desktop. It downloads VS Code 1.100.3 from Microsoft's
// update server into .vscode-test/ on first use, so it cannot run where only the npm registry and
// Debian are reachable (this project's CI): there, `npm run test:e2e` runs the same suite in
// code-server's extension host instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/** The VS Code that code-server 4.100.3 (test:e2e) is built on, so both runners test the same host. */
const VSCODE_VERSION = '1.100.3';

async function main(): Promise<void> {
  // Compiled to out/test/vscode/runWithElectron.js.
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  // The suite writes its own files; an empty folder keeps the window free of anything else.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-vscode-'));
  try {
    await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
