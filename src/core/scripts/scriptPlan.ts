// The scripts of a file as the planner sees them before anything runs: each request's scripts with
// their code (file scripts read now, relative to the .http file) and the variables they set. From
// that it answers, for a `{{name}}` of a request, which earlier response handlers the request must
// wait for: the ones that set `name`, and the ones whose names cannot be known (for a name that no
// --var, file variable or environment defines). The engine only sees the resulting `dependsOn`.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { requestLabel } from '../engine/requestLabel';
import type { AssertionLine, ParsedHttpFile, ScriptBlock, SourceRange } from '../parser/model';
import { isJsAssertion } from '../parser/lineKinds';
import { scriptSyntaxError } from './scriptSyntax';
import { scriptSets, type ScriptSets } from './scriptVariables';
import type { ScriptCode } from './types';

export interface PlannedScript {
  block: ScriptBlock;
  /** A `?? js` line: its code is made when it runs, with its `{{…}}` resolved then. */
  assertion?: AssertionLine;
  /** Absent when a script file could not be read (`problem` says why). */
  code?: ScriptCode;
  sets: ScriptSets;
  problem?: string;
}

export interface ScriptWait {
  index: number;
  reason: string;
}

/** What the scripts do to one `{{name}}` of a request. */
export interface ScriptedName {
  /** Some script sets it (or may) before the request is prepared: it is not undefined. */
  defined: boolean;
  /** Earlier requests whose response handlers the request waits for. */
  waits: ScriptWait[];
}

export interface ScriptPlanOptions {
  filePath: string;
  displayPath: (file: string) => string;
  readFile?: (file: string) => string;
}

export class ScriptPlan {
  readonly byRequest = new Map<number, PlannedScript[]>();
  private readonly labels = new Map<number, string>();

  constructor(parsed: ParsedHttpFile, options: ScriptPlanOptions) {
    const read = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
    for (const request of parsed.requests) {
      this.labels.set(
        request.index,
        requestLabel({ index: request.index, name: request.name ?? `${request.method} ${request.url}` }),
      );
      const jsAssertions = (request.assertions ?? []).filter((line) => isJsAssertion(line.text));
      if (request.scripts.length === 0 && jsAssertions.length === 0) continue;
      this.byRequest.set(request.index, [
        ...request.scripts.map((block) => planScript(block, options, read)),
        ...jsAssertions.map((assertion) => planJsAssertion(assertion, options)),
      ]);
    }
  }

  /** `#1 login`, as reasons name requests. */
  labelOf(index: number): string {
    return this.labels.get(index) ?? `#${index + 1}`;
  }

  get hasScripts(): boolean {
    return this.byRequest.size > 0;
  }

  scriptsOf(index: number, phase: ScriptBlock['phase']): PlannedScript[] {
    return (this.byRequest.get(index) ?? []).filter((script) => script.block.phase === phase);
  }

  /** `staticallyDefined`: a --var, file variable or environment variable of that name exists. */
  scriptedName(name: string, index: number, staticallyDefined: boolean): ScriptedName | undefined {
    const waits: ScriptWait[] = [];
    let defined = false;
    for (const [source, scripts] of this.byRequest) {
      if (source > index) continue;
      for (const script of scripts) {
        const { sets, block } = script;
        const setsName = sets.globals.has(name) || (source === index && sets.requestVariables.has(name));
        if (block.phase === 'pre' || source === index) {
          // Pre-request scripts run before their request is prepared, in run order: no wait needed.
          if (setsName || sets.dynamic) defined = true;
          continue;
        }
        if (sets.globals.has(name)) {
          defined = true;
          waits.push({
            index: source,
            reason: `uses \`${name}\`, set by the response handler of ${this.labelOf(source)}`,
          });
        } else if (sets.dynamic && !staticallyDefined) {
          defined = true;
          waits.push({
            index: source,
            reason: `uses \`${name}\`, which the response handler of ${this.labelOf(source)} may set (its variable names are known only when it runs)`,
          });
        }
      }
    }
    if (!defined && waits.length === 0) return undefined;
    return { defined, waits: uniqueByIndex(waits) };
  }

  /**
   * Script files that cannot be read (at their `< file` / `> file` line) and syntax errors (at the
   * line of an inline script, at the `< file` line for a file script, naming the file's line).
   */
  problems(): Array<{ message: string; range: SourceRange; requestIndex: number }> {
    return [...this.byRequest].flatMap(([requestIndex, scripts]) =>
      scripts.flatMap((script) => {
        if (script.problem) return [{ message: script.problem, range: script.block.range, requestIndex }];
        const syntax =
          !script.assertion && script.code && scriptSyntaxError(script.code.code, script.code.dialect);
        if (!syntax) return [];
        const block = script.block;
        if (block.source.kind === 'file')
          return [
            {
              message: `syntax error in ${block.source.path} line ${syntax.line}: ${syntax.message}; the script fails when it runs`,
              range: block.range,
              requestIndex,
            },
          ];
        // The text's first line is the rest of the opening line, which ends where the script's range starts its line.
        const line = block.range.start.line + syntax.line - 1;
        const length = block.source.text.split('\n')[syntax.line - 1]?.length ?? 0;
        const range = {
          start: { line, character: 0 },
          end: { line, character: syntax.line === 1 ? 0 : length },
        };
        return [{ message: `script syntax error: ${syntax.message}`, range, requestIndex }];
      }),
    );
  }
}

function planScript(
  block: ScriptBlock,
  options: ScriptPlanOptions,
  read: (file: string) => string,
): PlannedScript {
  const base = { phase: block.phase, dialect: block.dialect };
  if (block.source.kind === 'inline') {
    if (/^\s*--\s*lua\b/.test(block.source.text))
      return {
        block,
        sets: noSets(),
        problem: 'Lua scripts (Kulala) are not supported; this one does not run',
      };
    const code: ScriptCode = {
      ...base,
      code: block.source.text,
      file: options.displayPath(options.filePath),
      start: block.range.start,
    };
    return { block, code, sets: scriptSets(code.code, block.dialect) };
  }
  const file = path.resolve(path.dirname(options.filePath), block.source.path);
  try {
    const code: ScriptCode = {
      ...base,
      code: read(file),
      file: options.displayPath(file),
      start: { line: 0, character: 0 },
    };
    return { block, code, sets: scriptSets(code.code, block.dialect) };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      block,
      sets: noSets(),
      problem: `cannot read the script ${block.source.path} (${reason}); it does not run`,
    };
  }
}

function planJsAssertion(assertion: AssertionLine, options: ScriptPlanOptions): PlannedScript {
  const block: ScriptBlock = {
    phase: 'post',
    dialect: 'httpyac',
    source: { kind: 'inline', text: assertion.text },
    range: assertion.range,
  };
  const code: ScriptCode = {
    phase: 'post',
    dialect: 'httpyac',
    code: '',
    file: options.displayPath(options.filePath),
    start: assertion.textRange.start,
  };
  return {
    block,
    assertion,
    code,
    sets: { globals: new Set(), requestVariables: new Set(), dynamic: false },
  };
}

function noSets(): ScriptSets {
  return { globals: new Set(), requestVariables: new Set(), dynamic: false };
}

function uniqueByIndex(waits: ScriptWait[]): ScriptWait[] {
  const seen = new Set<number>();
  return waits.filter((wait) => !seen.has(wait.index) && (seen.add(wait.index), true));
}
