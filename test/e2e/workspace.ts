// The UI test's workspace: a throw-away copy of examples/ pointed at the run's own demo server, so
// the files a person opens are the ones the test clicks through.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The origin the examples are written for (`httpipe demo-server --port 8080`). */
const EXAMPLES_ORIGIN = 'http://127.0.0.1:8080';

export function makeExamplesWorkspace(repoRoot: string, scratch: string, demoOrigin: string): string {
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // Sub-folders (fixtures the examples read, like examples/bodies/) are copied as they are.
  fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  for (const name of fs.readdirSync(workspace).filter((n) => n.endsWith('.http'))) {
    const file = path.join(workspace, name);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').split(EXAMPLES_ORIGIN).join(demoOrigin));
  }
  const classic = fs.readFileSync(path.join(workspace, 'classic.http'), 'utf8');
  if (!classic.includes(demoOrigin)) {
    throw new Error(`examples/classic.http no longer uses ${EXAMPLES_ORIGIN}; update test/e2e/workspace.ts`);
  }
  return workspace;
}
