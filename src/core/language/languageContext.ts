// What the editor features know besides the file itself: the variable sources a run of this file
// would use (the same collectVariableSources the planner calls, so the editor and a run agree)
// and the selected environment's name, for messages.

import type { ParsedHttpFile } from '../parser/model';
import { ScriptPlan } from '../scripts/scriptPlan';
import {
  collectVariableSources,
  type FileVariableSources,
  type VariableSourceOptions,
} from '../variables/variableSources';

export interface LanguageContext {
  variables: FileVariableSources;
  /** The file's scripts: the variables they set, their syntax errors. */
  scripts: ScriptPlan;
  /** The selected environment; undefined when none is selected. */
  environment?: string;
}

export function languageContext(parsed: ParsedHttpFile, options: VariableSourceOptions): LanguageContext {
  const variables = collectVariableSources(parsed, options);
  const scripts = new ScriptPlan(parsed, {
    filePath: options.filePath,
    displayPath: variables.sources.displayPath,
  });
  const context: LanguageContext = { variables, scripts };
  if (options.environment !== undefined) context.environment = options.environment;
  return context;
}
