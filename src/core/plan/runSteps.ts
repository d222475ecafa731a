// The order in which a file's requests are sent, with what other tools' syntax adds to it:
//   - `# @disabled` (httpYac): the request is left out;
//   - `# @ref name` (httpYac): the named request is sent first, once per run: when it is already in
//     the run it is a dependency (a barrier in pipelined mode), else it is sent right here;
//   - `# @forceRef name`: the named request is sent again right before this one, every time (every
//     round of a loop, as httpYac runs a request's references inside each round);
//   - `# @loop for 3` / `for item of list` (httpYac): the request is sent once per round, with
//     `{{$index}}` (0-based) and the item variable set;
//   - `run #name` / `run ./other.http` (JetBrains, Kulala): at that place, the named request or the
//     other file's requests are sent (with the directive's `(@var=value)` overrides).
// A request sent again keeps its file request as `source` and gets a run index past the file's
// requests, so results and `{{name.response…}}` still know which request it was.

import type { RequestBlock, RunDirective, SourceRange } from '../parser/model';

/** One send of a request of this file. */
export interface OwnStep {
  kind: 'own';
  request: RequestBlock;
  /** Run index: the request's own index for its first send, a fresh one past the file's for others. */
  index: number;
  /** Sends this one waits for besides the request's own dependencies (`@ref`): run indexes or other-file steps. */
  after: Array<number | OtherFileStep>;
  /** Variables that hold for this send only (`@loop` round, `run` overrides). */
  variables: Record<string, string>;
  /** Shown after the name: `round 2`, `@forceRef`, `run`. */
  label?: string;
}

/** Another file's request(s), planned by that file's own plan (`run ./other.http`, `@ref` to an import). */
export interface OtherFileStep {
  kind: 'other-file';
  /** The file as written in the directive. */
  path: string;
  /** Request names of that file to send; all when absent. */
  names?: string[];
  variables: Record<string, string>;
  range: SourceRange;
}

export type RunStep = OwnStep | OtherFileStep;

export interface StepProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: SourceRange;
  requestIndex?: number;
}

/** Looks a name up in the files the current one imports; the path of the first that has it. */
export type ImportedRequestFinder = (name: string) => string | undefined;

export interface OrderedSteps {
  steps: RunStep[];
  problems: StepProblem[];
}

/**
 * `included` is the set planRun selected (all, or Send-one plus what it reads from). `wholeFile`
 * says whether `run` lines standing in blocks without a request are part of the run.
 */
export function orderSteps(
  requests: readonly RequestBlock[],
  runs: readonly RunDirective[],
  included: ReadonlySet<number>,
  wholeFile: boolean,
  findImported: ImportedRequestFinder,
  loopItems: (request: RequestBlock) => { items: string[] } | { error: string } | undefined,
): OrderedSteps {
  return new StepOrder(requests, findImported, loopItems).order(runs, included, wholeFile);
}

class StepOrder {
  private readonly steps: RunStep[] = [];
  private readonly problems: StepProblem[] = [];
  /** File request index → run index of its first send. */
  private readonly sent = new Map<number, number>();
  /** File requests sent early for an `@ref`: not sent again at their own place. */
  private readonly sentForRef = new Set<number>();
  /** Other-file requests already sent for an `@ref`, by path and name. */
  private readonly sentElsewhere = new Map<string, OtherFileStep>();
  private nextIndex: number;

  constructor(
    private readonly requests: readonly RequestBlock[],
    private readonly findImported: ImportedRequestFinder,
    private readonly loopItems: (
      request: RequestBlock,
    ) => { items: string[] } | { error: string } | undefined,
  ) {
    this.nextIndex = requests.length;
  }

  order(runs: readonly RunDirective[], included: ReadonlySet<number>, wholeFile: boolean): OrderedSteps {
    for (let position = 0; position <= this.requests.length; position++) {
      const request = this.requests[position] as RequestBlock | undefined;
      const selected = request !== undefined && included.has(request.index);
      for (const run of runs) {
        if (run.afterRequests !== position) continue;
        if (run.beforeRequest === undefined ? wholeFile : selected) this.runDirective(run);
      }
      if (request && selected) this.request(request);
    }
    return { steps: this.steps, problems: this.problems };
  }

