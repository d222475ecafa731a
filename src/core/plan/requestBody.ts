// The bytes of a request body: inline text (variables substituted, sent as UTF-8 with the line
// endings the file has), or `< path` (raw bytes) / `<@ path` / `<@latin1 path` (decoded, variables
// substituted, encoded back). A relative path is looked up next to the .http file first, then in
// the workspace root (REST Client tries the root), so collections from either tool find their files.
// In an untrusted workspace body files must lie inside the workspace: otherwise a file someone
// handed you could send `~/.ssh/id_rsa` to their server.

import { readFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { RequestBody } from '../parser/model';
import type { TextOrigin } from '../variables/variableReferences';

type FileBody = Extract<RequestBody, { kind: 'file' }>;

export interface BodyContext {
  /** Folders to resolve a relative body path against, in order. */
  folders: readonly string[];
  /** When set, body files must be inside this folder (untrusted workspace). */
  confineTo?: string;
  /** Substitutes variables in text placed at `origin`. */
  resolve(text: string, origin: TextOrigin): string;
  /** Where the body's line is, for messages. */
  place: string;
}

/** `origin` places the inline text, or the `< path` line, in the .http file. */
export async function bodyBytes(body: RequestBody, origin: TextOrigin, context: BodyContext): Promise<Buffer> {
  if (body.kind === 'inline') return Buffer.from(context.resolve(body.text, origin), 'utf8');
  const encoding = encodingOf(body, context.place);
  const written = context.resolve(body.path, origin);
  const found = await readFirst(candidates(written, context.folders));
  if (!found) {
    throw new Error(`${context.place}: cannot read body file "${written}" (looked in ${candidates(written, context.folders).join(', ')})`);
  }
  if (context.confineTo !== undefined && !isInside(await realpath(found.file), await realpath(context.confineTo))) {
    throw new Error(`${context.place}: body file ${found.file} is outside the workspace, and this workspace is not trusted; trust it to send files from anywhere`);
  }
  if (!body.substituteVariables) return found.bytes;
  // Errors in the body file's references point into that file.
  const text = context.resolve(found.bytes.toString(encoding), { file: found.file, start: { line: 0, character: 0 } });
  return Buffer.from(text, encoding);
}

/**
 * The text of a `<@` body file at plan time, so the references in it count as dependencies.
 * Undefined when it cannot be known yet (its path uses variables) or read (prepare will say why).
 */
export function templateBodyText(body: FileBody, folders: readonly string[]): { file: string; text: string } | undefined {
  if (!body.substituteVariables || body.path.includes('{{')) return undefined;
  const encoding = (body.encoding ?? 'utf8') as BufferEncoding;
  if (!Buffer.isEncoding(encoding)) return undefined;
  for (const file of candidates(body.path, folders)) {
    try {
      return { file, text: readFileSync(file).toString(encoding) };
    } catch {
      // Try the next folder.
    }
  }
  return undefined;
}

/** Resolved candidates in lookup order, without duplicates. */
export function candidates(written: string, folders: readonly string[]): string[] {
  if (path.isAbsolute(written)) return [written];
  return [...new Set(folders.map((folder) => path.resolve(folder, written)))];
}

function encodingOf(body: FileBody, place: string): BufferEncoding {
  const encoding = (body.encoding ?? 'utf8') as BufferEncoding;
  if (!Buffer.isEncoding(encoding)) throw new Error(`${place}: unknown encoding "${body.encoding}" (use utf8, latin1, ascii, utf16le)`);
  return encoding;
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
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
