// The selected request: status, headers, body preview, raw bytes and timing, with the actions the
// host performs on the full body (copy, save, open in an editor, copy as curl).
import type {
  BodyView,
  RequestDetailView,
  RequestSummaryView,
  TimingSegmentKind,
} from '../core/report/views';
import type { BodyAction } from '../shared/panelProtocol';
import { el, icon, iconButton } from './dom';
import { formatBytes, formatMs } from './format';
import { highlightJson } from './jsonHighlight';
import { describeWait, markerChips, ordinal } from './markers';
import { statusBadge } from './requestList';
import { SEGMENT_LABELS } from './segments';
import { wireText } from './wireText';

type DetailTab = 'body' | 'headers' | 'raw' | 'timing';

export class RequestDetail {
  readonly element = el('div', { class: 'detail' });
  private tab: DetailTab = 'body';
  private htmlPreview = false;

  constructor(private readonly onAction: (action: BodyAction, index: number) => void) {}

  show(detail: RequestDetailView | null | undefined, selected: number | undefined, pending = false): void {
    if (selected === undefined) {
      this.element.replaceChildren(emptyState('preview', 'Select a request to see its response.'));
    } else if (pending) {
      this.element.replaceChildren(emptyState('watch', 'Waiting for this request to finish…'));
    } else if (detail === undefined) {
      this.element.replaceChildren(emptyState('loading codicon-modifier-spin', 'Loading…'));
    } else if (detail === null) {
      this.element.replaceChildren(
        emptyState('circle-slash', 'This request is not part of the current run.'),
      );
    } else {
      this.element.replaceChildren(...this.render(detail));
    }
  }

  private render(detail: RequestDetailView): HTMLElement[] {
    const s = detail.summary;
    const hasBody = !!detail.body && detail.body.kind !== 'empty';
    const action = (a: BodyAction) => () => this.onAction(a, s.index);
    const header = el('div', { class: 'detail-header' }, [
      statusBadge(s),
      el('div', { class: 'detail-title' }, [
        el('div', {
          class: 'detail-status-line',
          testId: 'detail-status-line',
          text: detail.statusLine ?? (s.statusClass === 'error' ? 'Error' : 'Not sent'),
        }),
        el('div', { class: 'detail-url', title: s.url }, [
          el('span', { class: 'cell-method', text: s.method }),
          ` ${s.url}`,
        ]),
      ]),
      el('div', { class: 'detail-actions' }, [
        hasBody && iconButton('copy', 'Copy body', action('copy-body'), 'copy-body'),
        hasBody && iconButton('save', 'Save body to a file…', action('save-body'), 'save-body'),
        hasBody && iconButton('go-to-file', 'Open body in an editor', action('open-body'), 'open-body'),
        iconButton('terminal', 'Copy request as curl', action('copy-curl'), 'copy-curl'),
      ]),
    ]);
    const facts = el('div', { class: 'detail-facts' }, [
      fact('Time', formatMs(s.totalMs)),
      s.sizeBytes !== undefined && fact('Body', formatBytes(s.sizeBytes)),
      s.connectionId !== undefined &&
        fact(
          'Connection',
          `#${s.connectionId}${
            s.streamId !== undefined
              ? `, HTTP/2 stream ${s.streamId}`
              : s.positionOnConnection
                ? `, ${ordinal(s.positionOnConnection)} request`
                : ''
          }`,
        ),
      ...markerChips(s),
    ]);
    const explanations: HTMLElement[] = [];
    if (s.problem) explanations.push(banner('error', s.problem, 'detail-problem'));
    for (const wait of s.waits) explanations.push(banner('debug-pause', describeWait(wait)));
    for (const line of s.cookies.used)
      explanations.push(banner('info', `Cookies: ${line}.`, 'detail-cookies'));
    for (const line of s.cookies.missed)
      explanations.push(banner('warning', `Cookies: ${line}.`, 'detail-cookies-missed'));
    s.hops.forEach((hop, i) => {
      const where =
        hop.connectionId !== undefined
          ? `, connection #${hop.connectionId}${hop.reused ? ' (reused)' : ''}`
          : '';
      const text = `Hop ${i + 1}: ${hop.method} ${hop.url} → ${hop.status} ${hop.statusText}, ${hop.reason} (${formatMs(hop.totalMs)}${where}).`;
      explanations.push(banner('arrow-right', text, 'detail-hop'));
    });
    explanations.push(...scriptBanners(s));
    if (s.retried)
      explanations.push(
        banner(
          'debug-restart',
          'Re-sent on a new connection after the server closed the previous one before answering.',
        ),
      );

    const tabs: Array<[DetailTab, string]> = [
      ['body', 'Body'],
      ['headers', `Headers${detail.headers.length ? ` (${detail.headers.length})` : ''}`],
      ['raw', 'Raw'],
      ['timing', 'Timing'],
    ];
    const tabBar = el(
      'div',
      { class: 'subtabs', attrs: { role: 'tablist' } },
      tabs.map(([id, label]) =>
        el('button', {
          class: `subtab${this.tab === id ? ' active' : ''}`,
          text: label,
          testId: `detail-tab-${id}`,
          attrs: { role: 'tab', 'aria-selected': String(this.tab === id) },
          onClick: () => {
            this.tab = id;
            this.show(detail, s.index);
          },
        }),
      ),
    );
    return [
      header,
      facts,
      ...explanations,
      tabBar,
      el('div', { class: 'detail-content', testId: 'detail-content' }, this.renderTab(detail)),
    ];
  }

