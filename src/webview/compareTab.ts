// Mode comparison: one bar per mode (median, with the min–max spread drawn behind it), the ratio
// sentences shared with the CLI, and per-request medians. `compare-bar` test ids are used by e2e tests.
import type { ComparisonView } from '../core/report/views';
import type { CompareState } from '../shared/panelProtocol';
import { button, el } from './dom';
import { formatMs } from './format';
import { banner, emptyState } from './requestDetail';

export class CompareTab {
  readonly element = el('div', { class: 'compare' });

  constructor(private readonly onCompare: () => void) {}

  update(state: CompareState | undefined): void {
    if (!state || state.phase === 'stopped') {
      this.element.replaceChildren(
        el('div', { class: 'empty-state' }, [
          state ? banner('warning', `The comparison stopped: ${state.reason}`) : null,
          el('span', {
            text: 'Run the file in every mode, several times, interleaved, and compare the medians.',
          }),
          button('Compare modes', 'git-compare', this.onCompare, { primary: true, testId: 'compare-start' }),
        ]),
      );
      return;
    }
    if (state.phase === 'running') {
      const bar = el('div', { class: 'progress-fill' });
      bar.style.width = `${state.total ? (state.done / state.total) * 100 : 0}%`;
      this.element.replaceChildren(
        el('div', { class: 'compare-progress', testId: 'compare-progress' }, [
          el('div', { text: `Comparing modes… ${state.done} of ${state.total} runs` }),
          el('div', { class: 'progress-track' }, [bar]),
        ]),
      );
      return;
    }
    this.element.replaceChildren(...renderComparison(state.comparison));
  }
}

function renderComparison(c: ComparisonView): HTMLElement[] {
  if (c.bars.length === 0) return [emptyState('circle-slash', 'No mode finished a run.')];
  const scale = Math.max(1, ...c.bars.map((b) => b.maxMs));
  const pct = (ms: number) => `${(ms / scale) * 100}%`;
  const bars = c.bars.map((b) => {
    const spread = el('span', {
      class: 'compare-spread',
      title: `min ${formatMs(b.minMs)} – max ${formatMs(b.maxMs)}`,
    });
    spread.style.left = pct(b.minMs);
    spread.style.width = `max(2px, ${pct(b.maxMs - b.minMs)})`;
    const fill = el('span', { class: `compare-fill mode-${b.mode}` });
    fill.style.width = pct(b.medianMs);
    return el(
      'div',
      { class: 'compare-row', testId: 'compare-bar', data: { mode: b.mode, medianMs: String(b.medianMs) } },
      [
        el('span', { class: 'compare-mode', text: b.label }),
        el('span', { class: 'compare-track' }, [fill, spread]),
        el('span', { class: 'compare-value' }, [
          el('strong', { text: formatMs(b.medianMs) }),
          // One repetition has no spread to show.
          b.minMs !== b.maxMs &&
            el('span', { class: 'muted', text: ` ${formatMs(b.minMs)}–${formatMs(b.maxMs)}` }),
        ]),
        el('span', {
          class: 'muted small',
          text: `${b.connectionsMedian} conn${b.failedRuns ? ` · ${b.failedRuns} failed` : ''}`,
        }),
      ],
    );
  });
  const ratioList = el(
    'ul',
    { class: 'compare-ratios', testId: 'compare-ratios' },
    c.ratios.map((r) => el('li', { text: r })),
  );
  const headerCells = [
    el('th', { text: 'Request' }),
    ...c.bars.map((b) => el('th', { class: 'num', text: b.label })),
  ];
  const rows = c.perRequest.map((r) =>
    el('tr', {}, [
      el('td', { text: `${r.index + 1}. ${r.name}` }),
      ...r.modes.map((m) =>
        el(
          'td',
          {
            class: 'num',
            title:
              m.minMs === undefined ? 'no response' : `min ${formatMs(m.minMs)} – max ${formatMs(m.maxMs)}`,
          },
          [
            el('span', { text: formatMs(m.medianMs) }),
            m.minMs !== undefined &&
              m.minMs !== m.maxMs &&
              el('span', { class: 'muted small spread', text: `${formatMs(m.minMs)}–${formatMs(m.maxMs)}` }),
          ],
        ),
      ),
    ]),
  );
  return [
    el('div', {
      class: 'section-title',
      text: `Median wall time over ${c.repeat} run${c.repeat === 1 ? '' : 's'} per mode`,
    }),
    el('div', { class: 'compare-bars' }, bars),
    ratioList,
    el('div', {
      class: 'section-title',
      text: 'Per request: median and spread, from taken up to response end',
    }),
    el('table', { class: 'data-table' }, [
      el('thead', {}, [el('tr', {}, headerCells)]),
      el('tbody', {}, rows),
    ]),
  ];
}
