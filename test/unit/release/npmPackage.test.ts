// The CLI as users install it: `npm pack` of this repository (its prepare step builds the production
// bundle, see scripts/build.mjs), then `npm install -g --prefix <temp>` of the tarball from an empty
// folder, offline, which works only because the package has no runtime dependencies. The installed
// `httpipe` must answer --version and --help and run examples/classic.http against a demo server
// from outside the repository. Slow-ish (a production build and an install: ~5-15 s).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tarballVersion } from '../../../scripts/releaseCheck';
import { startDemoServer } from '../../../src/core/demo/demoServer';

const ROOT = path.resolve(__dirname, '../../../..');
const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The environment without the npm_* variables of an enclosing `npm test`, as a user's shell has it. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

describe('the npm package of the CLI', function () {
  // A production build and a global install, on a machine that may be busy with other builds.
  this.timeout(180_000);
  let tmp: string;
  let tarball: string;
  let packed: string[];
  let prefix: string;
  let outside: string;
  let httpipe: string;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'httpipe-npm-package-'));
    const pack = await run('npm', ['pack', '--json', '--pack-destination', tmp], {
      cwd: ROOT,
      env: userEnv(),
    });
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(tmp, info.filename);
    packed = info.files.map((file) => file.path).sort();
    prefix = path.join(tmp, 'prefix');
    outside = path.join(tmp, 'elsewhere');
    mkdirSync(outside);
    await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: outside,
      env: userEnv(),
    });
    httpipe = path.join(prefix, 'bin', 'httpipe');
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the command only: its launcher, the bundled CLI, the files it loads on demand and the files npm always adds', () => {
    assert.equal(path.basename(tarball), `httpipe-${version}.tgz`);
    assert.deepEqual(packed, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'bin/httpipe.js',
      'dist/cli.js',
      'dist/cliCommands.js',
      'dist/quickjs.js',
      'dist/selfsigned.js',
      'dist/tough-cookie.js',
      'package.json',
    ]);
    assert.equal(tarballVersion(readFileSync(tarball)), version);
  });

  it('installs with no dependencies, and the bundle is the production one', () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'httpipe');
    assert.ok(existsSync(path.join(installed, 'dist', 'cli.js')));
    assert.equal(existsSync(path.join(installed, 'node_modules')), false, 'nothing besides the package');
    const bundle = readFileSync(path.join(installed, 'dist', 'cli.js'), 'utf8');
    assert.equal(bundle.includes('sourceMappingURL'), false, 'minified, without a source map');
  });

  it('answers --version and --help', async () => {
    assert.equal((await run(httpipe, ['--version'], { cwd: outside })).stdout.trim(), version);
    assert.match((await run(httpipe, ['--help'], { cwd: outside })).stdout, /^Usage:\n {2}httpipe run FILE/);
  });

  it('says a file it cannot read is a usage error (exit 2), though the commands are a bundle of their own', async () => {
    const failed = await run(httpipe, ['run', 'missing.http'], { cwd: outside }).then(
      () => assert.fail('httpipe run missing.http succeeded'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(
      failed.stderr,
      /^httpipe: cannot read missing\.http: ENOENT\n\(httpipe help shows the usage\)/,
    );
  });

  it('runs examples/classic.http against the demo server from outside the repository', async () => {
    const demo = await startDemoServer({ port: 0 });
    try {
      copyFileSync(path.join(ROOT, 'examples', 'classic.http'), path.join(outside, 'classic.http'));
      const { stdout } = await run(
        httpipe,
        ['run', 'classic.http', '--mode', 'pipelined', '--var', `host=${demo.origin}`, '--json'],
        { cwd: outside },
      );
      const report = JSON.parse(stdout) as {
        mode: string;
        requests: Array<{ outcome: string; status: number }>;
      };
      assert.equal(report.mode, 'pipelined');
      assert.ok(report.requests.length >= 2);
      assert.deepEqual(
        report.requests.map((r) => r.outcome),
        report.requests.map(() => 'response'),
      );
    } finally {
      await demo.close();
    }
  });

  it('runs a response handler script in the sandbox the bundle loads from dist/quickjs.js', async () => {
    const demo = await startDemoServer({ port: 0 });
    try {
      writeFileSync(
        path.join(outside, 'script.http'),
        `GET ${demo.origin}/bytes?n=4\n\n> {%\n  client.test("answered", () => client.assert(response.status === 200));\n%}\n`,
      );
      const { stdout } = await run(httpipe, ['run', 'script.http'], { cwd: outside });
      assert.match(stdout, /✓ answered/);
      assert.match(stdout, /1 assertion: 1 passed, 0 failed/);
    } finally {
      await demo.close();
    }
  });
});
