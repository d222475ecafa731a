// Entry point for the extension host of an UNTRUSTED workspace (the e2e harness opens one with
// workspace trust on and no prompt, so VS Code starts it in Restricted Mode): runs untrusted/*.test.js.
import { runSuitesIn } from '../index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
