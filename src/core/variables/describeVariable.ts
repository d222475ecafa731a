// For editor features (hover, completion details): what `{{expression}}` stands for and where the
// value comes from, resolved with the same sources and precedence as a run. Request references
// have no value before the run; `$processEnv`/`$dotenv` follow the same trust rule as a run.

import { isDynamicVariable, parseDynamicCall } from './dynamicVariables';
import { RequestScope } from './variableResolver';
import type { FileVariableSources } from './variableSources';
import { messageOf } from '../common/messageOf';

export interface VariableDescription {
  /** The resolved value, when it can be known now. */
  value?: string;
  /** `file variable at api.http:3:2`, `environment "dev" (http-client.env.json)`, `dynamic variable`, … */
  source: string;
  /** Why there is no value (undefined, a loop, untrusted workspace, …). */
  problem?: string;
}

export function describeVariable(expression: string, collected: FileVariableSources): VariableDescription {
  const scope = new RequestScope(collected.sources);
  const source = sourceOf(expression, scope);
  const request = scope.requestReference(expression);
  if (request && !safely(() => scope.definitionOf(expression)).value) {
    return {
      source,
      problem: `known when the request runs, after '${request.reference.requestName}' has been answered`,
    };
  }
  const { value, problem } = safely(() => scope.evaluate(expression));
  const description: VariableDescription = { source };
  if (value !== undefined) description.value = value;
  if (problem !== undefined) description.problem = problem;
  return description;
}

function sourceOf(expression: string, scope: RequestScope): string {
  if (expression.startsWith('$')) {
    const { name, args } = parseDynamicCall(expression);
    if (name === '$processEnv') return `process environment variable ${args[0] ?? ''}`.trim();
    if (name === '$dotenv') return `.env variable ${args[0] ?? ''}`.trim();
    if (name === '$shared') return `$shared variable ${args[0] ?? ''}`.trim();
    return isDynamicVariable(name)
      ? 'dynamic variable: a new value for every request'
      : 'unknown dynamic variable';
  }
  const definition = safely(() => scope.definitionOf(expression)).value;
  if (definition) return definition.source;
  const request = scope.requestReference(expression);
  if (request) return `${request.reference.part} of request '${request.reference.requestName}' in this run`;
  return 'not defined';
}

function safely<T>(compute: () => T): { value?: T; problem?: string } {
  try {
    return { value: compute() };
  } catch (error) {
    return { problem: messageOf(error) };
  }
}
