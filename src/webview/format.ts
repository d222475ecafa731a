// Numbers as the panel shows them.
import { formatDuration } from '../core/report/formatDuration';

export { formatBytes } from '../core/report/formatBytes';

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : formatDuration(ms);
}
