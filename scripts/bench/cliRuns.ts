// The CLI rows of issue 17: `httpipe run` of 1,000 GETs pipelined as a whole process (the bundle in
// dist/, as `httpipe` runs it) against curl fetching the same 1,000 URLs one after the other on one
// connection; CPU time per request (1,000 requests against 10, so start-up cancels out); and start-up
// (`httpipe help`) against `node -e 0`. Each round runs every command once, interleaved; medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from '../../src/core/compare/modeStatistics';

export interface CliFigure {
  requests: number;
  /** Medians over the rounds, wall ms. */
  httpipeMs: number;
  curlMs?: number;
  /** (CPU of 1,000 requests − CPU of 10) / 990, µs. */
  cpuPerRequestUs: number;
  startupMs: number;
  nodeMs: number;
  rounds: number;
  problems: string[];
}

const REQUESTS = 1000;
const FEW = 10;

interface Timed {
  wallMs: number;
  cpuUs: number;
}

const repoRoot = join(__dirname, '../../..');
const cli = join(repoRoot, 'dist/cli.js');
const preload = join(__dirname, 'cpuAtExit.js');

function timed(command: string, args: string[], dir: string, problems: string[]): Timed {
  const cpuFile = join(dir, 'cpu');
  rmSync(cpuFile, { force: true });
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd: dir,
    env: { ...process.env, HTTPIPE_BENCH_CPU_FILE: cpuFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wallMs = performance.now() - start;
  if (result.status !== 0)
    problems.push(
      `${command} ${args.slice(0, 3).join(' ')}… exited ${result.status}: ${result.stderr.toString().slice(0, 200)}`,
    );
  let cpuUs = NaN;
  try {
    cpuUs = Number(readFileSync(cpuFile, 'utf8'));
  } catch {
    // curl is not a Node process: wall time only.
  }
  return { wallMs, cpuUs };
}

function hasCurl(): boolean {
  return spawnSync('curl', ['--version']).status === 0;
}

export function measureCli(origin: string, path: string, rounds: number): CliFigure {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-bench-cli-'));
  const url = `${origin}${path}`;
  const file = (n: number): string => {
    const name = join(dir, `get${n}.http`);
    writeFileSync(name, Array.from({ length: n }, () => `###\nGET ${url}\n`).join('\n'));
    return name;
  };
  const many = file(REQUESTS);
  const few = file(FEW);
  const curlConfig = join(dir, 'curl.txt');
  writeFileSync(
    curlConfig,
    Array.from({ length: REQUESTS }, () => `url = "${url}"\noutput = "/dev/null"\n`).join(''),
  );
  const curl = hasCurl();
  const problems: string[] = curl ? [] : ['curl missing (Debian: apt-get install -y curl): no curl figure'];
  const node = (...args: string[]): string[] => ['--require', preload, ...args];
  const times = {
    many: [] as Timed[],
    few: [] as Timed[],
    help: [] as Timed[],
    node: [] as Timed[],
    curl: [] as Timed[],
  };
  try {
    for (let round = 0; round < rounds; round++) {
      times.many.push(timed(process.execPath, node(cli, 'run', many, '--mode', 'pipelined'), dir, problems));
      times.few.push(timed(process.execPath, node(cli, 'run', few, '--mode', 'pipelined'), dir, problems));
      times.help.push(timed(process.execPath, node(cli, 'help'), dir, problems));
      times.node.push(timed(process.execPath, node('-e', '0'), dir, problems));
      if (curl) times.curl.push(timed('curl', ['-s', '-K', curlConfig], dir, problems));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = (list: Timed[]): number => median(list.map((t) => t.wallMs))!;
  const cpu = (list: Timed[]): number => median(list.map((t) => t.cpuUs))!;
  return {
    requests: REQUESTS,
    httpipeMs: wall(times.many),
    curlMs: curl ? wall(times.curl) : undefined,
    cpuPerRequestUs: (cpu(times.many) - cpu(times.few)) / (REQUESTS - FEW),
    startupMs: wall(times.help),
    nodeMs: wall(times.node),
    rounds,
    problems: [...new Set(problems)],
  };
}
