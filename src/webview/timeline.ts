// The waterfall: one row per request on a shared ms axis, grouped by connection, so pipelined
// requests visibly overlap on one connection while keep-alive ones line up end to start.
import type { ConnectionSummaryView, RequestSummaryView } from '../core/report/views';
import { el } from './dom';
import { formatMs } from './format';
import { requestLabel } from './requestName';
import { SEGMENT_LABELS, SEGMENT_ORDER } from './segments';
import type { RowModel } from './store';
import { VirtualList } from './virtualList';

const ROW_HEIGHT = 24;

type TimelineRow =
  | { kind: 'connection'; id?: number; connection?: ConnectionSummaryView; count: number }
  | { kind: 'request'; row: RowModel };

/** A round step giving about `target` ticks over `span` ms: 1, 2 or 5 times a power of ten. */
export function tickStep(span: number, target = 8): number {
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? 10 * power;
}

export class Timeline {
  readonly element: HTMLElement;
  private readonly axis = el('div', { class: 'timeline-axis-track' });
  private readonly list: VirtualList;
  private rows: TimelineRow[] = [];
  private spanMs = 1;

  constructor(private readonly onSelect: (index: number) => void) {
    this.list = new VirtualList(ROW_HEIGHT, (i) => this.renderRow(this.rows[i]), 'timeline-body');
    const legend = el(
      'div',
      { class: 'legend' },
      SEGMENT_ORDER.map((kind) =>
        el('span', { class: 'legend-item' }, [
          el('span', { class: `swatch seg-${kind}` }),
          SEGMENT_LABELS[kind],
        ]),
      ),
    );
    const axisRow = el('div', { class: 'timeline-grid timeline-axis' }, [
      el('span', { class: 'muted', text: 'Request' }),
      this.axis,
    ]);
    this.element = el('div', { class: 'timeline' }, [legend, axisRow, this.list.viewport]);
  }

  update(
    rows: RowModel[],
    connections: ConnectionSummaryView[] | undefined,
    wallMs: number | undefined,
  ): void {
    this.rows = groupByConnection(rows, connections);
    const ends = rows.flatMap((r) => r.result?.segments.map((s) => s.toMs) ?? []);
    this.spanMs = Math.max(1, wallMs ?? 0, ...ends);
    this.renderAxis();
    this.list.update(this.rows.length);
  }

  private renderAxis(): void {
    const step = tickStep(this.spanMs);
    const ticks: HTMLElement[] = [];
    for (let t = 0; t <= this.spanMs + step / 2; t += step) {
      const tick = el('span', { class: 'tick', text: formatTick(t, step) });
      tick.style.left = `${(t / this.spanMs) * 100}%`;
      ticks.push(tick);
    }
    this.axis.replaceChildren(...ticks);
  }

  private percent(ms: number): string {
    return `${(ms / this.spanMs) * 100}%`;
  }

  private renderRow(row: TimelineRow): HTMLElement {
    if (row.kind === 'connection') return this.renderConnection(row);
    const { stub, result } = row.row;
    const track = el('div', { class: 'timeline-track' });
    for (const segment of result?.segments ?? []) {
      const bar = el('span', { class: `seg seg-${segment.kind}${segment.hop ? ' seg-hop' : ''}` });
      bar.style.left = this.percent(segment.fromMs);
      bar.style.width = `max(2px, ${this.percent(segment.toMs - segment.fromMs)})`;
      track.append(bar);
    }
    if (result?.totalMs !== undefined && result.timings.endMs !== undefined) {
      const label = el('span', { class: 'seg-total', text: formatMs(result.totalMs) });
      label.style.left = this.percent(result.timings.endMs);
      track.append(label);
    }
    return el(
      'div',
      {
        class: `timeline-grid timeline-row status-row-${result?.statusClass ?? 'pending'}`,
        testId: 'timeline-row',
        title: tooltip(stub.name, result),
        onClick: () => this.onSelect(stub.index),
      },
      [
        el('span', { class: 'timeline-label' }, [
          el('span', { class: 'cell-index', text: String(stub.index + 1) }),
          el('span', { text: requestLabel(stub) }),
        ]),
        track,
      ],
    );
  }

  private renderConnection(row: Extract<TimelineRow, { kind: 'connection' }>): HTMLElement {
    const c = row.connection;
    const title = row.id === undefined ? 'No connection' : `Connection #${row.id}`;
    const detail = c
      ? `${c.origin}${c.via ? ` via ${c.via}` : ''}${c.closeReason ? ` · closed: ${c.closeReason}` : ''}`
      : `${row.count} request${row.count === 1 ? '' : 's'}`;
    const track = el('div', { class: 'timeline-track' });
    if (c) {
      const life = el('span', { class: 'connection-life' });
      life.style.left = this.percent(c.openedMs);
      life.style.width = this.percent((c.closedMs ?? this.spanMs) - c.openedMs);
      track.append(life);
    }
    return el('div', { class: 'timeline-grid timeline-connection' }, [
      // The label column is narrow beside an editor: the tooltip has the origin and close reason whole.
      el('span', { class: 'timeline-label', title: `${title}\n${detail}` }, [
        el('span', { class: 'codicon codicon-plug' }),
        el('strong', { text: title }),
        el('span', { class: 'muted', text: detail }),
      ]),
      track,
    ]);
  }
}

/** Axis labels carry only the precision the step needs: `0`, `50 ms`, `1.5 s`. */
function formatTick(ms: number, step: number): string {
  if (ms === 0) return '0';
  if (ms >= 1000) return `${(ms / 1000).toFixed(step >= 1000 ? 0 : step >= 100 ? 1 : 2)} s`;
  return `${ms.toFixed(step >= 1 ? 0 : 1)} ms`;
}

function tooltip(name: string, result: RequestSummaryView | undefined): string {
  if (!result) return `${name}: pending`;
  const lines = result.segments.map(
    (s) =>
      `${s.hop ? `hop ${s.hop} · ` : ''}${SEGMENT_LABELS[s.kind]}: ${formatMs(s.toMs - s.fromMs)} (${formatMs(s.fromMs)} → ${formatMs(s.toMs)})`,
  );
  return [`${name}: ${result.statusLabel}, ${formatMs(result.totalMs)}`, ...lines, result.problem ?? '']
    .filter(Boolean)
    .join('\n');
}

/** Connection groups in order of their first request; requests never sent come last. */
function groupByConnection(
  rows: RowModel[],
  connections: ConnectionSummaryView[] | undefined,
): TimelineRow[] {
  const groups = new Map<number | undefined, RowModel[]>();
  for (const row of rows) {
    const id = row.result?.connectionId;
    const group = groups.get(id) ?? [];
    group.push(row);
    groups.set(id, group);
  }
  const ids = [...groups.keys()].sort((a, b) => (a === undefined ? 1 : b === undefined ? -1 : a - b));
  return ids.flatMap((id) => {
    const members = groups.get(id)!;
    const connection = connections?.find((c) => c.id === id);
    return [
      { kind: 'connection' as const, id, connection, count: members.length },
      ...members.map((row) => ({ kind: 'request' as const, row })),
    ];
  });
}
