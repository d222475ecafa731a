// The timing invariant every run must keep, whatever the mode, TLS or proxy: a request that got a
// response was sent, then its first byte came, then it ended (sentMs ≤ firstByteMs ≤ endMs).
import assert from 'node:assert/strict';
import type { RunResult } from '../../src/core/engine/types';

export function assertTimingOrder(result: RunResult): void {
  for (const r of result.requests) {
    if (r.outcome !== 'response') continue;
    const { sentMs, firstByteMs, endMs } = r.timings;
    const shown = `#${r.index + 1} (${result.mode}): ${JSON.stringify(r.timings)}`;
    assert.ok(sentMs !== undefined && firstByteMs !== undefined && endMs !== undefined, `missing: ${shown}`);
    assert.ok(sentMs <= firstByteMs && firstByteMs <= endMs, `out of order: ${shown}`);
  }
}
