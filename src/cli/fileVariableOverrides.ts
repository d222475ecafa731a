// `--var NAME=VALUE`: the value replaces every `@NAME = …` in the file, or joins the file's variables
// when the file has none by that name. Doing it on the parsed file (instead of in the resolver) keeps
// one resolution path: the override is just a file variable, and file variables win over environments.
import type { FileVariable, ParsedHttpFile } from '../core/parser/model';

const START_OF_FILE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function withFileVariableOverrides(parsed: ParsedHttpFile, overrides: ReadonlyArray<[string, string]>): ParsedHttpFile {
  if (overrides.length === 0) return parsed;
  const values = new Map(overrides);
  const variables: FileVariable[] = parsed.variables.map(v => (values.has(v.name) ? { ...v, value: values.get(v.name)! } : v));
  const defined = new Set(parsed.variables.map(v => v.name));
  for (const [name, value] of values) {
    if (!defined.has(name)) variables.unshift({ name, value, range: START_OF_FILE, nameRange: START_OF_FILE });
  }
  return { ...parsed, variables };
}
