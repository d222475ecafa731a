// A parsed file planned for a run, the one way the extension and the CLI both do it: the first plan
// gives the problems and the specs the run starts with; every further run (Compare repeats the file
// in each mode) gets a new plan, because specs keep per-run state (chained values, body readers).
import type { RequestSpec } from '../engine/types';
import type { ParsedHttpFile } from '../parser/model';
import { planRun, type PlanOptions, type PlanProblem } from './planRun';

export interface PlannedFile {
  /** The first plan's problems, with their places. */
  problems: PlanProblem[];
  /** The first plan's specs: what the first run sends, and the list a UI shows before it starts. */
  specs: RequestSpec[];
  /** A set of specs per call; the first call returns `specs`, later ones plan again. */
  makeSpecs(): RequestSpec[];
}

export function planFile(parsed: ParsedHttpFile, options: PlanOptions): PlannedFile {
  const first = planRun(parsed, options);
  let unused: RequestSpec[] | undefined = first.specs;
  return {
    problems: first.problems,
    specs: first.specs,
    makeSpecs: () => {
      const specs = unused ?? planRun(parsed, options).specs;
      unused = undefined;
      return specs;
    },
  };
}
