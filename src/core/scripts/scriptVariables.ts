// Which script variables a script sets, found in its text before it runs: `client.global.set("x", …)`
// (JetBrains), `exports.x = …` (httpYac), `request.variables.set("x", …)` (this request only). A set
// whose name is not a string literal (`client.global.set(name, …)`, `exports[key]`) makes the
// script's names unknowable: the planner then treats every script variable as possibly set by it.

import type { ScriptDialect } from './types';

export interface ScriptSets {
  /** Run-wide variables: `client.global.set` and httpYac `exports`. */
  globals: Set<string>;
  /** `request.variables.set`: only the script's own request sees them. */
  requestVariables: Set<string>;
  /** Some name cannot be known before the script runs. */
  dynamic: boolean;
}

const LITERAL = String.raw`\s*(?:'([^'\\]*)'|"([^"\\]*)"|\x60([^\x60\\$]*)\x60)\s*,`;
const GLOBAL_SET = new RegExp(String.raw`\bclient\s*\.\s*global\s*\.\s*set\s*\((?:${LITERAL})?`, 'g');
const REQUEST_SET = new RegExp(String.raw`\brequest\s*\.\s*variables\s*\.\s*set\s*\((?:${LITERAL})?`, 'g');
const EXPORTS_SET =
  /\b(?:module\s*\.\s*)?exports\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]|\[)?/g;

export function scriptSets(code: string, dialect: ScriptDialect): ScriptSets {
  const sets: ScriptSets = { globals: new Set(), requestVariables: new Set(), dynamic: false };
  collect(code, GLOBAL_SET, sets.globals, sets);
  collect(code, REQUEST_SET, sets.requestVariables, sets);
  if (dialect !== 'httpyac') return sets;
  for (const match of code.matchAll(EXPORTS_SET)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name !== undefined) sets.globals.add(name);
    // `exports[key]`, `Object.assign(exports, …)`, `module.exports = {…}`: names known only at run time.
    else if (/^\s*(?:\[|=|,|\))/.test(code.slice(match.index + match[0].length)) || match[0].endsWith('['))
      sets.dynamic = true;
  }
  return sets;
}

function collect(code: string, pattern: RegExp, into: Set<string>, sets: ScriptSets): void {
  for (const match of code.matchAll(pattern)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name === undefined) sets.dynamic = true;
    else into.add(name);
  }
}
