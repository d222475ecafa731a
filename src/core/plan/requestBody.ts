// The bytes of a request body: inline text (variables substituted, sent as UTF-8 with the line
// endings the file has), or `< path` (raw bytes) / `<@ path` / `<@latin1 path` (decoded, variables
// substituted, encoded back). A relative path is looked up next to the .http file first, then in
// the workspace root (REST Client tries the root), so collections from either tool find their files.
// In an untrusted workspace body files must lie inside the workspace: otherwise a file someone
// handed you could send `~/.ssh/id_rsa` to their server.
// The request's Content-Type shapes inline text: a multipart body goes out with CRLF line breaks
// (RFC 7578 and RFC 2046 require them, whatever the .http file uses) and its `< path` lines read
// their files in place; a form body joins its `&` lines (formBody.ts); a GraphQL request sends
// its JSON envelope (graphQlBody.ts).

import { readFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { BodyPart, FileReference, RequestBody } from '../parser/model';
import type { TextOrigin } from '../variables/variableReferences';
import { formBodyText } from './formBody';
import { graphQlEnvelope } from './graphQlBody';

export interface BodyContext {
  /** Folders to resolve a relative body path against, in order. */
  folders: readonly string[];
  /** When set, body files must be inside this folder (untrusted workspace). */
  confineTo?: string;
  /** Substitutes variables in text placed at `origin`. */
  resolve(text: string, origin: TextOrigin): string;
  /** Where the body's line is, for messages. */
  place: string;
  /** Where a part of the body is, for messages about that part. */
  placeOf(part: BodyPart): string;
  /** The Content-Type header's media type, lower-cased, without parameters; '' when there is none. */
  mediaType: string;
  /** `X-Request-Type: GraphQL` was written: send the JSON envelope. */
  graphQl: boolean;
  /** Where a part of the body starts in the .http file (its text, or the path of a `< path` line). */
  originOf(part: BodyPart): TextOrigin;
  /** Line break between the parts of a body that is not multipart: the file's own. */
  lineEnding: string;
}

/** `origin` places the inline text, or the `< path` line, in the .http file. */
export async function bodyBytes(
  body: RequestBody,
  origin: TextOrigin,
  context: BodyContext,
): Promise<Buffer> {
  if (context.graphQl) return graphQlBytes(body, origin, context);
  if (body.kind === 'file') return fileBytes(body, origin, context);
  const multipart = context.mediaType.startsWith('multipart/');
  if (body.parts) return partsBytes(body.parts, multipart ? '\r\n' : context.lineEnding, context);
  if (multipart) return Buffer.from(context.resolve(withCrlf(body.text), origin), 'utf8');
  if (context.mediaType === 'application/x-www-form-urlencoded')
    return Buffer.from(formBodyText(body.text, origin, context.resolve), 'utf8');
  return Buffer.from(context.resolve(body.text, origin), 'utf8');
}

/** Each part in turn (files read now, binary-safe), one line break between parts as between lines. */
async function partsBytes(
  parts: readonly BodyPart[],
  lineBreak: string,
  context: BodyContext,
): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    if (pieces.length > 0) pieces.push(Buffer.from(lineBreak, 'latin1'));
    const origin = context.originOf(part);
    if (part.kind === 'file')
      pieces.push(await fileBytes(part, origin, { ...context, place: context.placeOf(part) }));
    else
      pieces.push(
        Buffer.from(context.resolve(lineBreak === '\r\n' ? withCrlf(part.text) : part.text, origin), 'utf8'),
      );
  }
  return Buffer.concat(pieces);
}

/** The JSON envelope of a GraphQL body written inline, or read from a `< query.graphql` file. */
async function graphQlBytes(body: RequestBody, origin: TextOrigin, context: BodyContext): Promise<Buffer> {
  let envelope: string;
  if (body.kind === 'file') {
    // The file is read with or without substitution as its line says (`<@` or `<`): nothing is left to resolve.
    const text = (await fileBytes(body, origin, context)).toString(encodingOf(body, context.place));
    envelope = graphQlEnvelope(text, origin, (same) => same, context.place);
  } else if (body.parts) {
    throw new Error(
      `${context.place}: a GraphQL body cannot have \`< path\` lines in it; put the whole query in one file (\`< query.graphql\`)`,
    );
  } else {
    envelope = graphQlEnvelope(body.text, origin, context.resolve, context.place);
  }
  return Buffer.from(envelope, 'utf8');
}

function withCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** A `< path` file's bytes, read now; `origin` places the path (for references in it). */
async function fileBytes(body: FileReference, origin: TextOrigin, context: BodyContext): Promise<Buffer> {
  const encoding = encodingOf(body, context.place);
  const written = context.resolve(body.path, origin);
  const found = await readFirst(candidates(written, context.folders));
  if (!found) {
    throw new Error(
      `${context.place}: cannot read body file "${written}" (looked in ${candidates(written, context.folders).join(', ')})`,
    );
  }
  if (
    context.confineTo !== undefined &&
    !isInside(await realpath(found.file), await realpath(context.confineTo))
  ) {
    throw new Error(
      `${context.place}: body file ${found.file} is outside the workspace, and this workspace is not trusted; trust it to send files from anywhere`,
    );
  }
  if (!body.substituteVariables) return found.bytes;
  // Errors in the body file's references point into that file.
  const text = context.resolve(found.bytes.toString(encoding), {
    file: found.file,
    start: { line: 0, character: 0 },
  });
  return Buffer.from(text, encoding);
}

/**
 * The text of a `<@` body file at plan time, so the references in it count as dependencies.
 * Undefined when it cannot be known yet (its path uses variables) or read (prepare will say why).
 */
export function templateBodyText(
  body: FileReference,
  folders: readonly string[],
): { file: string; text: string } | undefined {
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

function encodingOf(body: FileReference, place: string): BufferEncoding {
  const encoding = (body.encoding ?? 'utf8') as BufferEncoding;
  if (!Buffer.isEncoding(encoding))
    throw new Error(`${place}: unknown encoding "${body.encoding}" (use utf8, latin1, ascii, utf16le)`);
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
