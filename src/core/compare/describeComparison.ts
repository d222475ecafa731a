// Words for comparison numbers, shared by the CLI and the panel so both say the same thing.
import { modeLabel } from '../common/runModes';
import type { ModeRatio } from './types';

/** Below this, a difference is within what repeating the same run varies by; calling it "faster" would mislead. */
const SAME_TIME_RATIO = 1.05;

/** `pipelined 1.66× faster than keep-alive`, or `keep-alive and fresh took about the same time (1.01×)`. */
export function describeRatio(ratio: ModeRatio): string {
  const times = `${ratio.ratio.toFixed(2)}×`;
  return ratio.ratio < SAME_TIME_RATIO
    ? `${modeLabel(ratio.faster)} and ${modeLabel(ratio.slower)} took about the same time (${times})`
    : `${modeLabel(ratio.faster)} ${times} faster than ${modeLabel(ratio.slower)}`;
}
