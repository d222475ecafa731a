// Finds a script's syntax error before anything is sent, for the editor and the planner. The code is
// only compiled by V8 (vm.Script without running it), never run: running happens in the QuickJS
// sandbox. httpYac scripts are compiled inside an async function, as they run (so `await` is fine).
import { Script } from 'node:vm';
import type { ScriptDialect } from './types';

export interface ScriptSyntaxError {
  message: string;
  /** 1-based line in the script's text. */
  line: number;
}

const FILE = 'httpipe-script.js';

export function scriptSyntaxError(code: string, dialect: ScriptDialect): ScriptSyntaxError | undefined {
  const wrapped = dialect === 'httpyac' ? `(async () => {${code}\n})` : `(function () {${code}\n})`;
  try {
    new Script(wrapped, { filename: FILE });
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) return undefined;
    const line = new RegExp(`${FILE.replace(/[.-]/g, '\\$&')}:(\\d+)`).exec(error.stack ?? '');
    return { message: error.message, line: line ? Number(line[1]) : 1 };
  }
}
