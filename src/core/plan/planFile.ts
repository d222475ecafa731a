// A parsed file planned for a run, the one way the extension and the CLI both do it: the first plan
// gives the problems and the specs the run starts with; every further run (Compare repeats the file
// in each mode) gets a new plan, because specs keep per-run state (chained values, body readers).
import type { RequestSpec } from '../engine/types';
import type { ParsedHttpFile } from '../parser/model';
import type { RunScriptResults } from '../scripts/runScripts';
import { planRun, type PlanOptions, type PlanProblem, type RunPlan } from './planRun';

export interface PlannedFile {
  /** The first plan's problems, with their places. */
  problems: PlanProblem[];
  /** The first plan's specs: what the first run sends, and the list a UI shows before it starts. */
  specs: RequestSpec[];
  /** The first plan's scripts (with `specs`), when the file has any: finish() them after the run. */
  scripts?: RunScriptResults;
  /** A set of specs per call; the first call returns `specs`, later ones plan again. */
  makeSpecs(): RequestSpec[];
  /** makeSpecs() with that plan's scripts, whose finish() the caller awaits after the run. */
  makePlan(): Pick<RunPlan, 'specs' | 'scripts'>;
}

export function planFile(parsed: ParsedHttpFile, options: PlanOptions): PlannedFile {
  const first = planRun(parsed, options);
  let unused: RunPlan | undefined = first;
  const makePlan = (): RunPlan => {
    const next = unused ?? planRun(parsed, options);
    unused = undefined;
    return next;
  };
  const planned: PlannedFile = {
    problems: first.problems,
    specs: first.specs,
    makeSpecs: () => makePlan().specs,
    makePlan,
  };
  if (first.scripts) planned.scripts = first.scripts;
  return planned;
}
