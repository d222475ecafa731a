// Builds the VSIX the e2e run installs, the way a release is built: `npm run package` (vsce, with the
// production bundle of vscode:prepublish). Testing the package rather than the work tree makes a file
// missing from the package, or a bundle that only works unminified, fail the run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageVsix(repoRoot: string): string {
  const started = Date.now();
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const vsix = path.join(repoRoot, `httpipe-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const run = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`npm run package failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  }
  const kib = fs.statSync(vsix).size / 1024;
  console.log(
    `e2e: packaged ${path.basename(vsix)} (${kib.toFixed(0)} KiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return vsix;
}
