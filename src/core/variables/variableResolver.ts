// Resolves `{{…}}` in one request's text when the request is prepared.
//
// Precedence for a plain name, highest first (REST Client's order; the CLI's `--var` on top):
//   1. overrides: `--var name=value` / PlanOptions.variables
//   2. scripts: the request's own `request.variables.set`, then the session's `client.global` /
//      httpYac `exports` (values set at run time win over what the file says)
//   3. file variables `@name = value` (the last definition in the file wins)
//   4. file variables of the files it imports (`import` / `# @import`, the first import wins)
//   5. the selected environment merged with `$shared` (see environments.ts)
// JetBrains lets environment variables win over in-place variables instead; the planner reports
// that conflict as info where it happens, so a file written for JetBrains shows the difference.
// `$…` names are system variables (dynamicVariables.ts, plus `$processEnv`, `$dotenv`, `$shared`);
// `name.response…` / `name.request…` where `name` is a request of the file read this run's
// exchange of that request (requestReferences.ts), unless a variable of that exact name exists.
//
// Values of definitions are templates themselves. A definition that refers to its own name
// (`@baseUrl = {{baseUrl}}/v2`) reads the next lower source, e.g. the environment; any other loop
// is an error naming the whole cycle. One RequestScope serves one request: a definition is
// expanded once per request, so `@id = {{$guid}}` is the same value in its URL and its body.

import type { ErrorResult, NotSentResult, PreparedRequest, RequestResult } from '../engine/types';
import { formatPosition } from '../parser/model';
import type { DotenvSource } from './dotenvSource';
import { evaluateDynamicVariable, parseDynamicCall } from './dynamicVariables';
import { parseRequestReference, valueOfRequestReference, type RequestReference } from './requestReferences';
import type { VariableDefinition } from './variableDefinition';
import { findVariableReferences, positionInText, type TextOrigin } from './variableReferences';
import { messageOf } from '../common/messageOf';

export interface EnvironmentAccess {
  /** False in an untrusted workspace: `$processEnv` and `$dotenv` are refused. */
  allowed: boolean;
  processEnv: NodeJS.ProcessEnv;
  dotenv: DotenvSource;
}

export interface ResolverSources {
  /** Highest precedence first: overrides, file variables, imported files' variables, environment. */
  layers: ReadonlyArray<ReadonlyMap<string, VariableDefinition>>;
  shared: ReadonlyMap<string, VariableDefinition>;
  /** The first request with each name (what editor features link a name to). */
  requestIndexByName: ReadonlyMap<string, number>;
  /** Every request with each name, in file order: a reference reads the nearest earlier one. */
  requestIndexesByName: ReadonlyMap<string, readonly number[]>;
  /** Environments that define each name, to hint at selecting one when a name is undefined. */
  environmentsDefining: ReadonlyMap<string, readonly string[]>;
  environmentAccess: EnvironmentAccess;
  /** How a file is named in messages (the CLI shows paths as the user typed them). */
  displayPath(file: string): string;
}

/** What a request being prepared can see of the run so far. */
export interface RunSoFar {
  currentIndex: number;
  results: readonly RequestResult[];
  /** What each request of this run sent, for `{{name.request…}}`. */
  sent: ReadonlyMap<number, PreparedRequest>;
  /** Indexes of the requests in this run. */
  inRun: ReadonlySet<number>;
  /**
   * Extra sends of a request (a `@loop` round, a `@forceRef`, a `run #name`) under their own run
   * indexes, in run order: a reference to the request reads the latest of them that was answered.
   */
  copies?: ReadonlyMap<number, readonly number[]>;
}

/** A problem with a variable; the message starts with the reference and its `file:line:col`. */
export class VariableError extends Error {
  override name = 'VariableError';
}

export class RequestScope {
  private readonly expanded = new Map<VariableDefinition, string>();
  private readonly stack: VariableDefinition[] = [];

  /** Without `run`, request references cannot be resolved (editor features, plan time). */
  constructor(
    private readonly sources: ResolverSources,
    private readonly run?: RunSoFar,
    private readonly now: Date = new Date(),
  ) {}

