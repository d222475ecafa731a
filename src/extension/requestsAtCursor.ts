// Which requests the cursor or the selection means, for Send (Ctrl+Alt+R) and Send selected.
import type { ParsedHttpFile, RequestBlock } from '../core/parser/model';

/** The request whose block holds the line, else the last one above it (on a `###` line, say), else the first. */
export function requestAtLine(parsed: ParsedHttpFile, line: number): RequestBlock | undefined {
  const above = parsed.requests.filter((request) => request.range.start.line <= line);
  return above.at(-1) ?? parsed.requests[0];
}

/** Requests whose block overlaps any of the line spans; a span inside no block picks requestAtLine. */
export function requestsInLines(
  parsed: ParsedHttpFile,
  spans: Array<{ start: number; end: number }>,
): number[] {
  const chosen = new Set<number>();
  for (const span of spans) {
    const overlapping = parsed.requests.filter(
      (r) => r.range.start.line <= span.end && r.range.end.line >= span.start,
    );
    const picked =
      overlapping.length > 0
        ? overlapping
        : [requestAtLine(parsed, span.start)].filter((r) => r !== undefined);
    for (const request of picked) chosen.add(request.index);
  }
  return [...chosen].sort((a, b) => a - b);
}
