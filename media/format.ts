// Numbers as the panel shows them.
import { formatDuration } from '../src/core/report/formatDuration';

export { formatBytes } from '../src/core/report/formatBytes';

export function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : formatDuration(ms);
}
