// The run's requests as a virtualised table. Selection moves with the mouse, the arrow keys, Page Up/Down,
// Home and End.
// `request-row` and `status` test ids are relied on by the end-to-end tests.
import type { RequestSummaryView } from '../core/report/views';
import { el } from './dom';
import { formatBytes, formatMs } from './format';
import { markerChips, ordinal } from './markers';
import { isUnnamed, shortUrl } from './requestName';
import type { RowModel } from './store';
import { VirtualList } from './virtualList';

const ROW_HEIGHT = 26;

export class RequestList {
  readonly element: HTMLElement;
  private readonly list: VirtualList;
  private rows: RowModel[] = [];
  private selected?: number;

  constructor(private readonly onSelect: (index: number) => void) {
    this.list = new VirtualList(ROW_HEIGHT, (i) => this.renderRow(this.rows[i]), 'request-list-body');
    this.list.viewport.tabIndex = 0;
    this.list.viewport.setAttribute('role', 'listbox');
    this.list.viewport.setAttribute('aria-label', 'Requests');
    this.list.viewport.addEventListener('keydown', (event) => this.onKey(event));
    const header = el('div', { class: 'request-grid request-list-header' }, [
      el('span', { text: '#' }),
      el('span', { text: 'Status' }),
      el('span', { text: 'Method' }),
      el('span', { text: 'Request' }),
      el('span', { class: 'num cell-size', text: 'Size' }),
      el('span', { class: 'num', text: 'Time' }),
      el('span', { text: 'Connection' }),
      el('span', { class: 'cell-markers', text: '' }),
    ]);
    this.element = el('div', { class: 'request-list' }, [header, this.list.viewport]);
  }

  update(rows: RowModel[], selected: number | undefined): void {
    this.rows = rows;
    this.selected = selected;
    this.list.update(rows.length);
  }

  private onKey(event: KeyboardEvent): void {
    const next = this.keyTarget(event.key);
    if (next === undefined) return;
    event.preventDefault();
    if (this.rows[next]) {
      this.list.reveal(next);
      this.onSelect(this.rows[next].stub.index);
    }
  }

  /** The row a navigation key moves the selection to, as in VS Code's own lists; undefined for other keys. */
  private keyTarget(key: string): number | undefined {
    const position = this.rows.findIndex((r) => r.stub.index === this.selected);
    const page = Math.max(1, Math.floor(this.list.viewport.clientHeight / ROW_HEIGHT) - 1);
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (key === 'Home') return 0;
    if (key === 'End') return this.rows.length - 1;
    if (!(key in step)) return undefined;
    return Math.min(this.rows.length - 1, Math.max(0, position + step[key]));
  }

  private renderRow({ stub, result }: RowModel): HTMLElement {
    const selected = stub.index === this.selected;
    // The resolved URL once known; the stub has the target as written ({{host}}/…).
    const url = result?.url ?? stub.url;
    return el(
      'div',
      {
        class: `request-grid request-row${selected ? ' selected' : ''}`,
        testId: 'request-row',
        attrs: { role: 'option', 'aria-selected': String(selected) },
        data: { index: String(stub.index) },
        onClick: () => this.onSelect(stub.index),
      },
      [
        el('span', { class: 'cell-index', text: String(stub.index + 1) }),
        statusBadge(result),
        el('span', { class: 'cell-method', text: stub.method }),
        el(
          'span',
          {
            class: 'cell-request',
            title: `${stub.name}\n${url}${result?.problem ? `\n${result.problem}` : ''}`,
          },
          [
            // Unnamed requests are called `METHOD url`: the method has its own column, so show the URL alone.
            isUnnamed(stub) ? null : el('span', { class: 'request-name', text: stub.name }),
            result?.problem
              ? el('span', { class: 'request-problem', text: result.problem })
              : isUnnamed(stub)
                ? el('span', { class: 'request-url request-url-main', text: shortUrl(url) })
                : el('span', { class: 'request-url', text: url }),
          ],
        ),
        el('span', {
          class: 'num cell-size',
          text: result?.sizeBytes === undefined ? '' : formatBytes(result.sizeBytes),
        }),
        el('span', { class: 'num', text: result ? formatMs(result.totalMs) : '' }),
        el('span', { class: 'cell-connection', text: connectionText(result) }),
        el('span', { class: 'cell-markers' }, result ? markerChips(result) : []),
      ],
    );
  }
}

function connectionText(result: RequestSummaryView | undefined): string {
  if (result?.connectionId === undefined) return '';
  const position =
    result.streamId !== undefined
      ? ` · stream ${result.streamId}`
      : result.positionOnConnection === undefined
        ? ''
        : ` · ${ordinal(result.positionOnConnection)}`;
  return `#${result.connectionId}${position}`;
}

export function statusBadge(result: RequestSummaryView | undefined): HTMLElement {
  if (!result) {
    return el(
      'span',
      { class: 'status status-pending', testId: 'status', title: 'Waiting for its response' },
      [el('span', { class: 'codicon codicon-loading codicon-modifier-spin' })],
    );
  }
  return el('span', {
    class: `status status-${result.statusClass}`,
    testId: 'status',
    title: result.problem ?? `${result.statusLabel} ${result.statusText ?? ''}`.trim(),
    text: result.statusLabel,
  });
}
