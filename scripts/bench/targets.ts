// The targets issues 6 and 17 set, judged from the measurements as they are: no retries, no best-of.
import { median } from '../../src/core/compare/modeStatistics';
import type { BatchResult } from './batches';
import type { CliFigure } from './cliRuns';
import type { EditorFigure } from './editorEdit';
import { MEMORY_RESPONSES } from './memoryRow';
import type { WrkFigure } from './wrkFloor';
import type { ManyBodiesReport } from '../../test/support/manyBodiesChild';
import { OUR_PARSER, type ParserFigure } from './parserThroughput';
import type { TargetVerdict } from './table';

const PARSER_TARGET_PER_SECOND = 1_000_000;
/** The delay batch, pipelined, may take this much more than its limit. */
const DELAY_TARGET_SLACK = 0.1;

function find(results: readonly BatchResult[], server: string, id: string): BatchResult | undefined {
  return results.find((r) => r.server === server && r.batch.id === id);
}

function measurementOf(result: BatchResult | undefined, peer: string) {
  return result?.measurements.find((m) => m.peer === peer);
}

/** Pipelined N=1000 no slower than undici with pipelining, judged by the median of same-round ratios. */
function againstUndici(results: readonly BatchResult[], server: string): TargetVerdict {
  const target = `${server}: httpipe pipelined, 1000 small GETs, no slower than undici pipelining N`;
  const result = find(results, server, 'small-1000');
  const ours = measurementOf(result, 'httpipe pipelined');
  const theirs = measurementOf(result, 'undici pipelining N');
  // undici's ratios are undici's time over httpipe pipelined's time in the same round.
  const ratio = theirs ? median(theirs.ratios) : undefined;
  if (!ours || ratio === undefined) return { target, measured: 'no complete round', met: undefined };
  return {
    target,
    measured: `httpipe ${median(ours.timesMs)!.toFixed(2)} ms, undici ${median(theirs!.timesMs)!.toFixed(2)} ms (medians); undici/httpipe same-round ratio ${ratio.toFixed(2)}`,
    met: ratio >= 1,
  };
}

/** httpipe h2 may take this many times the faster HTTP/2 peer's time. */
const H2_TARGET_FACTOR = 1.2;

/** h2 N=1000 within 1.2× of the faster of undici's and Node's HTTP/2 clients, medians of the same run. */
function againstH2Peers(results: readonly BatchResult[], server: string): TargetVerdict | undefined {
  const result = find(results, server, 'small-1000');
  const ours = measurementOf(result, 'httpipe h2');
  if (!result || !ours) return undefined;
  const target = `${server}: httpipe h2, 1000 small GETs, within ${H2_TARGET_FACTOR}× of the faster of undici h2c and node http2`;
  const peers = ['undici h2c', 'node http2']
    .map((name) => ({ name, ms: median(measurementOf(result, name)?.timesMs ?? []) }))
    .filter((p): p is { name: string; ms: number } => p.ms !== undefined);
  const oursMs = median(ours.timesMs);
  if (oursMs === undefined || peers.length === 0)
    return { target, measured: 'no complete round', met: undefined };
  const fastest = peers.reduce((a, b) => (b.ms < a.ms ? b : a));
  const factor = oursMs / fastest.ms;
  return {
    target,
    measured: `httpipe ${oursMs.toFixed(2)} ms, ${peers.map((p) => `${p.name} ${p.ms.toFixed(2)} ms`).join(', ')} (medians); ${factor.toFixed(2)}× the faster`,
    met: factor <= H2_TARGET_FACTOR,
  };
}

/** Judged on CPU time: on a busy machine wall time mostly measures the other processes (both are printed). */
function parserTarget(figures: readonly ParserFigure[]): TargetVerdict[] {
  return figures
    .filter((f) => f.parser === OUR_PARSER && f.feed === 'one buffer')
    .map((f) => ({
      target: `parser, ${f.framing}: ≥ ${PARSER_TARGET_PER_SECOND.toLocaleString('en-US')} small responses/s`,
      measured: `${Math.round(f.responsesPerCpuSecond).toLocaleString('en-US')} responses per CPU second (${Math.round(f.responsesPerSecond).toLocaleString('en-US')} per wall second)`,
      met: f.responsesPerCpuSecond >= PARSER_TARGET_PER_SECOND,
    }));
}

