// Builds a RequestBody from the body lines a block kept (comments and variable lines already
// taken out): surrounding blank lines trimmed, each line's own ending kept, and a body that is a
// single `< path` line read from that file instead.

import type { DiagnosticSink } from './diagnostics';
import { matchFileBody } from './lineKinds';
import { contentRange, isBlank, position, type SourceLine } from './lineScanner';
import type { RequestBody } from './model';

export function assembleBody(kept: readonly SourceLine[], sink: DiagnosticSink): RequestBody | undefined {
  const from = kept.findIndex((line) => !isBlank(line));
  if (from < 0) return undefined;
  let to = kept.length - 1;
  while (isBlank(kept[to])) to--;
  const lines = kept.slice(from, to + 1);
  return fileBody(lines, sink) ?? inlineBody(lines);
}

function inlineBody(lines: readonly SourceLine[]): RequestBody {
  const first = lines[0];
  const last = lines[lines.length - 1];
  return {
    kind: 'inline',
    // Each line keeps its own ending, so a CRLF file's body is sent with CRLF.
    text: lines.map((line, k) => (k < lines.length - 1 ? line.text + line.ending : line.text)).join(''),
    range: { start: position(first.index, 0), end: position(last.index, last.text.length) },
  };
}

/**
 * Multipart bodies mixing text and `< path` parts cannot be expressed in the model yet, so such
 * lines are sent as text, with a warning on each.
 */
function fileBody(lines: readonly SourceLine[], sink: DiagnosticSink): RequestBody | undefined {
  if (lines.length === 1) {
    const match = matchFileBody(lines[0]);
    return match ? { kind: 'file', ...match, range: contentRange(lines[0]) } : undefined;
  }
  for (const line of lines) {
    if (matchFileBody(line)) {
      sink.warning(
        'file-include-in-inline-body',
        'sent as text: only a body made of one `< path` line is read from a file',
        contentRange(line),
      );
    }
  }
  return undefined;
}
