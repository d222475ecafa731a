// What a `{{…}}` expression refers to, decided once for diagnostics, hover, completion and
// go-to-definition, with the resolver's own rules (variables/variableResolver.ts): `$…` is a system
// variable, a defined name wins over a request reference of the same spelling, then
// `name.response…`/`name.request…` refer to a request of the file.

import { DYNAMIC_VARIABLE_NAMES, isDynamicVariable, parseDynamicCall } from '../variables/dynamicVariables';
import { parseRequestReference, type RequestReference } from '../variables/requestReferences';
import type { VariableDefinition } from '../variables/variableDefinition';
import { RequestScope } from '../variables/variableResolver';
import type { FileVariableSources } from '../variables/variableSources';

/** System variables that read outside sources; the resolver handles them itself. */
const SOURCE_VARIABLES = ['$processEnv', '$dotenv', '$shared'] as const;

export type ReferenceKind =
  | { kind: 'empty' }
  | { kind: 'system'; name: string }
  | { kind: 'unknown-system'; name: string }
  | { kind: 'variable'; definition: VariableDefinition }
  | { kind: 'request'; reference: RequestReference; index: number }
  | { kind: 'unknown-request'; reference: RequestReference }
  | { kind: 'unknown'; name: string };

/**
 * What each expression was found to be, per set of sources (the editor collects them once per
 * document version): a big file repeats a few expressions thousands of times (`{{host}}`,
 * `{{token}}`). The kinds are never changed by their users, so they can be shared.
 */
const classified = new WeakMap<
  FileVariableSources,
  { scope: RequestScope; kinds: Map<string, ReferenceKind> }
>();

export function classifyReference(expression: string, collected: FileVariableSources): ReferenceKind {
  let memo = classified.get(collected);
  if (!memo) {
    // Outside any definition and without a run, the scope's lookups keep no state: one serves all.
    memo = { scope: new RequestScope(collected.sources), kinds: new Map() };
    classified.set(collected, memo);
  }
  let kind = memo.kinds.get(expression);
  if (!kind) {
    kind = classify(expression, memo.scope);
    memo.kinds.set(expression, kind);
  }
  return kind;
}

function classify(expression: string, scope: RequestScope): ReferenceKind {
  if (expression === '') return { kind: 'empty' };
  if (expression.startsWith('$')) {
    const { name } = parseDynamicCall(expression);
    return isSystemVariable(name) ? { kind: 'system', name } : { kind: 'unknown-system', name };
  }
  // Outside any definition the resolver's lookup cannot meet a loop, so it does not throw here.
  const definition = scope.definitionOf(expression);
  if (definition) return { kind: 'variable', definition };
  const request = scope.requestReference(expression);
  if (request) return { kind: 'request', ...request };
  const reference = parseRequestReference(expression);
  return reference ? { kind: 'unknown-request', reference } : { kind: 'unknown', name: expression };
}

export function isSystemVariable(name: string): boolean {
  return isDynamicVariable(name) || (SOURCE_VARIABLES as readonly string[]).includes(name);
}

export interface SystemVariableDoc {
  name: string;
  /** What completion inserts after `{{` (arguments as placeholders where they are needed). */
  insert: string;
  doc: string;
}

/** The system variables people type most, REST Client's and JetBrains', documented for completion and hover. */
export const SYSTEM_VARIABLE_DOCS: readonly SystemVariableDoc[] = [
  {
    name: '$guid',
    insert: '$guid',
    doc: 'A new random UUID (v4) for every request. JetBrains spelling: `$uuid`.',
  },
  {
    name: '$uuid',
    insert: '$uuid',
    doc: 'A new random UUID (v4) for every request (JetBrains; same as `$guid`).',
  },
  {
    name: '$timestamp',
    insert: '$timestamp',
    doc: 'Seconds since the Unix epoch, now. With an offset: `{{$timestamp -1 d}}` (units y M w d h m s ms).',
  },
  { name: '$isoTimestamp', insert: '$isoTimestamp', doc: 'The current time in ISO 8601, UTC (JetBrains).' },
  {
    name: '$datetime',
    insert: '$datetime iso8601',
    doc: 'The current UTC time: `{{$datetime iso8601}}`, `{{$datetime rfc1123}}` or `{{$datetime "YYYY-MM-DD" -1 d}}` (day.js tokens).',
  },
  {
    name: '$localDatetime',
    insert: '$localDatetime iso8601',
    doc: 'Like `$datetime`, in the local time zone.',
  },
  {
    name: '$randomInt',
    insert: '$randomInt 0 100',
    doc: 'A random integer: `{{$randomInt min max}}`, max exclusive; without arguments 0–1000 (JetBrains).',
  },
  {
    name: '$processEnv',
    insert: '$processEnv NAME',
    doc: 'A variable of the process environment: `{{$processEnv HOME}}`; `{{$processEnv %name}}` takes the name from a variable. Only in a trusted workspace.',
  },
  {
    name: '$dotenv',
    insert: '$dotenv NAME',
    doc: 'A value from the nearest `.env` file (from the .http file’s folder up to the workspace root). Only in a trusted workspace.',
  },
  {
    name: '$shared',
    insert: '$shared name',
    doc: 'A variable of the `$shared` environment, even when the selected environment defines the same name.',
  },
];

/** Every system variable name the resolver knows, documented ones first. */
export function allSystemVariableNames(): string[] {
  const documented = SYSTEM_VARIABLE_DOCS.map((d) => d.name);
  return [...documented, ...DYNAMIC_VARIABLE_NAMES.filter((name) => !documented.includes(name))];
}

export function systemVariableDoc(name: string): string | undefined {
  return SYSTEM_VARIABLE_DOCS.find((d) => d.name === name)?.doc;
}
