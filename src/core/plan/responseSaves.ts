// Writes response bodies where `>> path` / `>>! path` lines ask (JetBrains, Kulala, httpYac), after
// a run. Paths are relative to the .http file. `>>!` replaces the file; `>>` keeps an existing file
// and writes `name-1.ext`, `name-2.ext`, … instead (httpYac's behaviour; JetBrains adds a suffix
// too). In Restricted Mode a path outside the workspace is refused: an untrusted file must not
// write anywhere on the machine. The whole body is written, also when it passed the in-memory
// limit and was spooled to disk.

import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RequestResult } from '../engine/types';
import { formatPosition, type RequestBlock } from '../parser/model';

export interface SaveOptions {
  /** Absolute path of the .http file. */
  filePath: string;
  workspaceRoot?: string;
  /** False in Restricted Mode: only paths inside the workspace are written. */
  trusted: boolean;
  /** How a file is named in messages. */
  displayPath?: (file: string) => string;
}

export interface SaveOutcome {
  requestIndex: number;
  /** `file:line:col` of the `>>` line. */
  place: string;
  /** The file written, when it was. */
  written?: string;
  error?: string;
}

/** Saves the body of every answered request that has `>>` lines; one outcome per line. */
export async function saveResponses(
  requests: readonly RequestBlock[],
  results: readonly RequestResult[],
  options: SaveOptions,
): Promise<SaveOutcome[]> {
  const display = options.displayPath ?? ((file: string) => file);
  const outcomes: SaveOutcome[] = [];
  // Looked up only for the requests that save: a search per request was quadratic in long runs.
  let byIndex: Map<number, RequestResult> | undefined;
  for (const request of requests) {
    if (!request.saves?.length) continue;
    byIndex ??= new Map(results.map((r) => [r.index, r]));
    const result = byIndex.get(request.index);
    for (const save of request.saves) {
      const place = formatPosition(display(options.filePath), save.range.start);
      const outcome: SaveOutcome = { requestIndex: request.index, place };
      outcomes.push(outcome);
      if (!result?.response) {
        outcome.error = `${place}: the response is not saved: request #${request.index + 1} got no response`;
        continue;
      }
      const target = path.resolve(path.dirname(options.filePath), save.path);
      const root = options.workspaceRoot ?? path.dirname(options.filePath);
      const relative = path.relative(root, target);
      if (!options.trusted && (relative.startsWith('..') || path.isAbsolute(relative))) {
        outcome.error = `${place}: ${save.path} is outside the workspace, which is not trusted: the response is not saved`;
        continue;
      }
      try {
        const file = save.overwrite ? target : await freeName(target);
        await mkdir(path.dirname(file), { recursive: true });
        if (result.response.bodyFile) await copyFile(result.response.bodyFile, file);
        else await writeFile(file, result.response.body);
        outcome.written = file;
      } catch (error) {
        outcome.error = `${place}: cannot save the response to ${save.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      }
    }
  }
  return outcomes;
}

/** `file`, or `file-1.ext`, `file-2.ext`, … the first that does not exist yet. */
async function freeName(file: string): Promise<string> {
  const extension = path.extname(file);
  const stem = file.slice(0, file.length - extension.length);
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? file : `${stem}-${n}${extension}`;
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}
