// The batches the benchmark sends and the round-robin runner: every round runs every client once on the
// same batch, starting with a different client each round, so drift on the machine (other processes,
// CPU frequency, the server warming up) spreads over all clients instead of favouring one.
import { performance } from 'node:perf_hooks';
import { median } from '../../src/core/compare/modeStatistics';
import { rawSocketPeer, type Peer } from './peers';
import type { BenchServer, ServerCounts } from './servers';

export type BatchId = 'small-10' | 'small-100' | 'small-1000' | 'delay-10x20' | 'classic';

export interface Batch {
  id: BatchId;
  title: string;
  paths: string[];
  rounds: number;
  /** Longest time the server holds one of the responses back (0 for plain GETs). */
  largestDelayMs: number;
}

export interface PeerMeasurement {
  peer: string;
  expectedConnections: number;
  /** Wall time of each successful round, ms. */
  timesMs: number[];
  /** CPU time (user + system) this process spent in each successful round, ms: the servers run in other processes. */
  cpuMs: number[];
  /** This client's time over the reference client's time in the same round. */
  ratios: number[];
  /** What the server saw in each round, and how many 200 responses the client read. */
  seen: ServerCounts[];
  okResponses: number[];
  errors: string[];
}

export interface BatchResult {
  server: string;
  batch: Batch;
  /** In the order of the peers given; the first one is the reference of the ratios. */
  measurements: PeerMeasurement[];
}

export interface BatchRounds {
  /** Rounds of the quick batches. */
  rounds: number;
  /** Rounds of the 1.5 s + 1.0 s pair, which takes seconds per client. */
  slowRounds: number;
}

function repeat(path: string, n: number): string[] {
  return Array.from({ length: n }, () => path);
}

export function batchesFor(server: BenchServer, { rounds, slowRounds }: BatchRounds): Batch[] {
  const small = ([10, 100, 1000] as const).map((n) => ({
    id: `small-${n}` as const,
    title: `${n} small GETs`,
    paths: repeat(server.smallPath, n),
    rounds,
    largestDelayMs: 0,
  }));
  if (!server.canDelay) return small;
  return [
    ...small,
    {
      id: 'delay-10x20',
      title: '10 GETs delayed 20 ms each',
      paths: repeat('/delay?ms=20', 10),
      rounds,
      largestDelayMs: 20,
    },
    {
      id: 'classic',
      title: 'classic pair: 1.5 s then 1.0 s',
      paths: ['/delay?ms=1500', '/delay?ms=1000'],
      rounds: slowRounds,
      largestDelayMs: 1500,
    },
  ];
}

/** Every connection count and request count as claimed, and every response a 200, in every round. */
export function countsMatch(measurement: PeerMeasurement, requests: number): boolean {
  return (
    measurement.errors.length === 0 &&
    measurement.seen.every(
      (s) => s.connections === measurement.expectedConnections && s.requests === requests,
    ) &&
    measurement.okResponses.every((ok) => ok === requests)
  );
}

interface Outcome {
  ms?: number;
  cpuMs?: number;
  ok: number;
  seen: ServerCounts;
  error?: string;
}

async function timeOnce(server: BenchServer, peer: Peer, paths: string[]): Promise<Outcome> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    const run = await peer.run(server.origin, paths);
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ok: run.ok,
      seen: await server.counter.take(paths.length),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: 0, seen: await server.counter.take(paths.length), error: message };
  }
}

export async function runBatch(
  server: BenchServer,
  batch: Batch,
  peers: readonly Peer[],
): Promise<BatchResult> {
  const measurements: PeerMeasurement[] = peers.map((peer) => ({
    peer: peer.name,
    expectedConnections: peer.expectedConnections(batch.paths.length),
    timesMs: [],
    cpuMs: [],
    ratios: [],
    seen: [],
    okResponses: [],
    errors: [],
  }));
  for (let round = 0; round < batch.rounds; round++) {
    const timesThisRound = new Map<number, number>();
    for (let k = 0; k < peers.length; k++) {
      const i = (round + k) % peers.length;
      const outcome = await timeOnce(server, peers[i], batch.paths);
      const m = measurements[i];
      m.seen.push(outcome.seen);
      m.okResponses.push(outcome.ok);
      if (outcome.error !== undefined) m.errors.push(`round ${round + 1}: ${outcome.error}`);
      if (outcome.ms !== undefined && outcome.cpuMs !== undefined) {
        m.timesMs.push(outcome.ms);
        m.cpuMs.push(outcome.cpuMs);
        timesThisRound.set(i, outcome.ms);
      }
    }
    const reference = timesThisRound.get(0);
    if (reference === undefined) continue;
    for (const [i, ms] of timesThisRound) measurements[i].ratios.push(ms / reference);
  }
  return { server: server.name, batch, measurements };
}

/** One pass of every client over a small batch, not recorded: JIT compilation and first-use costs happen here. */
export async function warmUp(server: BenchServer, peers: readonly Peer[]): Promise<void> {
  const paths = repeat(server.smallPath, 100);
  for (const peer of peers) await timeOnce(server, peer, paths);
}

/**
 * One round trip as a client that starts without a connection pays it: connect, one small GET, its
 * response (median of `samples`, through the raw-socket floor client). The delay batches' limit is the
 * largest delay plus this.
 */
export async function measureRoundTrip(server: BenchServer, samples = 21): Promise<number> {
  const floor = rawSocketPeer();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const outcome = await timeOnce(server, floor, [server.smallPath]);
    if (outcome.ms !== undefined) times.push(outcome.ms);
  }
  return median(times) ?? Number.NaN;
}
