// Run in a child process by the large-response tests, so its memory is measured alone: sends one GET
// with the engine and prints, as one JSON line, the run's summary and the peak resident set size
// (sampled every 10 ms and the kernel's high-water mark, see peakRss.ts) over the RSS just before the
// run, with what V8 held at the sampled peak.
// Usage: node largeBodyChild.js <url> <spoolDir or -> [maxWireLogBytes or -] [mode]
import { runRequests } from '../../src/core/engine/runRequests';
import { PeakRssSampler, type MemoryAtPeak } from './peakRss';
import { requests } from './requestSpecs';

export interface LargeBodyReport {
  baselineRss: number;
  peakRss: number;
  atPeak: MemoryAtPeak;
  outcome: string;
  error?: string;
  bodyBytes?: number;
  previewBytes?: number;
  bodyTruncated?: boolean;
  bodyFile?: string;
  wireReadBytes: number;
  wireReadTruncated: boolean;
  /** HTTP/2: frames kept, and whether the list reached its cap. */
  frames?: number;
  framesTruncated?: boolean;
}

async function main(): Promise<void> {
  const [url, spoolDir, maxWireLogBytes, mode] = process.argv.slice(2);
  // Start from a settled heap, so the baseline is not inflated by garbage from start-up.
  global.gc?.();
  const baselineRss = process.memoryUsage.rss();
  const sampler = new PeakRssSampler();
  const result = await runRequests(requests([['GET', url]]), {
    mode: mode === 'h2' ? 'h2' : 'keepalive',
    spoolDir: spoolDir === '-' ? undefined : spoolDir,
    limits:
      maxWireLogBytes && maxWireLogBytes !== '-' ? { maxWireLogBytes: Number(maxWireLogBytes) } : undefined,
  });
  // The kernel's mark includes start-up, so it only raises the bound.
  const { peakRss, atPeak } = sampler.stop();
  const [request] = result.requests;
  const report: LargeBodyReport = {
    baselineRss,
    peakRss,
    atPeak,
    outcome: request.outcome,
    error: request.error?.message,
    bodyBytes: request.response?.bodyBytes,
    previewBytes: request.response?.body.length,
    bodyTruncated: request.response?.bodyTruncated,
    bodyFile: request.response?.bodyFile,
    wireReadBytes: result.connections[0].read.length,
    wireReadTruncated: result.connections[0].readTruncated,
    frames: result.connections[0].frames?.length,
    framesTruncated: result.connections[0].framesTruncated,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
