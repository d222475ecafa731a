// Small labelled chips that say why a request behaved as it did: reused, retried, redirected or
// challenged (hops), held back (barrier), each with the reason in its tooltip.
import type { Wait } from '../core/engine/types';
import type { RequestSummaryView } from '../core/report/views';
import { el } from './dom';

const WAIT_LABELS: Record<Wait['kind'], string> = {
  'non-idempotent': 'barrier',
  'no-pipeline': 'barrier',
  dependency: 'depends',
  fallback: 'fallback',
  retry: 'retry wait',
};

/** The engine's reason already names the request waited for. */
export function describeWait(wait: Wait): string {
  return wait.reason;
}

export function markerChips(result: RequestSummaryView): HTMLElement[] {
  const chips: HTMLElement[] = [];
  if (result.reused) {
    chips.push(
      el('span', {
        class: 'chip chip-reused',
        text: 'reused',
        title: `Sent on connection #${result.connectionId}, which was already open`,
      }),
    );
  }
  if (result.retried) {
    chips.push(
      el('span', {
        class: 'chip chip-retried',
        text: 'retried',
        title: 'Re-sent on a new connection: the server closed the previous one before answering it',
      }),
    );
  }
  if (result.hops.length > 0) {
    const n = result.hops.length;
    const title = result.hops
      .map((hop, i) => `Hop ${i + 1}: ${hop.method} ${hop.url} → ${hop.status}, ${hop.reason}`)
      .join('\n');
    chips.push(
      el('span', {
        class: 'chip chip-hops',
        text: `${n} hop${n === 1 ? '' : 's'}`,
        title,
        testId: 'chip-hops',
      }),
    );
  }
  if (result.cookies.missed.length > 0) {
    chips.push(
      el('span', {
        class: 'chip chip-wait chip-cookie',
        text: 'cookie missed',
        title: result.cookies.missed.join('\n'),
      }),
    );
  }
  for (const wait of result.waits) {
    chips.push(
      el('span', {
        class: `chip chip-wait chip-${wait.kind}`,
        text: WAIT_LABELS[wait.kind],
        title: describeWait(wait),
      }),
    );
  }
  return chips;
}

export function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
