// Webview entry (bundled to dist/webview.js). Builds the panel once, then re-renders the parts that
// depend on the store whenever host messages change it. Says `ready` so the host sends a snapshot.
import { modeFacts, modeLabel, RUN_MODES } from '../core/common/runModes';
import './main.css';
import { CompareTab } from './compareTab';
import { button, el, icon } from './dom';
import { formatMs } from './format';
import { ProbeTab } from './probeTab';
import { RequestDetail, banner, emptyState } from './requestDetail';
import { RequestList } from './requestList';
import { Store } from './store';
import { Timeline } from './timeline';
import { onHostMessage, saveViewState, savedViewState, send, type TabId, type ViewState } from './vscodeApi';
import { WireTab } from './wireTab';

const store = new Store();
const view: ViewState = savedViewState() ?? { tab: 'requests' };

function remember(): void {
  saveViewState(view);
}

function selectRequest(index: number): void {
  view.selected = index;
  remember();
  store.changed();
}

function selectConnection(id: number): void {
  view.connectionId = id;
  remember();
  store.changed();
}

function showTab(tab: TabId): void {
  view.tab = tab;
  remember();
  store.changed();
}

// ---- layout ----
const title = el('span', { class: 'run-file' });
const modeBadge = el('span', { class: 'mode-badge', testId: 'run-mode' });
const runStatus = el('span', { class: 'run-status', testId: 'run-status' });
const progress = el('div', { class: 'top-progress' });
const runButtons = RUN_MODES.map((mode) =>
  button(
    modeLabel(mode).replace(/^./, (c) => c.toUpperCase()),
    'play',
    () => send({ type: 'rerun', mode }),
    {
      title: `Run the file ${modeFacts(mode).how}`,
      testId: `rerun-${mode}`,
    },
  ),
);
// The button starts a comparison; the Comparison tab shows it (and opens when one starts).
const compareButton = button('Compare modes', 'git-compare', () => send({ type: 'compare' }), {
  title: 'Run the file in every mode several times and compare the medians (shown in the Comparison tab)',
  testId: 'compare',
});
const cancelButton = button('Cancel', 'debug-stop', () => send({ type: 'cancel' }), {
  title: 'Cancel the run',
  testId: 'cancel',
});
cancelButton.classList.add('danger');

const header = el('header', { class: 'toolbar' }, [
  el('div', { class: 'toolbar-title' }, [icon('pulse'), title, modeBadge, runStatus]),
  el('div', { class: 'toolbar-actions' }, [...runButtons, compareButton, cancelButton]),
]);
const notes = el('div', { class: 'notes' });

const TABS: Array<[TabId, string, string]> = [
  ['requests', 'Requests', 'list-flat'],
  ['timeline', 'Timeline', 'graph-left'],
  ['wire', 'Wire', 'plug'],
  ['compare', 'Comparison', 'graph'],
  ['probe', 'Server report', 'server-process'],
];
const tabButtons = new Map(
  TABS.map(([id, label, iconName]) => [
    id,
    el(
      'button',
      {
        class: 'tab',
        testId: `tab-${id}`,
        attrs: { role: 'tab' },
        onClick: () => showTab(id),
      },
      [icon(iconName), el('span', { text: label }), el('span', { class: 'tab-count' })],
    ),
  ]),
);
const tabBar = el('nav', { class: 'tabs', attrs: { role: 'tablist' } }, [...tabButtons.values()]);

const list = new RequestList(selectRequest);
const detail = new RequestDetail(
  (action, index) => store.run && send({ type: action, runId: store.run.runId, index }),
);
const timeline = new Timeline((index) => {
  selectRequest(index);
  showTab('requests');
});
const wireTab = new WireTab(selectConnection);
const compareTab = new CompareTab(() => send({ type: 'compare' }));
const probeTab = new ProbeTab((probeId) => send({ type: 'copy-probe-markdown', probeId }));

const panes: Record<TabId, HTMLElement> = {
  requests: el('div', { class: 'pane split' }, [list.element, detail.element]),
  timeline: el('div', { class: 'pane' }, [timeline.element]),
  wire: el('div', { class: 'pane' }, [wireTab.element]),
  compare: el('div', { class: 'pane scroll' }, [compareTab.element]),
  probe: el('div', { class: 'pane scroll' }, [probeTab.element]),
};
const welcome = emptyState(
  'pulse',
  'Run a request from a .http file (CodeLens “Send” or “Run all”) to see its responses here.',
);
const main = el('main', { class: 'content' }, [welcome, ...Object.values(panes)]);
document.getElementById('app')!.append(progress, header, notes, tabBar, main);

