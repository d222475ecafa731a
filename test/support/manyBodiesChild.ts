// Run in a child process by the memory-budget test and the bench's memory row, so its memory is
// measured alone: sends COUNT pipelined GETs of URL with the engine (memory budget as given, spool
// dir or none) and prints, as one JSON line, the peak resident set size (sampled every 10 ms and the
// kernel's high-water mark, see peakRss.ts) and what became of the bodies.
// Usage: node manyBodiesChild.js <url> <count> <spoolDir or -> [memoryBudgetBytes]
import { runRequests } from '../../src/core/engine/runRequests';
import { PeakRssSampler } from './peakRss';
import { requests } from './requestSpecs';

export interface ManyBodiesReport {
  peakRss: number;
  responses: number;
  /** Sum of every response's bodyBytes. */
  bodyBytes: number;
  /** Sum of the bytes kept in memory (ResponseData.body). */
  keptBytes: number;
  spooled: number;
  /** Responses whose body was neither whole in memory nor spooled. */
  countedOnly: number;
  wallMs: number;
}

async function main(): Promise<void> {
  const [url, count, spoolDir, budget] = process.argv.slice(2);
  const sampler = new PeakRssSampler();
  const started = performance.now();
  const result = await runRequests(requests(Array.from({ length: Number(count) }, () => ['GET', url])), {
    mode: 'pipelined',
    spoolDir: spoolDir === '-' ? undefined : spoolDir,
    limits: budget ? { memoryBudgetBytes: Number(budget) } : undefined,
  });
  const wallMs = performance.now() - started;
  const { peakRss } = sampler.stop();
  const report: ManyBodiesReport = {
    peakRss,
    responses: 0,
    bodyBytes: 0,
    keptBytes: 0,
    spooled: 0,
    countedOnly: 0,
    wallMs,
  };
  for (const { response } of result.requests) {
    if (!response) continue;
    report.responses++;
    report.bodyBytes += response.bodyBytes;
    report.keptBytes += response.body.length;
    if (response.bodyFile) report.spooled++;
    else if (response.bodyTruncated) report.countedOnly++;
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
