// Runs one run's scripts at their moments: a request's pre-request scripts right before it is
// prepared (so what they set is in its `{{…}}`), and a response handler once its response has
// ended — at the latest before the next request is prepared, and for the rest when the run ends
// (`finish`). The planner's `dependsOn` makes a request that uses a handler's variable wait for that
// response, so the handler has run by the time the request is prepared. Every script's tests, logs
// and error are kept per send (run index) for the reports: each `@loop` round, `@ref` or `run` copy
// of a request runs the request's scripts again. Sends of other files (`run ./other.http`) are not
// this file's: their own plan's scripts run them (plan/otherFiles.ts hands them the run's results
// under that file's own indexes), and `RunScriptResults` is what callers see of all of them at once.

import type { RequestResult, RunResult } from '../engine/types';
import { decodeResponseBody } from '../encoding/responseBody';
import type { RequestBlock } from '../parser/model';
import { jsAssertionCode } from './jsAssertion';
import { runScript, warmUpSandbox } from './sandbox';
import type { ScriptGlobals } from './scriptGlobals';
import type { PlannedScript, ScriptPlan } from './scriptPlan';
import type { RequestScripts, ScriptInput, ScriptOutcome, ScriptRequest } from './types';

export interface ScriptRunOptions {
  /** The session's script variables (kept across runs). */
  globals: ScriptGlobals;
  timeoutMs: number;
  /** Set when scripts must not run (Restricted Mode, `--no-scripts`): why, as the reports show it. */
  disabled?: string;
}

/** A value from the request's variables, for `request.environment.get` and httpYac's names in scope. */
export type VariableLookup = (name: string) => string | undefined;

/** What a run's callers need of its scripts, whichever files they come from. */
export interface RunScriptResults {
  /** What the scripts of the send with run index `index` did; undefined when it has none. */
  resultOf(index: number): RequestScripts | undefined;
  /** Runs the handlers no later request needed; call once the run has ended. */
  finish(result: RunResult): Promise<void>;
}

export class RunScripts implements RunScriptResults {
  private readonly outcomes = new Map<number, RequestScripts>();
  private readonly handled = new Set<number>();

  constructor(
    private readonly plan: ScriptPlan,
    /** The file request each send of the run (by run index) is a send of. */
    private readonly requests: ReadonlyMap<number, RequestBlock>,
    private readonly options: ScriptRunOptions,
    /** Variables as handlers see them once `results` have ended. */
    private readonly lookupAfter: (results: readonly RequestResult[]) => VariableLookup,
  ) {
    if (options.disabled === undefined) warmUpSandbox();
  }

  /** What the scripts of the send with run index `index` did; undefined when it has none. */
  resultOf(index: number): RequestScripts | undefined {
    return this.outcomes.get(index);
  }

