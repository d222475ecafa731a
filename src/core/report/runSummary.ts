// Run-level facts for the panel header and the wire tab's connection list.
import type { RunResult } from '../engine/types';
import type { RunSummaryView } from './views';

export function toRunSummary(run: RunResult): RunSummaryView {
  return {
    mode: run.mode,
    wallMs: run.wallMs,
    connectionsOpened: run.connectionsOpened,
    connections: run.connections.map((c) => ({
      id: c.id,
      origin: c.origin,
      via: c.via,
      openedMs: c.openedMs,
      closedMs: c.closedMs,
      closeReason: c.closeReason,
      requests: [...c.requests],
    })),
    notes: [...run.notes],
    cancelled: run.cancelled,
  };
}
