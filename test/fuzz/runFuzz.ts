// `npm run fuzz` — a longer differential fuzzing run of our response parser against Node's llhttp.
//
//   node out/test/fuzz/runFuzz.js [--cases N] [--seed S] [--first I] [--splits all|N] [--concurrency C]
//
// Defaults: 5000 cases, a fresh seed (printed), 16 sampled split points per stream. A failing case is
// printed with the command that re-runs just that case. Exit code 1 when any case failed.

import { runDifferentialFuzz, type FuzzConfig } from './differential';

function parseArgs(argv: string[]): FuzzConfig {
  const config: FuzzConfig = { seed: String(Date.now()), cases: 5000, splits: 16, concurrency: 8 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    switch (flag) {
      case '--cases':
        config.cases = positiveInt(flag, value);
        break;
      case '--seed':
        config.seed = value;
        break;
      case '--first':
        config.first = Number(value);
        if (!Number.isInteger(config.first) || config.first < 0)
          throw new Error('--first must be a case index (0 or more)');
        break;
      case '--splits':
        config.splits = value === 'all' ? 'all' : positiveInt(flag, value);
        break;
      case '--concurrency':
        config.concurrency = positiveInt(flag, value);
        break;
      default:
        throw new Error(
          `unknown option ${flag} (expected --cases, --seed, --first, --splits or --concurrency)`,
        );
    }
  }
  return config;
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<number> {
  let config: FuzzConfig;
  try {
    config = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`runFuzz: ${(error as Error).message}`);
    return 2;
  }
  const first = config.first ?? 0;
  console.log(
    `Differential fuzzing: ${config.cases} cases from #${first}, seed ${JSON.stringify(config.seed)}, splits ${config.splits}, concurrency ${config.concurrency}`,
  );
  const started = Date.now();
  let lastPrint = started;
  const report = await runDifferentialFuzz(config, (done) => {
    if (Date.now() - lastPrint > 5000) {
      lastPrint = Date.now();
      console.log(`  ${done}/${config.cases} cases…`);
    }
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Done in ${seconds} s.`);
  console.log(
    `  cases: ${report.cases} (${report.mutated} mutated, ${report.oracleChecks} valid checked against the generator's expected result)`,
  );
  console.log(
    `  agree with llhttp: ${report.agreedAccepted} both accept with identical results, ${report.agreedRejected} both reject`,
  );
  const divergences = Object.entries(report.divergences).sort(([a], [b]) => a.localeCompare(b));
  console.log(
    `  documented divergences (docs/parser-divergences.md): ${divergences.map(([name, n]) => `${name} ${n}`).join(', ') || 'none'}`,
  );
  console.log(`  pipelines: ${report.pipelines} streams, ${report.pipelinedResponses} responses`);
  if (report.failures.length === 0) {
    console.log('  failures: none');
    return 0;
  }
  console.log(`  FAILURES: ${report.failures.length}`);
  for (const failure of report.failures.slice(0, 20)) {
    console.log(`\n#${failure.caseIndex}: ${failure.reason}`);
    console.log(
      `  re-run: node out/test/fuzz/runFuzz.js --seed ${JSON.stringify(config.seed)} --first ${failure.caseIndex} --cases 1 --splits ${config.splits}`,
    );
    console.log(`  ${failure.method} ← ${failure.stream}`);
    if (failure.mutations.length > 0) console.log(`  mutations: ${failure.mutations.join('; ')}`);
    if (failure.ours !== undefined) console.log(`  ours: ${JSON.stringify(failure.ours)}`);
    if (failure.node !== undefined) console.log(`  other: ${JSON.stringify(failure.node)}`);
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
