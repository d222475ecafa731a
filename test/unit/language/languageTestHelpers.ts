// A .http text in a real temp folder (so env files next to it are found), read the way the editor
// reads it: the document model plus the variable context of a run.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HttpDocument } from '../../../src/core/language/httpDocument';
import { languageContext, type LanguageContext } from '../../../src/core/language/languageContext';
import type { VariableSourceOptions } from '../../../src/core/variables/variableSources';

export interface Opened {
  document: HttpDocument;
  context: LanguageContext;
  filePath: string;
}

const folders: string[] = [];

/** `files` are written next to the .http file (env files); options override the defaults. */
export function open(
  lines: readonly string[],
  options: Partial<VariableSourceOptions> = {},
  files: Record<string, string> = {},
): Opened {
  const root = mkdtempSync(path.join(tmpdir(), 'httpipe-lang-'));
  folders.push(root);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, name), content);
  const text = lines.join('\n');
  const filePath = path.join(root, 'api.http');
  writeFileSync(filePath, text);
  const document = new HttpDocument(text);
  const context = languageContext(document.parsed, {
    filePath,
    workspaceRoot: root,
    allowEnvironmentAccess: true,
    processEnv: {},
    ...options,
  });
  return { document, context, filePath };
}

export function removeTempFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** `[line, character]` pairs read better in tests than position objects. */
export function at(line: number, character: number) {
  return { line, character };
}

export function range(line: number, start: number, end: number, endLine = line) {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}
