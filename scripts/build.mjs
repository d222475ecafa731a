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

/**
 * Packages needed by few runs, each bundled once into a file of its own that the bundles load on first
 * use (the sources import or require them inside the function that needs them), so start-up (`httpipe
 * help`, the extension's activation) does not parse them: the QuickJS sandbox's WASM (about 840 KB,
 * embedded in its single-file variant; src/core/scripts/sandbox.ts, at the first script), tough-cookie
 * with its public-suffix list (about 170 KB; src/core/cookies/runCookieJar.ts, at the first Set-Cookie)
 * and `selfsigned` with its X.509 and ASN.1 libraries (about 300 KB, the CLI only;
 * src/core/demo/demoCertificate.ts, for the demo server's TLS port). Each is loaded from one place and
 * keeps no state another copy could disagree with. .npmignore and .vscodeignore ship them.
 */
const ON_DEMAND = {
  quickjs: '@jitl/quickjs-singlefile-cjs-release-sync',
  'tough-cookie': 'tough-cookie',
  selfsigned: 'selfsigned',
};
const onDemandFiles = {
  name: 'on-demand-files',
  setup(build) {
    for (const [file, pkg] of Object.entries(ON_DEMAND)) {
      const exact = new RegExp(`^${pkg.replace(/[/.]/g, '\\$&')}$`);
      build.onResolve({ filter: exact }, () => ({ path: `./${file}.js`, external: true }));
    }
  },
};
/**
 * The CLI's commands (run, compare, probe, demo-server: everything but parsing the command line) are a
 * bundle of their own, dist/cliCommands.js, which dist/cli.js requires when a command runs (main.ts
 * imports each command dynamically): `httpipe help`, `--version` and usage errors parse 16 KB instead
 * of 700 KB. Both bundles hold a copy of src/cli/args.ts and commands/output.ts, which keep no state
 * (args' UsageError is recognised across the copies).
 */
const CLI_COMMANDS = ['runCommand', 'compareCommand', 'probeCommand', 'demoServerCommand'];
const cliCommandsOnDemand = {
  name: 'cli-commands-on-demand',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/\w+Command$/ }, (args) => {
      if (!args.importer.endsWith(path.join('src', 'cli', 'main.ts'))) return undefined;
      const name = args.path.slice('./commands/'.length);
      return CLI_COMMANDS.includes(name)
        ? { path: './cliCommands.js', external: true }
        : { errors: [{ text: `${name} is missing from CLI_COMMANDS in scripts/build.mjs` }] };
    });
  },
};

/**
 * Bundles load their lazy parts with `require()` (`import()` in the sources): esbuild then keeps each
 * dynamically imported module of the bundle unevaluated until first use, and the files of ON_DEMAND are
 * read through Node's CommonJS loader, which finds them next to the bundle and keeps its interop simple.
 */
const lazyRequires = { 'dynamic-import': false };

const builds = [
  {
    ...common,
    entryPoints: ON_DEMAND,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [oneVscodeNamespace, onDemandFiles],
    supported: lazyRequires,
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [cliCommandsOnDemand],
    supported: lazyRequires,
  },
  {
    ...common,
    stdin: {
      contents: CLI_COMMANDS.map((name) => `export { ${name} } from './src/cli/commands/${name}';`).join(
        '\n',
      ),
      resolveDir: '.',
      sourcefile: 'cliCommands.ts',
      loader: 'ts',
    },
    outfile: 'dist/cliCommands.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [onDemandFiles],
    supported: lazyRequires,
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

await Promise.all(
  builds
    .filter((b) => !Array.isArray(b.entryPoints) || existsSync(b.entryPoints[0]))
    .map((b) => esbuild.build(b)),
);

// The panel loads the codicon font from dist/ too: the packages carry no node_modules.
const codicons = 'node_modules/@vscode/codicons/dist';
mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf'])
  copyFileSync(path.join(codicons, file), `dist/codicons/${file}`);

if (production) {
  for (const file of readdirSync('dist').filter((name) => name.endsWith('.map'))) rmSync(`dist/${file}`);
  renderIcon('docs/images/icon.svg', 'dist/icon.png');
}
