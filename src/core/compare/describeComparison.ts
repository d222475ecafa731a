// Words for comparison numbers, shared by the CLI and the panel so both say the same thing.
import type { RunMode } from '../engine/types';
import type { ModeRatio } from './types';

const MODE_LABELS: Record<RunMode, string> = { fresh: 'fresh', keepalive: 'keep-alive', pipelined: 'pipelined' };

export function modeLabel(mode: RunMode): string {
  return MODE_LABELS[mode];
}

/** `pipelined 1.66× faster than keep-alive`. */
export function describeRatio(ratio: ModeRatio): string {
  return `${modeLabel(ratio.faster)} ${ratio.ratio.toFixed(2)}× faster than ${modeLabel(ratio.slower)}`;
}