  /**
   * `text` with every reference replaced. `origin` places the text in its file; `where` describes
   * it when it has no place (a value from the settings).
   */
  resolve(text: string, origin: TextOrigin | undefined, where = 'in the text'): string {
    let result = '';
    let last = 0;
    for (const reference of findVariableReferences(text)) {
      const place = origin
        ? `at ${formatPosition(this.sources.displayPath(origin.file), positionInText(origin, text, reference.start))}`
        : where;
      const written = text.slice(reference.start, reference.end);
      let value: string;
      try {
        value = this.evaluate(reference.expression);
      } catch (error) {
        if (error instanceof VariableError)
          throw new VariableError(`${error.message}; reached through ${written} ${place}`);
        throw new VariableError(`${written} ${place}: ${messageOf(error)}`);
      }
      result +=
        text.slice(last, reference.start) + (reference.percentEncode ? encodeURIComponent(value) : value);
      last = reference.end;
    }
    return result + text.slice(last);
  }

  /** The value of one expression (what is between the braces); throws Error with a reason. */
  evaluate(expression: string): string {
    if (expression === '') throw new Error('empty variable reference: write a name between the braces');
    // A `$name` defined for this request (httpYac's `$index` in a @loop) wins over a system variable.
    if (expression.startsWith('$') && !this.sources.layers.some((layer) => layer.has(expression)))
      return this.systemVariable(expression);
    const definition = this.definitionOf(expression);
    if (definition) return this.expand(definition);
    const request = this.requestReference(expression);
    if (request) return this.requestValue(request.reference, request.index);
    const chained = parseRequestReference(expression);
    if (chained)
      throw new Error(
        `there is no request named '${chained.requestName}' in this file (and no variable "${expression}")`,
      );
    throw new Error(undefinedVariableMessage(expression, this.sources));
  }

  /** The definition a name resolves to here, honouring self-reference fall-through; throws on a cycle. */
  definitionOf(name: string): VariableDefinition | undefined {
    const current = this.stack[this.stack.length - 1];
    let skippedSelf = false;
    for (const layer of this.sources.layers) {
      const definition = layer.get(name);
      if (!definition) continue;
      if (definition === current) {
        skippedSelf = true;
        continue;
      }
      if (this.stack.includes(definition))
        throw new Error(`variables refer to each other in a loop: ${this.cycle(definition)}`);
      return definition;
    }
    if (skippedSelf)
      throw new Error(`${current.label} refers to itself and no lower-precedence source defines "${name}"`);
    return undefined;
  }

  /** `name.response…` where `name` is a request of this file. */
  requestReference(expression: string): { reference: RequestReference; index: number } | undefined {
    const reference = parseRequestReference(expression);
    const index = reference && requestIndexFor(this.sources, reference.requestName, this.run?.currentIndex);
    return reference && index !== undefined ? { reference, index } : undefined;
  }

  private expand(definition: VariableDefinition): string {
    if (definition.literal) return definition.value;
    const known = this.expanded.get(definition);
    if (known !== undefined) return known;
    this.stack.push(definition);
    try {
      const value = this.resolve(
        definition.value,
        definition.origin,
        `in ${definition.label} from ${definition.source}`,
      );
      this.expanded.set(definition, value);
      return value;
    } finally {
      this.stack.pop();
    }
  }

  private cycle(closing: VariableDefinition): string {
    const from = this.stack.indexOf(closing);
    return [...this.stack.slice(from), closing].map((d) => d.label).join(' → ');
  }

  private systemVariable(expression: string): string {
    const call = parseDynamicCall(expression);
    switch (call.name) {
      case '$shared':
        return this.sharedVariable(call.args);
      case '$processEnv':
        return this.processEnv(call.args);
      case '$dotenv':
        return this.dotenv(call.args);
      default:
        return evaluateDynamicVariable(call, this.now);
    }
  }

  private sharedVariable(args: string[]): string {
    const [name] = args;
    if (args.length !== 1) throw new Error('write it as {{$shared name}}');
    const definition = this.sources.shared.get(name);
    if (!definition) throw new Error(`"${name}" is not defined in $shared`);
    if (this.stack.includes(definition))
      throw new Error(`variables refer to each other in a loop: ${this.cycle(definition)}`);
    return this.expand(definition);
  }

