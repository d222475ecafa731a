// wrk (Debian: apt-get install -y wrk) as the C floor for issue 17's engine row: one thread, one
// connection, 1,000 GETs pipelined per batch (a Lua script writes them in one go and waits for all
// their responses), for two seconds. Its requests per second give the time 1,000 pipelined GETs take
// a client that does nothing else; httpipe's wall time for the same batch is judged against it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkFigure {
  server: string;
  /** Time for 1,000 pipelined requests at wrk's rate. */
  msPer1000?: number;
  problem?: string;
}

const PIPELINE = 1000;

export function measureWrk(server: string, origin: string, path: string): WrkFigure {
  if (spawnSync('wrk', ['--version']).error)
    return { server, problem: 'wrk missing (Debian: apt-get install -y wrk)' };
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-bench-wrk-'));
  const script = join(dir, 'pipeline.lua');
  writeFileSync(
    script,
    [
      'init = function(args)',
      '  local r = {}',
      `  for i = 1, ${PIPELINE} do r[i] = wrk.format("GET", "${path}") end`,
      '  batch = table.concat(r)',
      'end',
      'request = function() return batch end',
    ].join('\n'),
  );
  try {
    const run = spawnSync('wrk', ['-t1', '-c1', '-d2s', '-s', script, origin], { encoding: 'utf8' });
    const rate = /Requests\/sec:\s*([\d.]+)/.exec(run.stdout ?? '');
    if (!rate)
      return { server, problem: `wrk printed no rate: ${(run.stderr || run.stdout || '').slice(0, 200)}` };
    return { server, msPer1000: (1000 / Number(rate[1])) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
