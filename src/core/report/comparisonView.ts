// The compare tab's bars and sentences, worded like the CLI's report (describeRatio is shared).
import { modeLabel, RUN_MODES } from '../common/runModes';
import { describeRatio } from '../compare/describeComparison';
import type { ModeComparison } from '../compare/types';
import type { ComparisonView } from './views';

export function toComparisonView(comparison: ModeComparison): ComparisonView {
  const slowest = Math.max(0, ...comparison.modes.map((m) => m.medianMs));
  const bars = RUN_MODES.flatMap((mode) => comparison.modes.filter((m) => m.mode === mode)).map((m) => ({
    mode: m.mode,
    label: modeLabel(m.mode),
    medianMs: m.medianMs,
    minMs: m.minMs,
    maxMs: m.maxMs,
    connectionsMedian: m.connectionsMedian,
    failedRuns: m.failedRuns,
    fraction: slowest > 0 ? m.medianMs / slowest : 0,
  }));
  const ratios = [...comparison.ratios].sort((a, b) => b.ratio - a.ratio).map(describeRatio);
  const perRequest = comparison.perRequest.map((r) => ({
    index: r.index,
    name: r.name,
    modes: bars.map(({ mode }) => ({
      mode,
      medianMs: r.medianMs[mode],
      minMs: r.spreadMs?.[mode]?.minMs,
      maxMs: r.spreadMs?.[mode]?.maxMs,
    })),
  }));
  return { repeat: comparison.repeat, bars, ratios, perRequest };
}
