// What every command needs from the process: somewhere to print, and Ctrl+C turned into cancellation.

export interface Output {
  /** Results, on stdout. */
  print(text: string): void;
  /** Problems and progress, on stderr, so `--json` output stays parseable. */
  error(text: string): void;
}

export const processOutput: Output = {
  print: (text) => process.stdout.write(text + '\n'),
  error: (text) => process.stderr.write(text + '\n'),
};

/** An AbortSignal that fires on the first SIGINT or SIGTERM; dispose() restores the default handling. */
export function cancelOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => controller.abort(new Error(`cancelled by ${name}`));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
