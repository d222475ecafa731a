// Other .http files a plan reaches: `import ./x.http` / `# @import ./x.http` (their named requests
// can be `run #name` or `@ref name`), and `run ./x.http` (send all of its requests here). Each is
// parsed once and planned by its own planRun (its own variables and env files), and its specs are
// given run indexes of this plan, so one run holds them all. Its scripts run on its own indexes too:
// `scripts` lists them, for the run's reports and for the handlers left when the run ends.
//
// Paths and Restricted Mode: variables/otherFiles.ts. A file that runs itself (directly or not) is refused.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RequestResult, RequestSpec, RunResult } from '../engine/types';
import { parseHttpFile } from '../parser/httpFileParser';
import type { ImportDirective, ParsedHttpFile, SourceRange } from '../parser/model';
import type { RunScriptResults } from '../scripts/runScripts';
import { otherFilePath } from '../variables/otherFiles';
import { planRun, type PlanOptions, type PlanProblem } from './planRun';
import type { OtherFileStep } from './runSteps';

export class OtherFiles {
  private readonly parsed = new Map<string, ParsedHttpFile | undefined>();
  /** The scripts of the other files' plans, seen through this run's indexes. */
  readonly scripts: RunScriptResults[] = [];

  constructor(
    private readonly imports: readonly ImportDirective[],
    private readonly options: PlanOptions,
    private readonly problems: PlanProblem[],
  ) {}

  /** The import path (as written) of the first imported file with a request named `name`. */
  fileDefining(name: string): string | undefined {
    for (const directive of this.imports) {
      const parsed = this.load(directive.path, directive.pathRange);
      if (parsed?.requests.some((request) => request.name === name)) return directive.path;
    }
    return undefined;
  }

  /** The step's requests as specs of this run, numbered by `nextIndex`. */
  plan(step: OtherFileStep, nextIndex: () => number): RequestSpec[] {
    const parsed = this.load(step.path, step.range);
    const where = otherFilePath(step.path, this.options);
    if (!parsed || !('file' in where)) return [];
    const file = where.file;
    const only = step.names
      ? parsed.requests
          .filter((request) => request.name && step.names!.includes(request.name))
          .map((r) => r.index)
      : undefined;
    const plan = planRun(parsed, {
      ...this.options,
      filePath: file,
      only,
      variables: { ...this.options.variables, ...step.variables },
      runChain: [...(this.options.runChain ?? []), this.options.filePath],
    });
    this.problems.push(...plan.problems.map((problem) => ({ ...problem, requestIndex: undefined })));
    const indexes = new RunIndexes(plan.specs, nextIndex);
    if (plan.scripts) this.scripts.push(new RenumberedScripts(plan.scripts, indexes));
    return renumber(plan.specs, indexes, path.basename(file));
  }

  private load(written: string, range: SourceRange): ParsedHttpFile | undefined {
    const where = otherFilePath(written, this.options);
    const key = 'file' in where ? where.file : written;
    if (this.parsed.has(key)) return this.parsed.get(key);
    const parsed = this.read(where, range);
    this.parsed.set(key, parsed);
    return parsed;
  }

  private read(where: ReturnType<typeof otherFilePath>, range: SourceRange): ParsedHttpFile | undefined {
    const refuse = (message: string): undefined => {
      this.problems.push({ severity: 'error', message, file: this.options.filePath, range });
      return undefined;
    };
    if ('refused' in where) return refuse(where.refused);
    const file = where.file;
    const chain = [...(this.options.runChain ?? []), this.options.filePath];
    if (chain.includes(file))
      return refuse(
        `${path.basename(file)} runs itself (${chain.map((f) => path.basename(f)).join(' → ')}); not run again`,
      );
    try {
      return parseHttpFile(readFileSync(file, 'utf8'));
    } catch (error) {
      return refuse(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}

/** Another plan's request indexes ("own") and the indexes of this run they were given. */
class RunIndexes {
  private readonly runIndex = new Map<number, number>();
  private readonly ownIndex = new Map<number, number>();

  constructor(specs: readonly RequestSpec[], nextIndex: () => number) {
    for (const spec of specs) {
      const index = nextIndex();
      this.runIndex.set(spec.index, index);
      this.ownIndex.set(index, spec.index);
    }
  }

  toRun(own: number): number | undefined {
    return this.runIndex.get(own);
  }

  toOwn(run: number): number | undefined {
    return this.ownIndex.get(run);
  }

  /** The results of that plan's requests, under their own indexes. */
  asOwn(results: readonly RequestResult[]): RequestResult[] {
    return results
      .filter((r) => this.ownIndex.has(r.index))
      .map((r) => ({ ...r, index: this.toOwn(r.index)! }));
  }
}

/** Gives another plan's specs indexes of this run, and hands their prepare() the results under their own indexes. */
function renumber(specs: readonly RequestSpec[], indexes: RunIndexes, fileName: string): RequestSpec[] {
  return specs.map((spec) => ({
    ...spec,
    index: indexes.toRun(spec.index)!,
    name: `${fileName} › ${spec.name}`,
    dependsOn: spec.dependsOn.map((index) => indexes.toRun(index) ?? index),
    prepare: (results) => spec.prepare(indexes.asOwn(results)),
  }));
}

/** Another plan's scripts, asked and finished with this run's indexes. */
class RenumberedScripts implements RunScriptResults {
  constructor(
    private readonly scripts: RunScriptResults,
    private readonly indexes: RunIndexes,
  ) {}

  resultOf(index: number): ReturnType<RunScriptResults['resultOf']> {
    const own = this.indexes.toOwn(index);
    return own === undefined ? undefined : this.scripts.resultOf(own);
  }

  finish(result: RunResult): Promise<void> {
    return this.scripts.finish({ ...result, requests: this.indexes.asOwn(result.requests) });
  }
}
