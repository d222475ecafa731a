// Bundles the three entry points with esbuild. Type checking is `tsc -p .` (see npm scripts):
// esbuild strips types without checking them, which keeps this step fast enough to run before every test.
//
// `--production` builds what ships: minified, no source maps (stale ones are removed, so nothing can
// point at them), and the icon rendered from its SVG. `vscode:prepublish` (run by vsce) passes it;
// `npm pack` and `npm publish` run this through the `prepare` script without arguments, so those
// commands are recognised by the npm_command npm gives its scripts, and pack a production CLI too.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { renderIcon } from './renderIcon.mjs';

const production =
  process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command ?? '');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

/**
 * `import * as vscode from 'vscode'` of the external CommonJS module makes esbuild copy the whole API
 * object into a namespace object once per importing file (23 of them), each time the extension
 * activates. Routing every such import through one ES module that re-exports 'vscode' makes that one
 * copy: activation time is a target (CONTRIBUTING.md, phase 0 of the e2e run).
 */
const VSCODE_NAMESPACE = path.resolve('scripts/vscodeNamespace.mjs');
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.importer === VSCODE_NAMESPACE ? { path: 'vscode', external: true } : { path: VSCODE_NAMESPACE },
    );
  },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [oneVscodeNamespace],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

await Promise.all(builds.filter((b) => existsSync(b.entryPoints[0])).map((b) => esbuild.build(b)));

// The panel loads the codicon font from dist/ too: the packages carry no node_modules.
const codicons = 'node_modules/@vscode/codicons/dist';
mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf'])
  copyFileSync(path.join(codicons, file), `dist/codicons/${file}`);

if (production) {
  for (const file of readdirSync('dist').filter((name) => name.endsWith('.map'))) rmSync(`dist/${file}`);
  renderIcon('docs/images/icon.svg', 'dist/icon.png');
}
