// The raw wire view of one connection: both directions as visible text, split where one request's
// bytes end and the next begin (RequestResult.wire offsets), so pipelined responses can be told apart.
import { writtenExchanges } from '../engine/requestExchanges';
import type { ConnectionRecord, RequestResult } from '../engine/types';
import { formatBytes } from './formatBytes';
import { visibleBytes } from './visibleBytes';
import type { ConnectionWireView, WireSegment } from './views';

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
  };
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
