// Entry point for the activation measurement: a fresh extension host (its own workbench window, see
// test/e2e/activationPhase.ts) in which httpipe has not run yet. Runs activation/*.test.js.
import { runSuitesIn } from '../index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
