// What the editor features know besides the file itself: the variable sources a run of this file
// would use (the same collectVariableSources the planner calls, so the editor and a run agree)
// and the selected environment's name, for messages.

import type { ParsedHttpFile } from '../parser/model';
import {
  collectVariableSources,
  type FileVariableSources,
  type VariableSourceOptions,
} from '../variables/variableSources';

export interface LanguageContext {
  variables: FileVariableSources;
  /** The selected environment; undefined when none is selected. */
  environment?: string;
}

export function languageContext(parsed: ParsedHttpFile, options: VariableSourceOptions): LanguageContext {
  const context: LanguageContext = { variables: collectVariableSources(parsed, options) };
  if (options.environment !== undefined) context.environment = options.environment;
  return context;
}
