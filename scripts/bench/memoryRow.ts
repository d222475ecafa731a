// Issue 17's memory row: 1,000 pipelined responses of 1 MiB from the demo server, through the engine
// in a child process of its own (test/support/manyBodiesChild.ts, the same one the memory-budget
// test runs) with the default memory budget and no spool dir, as the CLI runs: its peak RSS.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ManyBodiesReport } from '../../test/support/manyBodiesChild';

export const MEMORY_RESPONSES = 1000;
const MiB = 1024 * 1024;

export async function measureMemory(origin: string): Promise<ManyBodiesReport> {
  const child = join(__dirname, '../../test/support/manyBodiesChild.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [child, `${origin}/bytes?n=${MiB}`, String(MEMORY_RESPONSES), '-'],
    { maxBuffer: MiB },
  );
  return JSON.parse(stdout) as ManyBodiesReport;
}