// ---- rendering ----
function renderHeader(): void {
  const run = store.run;
  title.textContent = store.file || 'httpipe';
  modeBadge.textContent = run ? modeLabel(run.mode) : '';
  modeBadge.className = run ? `mode-badge mode-${run.mode}` : 'mode-badge hidden';
  const done = run?.results.size ?? 0;
  const total = run?.stubs.length ?? 0;
  if (!run) runStatus.textContent = '';
  else if (!run.summary) runStatus.textContent = `Running… ${done} of ${total}`;
  else {
    const s = run.summary;
    const failed = [...run.results.values()].filter(
      (r) => r.statusClass === 'error' || r.statusClass === 'not-sent',
    ).length;
    runStatus.textContent = [
      `${total} request${total === 1 ? '' : 's'}`,
      formatMs(s.wallMs),
      `${s.connectionsOpened} connection${s.connectionsOpened === 1 ? '' : 's'}`,
      failed ? `${failed} without response` : '',
      s.cancelled ? 'cancelled' : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }
  // Run buttons stay enabled: a new run or comparison of the file replaces the one in progress.
  const busy = store.running || store.comparing;
  progress.classList.toggle('active', busy);
  cancelButton.hidden = !busy;
  const noteNodes = (run?.summary?.notes ?? []).map((n) => banner('info', n));
  if (run?.summary?.cancelled)
    noteNodes.unshift(banner('warning', 'The run was cancelled: requests not answered are marked.'));
  notes.replaceChildren(...noteNodes);
}

function renderTabs(): void {
  const hasContent = !!store.run || !!store.compare || !!store.probe;
  welcome.hidden = hasContent;
  tabBar.hidden = !hasContent;
  for (const [id, buttonElement] of tabButtons) {
    const active = id === view.tab;
    buttonElement.classList.toggle('active', active);
    buttonElement.setAttribute('aria-selected', String(active));
    panes[id].hidden = !hasContent || !active;
  }
  tabButtons.get('requests')!.querySelector('.tab-count')!.textContent = store.run
    ? String(store.run.stubs.length)
    : '';
  tabButtons.get('wire')!.querySelector('.tab-count')!.textContent = store.run?.summary
    ? String(store.run.summary.connections.length)
    : '';
}

function render(): void {
  renderHeader();
  renderTabs();
  const rows = store.rows();
  const run = store.run;
  // Keep a selection that is still in the run; otherwise select the first request once one exists.
  if (
    run &&
    (view.selected === undefined || !run.stubs.some((s) => s.index === view.selected)) &&
    rows.length
  ) {
    view.selected = rows[0].stub.index;
  }
  switch (view.tab) {
    case 'requests': {
      list.update(rows, view.selected);
      const finished = view.selected !== undefined && !!run?.results.has(view.selected);
      if (finished) store.fetchDetail(view.selected!, send);
      detail.show(finished ? store.details.get(view.selected!) : undefined, view.selected, !finished);
      break;
    }
    case 'timeline':
      timeline.update(rows, run?.summary?.connections, run?.summary?.wallMs);
      break;
    case 'wire': {
      const connections = run?.summary?.connections ?? [];
      if (connections.length && !connections.some((c) => c.id === view.connectionId))
        view.connectionId = connections[0].id;
      if (run?.summary && view.connectionId !== undefined) store.fetchWire(view.connectionId, send);
      wireTab.update(
        run?.summary,
        run?.stubs ?? [],
        view.connectionId,
        view.connectionId === undefined ? undefined : store.wires.get(view.connectionId),
      );
      break;
    }
    case 'compare':
      compareTab.update(store.compare);
      break;
    case 'probe':
      probeTab.update(store.probe);
      break;
  }
}

store.subscribe(render);
onHostMessage((message) => {
  // A comparison, however started (button, CodeLens, command), is shown as it runs; a plain run keeps
  // the person's tab, except the Comparison tab, which has nothing of a run to show.
  if (message.type === 'compare-started') view.tab = 'compare';
  if (message.type === 'run-started' && view.tab === 'compare' && !store.comparing) view.tab = 'requests';
  // A new probe's report is what the person asked for: show it once (the run that follows is its
  // evidence). It may come in a snapshot: a panel opened for the probe was not ready for probe-started.
  const probeId =
    message.type === 'probe-started' || message.type === 'probe-finished'
      ? message.probeId
      : message.type === 'snapshot'
        ? message.snapshot.probe?.probeId
        : undefined;
  if (probeId !== undefined && probeId !== view.probeId) {
    view.probeId = probeId;
    view.tab = 'probe';
    remember();
  }
  store.apply(message);
});
render();
send({ type: 'ready' });
