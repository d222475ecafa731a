// Go to definition on the directives that point at requests or files: `# @ref name` /
// `# @forceRef name` and `run #name` go to the named request (in this file, else in a file it
// imports), `import ./x.http`, `# @import ./x.http` and `run ./x.http` go to that file.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseHttpFile } from '../parser/httpFileParser';
import type { ParsedHttpFile, Position, SourceRange } from '../parser/model';
import type { DefinitionTarget } from './navigation';

const FILE_START: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function directiveDefinitionAt(
  parsed: ParsedHttpFile,
  position: Position,
  filePath: string,
): DefinitionTarget | undefined {
  const fileAt = (written: string): DefinitionTarget | undefined => {
    const file = path.resolve(path.dirname(filePath), written);
    return existsSync(file) ? { file, range: FILE_START } : undefined;
  };
  for (const directive of parsed.imports)
    if (within(position, directive.pathRange)) return fileAt(directive.path);
  for (const run of parsed.runs) {
    if (!within(position, run.targetRange)) continue;
    return run.target.kind === 'file'
      ? fileAt(run.target.path)
      : requestNamed(run.target.name, parsed, filePath);
  }
  for (const request of parsed.requests)
    for (const ref of request.refs ?? [])
      if (within(position, ref.range)) return requestNamed(ref.name, parsed, filePath);
  return undefined;
}

function requestNamed(name: string, parsed: ParsedHttpFile, filePath: string): DefinitionTarget | undefined {
  const here = parsed.requests.find((request) => request.name === name);
  if (here) return { range: here.nameRange ?? here.requestLineRange };
  for (const directive of parsed.imports) {
    const file = path.resolve(path.dirname(filePath), directive.path);
    if (!existsSync(file)) continue;
    const found = parseHttpFile(readFileSync(file, 'utf8')).requests.find((request) => request.name === name);
    if (found) return { file, range: found.nameRange ?? found.requestLineRange };
  }
  return undefined;
}

function within(position: Position, range: SourceRange): boolean {
  const after = (a: Position, b: Position) =>
    a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}
