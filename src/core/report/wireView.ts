// The raw wire view of one connection: both directions as visible text, split where one request's
// bytes end and the next begin (RequestResult.wire offsets), so pipelined responses can be told apart.
// An HTTP/2 connection has its frames instead (type, stream, flags, length, decoded headers).
import { writtenExchanges } from '../engine/requestExchanges';
import type { ConnectionRecord, RequestResult } from '../engine/types';
import { formatBytes } from './formatBytes';
import { visibleBytes } from './visibleBytes';
import type { ConnectionWireView, FrameView, WireSegment } from './views';

interface OwnedRange {
  requestIndex: number;
  range: [number, number];
}

/** Consecutive segments over a stream: owned ranges, and the unowned bytes between them. */
function splitStream(storedLength: number, owned: OwnedRange[]): Array<Omit<WireSegment, 'text' | 'cut'>> {
  const sorted = [...owned].sort((a, b) => a.range[0] - b.range[0]);
  const pieces: Array<Omit<WireSegment, 'text' | 'cut'>> = [];
  let cursor = 0;
  for (const { requestIndex, range } of sorted) {
    const [start, end] = range;
    if (start > cursor) pieces.push({ start: cursor, end: start });
    pieces.push({ requestIndex, start, end });
    cursor = Math.max(cursor, end);
  }
  if (storedLength > cursor) pieces.push({ start: cursor, end: storedLength });
  return pieces.filter((p) => p.end > p.start);
}

/** Texts for the pieces, spending at most `budget` bytes of preview over the whole direction. */
function renderStream(
  stored: Buffer,
  owned: OwnedRange[],
  budget: number,
): { segments: WireSegment[]; budgetHit: boolean } {
  let left = budget;
  let budgetHit = false;
  const segments = splitStream(stored.length, owned).map((piece) => {
    const available = stored.subarray(
      Math.min(piece.start, stored.length),
      Math.min(piece.end, stored.length),
    );
    const take = Math.min(available.length, left);
    if (take < available.length) budgetHit = true;
    left -= take;
    return { ...piece, text: visibleBytes(available.subarray(0, take)), cut: take < piece.end - piece.start };
  });
  return { segments, budgetHit };
}

export function toConnectionWireView(
  connection: ConnectionRecord,
  results: readonly RequestResult[],
  maxBytes: number,
): ConnectionWireView {
  // Every exchange written on this connection, hops included, attributed to its request.
  const mine = results.flatMap((r) =>
    writtenExchanges(r).flatMap((e) =>
      e.connectionId === connection.id && e.wire ? [{ requestIndex: r.index, wire: e.wire }] : [],
    ),
  );
  const written = renderStream(
    connection.written,
    mine.map((e) => ({ requestIndex: e.requestIndex, range: e.wire.written })),
    maxBytes,
  );
  const read = renderStream(
    connection.read,
    mine.flatMap((e) => (e.wire.read ? [{ requestIndex: e.requestIndex, range: e.wire.read }] : [])),
    maxBytes,
  );
  const notes: string[] = [];
  if (connection.writtenTruncated || connection.readTruncated) {
    notes.push(
      'The engine stopped logging this connection at its wire log limit; later bytes were sent and received but not kept.',
    );
  }
  const frames = connection.frames && framesOf(connection, results, notes);
  if (written.budgetHit || read.budgetHit) {
    notes.push(
      `The view shows the first ${formatBytes(maxBytes)} of each direction (setting httpipe.preview.maxBytes).`,
    );
  }
  return {
    connectionId: connection.id,
    origin: connection.origin,
    via: connection.via,
    remoteAddress: connection.remoteAddress,
    localPort: connection.localPort,
    openedMs: connection.openedMs,
    closedMs: connection.closedMs,
    closeReason: connection.closeReason,
    requests: [...connection.requests],
    written: written.segments,
    read: read.segments,
    writtenBytes: connection.written.length,
    readBytes: connection.read.length,
    truncationNote: notes.length ? notes.join(' ') : undefined,
    ...(frames ? { frames } : {}),
  };
}

/** Frames the panel lists per HTTP/2 connection; a long download has tens of thousands. */
export const MAX_FRAMES_SHOWN = 2000;

/** An HTTP/2 connection's frames, each stream's attributed to the request it carried. */
function framesOf(
  connection: ConnectionRecord,
  results: readonly RequestResult[],
  notes: string[],
): FrameView[] {
  const byStream = new Map<number, number>();
  for (const r of results)
    if (r.connectionId === connection.id && r.streamId !== undefined) byStream.set(r.streamId, r.index);
  const all = connection.frames!;
  if (connection.framesTruncated)
    notes.push(
      "The engine stopped listing this connection's frames at its limit; later frames were sent and received but not kept.",
    );
  if (all.length > MAX_FRAMES_SHOWN)
    notes.push(`The view shows the first ${MAX_FRAMES_SHOWN} of ${all.length} frames.`);
  return all.slice(0, MAX_FRAMES_SHOWN).map((frame) => {
    const requestIndex = byStream.get(frame.streamId);
    return requestIndex === undefined ? frame : { ...frame, requestIndex };
  });
}

/** One exchange's bytes from its connection log, cut at `maxBytes`; undefined when not logged. */
export function exchangeBytes(
  log: Buffer,
  range: [number, number] | undefined,
  maxBytes: number,
): { text: string; cut: boolean } | undefined {
  if (!range) return undefined;
  const [start, end] = range;
  if (start >= log.length) return undefined;
  const available = log.subarray(start, Math.min(end, log.length));
  const shown = available.subarray(0, Math.min(available.length, maxBytes));
  return { text: visibleBytes(shown), cut: shown.length < end - start };
}
