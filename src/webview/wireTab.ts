// Raw bytes per connection, both directions side by side, with a marked boundary where each
// request's bytes (and each pipelined response) begin. CR and LF are visible (␍␊). An HTTP/2
// connection shows its frames instead, one row each, HEADERS with their decoded header fields.
import type { ConnectionWireView, FrameView, RunSummaryView, WireSegment } from '../core/report/views';
import type { RequestStub } from '../shared/panelProtocol';
import { el, icon } from './dom';
import { formatBytes, formatMs } from './format';
import { banner, emptyState } from './requestDetail';
import { requestLabel } from './requestName';
import { wireText } from './wireText';

export class WireTab {
  readonly element = el('div', { class: 'wire-tab' });

  constructor(private readonly onSelectConnection: (id: number) => void) {}

  update(
    summary: RunSummaryView | undefined,
    stubs: RequestStub[],
    selected: number | undefined,
    wire: ConnectionWireView | null | undefined,
  ): void {
    if (!summary) {
      this.element.replaceChildren(
        emptyState('watch', 'The raw wire view is ready when the run has finished.'),
      );
      return;
    }
    if (summary.connections.length === 0) {
      this.element.replaceChildren(emptyState('circle-slash', 'No connection was opened in this run.'));
      return;
    }
    const connectionList = el(
      'div',
      { class: 'wire-connections', attrs: { role: 'listbox', 'aria-label': 'Connections' } },
      summary.connections.map((c) =>
        el(
          'div',
          {
            class: `wire-connection${c.id === selected ? ' selected' : ''}`,
            attrs: { role: 'option', 'aria-selected': String(c.id === selected) },
            onClick: () => this.onSelectConnection(c.id),
          },
          [
            el('div', { class: 'wire-connection-title' }, [
              icon('plug'),
              el('strong', { text: `#${c.id}` }),
              el('span', { class: 'muted', text: c.via ? `${c.origin} via ${c.via}` : c.origin }),
            ]),
            el('div', {
              class: 'muted small',
              text: `${c.requests.length} request${c.requests.length === 1 ? '' : 's'} · ${formatMs(c.openedMs)} → ${formatMs(c.closedMs)}`,
            }),
          ],
        ),
      ),
    );
    const body =
      selected === undefined
        ? emptyState('plug', 'Select a connection.')
        : wire === undefined
          ? emptyState('loading codicon-modifier-spin', 'Loading…')
          : wire === null
            ? emptyState('circle-slash', 'This connection is not part of the current run.')
            : renderWire(wire, stubs);
    this.element.replaceChildren(connectionList, el('div', { class: 'wire-main' }, [body]));
  }
}

function renderWire(wire: ConnectionWireView, stubs: RequestStub[]): HTMLElement {
  const facts = [
    wire.origin,
    wire.via && `via proxy ${wire.via}`,
    wire.remoteAddress && `remote ${wire.remoteAddress}`,
    wire.localPort !== undefined && `local port ${wire.localPort}`,
    `opened ${formatMs(wire.openedMs)}`,
    wire.closedMs !== undefined &&
      `closed ${formatMs(wire.closedMs)}${wire.closeReason ? ` (${wire.closeReason})` : ''}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const column = (
    title: string,
    iconName: string,
    bytes: number,
    segments: WireSegment[],
    what: 'request' | 'response',
  ) =>
    el('div', { class: 'wire-column' }, [
      el('div', { class: 'section-title' }, [
        icon(iconName),
        ` ${title} `,
        el('span', { class: 'muted', text: formatBytes(bytes) }),
      ]),
      el(
        'div',
        { class: 'wire-stream' },
        segments.map((s) => renderSegment(s, stubs, what)),
      ),
    ]);
  return el(
    'div',
    { class: 'wire-view' },
    [
      el('div', { class: 'wire-facts muted', text: facts }),
      wire.truncationNote ? banner('warning', wire.truncationNote) : null,
      wire.frames
        ? renderFrames(wire.frames, stubs)
        : el('div', { class: 'wire-columns' }, [
            column('Written', 'arrow-up', wire.writtenBytes, wire.written, 'request'),
            column('Read', 'arrow-down', wire.readBytes, wire.read, 'response'),
          ]),
    ].filter((n): n is HTMLElement => n !== null),
  );
}

function renderSegment(
  segment: WireSegment,
  stubs: RequestStub[],
  what: 'request' | 'response',
): HTMLElement {
  const stub =
    segment.requestIndex === undefined ? undefined : stubs.find((s) => s.index === segment.requestIndex);
  const label = stub
    ? `${what === 'request' ? 'Request' : 'Response to'} #${stub.index + 1} ${requestLabel(stub)}`
    : 'Bytes not matched to an answered request';
  return el('div', { class: `wire-segment${stub ? '' : ' unmatched'}` }, [
    el('div', { class: 'wire-boundary', testId: `wire-boundary-${what}` }, [
      el('span', { text: label }),
      el('span', {
        class: 'muted',
        text: `bytes ${segment.start}–${segment.end}${segment.cut ? ' (cut)' : ''}`,
      }),
    ]),
    el('pre', { class: 'code wire' }, [
      ...wireText(segment.text),
      segment.cut ? el('span', { class: 'muted', text: '\n… the rest is not shown' }) : null,
    ]),
  ]);
}

function renderFrames(frames: FrameView[], stubs: RequestStub[]): HTMLElement {
  const head = el('tr', {}, [
    ...['ms', '', 'frame', 'stream', 'flags', 'length', ''].map((title) => el('th', { text: title })),
  ]);
  const rows = frames.map((frame) => {
    const stub =
      frame.requestIndex === undefined ? undefined : stubs.find((s) => s.index === frame.requestIndex);
    const about = [stub ? `#${stub.index + 1} ${requestLabel(stub)}` : '', frame.detail ?? '']
      .filter(Boolean)
      .join(' · ');
    const cells = [
      el('td', { class: 'muted', text: formatMs(frame.atMs) }),
      el('td', {}, [icon(frame.direction === 'sent' ? 'arrow-up' : 'arrow-down')]),
      el('td', {}, [el('strong', { text: frame.type })]),
      el('td', { text: String(frame.streamId) }),
      el('td', { class: 'muted', text: frame.flags.join(' ') }),
      el('td', { text: formatBytes(frame.length) }),
      el('td', {}, [
        el('span', { class: 'muted', text: about }),
        frame.headers
          ? el('pre', {
              class: 'code wire frame-headers',
              text: frame.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
            })
          : null,
      ]),
    ];
    return el('tr', { class: `wire-frame ${frame.direction}`, testId: 'wire-frame' }, cells);
  });
  return el('table', { class: 'wire-frames', attrs: { 'aria-label': 'HTTP/2 frames' } }, [
    el('thead', {}, [head]),
    el('tbody', {}, rows),
  ]);
}
