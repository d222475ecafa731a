// `npm run bench`: httpipe's engine (pipelined, keep-alive, fresh, h2) against undici (HTTP/1.1 and
// h2c), Node's http and http2 clients and a raw-socket floor, on loopback servers this script starts itself (the demo server; nginx when
// installed). Prints markdown tables of medians and same-round ratios, whether each client used the
// connections it claims (counted on the server), a parser-only figure and the targets of issue 6, plus
// the installed extension's activation time as the last e2e run measured it (bench/activation.ts).
// A benchmark, not a test: its exit code says whether it ran, not whether targets were met.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { activationVerdict } from './bench/activation';
import {
  batchesFor,
  measureRoundTrip,
  runBatch,
  warmUp,
  type BatchResult,
  type BatchRounds,
} from './bench/batches';
import { formatBudgetRow, measureBudgetRow } from './bench/budgetRow';
import { measureCli, type CliFigure } from './bench/cliRuns';
import { measureEditor, type EditorFigure } from './bench/editorEdit';
import { measureMemory } from './bench/memoryRow';
import { measureParser, type ParserFigure } from './bench/parserThroughput';
import { allPeers } from './bench/peers';
import { findNginx, startDemoServerProcess, startNginxBench, type BenchServer } from './bench/servers';
import { formatBatch, formatParser, formatTargets } from './bench/table';
import { cliTargets, editorTargets, engineTargets, judgeTargets, memoryTarget } from './bench/targets';
import { measureWrk, type WrkFigure } from './bench/wrkFloor';
import type { ManyBodiesReport } from '../test/support/manyBodiesChild';

const USAGE = `usage: npm run bench -- [--rounds N] [--slow-rounds N] [--no-nginx] [--only PART]
  --rounds N       rounds of the quick batches (default 5, 1-50)
  --slow-rounds N  rounds of the 1.5 s + 1.0 s pair (default 2, 1-20)
  --no-nginx       only the demo server, even when nginx is installed
  --only PART      one part and its target rows, to iterate on it (the full run is the record):
                   editor  the 5,000-request file's edit and parse
                   parser  the response parsers alone
                   engine  the 1000-GET batches and wrk, on every server
                   cli     the CLI processes against curl
                   memory  1,000 responses of 1 MiB
                   budget  pipelined 200 GETs to nginx with keepalive_requests 10 vs without`;

const PARTS = ['editor', 'parser', 'engine', 'cli', 'memory', 'budget'] as const;
type Part = (typeof PARTS)[number];

