// What the run's cookie jar did for one request, as sentences about it (names only: cookie values
// are secrets). The CLI prints them after the request's label, the panel shows them in the detail.
import type { RequestResult } from '../engine/types';

export interface CookieUseLines {
  /** What was sent from and stored in the jar. */
  used: string[];
  /** Pipelined: cookies an earlier response set after this request was written. */
  missed: string[];
}

export function describeCookieUse(result: Pick<RequestResult, 'cookies'>): CookieUseLines {
  const use = result.cookies;
  const lines: CookieUseLines = { used: [], missed: [] };
  if (!use) return lines;
  if (use.sent.length > 0)
    lines.used.push(`sent cookie${plural(use.sent)} ${use.sent.join(', ')} from the run's cookie jar`);
  if (use.stored.length > 0)
    lines.used.push(
      `stored cookie${plural(use.stored)} ${use.stored.join(', ')} from its response in the cookie jar`,
    );
  for (const missed of use.missed ?? []) {
    lines.missed.push(
      `went without cookie${plural(missed.names)} ${missed.names.join(', ')}: the response of #${missed.from + 1} set ` +
        `${missed.names.length === 1 ? 'it' : 'them'} after this request was written (# @no-pipeline on #${missed.from + 1} makes it wait)`,
    );
  }
  return lines;
}

function plural(names: readonly string[]): string {
  return names.length === 1 ? '' : 's';
}
