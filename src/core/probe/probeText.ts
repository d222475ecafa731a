// A probe's plan and report as text: plain lines for the terminal (`httpipe probe`) and Markdown for
// Copy as Markdown in the panel. Both read the same verdicts; only the markup differs.
import { describeStop, ms } from './evidence';
import type { ProbePlan, ProbeReport, VerdictStatus } from './types';

const MARK: Record<VerdictStatus, string> = { yes: '✔', no: '✘', partly: '◐', value: '•', unknown: '?' };

export function renderProbePlan(plan: ProbePlan): string {
  return [
    `httpipe probe will send ${plan.summary}:`,
    ...plan.steps.map((step) => `  - ${step.description}`),
  ].join('\n');
}

function footer(report: ProbeReport): string {
  const stop = report.stop ? `; ${describeStop(report.stop)}` : '';
  return `${report.requestsSent} requests sent in ${ms(report.durationMs)}${stop}`;
}

export function renderProbeText(report: ProbeReport): string {
  const lines = [`Server report for ${report.method} ${report.url}`, ''];
  for (const verdict of report.verdicts) {
    lines.push(`${MARK[verdict.status]} ${verdict.question} ${verdict.answer}`);
    for (const line of verdict.evidence) lines.push(`    ${line}`);
    if (verdict.advice) lines.push(`    → ${verdict.advice}`);
  }
  lines.push('', footer(report));
  return lines.join('\n');
}

export function renderProbeMarkdown(report: ProbeReport): string {
  const lines = [`## Server report: \`${report.method} ${report.url}\``, ''];
  for (const verdict of report.verdicts) {
    lines.push(`### ${MARK[verdict.status]} ${verdict.question}`, '', `**${verdict.answer}**`, '');
    for (const line of verdict.evidence) lines.push(`- ${line}`);
    if (verdict.advice) lines.push('', `> ${verdict.advice}`);
    lines.push('');
  }
  lines.push(`_${footer(report)}, by httpipe probe._`);
  return lines.join('\n');
}
