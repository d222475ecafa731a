// Gathers everything a .http file's variables can come from into ResolverSources: overrides,
// file variables, the selected environment, `$shared`, `.env` and the process environment, and
// the names of the file's requests (for chaining). One place, so the planner and the editor's
// hover/describe see exactly the same values.

import type { ParsedHttpFile } from '../parser/model';
import { DotenvSource } from './dotenvSource';
import { loadEnvironments, type LoadedEnvironments } from './environments';
import { searchFolders } from './searchFolders';
import type { VariableDefinition } from './variableDefinition';
import type { ResolverSources } from './variableResolver';
import { formatPosition } from '../parser/model';

export interface VariableSourceOptions {
  /** Absolute path of the .http file. */
  filePath: string;
  workspaceRoot?: string;
  environment?: string;
  allowEnvironmentAccess: boolean;
  settingsEnvironments?: Record<string, Record<string, string>>;
  /** Highest precedence (`--var`); values may use `{{…}}` like file variables. */
  variables?: Record<string, string>;
  /** How files are named in messages; absolute paths by default. */
  displayPath?: (file: string) => string;
  /** Process environment for `$processEnv`; `process.env` by default. */
  processEnv?: NodeJS.ProcessEnv;
  /** The session's script variables (core/scripts/scriptGlobals.ts): under --var, over file variables. */
  scriptGlobals?: ReadonlyMap<string, VariableDefinition>;
}

export interface FileVariableSources {
  sources: ResolverSources;
  environments: LoadedEnvironments;
  fileVariables: ReadonlyMap<string, VariableDefinition>;
}

export function collectVariableSources(
  parsed: ParsedHttpFile,
  options: VariableSourceOptions,
): FileVariableSources {
  const displayPath = options.displayPath ?? ((file: string) => file);
  const folders = searchFolders(options.filePath, options.workspaceRoot);
  const environments = loadEnvironments({
    folders,
    environment: options.environment,
    settingsEnvironments: options.settingsEnvironments,
  });

  const overrides = new Map<string, VariableDefinition>();
  for (const [name, value] of Object.entries(options.variables ?? {})) {
    overrides.set(name, { name, value, label: name, source: '--var' });
  }

  const fileVariables = new Map<string, VariableDefinition>();
  for (const variable of parsed.variables) {
    const { range, nameRange, value } = variable;
    // The value ends the line (the parser trims it), so it starts `value.length` before the end.
    const character =
      range.start.line === range.end.line
        ? Math.max(nameRange.end.character, range.end.character - value.length)
        : nameRange.end.character;
    fileVariables.set(variable.name, {
      name: variable.name,
      value,
      label: `@${variable.name}`,
      source: `file variable at ${formatPosition(displayPath(options.filePath), nameRange.start)}`,
      origin: { file: options.filePath, start: { line: range.start.line, character } },
    });
  }

  const requestIndexesByName = new Map<string, number[]>();
  for (const request of parsed.requests) {
    if (request.name === undefined) continue;
    const indexes = requestIndexesByName.get(request.name) ?? [];
    indexes.push(request.index);
    requestIndexesByName.set(request.name, indexes);
  }
  const requestIndexByName = new Map([...requestIndexesByName].map(([name, indexes]) => [name, indexes[0]]));

  return {
    sources: {
      layers: [
        overrides,
        ...(options.scriptGlobals ? [options.scriptGlobals] : []),
        fileVariables,
        environments.variables,
      ],
      shared: environments.shared,
      requestIndexByName,
      requestIndexesByName,
      environmentsDefining: environments.environmentsDefining,
      environmentAccess: {
        allowed: options.allowEnvironmentAccess,
        processEnv: options.processEnv ?? process.env,
        dotenv: new DotenvSource(folders),
      },
      displayPath,
    },
    environments,
    fileVariables,
  };
}