  private request(request: RequestBlock): void {
    if (request.disabled) {
      this.problems.push({
        severity: 'info',
        message: '@disabled: this request is not sent',
        range: request.requestLineRange,
        requestIndex: request.index,
      });
      return;
    }
    if (this.sentForRef.has(request.index)) return;
    const rounds = this.rounds(request);
    rounds.forEach((round, i) =>
      this.send(request, this.refsBefore(request, i === 0), round.variables, round.label),
    );
  }

  /**
   * Sends (or finds) what the request's `@ref`/`@forceRef` lines name, right before one send of it;
   * returns what that send waits for. A problem is said once, for the first send.
   */
  private refsBefore(request: RequestBlock, first: boolean): OwnStep['after'] {
    const after: OwnStep['after'] = [];
    for (const ref of request.refs ?? []) {
      const target = this.refTarget(ref.name, request);
      if (target === undefined) {
        const path = this.findImported(ref.name);
        if (path === undefined) {
          if (first)
            this.problems.push({
              severity: 'error',
              message: `@${ref.force ? 'forceRef' : 'ref'} ${ref.name}: there is no request named "${ref.name}" in this file or the files it imports`,
              range: ref.range,
              requestIndex: request.index,
            });
          continue;
        }
        const key = `${path}\n${ref.name}`;
        const known = this.sentElsewhere.get(key);
        if (known && !ref.force) {
          after.push(known);
          continue;
        }
        const step: OtherFileStep = {
          kind: 'other-file',
          path,
          names: [ref.name],
          variables: {},
          range: ref.range,
        };
        this.sentElsewhere.set(key, step);
        this.steps.push(step);
        after.push(step);
        continue;
      }
      const earlier = this.sent.get(target.index);
      if (earlier !== undefined && !ref.force) {
        after.push(earlier);
        continue;
      }
      if (!this.sent.has(target.index)) this.sentForRef.add(target.index);
      after.push(this.send(target, [], {}, ref.force ? '@forceRef' : '@ref'));
    }
    return after;
  }

  /** The request `name` refers to: the nearest one above, else the first one with that name. */
  private refTarget(name: string, from: RequestBlock): RequestBlock | undefined {
    const named = this.requests.filter((r) => r.name === name && r.index !== from.index);
    return named.filter((r) => r.index < from.index).pop() ?? named[0];
  }

  /** One entry per send: a single one without `@loop`, none when the loop's list is wrong (said as a problem). */
  private rounds(request: RequestBlock): Array<{ variables: Record<string, string>; label?: string }> {
    const loop = request.loop;
    if (!loop) return [{ variables: {} }];
    const rounds = loop.kind === 'count' ? { items: [] as string[] } : this.loopItems(request);
    if (!rounds || 'error' in rounds) {
      this.problems.push({
        severity: 'error',
        message: `@loop: ${rounds?.error ?? 'no list'}; the request is not sent`,
        range: loop.range,
        requestIndex: request.index,
      });
      return [];
    }
    const count = loop.kind === 'count' ? loop.count : rounds.items.length;
    return Array.from({ length: count }, (_, round) => {
      const variables: Record<string, string> = { $index: String(round) };
      if (loop.kind === 'each') variables[loop.variable] = rounds.items[round];
      return { variables, label: `round ${round + 1} of ${count}` };
    });
  }

  private runDirective(run: RunDirective): void {
    if (run.target.kind === 'file') {
      this.steps.push({
        kind: 'other-file',
        path: run.target.path,
        variables: run.overrides,
        range: run.range,
      });
      return;
    }
    const name = run.target.name;
    const here = this.requests.find((r) => r.name === name);
    if (here) {
      this.send(here, [], run.overrides, 'run');
      return;
    }
    const path = this.findImported(name);
    if (path === undefined) {
      this.problems.push({
        severity: 'error',
        message: `run #${name}: there is no request named "${name}" in this file or the files it imports`,
        range: run.targetRange,
      });
      return;
    }
    this.steps.push({ kind: 'other-file', path, names: [name], variables: run.overrides, range: run.range });
  }

  /** Adds one send of `request`; the first send of a file request keeps its index. Returns the run index. */
  private send(
    request: RequestBlock,
    after: OwnStep['after'],
    variables: Record<string, string>,
    label?: string,
  ): number {
    const first = !this.sent.has(request.index);
    const index = first ? request.index : this.nextIndex++;
    if (first) this.sent.set(request.index, index);
    const step: OwnStep = { kind: 'own', request, index, after, variables };
    if (label) step.label = label;
    this.steps.push(step);
    return index;
  }
}
