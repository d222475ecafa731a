// The human-readable form of a mode comparison: per-mode wall times, how the modes relate, and each
// request's median time per mode with its spread.
import { modeLabel, RUN_MODES, type RunMode } from '../core/common/runModes';
import { describeRatio } from '../core/compare/describeComparison';
import type { ModeComparison, RequestMedians } from '../core/compare/types';
import { formatMs, formatTable } from './table';

function requestCell(request: RequestMedians, mode: RunMode): string {
  const median = request.medianMs[mode];
  if (median === undefined) return 'no response';
  const spread = request.spreadMs?.[mode];
  return spread && spread.maxMs > spread.minMs
    ? `${formatMs(median)} (${formatMs(spread.minMs)}–${formatMs(spread.maxMs)})`
    : formatMs(median);
}

export function renderComparison(comparison: ModeComparison): string {
  const modes = formatTable(
    [
      { title: 'mode' },
      { title: 'median ms', align: 'right' },
      { title: 'min', align: 'right' },
      { title: 'max', align: 'right' },
      { title: 'connections', align: 'right' },
      { title: 'failed runs', align: 'right' },
    ],
    comparison.modes.map((m) => [
      modeLabel(m.mode),
      formatMs(m.medianMs),
      formatMs(m.minMs),
      formatMs(m.maxMs),
      String(m.connectionsMedian),
      String(m.failedRuns),
    ]),
  );
  const perRequest = formatTable(
    [
      { title: '#', align: 'right' },
      { title: 'request' },
      ...RUN_MODES.map((mode) => ({ title: modeLabel(mode), align: 'right' as const })),
    ],
    comparison.perRequest.map((r) => [
      String(r.index + 1),
      r.name,
      ...RUN_MODES.map((mode) => requestCell(r, mode)),
    ]),
  );
  const runs = `${comparison.repeat} run${comparison.repeat === 1 ? '' : 's'} per mode, interleaved`;
  return [
    `Wall time per mode (${runs}):`,
    modes,
    '',
    ...(comparison.ratios.length ? comparison.ratios.map(describeRatio) : ['all modes took the same time']),
    '',
    'Per request, ms from being taken up to the response end: median (min–max):',
    perRequest,
  ].join('\n');
}