  private renderTab(detail: RequestDetailView): HTMLElement[] {
    switch (this.tab) {
      case 'body':
        return detail.body
          ? this.renderBody(detail.body, detail)
          : [emptyState('circle-slash', 'No response.')];
      case 'headers':
        return renderHeaders(detail);
      case 'raw':
        return renderRaw(detail);
      case 'timing':
        return [renderTiming(detail)];
    }
  }

  private renderBody(body: BodyView, detail: RequestDetailView): HTMLElement[] {
    const parts: HTMLElement[] = [];
    const meta = [body.contentType ?? 'no content type', formatBytes(body.totalBytes)].join(' · ');
    const toolbar = el('div', { class: 'body-toolbar' }, [el('span', { class: 'muted', text: meta })]);
    if (body.kind === 'html' && body.text !== undefined) {
      toolbar.append(
        el('span', { class: 'spacer' }),
        el('div', { class: 'segmented' }, [
          el('button', {
            class: this.htmlPreview ? '' : 'active',
            text: 'Source',
            onClick: () => {
              this.htmlPreview = false;
              this.show(detail, detail.summary.index);
            },
          }),
          el('button', {
            class: this.htmlPreview ? 'active' : '',
            text: 'Preview',
            testId: 'html-preview-toggle',
            onClick: () => {
              this.htmlPreview = true;
              this.show(detail, detail.summary.index);
            },
          }),
        ]),
      );
    }
    parts.push(toolbar);
    if (body.note) parts.push(banner('info', body.note));
    if (body.truncationNote) parts.push(banner('warning', body.truncationNote, 'truncation-note'));
    switch (body.kind) {
      case 'empty':
        parts.push(emptyState('circle-slash', 'Empty body.'));
        break;
      case 'image':
        if (body.dataUri)
          parts.push(
            el('div', { class: 'image-preview' }, [
              el('img', { attrs: { src: body.dataUri, alt: 'Response image' } }),
            ]),
          );
        break;
      case 'html':
        parts.push(
          this.htmlPreview && body.text !== undefined ? sandboxedHtml(body.text) : code(body.text ?? ''),
        );
        break;
      case 'json':
        parts.push(code(body.text ?? '', true));
        break;
      default:
        parts.push(code(body.text ?? '', false, body.kind === 'binary' ? 'hex' : ''));
    }
    return parts;
  }
}

/** Response HTML as a page with no scripts, no forms, no plugins and an opaque origin. */
function sandboxedHtml(html: string): HTMLElement {
  const frame = el('iframe', {
    class: 'html-preview',
    attrs: { sandbox: '', title: 'HTML preview (scripts disabled)' },
  });
  frame.srcdoc = html;
  return frame;
}

function code(text: string, json = false, extraClass = ''): HTMLElement {
  const pre = el('pre', { class: `code ${extraClass}`.trim() });
  if (json) pre.append(...highlightJson(text));
  else if (extraClass === 'wire') pre.append(...wireText(text));
  else pre.textContent = text;
  return pre;
}

function renderHeaders(detail: RequestDetailView): HTMLElement[] {
  if (!detail.statusLine) return [emptyState('circle-slash', 'No response headers.')];
  const table = (rows: RequestDetailView['headers']) =>
    el('table', { class: 'kv-table' }, [
      el(
        'tbody',
        {},
        rows.map((h) =>
          el('tr', {}, [
            el('td', { class: 'kv-name', text: h.name }),
            el('td', { class: 'kv-value', text: h.value }),
          ]),
        ),
      ),
    ]);
  const parts = [
    ...detail.hopDetails.flatMap((hop, i) => [
      el('div', { class: 'section-title muted', text: `Hop ${i + 1}: ${hop.statusLine}` }),
      table(hop.headers),
    ]),
    el('div', { class: 'section-title', text: detail.statusLine }),
    table(detail.headers),
  ];
  if (detail.interim.length)
    parts.unshift(el('div', { class: 'muted', text: `Interim: ${detail.interim.join(', ')}` }));
  if (detail.trailers.length)
    parts.push(el('div', { class: 'section-title', text: 'Trailers' }), table(detail.trailers));
  return parts;
}

