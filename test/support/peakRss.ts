// Peak resident set size of this process for the memory tests' child processes, and what V8 held at
// the sampled peak. The kernel's high-water mark is read from /proc/self/status (VmHWM), not from
// getrusage's ru_maxrss: Linux keeps ru_maxrss across execve, so a child forked by a large parent
// (mocha in a full suite, at 200 MiB and more) starts with the parent's RSS as its "peak", and a
// growth measured from it is the parent's size, not the child's.
import { readFileSync } from 'node:fs';

/** process.memoryUsage() at the highest sample. */
export type MemoryAtPeak = NodeJS.MemoryUsage;

export class PeakRssSampler {
  private peak: number;
  private atPeak: MemoryAtPeak;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 10) {
    this.atPeak = process.memoryUsage();
    this.peak = this.atPeak.rss;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling; the peak also covers a moment between two samples (the kernel's mark). */
  stop(): { peakRss: number; atPeak: MemoryAtPeak } {
    clearInterval(this.timer);
    this.sample();
    return { peakRss: Math.max(this.peak, highWaterMark() ?? 0), atPeak: this.atPeak };
  }

  private sample(): void {
    const usage = process.memoryUsage();
    if (usage.rss <= this.peak) return;
    this.peak = usage.rss;
    this.atPeak = usage;
  }
}

/** This address space's peak RSS since exec (VmHWM), or undefined where /proc is not there. */
function highWaterMark(): number | undefined {
  try {
    const kib = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}