function overLimit(measured: number, limit: number): string {
  const percent = (measured / limit - 1) * 100;
  return percent >= 0 ? `${percent.toFixed(1)}% over it` : `${(-percent).toFixed(1)}% under it`;
}

/** The 10 × 20 ms batch pipelined within 10% of the largest delay plus one round trip. */
function delayTarget(results: readonly BatchResult[], server: string, roundTripMs: number): TargetVerdict {
  const target = `${server}: 10 × 20 ms pipelined within ${DELAY_TARGET_SLACK * 100}% of 20 ms + one round trip`;
  const ours = measurementOf(find(results, server, 'delay-10x20'), 'httpipe pipelined');
  const measured = ours ? median(ours.timesMs) : undefined;
  if (measured === undefined) return { target, measured: 'no complete round', met: undefined };
  const limit = 20 + roundTripMs;
  // The raw socket's time in the same batch is what the server and the machine's timers allow at all.
  const floor = measurementOf(find(results, server, 'delay-10x20'), 'raw socket (floor)');
  const floorMs = floor && floor.timesMs.length > 0 ? median(floor.timesMs) : undefined;
  const floorNote = floorMs === undefined ? '' : `; raw-socket floor ${floorMs.toFixed(2)} ms`;
  return {
    target,
    measured: `${measured.toFixed(2)} ms median; limit ${limit.toFixed(2)} ms (round trip ${roundTripMs.toFixed(2)} ms), ${overLimit(measured, limit)}${floorNote}`,
    met: measured <= limit * (1 + DELAY_TARGET_SLACK),
  };
}

const EDIT_TARGET_MS = 50;
const PARSE_TARGET_MS = 30;

/** Issue 17's editor rows: CPU time of the real providers after a typed character and after Enter, and of the parse alone. */
export function editorTargets(figure: EditorFigure): TargetVerdict[] {
  const file = `${figure.requests.toLocaleString('en-US')}-request file (${figure.lines.toLocaleString('en-US')} lines)`;
  return [
    {
      target: `editor, ${file}: one edit, everything it triggers (CodeLens, diagnostics, folding, outline) < ${EDIT_TARGET_MS} ms`,
      measured: `${figure.editCpuMs.toFixed(1)} ms CPU (${figure.editWallMs.toFixed(1)} ms wall), median of ${figure.edits} edits; ${figure.lenses} lenses, ${figure.problems} problems`,
      met: figure.editCpuMs < EDIT_TARGET_MS,
    },
    {
      target: `editor, ${file}: Enter in the middle (every block below moves a line), everything it triggers < ${EDIT_TARGET_MS} ms`,
      measured: `${figure.enterCpuMs.toFixed(1)} ms CPU (${figure.enterWallMs.toFixed(1)} ms wall), median of ${figure.edits} edits`,
      met: figure.enterCpuMs < EDIT_TARGET_MS,
    },
    {
      target: `editor, ${file}: parse < ${PARSE_TARGET_MS} ms`,
      measured: `${figure.parseCpuMs.toFixed(1)} ms CPU, median`,
      met: figure.parseCpuMs < PARSE_TARGET_MS,
    },
  ];
}

const ENGINE_CPU_TARGET_US = 8;
const WRK_TARGET_RATIO = 1.5;
const CURL_TARGET_RATIO = 0.8;
const CLI_CPU_TARGET_US = 30;
const STARTUP_TARGET_MS = 80;
const RSS_TARGET_BYTES = 400 * 1024 * 1024;

