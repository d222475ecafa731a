// What can be known about a request's references before anything runs: which earlier requests it
// uses (the scheduler's `dependsOn`, also through variables such as `@token = {{login.response…}}`)
// and the references that cannot work (unknown names, requests that come later, unknown `$…`).
// Cycles and values are left to the resolver at prepare time, which reports them with the chain.

import type { SourceRange } from '../parser/model';
import { isDynamicVariable, parseDynamicCall, unknownDynamicVariableMessage } from './dynamicVariables';
import { parseRequestReference } from './requestReferences';
import type { VariableDefinition } from './variableDefinition';
import { requestIndexFor, undefinedVariableMessage, type ResolverSources } from './variableResolver';
import { findVariableReferences, rangeOfReference, type TextOrigin } from './variableReferences';
import { messageOf } from '../common/messageOf';

export interface ReferenceProblem {
  severity: 'error' | 'warning';
  message: string;
  file: string;
  range: SourceRange;
}

export interface ReferenceAnalysis {
  /** Earlier requests whose exchange this request reads. */
  dependsOn: Set<number>;
  /** Why, for dependencies on a request's response handler rather than its response. */
  reasons: Map<number, string>;
  problems: ReferenceProblem[];
}

/** What scripts do to a name (core/scripts/scriptPlan.ts); kept abstract so variables need no scripts. */
export interface ScriptedNames {
  scriptedName(
    name: string,
    index: number,
    staticallyDefined: boolean,
  ): { defined: boolean; waits: Array<{ index: number; reason: string }> } | undefined;
}

interface Place {
  file: string;
  range: SourceRange;
}

export class ReferenceAnalyzer {
  readonly analysis: ReferenceAnalysis = { dependsOn: new Set(), reasons: new Map(), problems: [] };
  private readonly walking = new Set<VariableDefinition>();

  constructor(
    private readonly sources: ResolverSources,
    private readonly currentIndex: number,
    private readonly scripts?: ScriptedNames,
  ) {}

  analyze(text: string, origin: TextOrigin, outerPlace?: Place): void {
    for (const reference of findVariableReferences(text)) {
      const place = outerPlace ?? { file: origin.file, range: rangeOfReference(origin, text, reference) };
      this.analyzeExpression(reference.expression, text.slice(reference.start, reference.end), place);
    }
  }

  private analyzeExpression(expression: string, written: string, place: Place): void {
    if (expression === '') return this.problem('error', `${written}: empty variable reference`, place);
    // A `$name` defined for the request (`$index` in a @loop) is a variable, as in the resolver.
    if (expression.startsWith('$') && !this.sources.layers.some((layer) => layer.has(expression)))
      return this.analyzeSystemVariable(expression, written, place);
    const definition = this.definitionOf(expression);
    const scripted = this.scripts?.scriptedName(
      expression,
      this.currentIndex,
      definition !== undefined && definition !== null && !definition.fromScript,
    );
    for (const wait of scripted?.waits ?? []) {
      this.analysis.dependsOn.add(wait.index);
      if (!this.analysis.reasons.has(wait.index)) this.analysis.reasons.set(wait.index, wait.reason);
    }
    if (definition) return this.walk(definition, place);
    if (scripted?.defined) return;
    if (definition === null) return; // only definitions already being walked: the resolver reports the loop
    const reference = parseRequestReference(expression);
    const index = reference && requestIndexFor(this.sources, reference.requestName, this.currentIndex);
    if (reference && index !== undefined) {
      if (index < this.currentIndex) this.analysis.dependsOn.add(index);
      else {
        const why = index === this.currentIndex ? 'is this request itself' : 'comes after this one';
        this.problem(
          'error',
          `${written}: request '${reference.requestName}' ${why}, so it has no ${reference.part} when this request is sent`,
          place,
        );
      }
      return;
    }
    if (reference)
      return this.problem(
        'error',
        `${written}: there is no request named '${reference.requestName}' in this file`,
        place,
      );
    this.problem('error', `${written}: ${undefinedVariableMessage(expression, this.sources)}`, place);
  }

  private analyzeSystemVariable(expression: string, written: string, place: Place): void {
    const call = parseDynamicCall(expression);
    if (call.name === '$shared') {
      const definition = this.sources.shared.get(call.args[0] ?? '');
      if (!definition)
        return this.problem('error', `${written}: "${call.args[0] ?? ''}" is not defined in $shared`, place);
      if (!this.walking.has(definition)) this.walk(definition, place);
      return;
    }
    if (call.name === '$processEnv' || call.name === '$dotenv') {
      if (!this.sources.environmentAccess.allowed) {
        return this.problem(
          'warning',
          `${written} will not be resolved: this workspace is not trusted`,
          place,
        );
      }
      const name = call.args[0];
      if (name?.startsWith('%')) return this.analyzeExpression(name.slice(1), written, place);
      if (name !== undefined) this.checkOutsideName(call.name, name, written, place);
      return;
    }
    if (!isDynamicVariable(call.name))
      this.problem('error', `${written}: ${unknownDynamicVariableMessage(call.name)}`, place);
  }

  /** A `$processEnv`/`$dotenv` name that is missing now will be missing when the request runs. */
  private checkOutsideName(
    kind: '$processEnv' | '$dotenv',
    name: string,
    written: string,
    place: Place,
  ): void {
    const access = this.sources.environmentAccess;
    if (kind === '$processEnv') {
      if (access.processEnv[name] === undefined)
        this.problem('error', `${written}: the process environment variable ${name} is not set`, place);
      return;
    }
    let found: unknown;
    try {
      found = access.dotenv.lookup(name);
    } catch (error) {
      return this.problem('error', `${written}: ${messageOf(error)}`, place);
    }
    if (!found)
      this.problem(
        'error',
        `${written}: ${name} is not defined in ${this.sources.displayPath(access.dotenv.file ?? '.env')}`,
        place,
      );
  }

  /** The first definition by precedence that is not being walked; null when all of them are. */
  private definitionOf(name: string): VariableDefinition | undefined | null {
    let found: VariableDefinition | null | undefined;
    for (const layer of this.sources.layers) {
      const definition = layer.get(name);
      if (!definition) continue;
      if (!this.walking.has(definition)) return definition;
      found = null;
    }
    return found;
  }

  /** Problems inside a definition point into it when it has a place, else at the reference that used it. */
  private walk(definition: VariableDefinition, place: Place): void {
    if (definition.literal) return;
    this.walking.add(definition);
    try {
      if (definition.origin) this.analyze(definition.value, definition.origin);
      else this.analyze(definition.value, { file: place.file, start: place.range.start }, place);
    } finally {
      this.walking.delete(definition);
    }
  }

  private problem(severity: ReferenceProblem['severity'], message: string, place: Place): void {
    this.analysis.problems.push({ severity, message, file: place.file, range: place.range });
  }
}
