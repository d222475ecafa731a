// Environments from JetBrains env files and REST Client settings, merged into one set of variables
// for the selected environment.
//
// Sources, highest precedence first:
//   1. `http-client.private.env.json` — the selected environment, then its `$shared`
//   2. `http-client.env.json`          — the selected environment, then its `$shared`
//   3. settings (`httpipe.environments` over REST Client's `rest-client.environmentVariables`, merged by
//      the extension) — the selected environment, then `$shared`
// Precisely: any environment-specific value beats any `$shared` value; among equals, private beats
// public beats settings. Private overriding public is what the file is for (local secrets and
// overrides that are not committed); note that JetBrains' documentation states the opposite order
// for name conflicts, so a file relying on that would differ here.
// Each env file is the nearest one from the .http file's folder up to the workspace root; the
// public and private files are found independently.
// Values may be JSON strings, numbers or booleans; objects and arrays become their JSON text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position, SourceRange } from '../parser/model';
import { findNearest, searchFolders } from './searchFolders';
import type { VariableDefinition } from './variableDefinition';
import { messageOf } from '../common/messageOf';

export const PUBLIC_ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
export const SHARED_ENVIRONMENT = '$shared';

export interface EnvironmentProblem {
  severity: 'error' | 'warning';
  message: string;
  file: string;
  range: SourceRange;
}

export interface EnvironmentOptions {
  /** Folders to search for env files, nearest first (see searchFolders). */
  folders: readonly string[];
  environment?: string;
  settingsEnvironments?: Record<string, Record<string, string>>;
}

export interface LoadedEnvironments {
  /** The selected environment's variables merged with `$shared`, by name. */
  variables: Map<string, VariableDefinition>;
  /** Only `$shared`, for REST Client's `{{$shared name}}`. */
  shared: Map<string, VariableDefinition>;
  /** Every environment name defined anywhere, `$shared` excluded, sorted. */
  names: string[];
  /** For each variable name, the environments (not `$shared`) that define it, sorted: hints for undefined names. */
  environmentsDefining: Map<string, string[]>;
  /** The env files that were found, public first. */
  files: string[];
  problems: EnvironmentProblem[];
}

interface EnvironmentSet {
  /** The file's name, or `settings …`, for people. */
  where: string;
  file?: string;
  text?: string;
  environments: Record<string, unknown>;
}

export function loadEnvironments(options: EnvironmentOptions): LoadedEnvironments {
  const problems: EnvironmentProblem[] = [];
  // Lowest precedence first: later sets overwrite earlier ones.
  const sets: EnvironmentSet[] = [];
  if (options.settingsEnvironments) {
    sets.push({
      where: 'settings httpipe.environments / rest-client.environmentVariables',
      environments: options.settingsEnvironments,
    });
  }
  const files: string[] = [];
  for (const fileName of [PUBLIC_ENV_FILE, PRIVATE_ENV_FILE]) {
    const file = findNearest(options.folders, fileName);
    if (!file) continue;
    files.push(file);
    const set = readEnvFile(file, problems);
    if (set) sets.push(set);
  }

  const shared = new Map<string, VariableDefinition>();
  const variables = new Map<string, VariableDefinition>();
  for (const set of sets) addEnvironment(set, SHARED_ENVIRONMENT, shared);
  for (const [name, definition] of shared) variables.set(name, definition);
  const selected = options.environment;
  if (selected !== undefined) {
    for (const set of sets) addEnvironment(set, selected, variables);
  }

  const names = [...new Set(sets.flatMap((set) => Object.keys(set.environments)))]
    .filter((n) => n !== SHARED_ENVIRONMENT)
    .sort();
  if (selected !== undefined && !names.includes(selected)) {
    const known = names.length > 0 ? `defined: ${names.join(', ')}` : 'no environments are defined';
    const searched = `${PUBLIC_ENV_FILE} / ${PRIVATE_ENV_FILE} in ${options.folders.join(', ')}${options.settingsEnvironments ? ' or the settings' : ''}`;
    problems.push({
      severity: 'error',
      message: `environment "${selected}" is not defined (${known}; looked in ${searched})`,
      file: files[0] ?? path.join(options.folders[0] ?? '.', PUBLIC_ENV_FILE),
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  }
  const environmentsDefining = new Map<string, string[]>();
  for (const environment of names) {
    const defined = new Set(
      sets
        .flatMap((set) =>
          isObject(set.environments[environment]) ? Object.keys(set.environments[environment]) : [],
        )
        .filter((name) => !NOT_VARIABLES.has(name)),
    );
    for (const name of defined)
      environmentsDefining.set(name, [...(environmentsDefining.get(name) ?? []), environment]);
  }
  return { variables, shared, names, environmentsDefining, files, problems };
}

function readEnvFile(file: string, problems: EnvironmentProblem[]): EnvironmentSet | undefined {
  const start = { line: 0, character: 0 };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({
      severity: 'error',
      message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      file,
      range: { start, end: start },
    });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = messageOf(error);
    const offset = /position (\d+)/.exec(message);
    const at = offset ? positionAt(text, Number(offset[1])) : start;
    problems.push({
      severity: 'error',
      message: `${path.basename(file)} is not valid JSON: ${message}`,
      file,
      range: { start: at, end: at },
    });
    return undefined;
  }
  if (!isObject(json) || !Object.values(json).every(isObject)) {
    problems.push({
      severity: 'error',
      message: `${path.basename(file)} must be an object of environments: { "dev": { "host": "…" } }`,
      file,
      range: { start, end: start },
    });
    return undefined;
  }
  return { where: path.basename(file), file, text, environments: json };
}

/** Keys of an environment that configure the client (JetBrains' TLS settings, read by src/core/tls), not `{{variables}}`. */
const NOT_VARIABLES = new Set(['SSLConfiguration']);

function addEnvironment(
  set: EnvironmentSet,
  environment: string,
  into: Map<string, VariableDefinition>,
): void {
  const values = set.environments[environment];
  if (!isObject(values)) return;
  const label = environment === SHARED_ENVIRONMENT ? '$shared' : `environment "${environment}"`;
  for (const [name, raw] of Object.entries(values)) {
    if (NOT_VARIABLES.has(name)) continue;
    const value =
      typeof raw === 'string'
        ? raw
        : raw === null
          ? ''
          : typeof raw === 'object'
            ? JSON.stringify(raw)
            : String(raw);
    const definition: VariableDefinition = { name, value, label: name, source: `${label} (${set.where})` };
    const start = set.file && set.text !== undefined ? locateValue(set.text, environment, name) : undefined;
    if (set.file && start) definition.origin = { file: set.file, start };
    into.set(name, definition);
  }
}

/**
 * Where the string value of `"name"` inside `"environment"` starts (just past its opening quote),
 * so errors in env values point into the env file. A best effort for ordinary files: the JSON
 * parser does not report positions.
 */
function locateValue(text: string, environment: string, name: string): Position | undefined {
  const environmentAt = text.indexOf(JSON.stringify(environment));
  if (environmentAt < 0) return undefined;
  const pattern = new RegExp(`${escapeRegExp(JSON.stringify(name))}\\s*:\\s*"`, 'g');
  pattern.lastIndex = environmentAt;
  const match = pattern.exec(text);
  return match ? positionAt(text, match.index + match[0].length) : undefined;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The environments a picker can offer for a .http file: its env files' and the settings'. */
export function environmentNames(
  filePath: string,
  workspaceRoot?: string,
  settingsEnvironments?: Record<string, Record<string, string>>,
): string[] {
  return loadEnvironments({ folders: searchFolders(filePath, workspaceRoot), settingsEnvironments }).names;
}
