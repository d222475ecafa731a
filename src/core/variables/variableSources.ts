// Gathers everything a .http file's variables can come from into ResolverSources: overrides,
// file variables, those of the files it imports (`import` / `# @import`), the selected environment, `$shared`, `.env` and the process environment, and
// the names of the file's requests (for chaining). One place, so the planner and the editor's
// hover/describe see exactly the same values.

import { readFileSync } from 'node:fs';
import { parseHttpFile } from '../parser/httpFileParser';
import type { FileVariable, ParsedHttpFile } from '../parser/model';
import { otherFilePath } from './otherFiles';
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

  const fileVariables = definitionsOf(parsed.variables, options.filePath, displayPath);
  const importedVariables = new Map<string, VariableDefinition>();
  for (const directive of parsed.imports) {
    const where = otherFilePath(directive.path, options);
    if (!('file' in where)) continue; // the plan reports the refusal with its place
    let text: string;
    try {
      text = readFileSync(where.file, 'utf8');
    } catch {
      continue; // likewise reported by the plan
    }
    for (const [name, definition] of definitionsOf(parseHttpFile(text).variables, where.file, displayPath))
      if (!importedVariables.has(name)) importedVariables.set(name, definition);
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
        importedVariables,
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

/** `@name = value` lines of `file` as definitions; the last definition of a name wins. */
function definitionsOf(
  variables: readonly FileVariable[],
  file: string,
  displayPath: (file: string) => string,
): Map<string, VariableDefinition> {
  const definitions = new Map<string, VariableDefinition>();
  for (const variable of variables) {
    const { range, nameRange, value } = variable;
    // The value ends the line (the parser trims it), so it starts `value.length` before the end.
    const character =
      range.start.line === range.end.line
        ? Math.max(nameRange.end.character, range.end.character - value.length)
        : nameRange.end.character;
    definitions.set(variable.name, {
      name: variable.name,
      value,
      label: `@${variable.name}`,
      source: `file variable at ${formatPosition(displayPath(file), nameRange.start)}`,
      origin: { file, start: { line: range.start.line, character } },
    });
  }
  return definitions;
}
