// Preloaded (`node --require`) into a process the CLI bench rows start: at exit it writes the
// process's own CPU time (user + system, µs) to the file named by HTTPIPE_BENCH_CPU_FILE, which is
// how the parent learns a child's CPU time without sharing its clock with other processes.
import { writeFileSync } from 'node:fs';

const file = process.env.HTTPIPE_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const used = process.cpuUsage();
    writeFileSync(file, String(used.user + used.system));
  });
}
