// Entry point of the `httpipe` command (bundled to dist/cli.js). Exit codes: 0 every request got a
// response and passed its checks (`??` assertions, --fail-on-status), 1 a request failed or a file
// has errors (probe: the server could not be reached or answered 429/503), 2 usage error, 130
// cancelled, 70 internal error, 141 stdout closed early (`| head`).
import { parseCommandLine, USAGE, UsageError, type Command } from './args';
import { processOutput, type Output } from './commands/output';
import { version } from '../../package.json';

// Each command is imported when it runs: `help` and `--version` load none of them, and `run` does not
// evaluate the probe, the comparison or the demo server's certificate code (start-up is a bench row).
async function execute(command: Command, out: Output): Promise<number> {
  switch (command.command) {
    case 'help':
      out.print(USAGE);
      return 0;
    case 'version':
      out.print(version);
      return 0;
    case 'run':
      return (await import('./commands/runCommand')).runCommand(command, out);
    case 'compare':
      return (await import('./commands/compareCommand')).compareCommand(command, out);
    case 'probe':
      return (await import('./commands/probeCommand')).probeCommand(command, out);
    case 'demo-server':
      return (await import('./commands/demoServerCommand')).demoServerCommand(command, out);
  }
}

async function main(argv: readonly string[], out: Output): Promise<number> {
  try {
    return await execute(parseCommandLine(argv), out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`httpipe: ${error.message}\n(httpipe help shows the usage)`);
      return 2;
    }
    out.error(`httpipe: internal error: ${error instanceof Error ? error.stack : String(error)}`);
    return 70;
  }
}

/** Exit code when the reader of stdout went away (`httpipe run … | head -1`): 128 + SIGPIPE, as a shell reports it. */
const STDOUT_CLOSED = 141;

// Whoever reads our output stopped reading: stop quietly, as tools killed by SIGPIPE do, instead of an
// unhandled EPIPE stack trace. Any other stream error is still a crash worth seeing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(STDOUT_CLOSED);
  });
}

// exitCode instead of process.exit(): pending stdout writes (a large --json report into a pipe) finish first.
void main(process.argv.slice(2), processOutput).then((code) => {
  process.exitCode = code;
});
