// Builds a RequestBody from the body lines a block kept (comments and variable lines already
// taken out): surrounding blank lines trimmed, each line's own ending kept. A body that is a single
// `< path` line is read from that file; a longer body with `< path` lines in it (a multipart form
// uploading files) keeps its text and also lists its parts, so each file is read in place of its line.

import { matchFileBody } from './lineKinds';
import { contentRange, isBlank, position, type SourceLine } from './lineScanner';
import type { BodyPart, RequestBody } from './model';

export function assembleBody(kept: readonly SourceLine[]): RequestBody | undefined {
  const from = kept.findIndex((line) => !isBlank(line));
  if (from < 0) return undefined;
  let to = kept.length - 1;
  while (isBlank(kept[to])) to--;
  const lines = kept.slice(from, to + 1);
  if (lines.length === 1) {
    const match = matchFileBody(lines[0]);
    if (match) return { kind: 'file', ...match, range: contentRange(lines[0]) };
  }
  const body: RequestBody = { kind: 'inline', ...textOf(lines) };
  if (lines.some((line) => matchFileBody(line))) body.parts = partsOf(lines);
  return body;
}

/** The lines' text, each keeping its own ending (so a CRLF file's body is sent with CRLF), and their range. */
function textOf(lines: readonly SourceLine[]): { text: string; range: BodyPart['range'] } {
  const first = lines[0];
  const last = lines[lines.length - 1];
  return {
    text:
      lines.length === 1
        ? first.text
        : lines.map((line, k) => (k < lines.length - 1 ? line.text + line.ending : line.text)).join(''),
    range: { start: position(first.index, 0), end: position(last.index, last.text.length) },
  };
}

/** Runs of text lines, and each `< path` line on its own. */
function partsOf(lines: readonly SourceLine[]): BodyPart[] {
  const parts: BodyPart[] = [];
  let run: SourceLine[] = [];
  const endRun = (): void => {
    if (run.length > 0) parts.push({ kind: 'text', ...textOf(run) });
    run = [];
  };
  for (const line of lines) {
    const match = matchFileBody(line);
    if (!match) {
      run.push(line);
      continue;
    }
    endRun();
    parts.push({ kind: 'file', ...match, range: contentRange(line) });
  }
  endRun();
  return parts;
}
