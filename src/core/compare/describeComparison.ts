// Words for comparison numbers, shared by the CLI and the panel so both say the same thing.
import type { RunMode } from '../engine/types';
import type { ModeRatio } from './types';

const MODE_LABELS: Record<RunMode, string> = {
  fresh: 'fresh',
  keepalive: 'keep-alive',
  pipelined: 'pipelined',
  h2: 'HTTP/2',
};

export function modeLabel(mode: RunMode): string {
  return MODE_LABELS[mode];
}

/** Below this, a difference is within what repeating the same run varies by; calling it "faster" would mislead. */
const SAME_TIME_RATIO = 1.05;

/** `pipelined 1.66× faster than keep-alive`, or `keep-alive and fresh took about the same time (1.01×)`. */
export function describeRatio(ratio: ModeRatio): string {
  const times = `${ratio.ratio.toFixed(2)}×`;
  return ratio.ratio < SAME_TIME_RATIO
    ? `${modeLabel(ratio.faster)} and ${modeLabel(ratio.slower)} took about the same time (${times})`
    : `${modeLabel(ratio.faster)} ${times} faster than ${modeLabel(ratio.slower)}`;
}
