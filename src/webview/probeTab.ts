// The Server report page: while a probe runs, the plan it announced (what is sent, in which steps);
// then one verdict line per question with its evidence and advice, and Copy as Markdown (done by the
// host, which has the clipboard). `probe-verdict` test ids (with data-verdict set to the question's
// id) are used by e2e tests.
import { describeStop } from '../core/probe/evidence';
import type { VerdictStatus } from '../core/probe/types';
import type { ProbeState } from '../shared/panelProtocol';
import { button, el, icon } from './dom';
import { formatMs } from './format';
import { banner, emptyState } from './requestDetail';

const STATUS_ICON: Record<VerdictStatus, string> = {
  yes: 'pass',
  no: 'error',
  partly: 'circle-large-outline',
  value: 'info',
  unknown: 'question',
};

export class ProbeTab {
  readonly element = el('div', { class: 'probe', testId: 'probe-report' });

  constructor(private readonly onCopyMarkdown: (probeId: string) => void) {}

  update(state: ProbeState | undefined): void {
    if (!state) {
      this.element.replaceChildren(
        emptyState(
          'server-process',
          'Run “httpipe: Probe Server…” to ask a server how it handles connections.',
        ),
      );
      return;
    }
    if (state.phase === 'running') {
      this.element.replaceChildren(
        el('h2', { text: `Probing ${state.plan.url}…`, testId: 'probe-title' }),
        el('p', { text: `httpipe sends ${state.plan.summary}:`, testId: 'probe-plan' }),
        el(
          'ul',
          { class: 'probe-steps' },
          state.plan.steps.map((step) => el('li', { text: step.description })),
        ),
      );
      return;
    }
    const report = state.report;
    const footer = `${report.requestsSent} requests sent in ${formatMs(report.durationMs)}`;
    const nodes: HTMLElement[] = [
      el('div', { class: 'probe-head' }, [
        el('h2', { text: `Server report: ${report.method} ${report.url}`, testId: 'probe-title' }),
        button('Copy as Markdown', 'copy', () => this.onCopyMarkdown(state.probeId), {
          testId: 'probe-copy-markdown',
        }),
      ]),
    ];
    if (report.stop) nodes.push(banner('warning', `Partial report: ${describeStop(report.stop)}.`));
    nodes.push(
      ...report.verdicts.map((verdict) =>
        el(
          'section',
          {
            class: `probe-verdict probe-${verdict.status}`,
            testId: 'probe-verdict',
            data: { verdict: verdict.id },
          },
          [
            el('div', { class: 'probe-answer' }, [
              icon(STATUS_ICON[verdict.status]),
              el('span', { class: 'probe-question', text: verdict.question }),
              el('span', { class: 'probe-answer-text', text: verdict.answer, testId: 'probe-answer' }),
            ]),
            verdict.evidence.length
              ? el(
                  'ul',
                  { class: 'probe-evidence' },
                  verdict.evidence.map((line) => el('li', { text: line })),
                )
              : null,
            verdict.advice ? el('div', { class: 'probe-advice', text: `→ ${verdict.advice}` }) : null,
          ],
        ),
      ),
      el('p', { class: 'probe-footer', text: `${footer}. The exchanges are on the Wire and Timeline tabs.` }),
    );
    this.element.replaceChildren(...nodes);
  }
}
