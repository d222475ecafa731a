// Markdown tables of the results: readable in a terminal and pasted as they are into docs/benchmarks.md.
import { median } from '../../src/core/compare/modeStatistics';
import { countsMatch, type BatchResult } from './batches';
import type { ParserFigure } from './parserThroughput';

export interface TargetVerdict {
  target: string;
  measured: string;
  met: boolean | undefined;
}

function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function distinct(values: readonly number[]): string {
  return [...new Set(values)].sort((a, b) => a - b).join(', ') || '–';
}

export function formatBatch(result: BatchResult): string {
  const { batch } = result;
  const reference = result.measurements[0].peer;
  const lines = [
    `### ${result.server}: ${batch.title} (${batch.rounds} round${batch.rounds === 1 ? '' : 's'})`,
    '',
    `| client | median ms | min–max ms | × ${reference} (same round) | client CPU ms | connections claimed | seen by server | requests seen | ok |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|:-:|',
  ];
  const errors: string[] = [];
  for (const m of result.measurements) {
    const spread =
      m.timesMs.length === 0 ? '–' : `${ms(Math.min(...m.timesMs))}–${ms(Math.max(...m.timesMs))}`;
    const ratio = median(m.ratios);
    lines.push(
      `| ${m.peer} | ${ms(median(m.timesMs))} | ${spread} | ${ratio === undefined ? '–' : ratio.toFixed(2)} | ${ms(median(m.cpuMs))} | ${m.expectedConnections} | ` +
        `${distinct(m.seen.map((s) => s.connections))} | ${distinct(m.seen.map((s) => s.requests))} | ${countsMatch(m, batch.paths.length) ? '✓' : '✗'} |`,
    );
    for (const error of m.errors) errors.push(`- ${m.peer}, ${error}`);
  }
  if (errors.length > 0) lines.push('', 'Errors:', ...errors);
  return lines.join('\n');
}

export function formatParser(figures: readonly ParserFigure[]): string {
  const lines = [
    '### Response parsers alone: 10,000 pipelined 64-byte responses from memory',
    '',
    '| parser | framing | fed as | bytes | responses/s (wall) | responses/s (CPU time) |',
    '|---|---|---|---:|---:|---:|',
  ];
  const count = (n: number): string => Math.round(n).toLocaleString('en-US');
  for (const f of figures) {
    lines.push(
      `| ${f.parser} | ${f.framing} | ${f.feed} | ${f.bytes} | ${count(f.responsesPerSecond)} | ${count(f.responsesPerCpuSecond)} |`,
    );
  }
  return lines.join('\n');
}

export function formatTargets(verdicts: readonly TargetVerdict[]): string {
  const lines = ['### Targets', '', '| target | measured | met |', '|---|---|:-:|'];
  for (const v of verdicts)
    lines.push(
      `| ${v.target} | ${v.measured} | ${v.met === undefined ? 'not measured' : v.met ? 'met' : 'NOT met'} |`,
    );
  return lines.join('\n');
}
