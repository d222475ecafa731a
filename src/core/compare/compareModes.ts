// Runs one set of requests in every mode, `repeat` times, interleaved (fresh, keepalive, pipelined,
// fresh, …) so that a slow moment on the machine or the server hits all modes alike.
import { RUN_MODES, type RunMode } from '../common/runModes';
import { runRequests } from '../engine/runRequests';
import { type CookieJarPort, type RequestSpec, type RunOptions, type RunResult } from '../engine/types';
import { modeRatios, perRequestMedians, summarizeMode } from './modeStatistics';
import type { ModeComparison } from './types';

export interface CompareOptions {
  /** Repetitions per mode, at least 1. */
  repeat: number;
  /** Cancels the run in progress and rejects with the signal's reason. */
  signal?: AbortSignal;
  runOptions?: Omit<RunOptions, 'mode' | 'signal' | 'cookieJar'>;
  /** Called once per run, so no run sees another's cookies; without it the runs have no cookie jar. */
  newCookieJar?: () => CookieJarPort;
  onProgress?: (done: number, total: number, last: RunResult) => void;
}

/**
 * `makeSpecs` is called once per run: specs carry `prepare` closures that may keep state (a body
 * stream, a login token), so every run gets its own.
 */
export async function compareModes(
  makeSpecs: () => RequestSpec[],
  options: CompareOptions,
): Promise<ModeComparison> {
  const { repeat, signal } = options;
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new RangeError(`repeat must be a whole number of at least 1, got ${repeat}`);
  const runsByMode = new Map<RunMode, RunResult[]>(RUN_MODES.map((mode) => [mode, []]));
  const total = repeat * RUN_MODES.length;
  let done = 0;
  for (let round = 0; round < repeat; round++) {
    for (const mode of RUN_MODES) {
      signal?.throwIfAborted();
      const result = await runRequests(makeSpecs(), {
        ...options.runOptions,
        mode,
        signal,
        cookieJar: options.newCookieJar?.(),
      });
      // A cancelled run's times say nothing about the mode; stop instead of averaging it in.
      signal?.throwIfAborted();
      runsByMode.get(mode)!.push(result);
      done++;
      options.onProgress?.(done, total, result);
    }
  }
  const modes = RUN_MODES.map((mode) => summarizeMode(mode, runsByMode.get(mode)!));
  return { repeat, modes, perRequest: perRequestMedians(runsByMode), ratios: modeRatios(modes) };
}
