// Result of running one file in every mode, several times, interleaved (fresh, keepalive, pipelined,
// fresh, …) so that drift on the machine hits all modes alike. Shared by the CLI and the panel.
import type { RunMode } from '../common/runModes';

export interface ModeSummary {
  mode: RunMode;
  /** Wall time of each repetition, in run order. */
  wallMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Connections opened per repetition (median). */
  connectionsMedian: number;
  /** Repetitions in which some request did not end with a response. */
  failedRuns: number;
}

export interface RequestMedians {
  index: number;
  name: string;
  /** Median of the request's duration (hops included) in each mode; absent when it never got a response. */
  medianMs: Partial<Record<RunMode, number>>;
  /** Fastest and slowest duration per mode, over the repetitions that got a response. */
  spreadMs?: Partial<Record<RunMode, { minMs: number; maxMs: number }>>;
}

export interface ModeRatio {
  faster: RunMode;
  slower: RunMode;
  /** slower.medianMs / faster.medianMs, e.g. 1.66 for "pipelined 1.66× faster than keep-alive". */
  ratio: number;
}

export interface ModeComparison {
  repeat: number;
  modes: ModeSummary[];
  perRequest: RequestMedians[];
  ratios: ModeRatio[];
}
