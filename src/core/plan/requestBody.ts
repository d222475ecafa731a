// The bytes of a request body: inline text (variables substituted, sent as UTF-8 with the line
// endings the file has), or `< path` (raw bytes) / `<@ path` / `<@latin1 path` (decoded, variables
// substituted, encoded back). A relative path is looked up next to the .http file first, then in
// the workspace root (REST Client tries the root), so collections from either tool find their files.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RequestBody } from '../parser/model';
import type { TextOrigin } from '../variables/variableReferences';

export interface BodyContext {
  /** Folders to resolve a relative body path against, in order. */
  folders: readonly string[];
  /** Substitutes variables in text placed at `origin`. */
  resolve(text: string, origin: TextOrigin): string;
  /** Where the body's line is, for messages. */
  place: string;
}

export async function bodyBytes(body: RequestBody, file: string, context: BodyContext): Promise<Buffer> {
  if (body.kind === 'inline') return Buffer.from(context.resolve(body.text, { file, start: body.range.start }), 'utf8');
  const encoding = (body.encoding ?? 'utf8') as BufferEncoding;
  if (!Buffer.isEncoding(encoding)) {
    throw new Error(`${context.place}: unknown encoding "${body.encoding}" (use utf8, latin1, ascii, utf16le)`);
  }
  const written = context.resolve(body.path, { file, start: body.range.start });
  const found = await readFirst(candidates(written, context.folders));
  if (!found) {
    throw new Error(`${context.place}: cannot read body file "${written}" (looked in ${candidates(written, context.folders).join(', ')})`);
  }
  if (!body.substituteVariables) return found.bytes;
  // Errors in the body file's references point into that file.
  const text = context.resolve(found.bytes.toString(encoding), { file: found.file, start: { line: 0, character: 0 } });
  return Buffer.from(text, encoding);
}

/** Resolved candidates in lookup order, without duplicates. */
export function candidates(written: string, folders: readonly string[]): string[] {
  if (path.isAbsolute(written)) return [written];
  return [...new Set(folders.map((folder) => path.resolve(folder, written)))];
}

async function readFirst(files: readonly string[]): Promise<{ file: string; bytes: Buffer } | undefined> {
  for (const file of files) {
    try {
      return { file, bytes: await readFile(file) };
    } catch {
      // Not there (or unreadable): try the next folder; the caller names every place it looked.
    }
  }
  return undefined;
}