  private processEnv(args: string[]): string {
    const name = this.environmentName(args, '$processEnv');
    const value = this.sources.environmentAccess.processEnv[name];
    if (value === undefined) throw new Error(`the process environment variable ${name} is not set`);
    return value;
  }

  private dotenv(args: string[]): string {
    const name = this.environmentName(args, '$dotenv');
    const dotenv = this.sources.environmentAccess.dotenv;
    const found = dotenv.lookup(name);
    if (!found)
      throw new Error(`${name} is not defined in ${this.sources.displayPath(dotenv.file ?? '.env')}`);
    return found.value;
  }

  /** `NAME`, or `%name`: the name is the value of the variable `name` (REST Client). */
  private environmentName(args: string[], what: '$processEnv' | '$dotenv'): string {
    if (!this.sources.environmentAccess.allowed) {
      throw new Error(
        `${what} is not resolved because this workspace is not trusted: reading ${what === '$dotenv' ? '.env files' : 'process environment variables'} could leak secrets to the requests of an unknown file. Trust the workspace to allow it`,
      );
    }
    if (args.length !== 1)
      throw new Error(`write it as {{${what} NAME}} or {{${what} %variableHoldingTheName}}`);
    const [written] = args;
    if (!written.startsWith('%')) return written;
    return this.evaluate(written.slice(1));
  }

  private requestValue(reference: RequestReference, written: number): string {
    const run = this.run;
    if (!run)
      throw new Error(`known only when the request runs, after '${reference.requestName}' has been answered`);
    const index = latestAnswered(run, written);
    const result = run.results.find((r) => r.index === index);
    if (!result || result.outcome !== 'response') {
      throw new Error(
        `request '${reference.requestName}' has not been answered in this run (${whyUnanswered(index, run, result)})`,
      );
    }
    return valueOfRequestReference(reference, { response: result.response, sent: run.sent.get(index) });
  }
}

/** Says where the name could have come from, and which environments would define it. */
export function undefinedVariableMessage(name: string, sources: ResolverSources): string {
  const environments = sources.environmentsDefining.get(name) ?? [];
  const list = environments.map((e) => `"${e}"`).join(', ');
  const hint =
    environments.length === 0
      ? ''
      : environments.length === 1
        ? `; environment ${list} defines it: select it`
        : `; environments ${list} define it: select one`;
  return `variable "${name}" is not defined (not a --var, file variable, or variable of the selected environment)${hint}`;
}

/**
 * The request a name refers to from request `currentIndex`: the nearest earlier one with that name
 * (a file may log in again further down), else the first one (which then comes later: an error).
 */
export function requestIndexFor(
  sources: ResolverSources,
  name: string,
  currentIndex?: number,
): number | undefined {
  const indexes = sources.requestIndexesByName.get(name);
  if (!indexes || indexes.length === 0) return undefined;
  const earlier = currentIndex === undefined ? [] : indexes.filter((index) => index < currentIndex);
  return earlier.length > 0 ? earlier[earlier.length - 1] : indexes[0];
}

/** The run index whose answer stands for request `index` now: its latest answered send. */
function latestAnswered(run: RunSoFar, index: number): number {
  const sends = [index, ...(run.copies?.get(index) ?? [])];
  const answered = sends.filter((send) =>
    run.results.some((r) => r.index === send && r.outcome === 'response'),
  );
  return answered[answered.length - 1] ?? index;
}

function whyUnanswered(
  index: number,
  run: RunSoFar,
  result: ErrorResult | NotSentResult | undefined,
): string {
  if (index === run.currentIndex) return 'it is this request';
  if (index > run.currentIndex) return 'it comes after this request';
  if (!run.inRun.has(index)) return 'it is not part of this run';
  if (!result) return 'it has not finished yet';
  if (result.outcome === 'error') return `it failed: ${result.error.message}`;
  return `it was not sent: ${result.notSentReason}`;
}
