// Reads a .http file and turns it into engine specs through the shared parser and planner, collecting
// every problem with its `file:line:col` so the CLI can print them and still run what can run.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RequestSpec } from '../core/engine/types';
import {
  formatPosition,
  type ParsedHttpFile,
  type RequestBlock,
  type Severity,
  type SourceRange,
} from '../core/parser/model';
import { parseHttpFile } from '../core/parser/httpFileParser';
import type { RunPlan } from '../core/plan/planRun';
import { DEFAULT_SCRIPT_TIMEOUT_MS } from '../core/scripts/types';
import type { ScriptGlobals } from '../core/scripts/scriptGlobals';
import { planFile } from '../core/plan/planFile';
import { promptsToAsk } from '../core/plan/prompts';
import { askOnTerminal, canPrompt } from './terminalPrompts';
import { UsageError, type LoadOptions } from './args';
import { tlsForFile, type FileTls } from './tlsArguments';

export interface Problem {
  severity: Severity;
  /** `file:line:col: severity: message`. */
  text: string;
}

export interface LoadedRequestFile {
  /** The path as the user wrote it (or as the glob produced it). */
  file: string;
  /** The absolute path. */
  filePath: string;
  /** The parsed requests, for their `??` assertions. */
  requests: readonly RequestBlock[];
  /** A new set of specs on every call: specs hold per-run state, and compare runs the file many times. */
  makeSpecs(): RequestSpec[];
  /** makeSpecs() with the run's scripts, whose finish() the caller awaits after the run. */
  makePlan(): Pick<RunPlan, 'specs' | 'scripts'>;
  problems: Problem[];
  /** `file:line:col` of a request's request line, for runtime errors. */
  placeOfRequest(index: number): string;
  /** `file:line:col` of a place in this file. */
  placeInFile(range: SourceRange): string;
  /** RunOptions.tls for this file (its environment's SSLConfiguration included), and warnings for stderr. */
  tls: FileTls;
}

/** `globals`: the script variables of this httpipe process, shared by the files it runs in turn. */
export async function loadRequestFile(
  file: string,
  args: LoadOptions,
  globals: ScriptGlobals,
): Promise<LoadedRequestFile> {
  const filePath = path.resolve(file);
  let text: string;
  try {
    // Synchronously: the files are read one after the other before any request anyway, and a plain run
    // then need not start libuv's thread pool just for this read.
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Show places the way the user wrote the path, so they match what they typed and stay clickable.
  const display = (other: string): string =>
    other === filePath ? file : path.relative(process.cwd(), other) || other;
  const place = (file: string, range: SourceRange): string => formatPosition(display(file), range.start);

  const parsed: ParsedHttpFile = parseHttpFile(text);
  if (parsed.requests.length === 0)
    throw new UsageError(
      `${file} has no requests (a request starts with a line like GET http://127.0.0.1:8080/)`,
    );
  // `# @prompt` values not given with --var are asked on a terminal; in CI the request says what is missing.
  const prompts = promptsToAsk(parsed, new Set(args.variables.map(([name]) => name)));
  const asked = prompts.length > 0 && canPrompt() ? await askOnTerminal(prompts) : [];
  const planned = planFile(parsed, {
    filePath,
    // Env files are looked up from the file's folder up to here, never above.
    workspaceRoot: process.cwd(),
    environment: args.environment,
    allowEnvironmentAccess: true,
    variables: Object.fromEntries([...args.variables, ...asked]),
    displayPath: display,
    scripts: {
      globals,
      timeoutMs: DEFAULT_SCRIPT_TIMEOUT_MS,
      disabled: args.scripts ? undefined : 'scripts are turned off (--no-scripts)',
    },
  });
  // Checked now, with the file: a certificate that cannot be used stops the command before any request.
  const tls = tlsForFile(filePath, args);
  const problems: Problem[] = [
    ...parsed.diagnostics.map((d) => ({
      severity: d.severity,
      text: `${place(filePath, d.range)}: ${d.severity}: ${d.message}`,
    })),
    ...planned.problems.map((p) => ({
      severity: p.severity,
      text: `${place(p.file, p.range)}: ${p.severity}: ${p.message}`,
    })),
  ];
  return {
    file,
    filePath,
    requests: parsed.requests,
    makeSpecs: planned.makeSpecs,
    makePlan: planned.makePlan,
    problems,
    placeOfRequest: (index) => {
      // Request i is at position i: the parser numbers them in file order.
      const block = parsed.requests[index];
      return block ? place(filePath, block.requestLineRange) : display(filePath);
    },
    placeInFile: (range) => place(filePath, range),
    tls,
  };
}