/** Issue 17's engine row: client CPU per request and wall time against wrk, pipelined 1000 small GETs. */
export function engineTargets(results: readonly BatchResult[], wrk: readonly WrkFigure[]): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const floor of wrk) {
    const ours = measurementOf(find(results, floor.server, 'small-1000'), 'httpipe pipelined');
    const cpuMs = ours ? median(ours.cpuMs) : undefined;
    const wallMs = ours ? median(ours.timesMs) : undefined;
    verdicts.push({
      target: `${floor.server}: httpipe pipelined, 1000 small GETs, ≤ ${ENGINE_CPU_TARGET_US} µs client CPU per request`,
      measured:
        cpuMs === undefined
          ? 'no complete round'
          : `${cpuMs.toFixed(1)} µs (CPU ms for 1,000 requests = µs per request; median of the rounds)`,
      met: cpuMs === undefined ? undefined : cpuMs <= ENGINE_CPU_TARGET_US,
    });
    verdicts.push({
      target: `${floor.server}: httpipe pipelined, 1000 small GETs, wall ≤ ${WRK_TARGET_RATIO}× wrk (1 connection, pipelined 1000)`,
      measured:
        floor.msPer1000 === undefined || wallMs === undefined
          ? (floor.problem ?? 'no complete round')
          : `httpipe ${wallMs.toFixed(2)} ms, wrk ${floor.msPer1000.toFixed(2)} ms per 1000 (from its rate): ${(wallMs / floor.msPer1000).toFixed(2)}×`,
      met:
        floor.msPer1000 === undefined || wallMs === undefined
          ? undefined
          : wallMs <= WRK_TARGET_RATIO * floor.msPer1000,
    });
  }
  return verdicts;
}

/** Issue 17's CLI row: whole `httpipe run` processes. */
export function cliTargets(cli: CliFigure): TargetVerdict[] {
  const rounds = `median of ${cli.rounds}`;
  return [
    {
      target: `CLI: httpipe run, ${cli.requests} GETs pipelined, ≤ ${CURL_TARGET_RATIO}× curl (same URLs, sequential, one connection)`,
      measured:
        cli.curlMs === undefined
          ? cli.problems.join('; ')
          : `httpipe ${cli.httpipeMs.toFixed(0)} ms, curl ${cli.curlMs.toFixed(0)} ms (${rounds}): ${(cli.httpipeMs / cli.curlMs).toFixed(2)}×`,
      met: cli.curlMs === undefined ? undefined : cli.httpipeMs <= CURL_TARGET_RATIO * cli.curlMs,
    },
    {
      target: `CLI: ≤ ${CLI_CPU_TARGET_US} µs CPU per request (${cli.requests} requests against 10)`,
      measured: `${cli.cpuPerRequestUs.toFixed(1)} µs (${rounds})`,
      met: cli.cpuPerRequestUs <= CLI_CPU_TARGET_US,
    },
    {
      target: `CLI: start-up (httpipe help) ≤ ${STARTUP_TARGET_MS} ms`,
      measured: `${cli.startupMs.toFixed(0)} ms; node -e 0 ${cli.nodeMs.toFixed(0)} ms (${rounds}, wall)`,
      met: cli.startupMs <= STARTUP_TARGET_MS,
    },
  ];
}

/** Issue 17's memory row. */
export function memoryTarget(report: ManyBodiesReport): TargetVerdict {
  const MiB = 1024 * 1024;
  return {
    target: `memory: ${MEMORY_RESPONSES} responses of 1 MiB, pipelined, default budget, peak RSS ≤ ${RSS_TARGET_BYTES / MiB} MiB`,
    measured: `${(report.peakRss / MiB).toFixed(0)} MiB; ${report.responses} responses, ${(report.keptBytes / MiB).toFixed(0)} MiB kept, ${report.countedOnly} counted only`,
    met: report.responses === MEMORY_RESPONSES && report.peakRss <= RSS_TARGET_BYTES,
  };
}

/**
 * Issue 6's rows: against undici and the HTTP/2 peers (from the batches), the parser (when measured),
 * and the 10 × 20 ms limit (only when the delayed batch ran, which a partial run skips).
 */
export function judgeTargets(
  results: readonly BatchResult[],
  figures: readonly ParserFigure[] | undefined,
  servers: ReadonlyArray<{ name: string; roundTripMs?: number }>,
): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const server of servers) verdicts.push(againstUndici(results, server.name));
  for (const server of servers) {
    const h2 = againstH2Peers(results, server.name);
    if (h2) verdicts.push(h2);
  }
  if (figures) verdicts.push(...parserTarget(figures));
  const delayed = results.some((result) => result.batch.id === 'delay-10x20');
  for (const server of servers) {
    if (delayed && server.roundTripMs !== undefined)
      verdicts.push(delayTarget(results, server.name, server.roundTripMs));
  }
  return verdicts;
}