function renderRaw(detail: RequestDetailView): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (detail.rawNote) parts.push(banner('info', detail.rawNote));
  detail.hopDetails.forEach((hop, i) => {
    if (hop.rawRequest !== undefined)
      parts.push(
        el('div', { class: 'section-title', text: `Hop ${i + 1}: request, as written` }),
        code(hop.rawRequest, false, 'wire'),
      );
    if (hop.rawResponse !== undefined)
      parts.push(
        el('div', { class: 'section-title', text: `Hop ${i + 1}: response, as read` }),
        code(hop.rawResponse, false, 'wire'),
      );
  });
  if (detail.rawRequest !== undefined)
    parts.push(
      el('div', { class: 'section-title', text: 'Request, as written' }),
      code(detail.rawRequest, false, 'wire'),
    );
  if (detail.rawResponse !== undefined)
    parts.push(
      el('div', { class: 'section-title', text: 'Response, as read' }),
      code(detail.rawResponse, false, 'wire'),
    );
  return parts;
}

function renderTiming(detail: RequestDetailView): HTMLElement {
  const { segments, timings } = detail.summary;
  // With hops, the request began at its first hop, before the final exchange's own start.
  const start = Math.min(timings.startMs, segments[0]?.fromMs ?? timings.startMs);
  const total = Math.max(1, (timings.endMs ?? segments.at(-1)?.toMs ?? start) - start);
  const rows = segments.map((segment) => {
    const bar = el('div', { class: `timing-bar seg-${segment.kind}` });
    bar.style.marginLeft = `${((segment.fromMs - start) / total) * 100}%`;
    bar.style.width = `${Math.max(0.5, ((segment.toMs - segment.fromMs) / total) * 100)}%`;
    return el('tr', {}, [
      el('td', { class: 'timing-label' }, [
        el('span', { class: `swatch seg-${segment.kind}` }),
        `${segment.hop ? `Hop ${segment.hop} · ` : ''}${SEGMENT_LABELS[segment.kind as TimingSegmentKind]}`,
      ]),
      el('td', { class: 'num', text: formatMs(segment.toMs - segment.fromMs) }),
      el('td', { class: 'timing-track' }, [bar]),
    ]);
  });
  return el('div', {}, [
    el('table', { class: 'timing-table' }, [el('tbody', {}, rows)]),
    el('div', {
      class: 'muted timing-foot',
      text: `Taken up at ${formatMs(start)} after the run started; ended at ${formatMs(timings.endMs)}.`,
    }),
  ]);
}

/** Tests (✓/✗ with their names), `client.log` lines, the script error at its place, or why scripts did not run. */
function scriptBanners(s: RequestSummaryView): HTMLElement[] {
  const scripts = s.scripts;
  if (!scripts) return [];
  return [
    ...scripts.tests.map((test) =>
      test.passed
        ? banner('pass', `Test passed: ${test.name}`, 'detail-script-test')
        : banner('error', `Test failed: ${test.name} — ${test.message ?? 'failed'}`, 'detail-script-test'),
    ),
    ...scripts.logs.map((line) => banner('output', `Log: ${line}`, 'detail-script-log')),
    ...(scripts.error
      ? [
          banner(
            'error',
            `Script error at ${scripts.error.place}: ${scripts.error.message}`,
            'detail-script-error',
          ),
        ]
      : []),
    ...(scripts.skipped
      ? [banner('shield', `Scripts did not run: ${scripts.skipped}`, 'detail-script-skipped')]
      : []),
  ];
}

function fact(label: string, value: string): HTMLElement {
  return el('span', { class: 'fact' }, [
    el('span', { class: 'fact-label', text: label }),
    el('span', { class: 'fact-value', text: value }),
  ]);
}

export function banner(iconName: string, text: string, testId?: string): HTMLElement {
  return el('div', { class: `banner banner-${iconName}`, testId }, [icon(iconName), el('span', { text })]);
}

export function emptyState(iconName: string, text: string): HTMLElement {
  return el('div', { class: 'empty-state' }, [icon(iconName), el('span', { text })]);
}