  /**
   * Runs the handlers of the responses that ended so far, then the request's pre-request scripts;
   * returns the request's own variables (`request.variables.set`).
   */
  async beforeRequest(
    index: number,
    results: readonly RequestResult[],
    lookup: VariableLookup,
  ): Promise<Map<string, string>> {
    await this.runHandlers(results);
    const variables = new Map<string, string>();
    const request = this.requests.get(index);
    const pre = request ? this.plan.scriptsOf(request.index, 'pre') : [];
    if (!request || pre.length === 0 || this.skip(index)) return variables;
    const written: ScriptRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers.map((h): [string, string] => [h.name, h.value]),
    };
    for (const script of pre) {
      const outcome = await this.run(
        script,
        index,
        request.index,
        { request: written },
        (name) => variables.get(name) ?? lookup(name),
      );
      if (!outcome) continue;
      for (const [name, value] of Object.entries(outcome.variables)) variables.set(name, value);
    }
    return variables;
  }

  /** Runs the handlers no later request needed; call once the run has ended. */
  async finish(result: RunResult): Promise<void> {
    await this.runHandlers(result.requests);
  }

  private async runHandlers(results: readonly RequestResult[]): Promise<void> {
    const lookup = this.lookupAfter(results);
    for (const result of results) {
      const request = this.requests.get(result.index);
      const post = request ? this.plan.scriptsOf(request.index, 'post') : [];
      if (!request || post.length === 0 || this.handled.has(result.index)) continue;
      this.handled.add(result.index);
      if (this.skip(result.index)) continue;
      if (!result.response) {
        const known = this.outcomes.get(result.index) ?? { tests: [], logs: [] };
        known.skipped ??= 'the response handler did not run: there was no response';
        this.outcomes.set(result.index, known);
        continue;
      }
      const response = result.response;
      const decoded = decodeResponseBody(response)?.body ?? response.body;
      const input = {
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          body: decoded.toString('utf8'),
        },
        request: { method: result.method, url: result.url, headers: [] },
      };
      for (const script of post) await this.run(script, result.index, request.index, input, lookup);
    }
  }

  /** Scripts that do not run are recorded as skipped, once per request. */
  private skip(index: number): boolean {
    if (this.options.disabled === undefined) return false;
    if (!this.outcomes.has(index))
      this.outcomes.set(index, { tests: [], logs: [], skipped: this.options.disabled });
    return true;
  }

  /** `index`: the send (run index) the outcome belongs to; `requestIndex`: the file request it sends. */
  private async run(
    script: PlannedScript,
    index: number,
    requestIndex: number,
    input: Pick<ScriptInput, 'request' | 'response'>,
    lookup: VariableLookup,
  ): Promise<ScriptOutcome | undefined> {
    if (!script.code) return undefined;
    const code = script.assertion
      ? { ...script.code, code: jsAssertionCode(script.assertion, (text) => resolveReferences(text, lookup)) }
      : script.code;
    const outcome = await runScript(code, {
      ...input,
      globals: this.options.globals.values(),
      lookup,
      scope: code.dialect === 'httpyac' ? namedVariables(code.code, lookup) : undefined,
      timeoutMs: this.options.timeoutMs,
    });
    const what = script.block.phase === 'pre' ? 'the pre-request script' : 'the response handler';
    this.options.globals.apply(
      outcome.globals,
      `script variable set by ${what} of ${this.plan.labelOf(requestIndex)}`,
    );
    this.record(index, outcome);
    return outcome;
  }

  private record(index: number, outcome: ScriptOutcome): void {
    const known = this.outcomes.get(index) ?? { tests: [], logs: [] };
    known.tests.push(...outcome.tests);
    known.logs.push(...outcome.logs);
    if (outcome.error && !known.error) known.error = outcome.error;
    this.outcomes.set(index, known);
  }
}

/** The scripts of every file a run sends, as one; undefined when none has any. */
export function combineRunScripts(parts: readonly RunScriptResults[]): RunScriptResults | undefined {
  if (parts.length <= 1) return parts[0];
  return {
    resultOf: (index) => parts.map((part) => part.resultOf(index)).find((found) => found !== undefined),
    finish: async (result) => {
      for (const part of parts) await part.finish(result);
    },
  };
}

/** httpYac puts every variable in a script's scope; here those the code names (and that have a value). */
function namedVariables(code: string, lookup: VariableLookup): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const [name] of code.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) {
    if (name in scope) continue;
    const value = lookup(name);
    if (value !== undefined) scope[name] = value;
  }
  return scope;
}

/** `{{name}}` in a `?? js` line replaced by the variable's value; unknown names stay as written. */
function resolveReferences(text: string, lookup: VariableLookup): string {
  return text.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (written, name: string) => lookup(name) ?? written);
}

/** Whether a request's scripts passed: every test passed and no script failed. */
export function scriptsPassed(scripts: RequestScripts | undefined): boolean {
  return !scripts || (!scripts.error && scripts.tests.every((test) => test.passed));
}
