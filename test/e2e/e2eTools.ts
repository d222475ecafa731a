// Gets the tools the end-to-end run needs (code-server, playwright-core, Debian's chromium) through
// scripts/e2e-tools.sh, which reuses an existing install. Logs how long that took: a fresh machine
// spends most of the e2e time here.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface E2eTools {
  /** The .e2e-tools folder: node_modules/.bin/code-server and node_modules/playwright-core. */
  dir: string;
  codeServer: string;
  chromium: string;
}

export function ensureTools(repoRoot: string): E2eTools {
  const started = Date.now();
  const setup = spawnSync('bash', [path.join(repoRoot, 'scripts', 'e2e-tools.sh')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (setup.status !== 0) {
    throw new Error(
      `scripts/e2e-tools.sh failed (exit ${setup.status ?? setup.signal}); its messages are above`,
    );
  }
  const dir = setup.stdout.trim().split('\n').pop()!;
  console.log(`e2e: tools ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
  const chromium = spawnSync('bash', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  return { dir, codeServer: path.join(dir, 'node_modules', '.bin', 'code-server'), chromium };
}
