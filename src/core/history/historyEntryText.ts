// How a stored run reads in the history picker: when and which file first (what people look for),
// then mode, wall time and statuses, so runs of the same file can be told apart at a glance.
import { modeLabel } from '../common/runModes';
import * as path from 'node:path';
import type { HistoryEntry } from './storedRun';

const MAX_STATUSES_SHOWN = 8;

export interface HistoryEntryText {
  label: string;
  description: string;
  detail: string;
}

function wallTime(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `200 200 404 error`, at most eight, then `+N more`. */
export function statusList(statuses: HistoryEntry['statuses']): string {
  const shown = statuses.slice(0, MAX_STATUSES_SHOWN).join(' ');
  const more = statuses.length - MAX_STATUSES_SHOWN;
  return more > 0 ? `${shown} +${more} more` : shown;
}

/** `formatTime` is the caller's (the extension uses the user's locale); the default is ISO without milliseconds. */
export function describeHistoryEntry(
  entry: HistoryEntry,
  formatTime = (iso: string) => iso.replace(/\.\d+Z$/, 'Z').replace('T', ' '),
): HistoryEntryText {
  const requests = `${entry.statuses.length} request${entry.statuses.length === 1 ? '' : 's'}`;
  return {
    label: `${formatTime(entry.startedAt)}  ${path.basename(entry.file)}`,
    description: [
      modeLabel(entry.mode),
      wallTime(entry.wallMs),
      `${requests}: ${statusList(entry.statuses)}`,
      entry.cancelled ? 'cancelled' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    detail: entry.file,
  };
}