interface Options extends BatchRounds {
  nginx: boolean;
  /** Every part when undefined. */
  only?: Part;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { rounds: 5, slowRounds: 2, nginx: true };
  const count = (flag: string, value: string | undefined, max: number): number => {
    const n = Number(value);
    if (!value || !/^\d+$/.test(value) || n < 1 || n > max)
      throw new Error(`${flag} needs a whole number from 1 to ${max}, got ${value ?? 'nothing'}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--rounds') options.rounds = count(arg, args[++i], 50);
    else if (arg === '--slow-rounds') options.slowRounds = count(arg, args[++i], 20);
    else if (arg === '--no-nginx') options.nginx = false;
    else if (arg === '--only') {
      const part = args[++i];
      if (!PARTS.includes(part as Part))
        throw new Error(`--only needs one of ${PARTS.join(', ')}, got ${part ?? 'nothing'}\n${USAGE}`);
      options.only = part as Part;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return options;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: os.cpus() has the model too.
  }
  return cpus()[0]?.model ?? 'unknown';
}

function undiciVersion(): string {
  const manifest = JSON.parse(readFileSync(require.resolve('undici/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function nginxVersion(binary: string): string {
  // `nginx -v` prints its version on stderr.
  return spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr.trim() || binary;
}

function describeMachine(nginx: string | undefined): string {
  return [
    '### Machine',
    '',
    `- date: ${new Date().toISOString()}`,
    `- CPUs (nproc): ${cpus().length}, ${cpuModel()}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version}, undici ${undiciVersion()}`,
    `- nginx: ${nginx ?? 'not installed'}`,
    `- ${describeLoad('at the start')}`,
  ].join('\n');
}

/** Other processes on the machine move wall times a lot; the load average says how busy it was. */
function describeLoad(when: string): string {
  return `load average ${when} (1, 5, 15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
}

async function startServers(options: Options, nginxBinary: string | undefined): Promise<BenchServer[]> {
  const servers = [await startDemoServerProcess()];
  if (!options.nginx) console.log('\nnginx: skipped (--no-nginx).');
  else if (!nginxBinary)
    console.log('\nnginx: not installed, its batches are skipped (Debian: apt-get install -y nginx-light).');
  else {
    try {
      servers.push(await startNginxBench());
    } catch (error) {
      console.log(
        `\nnginx: skipped, it did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return servers;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const runs = (part: Part): boolean => options.only === undefined || options.only === part;
  const nginxBinary = options.nginx && (runs('engine') || runs('budget')) ? findNginx() : undefined;
  console.log(describeMachine(nginxBinary && nginxVersion(nginxBinary)));
  if (options.only === 'budget' && !nginxBinary)
    throw new Error('the budget row needs nginx: run `bash scripts/real-servers.sh`');

  let editor: EditorFigure | undefined;
  if (runs('editor')) {
    console.error('editor figure…');
    editor = await measureEditor();
  }
  let figures: ParserFigure[] | undefined;
  if (runs('parser')) {
    console.error('parser figure…');
    figures = measureParser();
    console.log(`\n${formatParser(figures)}`);
  }

  const needsServers = runs('engine') || runs('cli') || runs('memory');
  const servers = needsServers ? await startServers(options, runs('engine') ? nginxBinary : undefined) : [];
  const stop = (): void => {
    void Promise.all(servers.map((s) => s.close())).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  const peers = allPeers();
  const results: BatchResult[] = [];
  const roundTrips: Array<{ name: string; roundTripMs?: number }> = [];
  const wrk: WrkFigure[] = [];
  let cli: CliFigure | undefined;
  let memory: ManyBodiesReport | undefined;
  try {
    for (const server of servers) {
      if (runs('engine')) {
        const serverPeers = peers.filter((peer) => !peer.h2 || server.h2);
        console.error(`${server.name}: warming up…`);
        await warmUp(server, serverPeers);
        const roundTripMs = await measureRoundTrip(server);
        roundTrips.push({ name: server.name, roundTripMs: server.canDelay ? roundTripMs : undefined });
        console.log(
          `\n${server.name} at ${server.origin}: one round trip (connect + one small GET, median of 21) ${roundTripMs.toFixed(3)} ms`,
        );
        const batches = batchesFor(server, options).filter(
          (batch) => options.only === undefined || batch.id === 'small-1000',
        );
        for (const batch of batches) {
          console.error(`${server.name}: ${batch.title}…`);
          const result = await runBatch(server, batch, serverPeers);
          results.push(result);
          console.log(`\n${formatBatch(result)}`);
        }
        console.error(`${server.name}: wrk…`);
        wrk.push(measureWrk(server.name, server.origin, server.smallPath));
      }
      // The demo server (the one every machine has) serves the CLI and memory rows.
      if (!server.canDelay) continue;
      if (runs('cli')) {
        console.error(`${server.name}: CLI processes…`);
        cli = measureCli(server.origin, server.smallPath, options.rounds);
      }
      if (runs('memory')) {
        console.error(`${server.name}: 1,000 responses of 1 MiB…`);
        memory = await measureMemory(server.origin);
      }
    }
  } finally {
    process.off('SIGINT', stop);
    await Promise.all(servers.map((s) => s.close()));
  }
  if (nginxBinary && runs('budget')) {
    console.error('nginx: the keepalive_requests budget row…');
    console.log(`\n${formatBudgetRow(await measureBudgetRow(options.rounds), options.rounds)}`);
  }
  console.log(`\n${describeLoad('at the end')}`);
  if (options.only === 'budget') return;
  // Compiled to out/scripts/bench.js; the e2e run's artifacts are at the repository root.
  const artifacts = path.resolve(__dirname, '..', '..', '.e2e-artifacts');
  console.log(
    `\n${formatTargets([
      ...(editor ? editorTargets(editor) : []),
      ...(runs('engine') ? engineTargets(results, wrk) : []),
      ...(cli ? cliTargets(cli) : []),
      ...(memory ? [memoryTarget(memory)] : []),
      ...judgeTargets(results, figures, roundTrips),
      ...(options.only === undefined ? [activationVerdict(artifacts)] : []),
    ])}`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
