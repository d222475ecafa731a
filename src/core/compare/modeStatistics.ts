// Pure statistics over finished runs: no I/O, so the numbers a comparison shows can be checked by hand.
import { RUN_MODES, type RunMode } from '../common/runModes';
import { requestDurationMs } from '../engine/requestExchanges';
import { type RunResult } from '../engine/types';
import type { ModeRatio, ModeSummary, RequestMedians } from './types';

/** Middle value; the mean of the two middle values for an even count. Undefined for no values. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function everyRequestAnswered(run: RunResult): boolean {
  return run.requests.every((r) => r.outcome === 'response');
}

/** `runs` are one mode's repetitions in run order; there is at least one. */
export function summarizeMode(mode: RunMode, runs: readonly RunResult[]): ModeSummary {
  const wallMs = runs.map((r) => r.wallMs);
  return {
    mode,
    wallMs,
    medianMs: median(wallMs) ?? 0,
    minMs: Math.min(...wallMs),
    maxMs: Math.max(...wallMs),
    connectionsMedian: median(runs.map((r) => r.connectionsOpened)) ?? 0,
    failedRuns: runs.filter((r) => !everyRequestAnswered(r)).length,
  };
}

/** Time from the request being taken up to its response ending, per request and mode: median and spread. */
export function perRequestMedians(runsByMode: ReadonlyMap<RunMode, readonly RunResult[]>): RequestMedians[] {
  const byIndex = new Map<number, RequestMedians>();
  for (const [mode, runs] of runsByMode) {
    const durations = new Map<number, number[]>();
    for (const run of runs) {
      for (const request of run.requests) {
        if (!byIndex.has(request.index)) {
          byIndex.set(request.index, {
            index: request.index,
            name: request.name,
            medianMs: {},
            spreadMs: {},
          });
        }
        const took = requestDurationMs(request);
        if (request.outcome !== 'response' || took === undefined) continue;
        const list = durations.get(request.index) ?? [];
        list.push(took);
        durations.set(request.index, list);
      }
    }
    for (const [index, list] of durations) {
      const entry = byIndex.get(index)!;
      entry.medianMs[mode] = median(list);
      entry.spreadMs![mode] = { minMs: Math.min(...list), maxMs: Math.max(...list) };
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** One entry per pair of modes whose medians differ, in RUN_MODES pair order. */
export function modeRatios(summaries: readonly ModeSummary[]): ModeRatio[] {
  const ordered = RUN_MODES.map((mode) => summaries.find((s) => s.mode === mode)).filter(
    (s): s is ModeSummary => !!s,
  );
  const ratios: ModeRatio[] = [];
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const [faster, slower] =
        ordered[i].medianMs <= ordered[j].medianMs ? [ordered[i], ordered[j]] : [ordered[j], ordered[i]];
      // Equal medians have no "faster"; a zero median (nothing ran) has no meaningful ratio.
      if (faster.medianMs === slower.medianMs || faster.medianMs <= 0) continue;
      ratios.push({ faster: faster.mode, slower: slower.mode, ratio: slower.medianMs / faster.medianMs });
    }
  }
  return ratios;
}
