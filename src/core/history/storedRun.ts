// The run history's file format: one JSON file per run (a RunResult with its buffers as base64) and an
// index of short entries for the picker. The stored copy is not the run as it happened: secrets are
// masked (src/core/common/secretHeaders.ts), response bodies and wire logs are cut to a size limit and
// marked truncated, and spooled body files (temp files that will be gone) are dropped.
import type { RunMode } from '../common/runModes';
import type {
  ConnectionRecord,
  Hop,
  RequestResult,
  ResponseData,
  ResponseHead,
  RunResult,
} from '../engine/types';
import { maskHeaders, maskUrlPassword, maskWireLog, type MaskedLog } from '../common/secretHeaders';

export const HISTORY_FORMAT_VERSION = 1;

/** What the picker shows without reading the run's file. */
export interface HistoryEntry {
  id: string;
  /** Absolute path of the .http file that was run. */
  file: string;
  mode: RunMode;
  /** ISO 8601, when the run started. */
  startedAt: string;
  wallMs: number;
  /** Per request: the status code, or `error` / `not sent`. */
  statuses: Array<number | 'error' | 'not sent'>;
  cancelled: boolean;
}

export interface StoredRun {
  entry: HistoryEntry;
  run: RunResult;
}

export interface StoreLimits {
  /** Response body bytes kept per response (setting httpipe.history.maxBodyBytes). */
  maxBodyBytes: number;
  /** Bytes kept per direction of each connection's wire log. */
  maxWireBytes: number;
  /** HTTP/2 frames kept per connection. */
  maxFrames: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = {
  maxBodyBytes: 64 * 1024,
  maxWireBytes: 256 * 1024,
  maxFrames: 2000,
};

export function historyEntry(id: string, file: string, run: RunResult, finishedAt: Date): HistoryEntry {
  return {
    id,
    file,
    mode: run.mode,
    startedAt: new Date(finishedAt.getTime() - run.wallMs).toISOString(),
    wallMs: run.wallMs,
    statuses: run.requests.map((r) =>
      r.outcome === 'response' ? r.response.status : r.outcome === 'error' ? 'error' : 'not sent',
    ),
    cancelled: run.cancelled,
  };
}

/** HTTP/2 frames to keep: their decoded headers masked like any header, the list cut at maxFrames. */
function storedFrames(
  connection: ConnectionRecord,
  limits: StoreLimits,
): Pick<ConnectionRecord, 'frames' | 'framesTruncated'> {
  if (!connection.frames) return {};
  const frames = connection.frames
    .slice(0, limits.maxFrames)
    .map((frame) => (frame.headers ? { ...frame, headers: maskHeaders(frame.headers) } : { ...frame }));
  const truncated = connection.framesTruncated === true || connection.frames.length > limits.maxFrames;
  return truncated ? { frames, framesTruncated: true } : { frames };
}

/** The copy of `run` that may be written to disk: masked and cut. `run` itself is not changed. */
export function toStoredRun(run: RunResult, limits: StoreLimits = DEFAULT_STORE_LIMITS): RunResult {
  const logs = new Map<number, { written: MaskedLog; read: MaskedLog }>();
  const connections = run.connections.map((connection): ConnectionRecord => {
    const written = maskWireLog(connection.written);
    const read = maskWireLog(connection.read);
    logs.set(connection.id, { written, read });
    return {
      ...connection,
      requests: [...connection.requests],
      written: written.bytes.subarray(0, limits.maxWireBytes),
      read: read.bytes.subarray(0, limits.maxWireBytes),
      writtenTruncated: connection.writtenTruncated || written.bytes.length > limits.maxWireBytes,
      readTruncated: connection.readTruncated || read.bytes.length > limits.maxWireBytes,
      ...storedFrames(connection, limits),
    };
  });
  const requests = run.requests.map((request): RequestResult => {
    const stored: RequestResult = {
      ...request,
      url: maskUrlPassword(request.url),
      waits: request.waits.map((w) => ({ ...w })),
      timings: { ...request.timings },
    };
    if (request.response) stored.response = storedResponse(request.response, limits.maxBodyBytes);
    const wire = storedWire(request, logs);
    if (wire) stored.wire = wire;
    if (request.hops) {
      stored.hops = request.hops.map((hop): Hop => {
        const reason =
          hop.reason.kind === 'redirect'
            ? { ...hop.reason, location: maskUrlPassword(hop.reason.location) }
            : { ...hop.reason };
        const kept: Hop = {
          ...hop,
          url: maskUrlPassword(hop.url),
          headers: maskHeaders(hop.headers),
          reason,
          timings: { ...hop.timings },
        };
        const hopWire = storedWire(hop, logs);
        if (hopWire) kept.wire = hopWire;
        return kept;
      });
    }
    return stored;
  });
  return { ...run, notes: [...run.notes], requests, connections };
}

/** An exchange's wire offsets in the masked logs (masks change lengths). */
function storedWire(
  exchange: Pick<RequestResult, 'connectionId' | 'wire'>,
  logs: ReadonlyMap<number, { written: MaskedLog; read: MaskedLog }>,
): RequestResult['wire'] {
  const log = exchange.connectionId !== undefined ? logs.get(exchange.connectionId) : undefined;
  if (!exchange.wire || !log) return undefined;
  const { written, read } = exchange.wire;
  const wire: NonNullable<RequestResult['wire']> = {
    written: [log.written.mapOffset(written[0]), log.written.mapOffset(written[1])],
  };
  if (read) wire.read = [log.read.mapOffset(read[0]), log.read.mapOffset(read[1])];
  return wire;
}

function storedHead(head: ResponseHead): ResponseHead {
  return {
    httpVersion: head.httpVersion,
    status: head.status,
    statusText: head.statusText,
    headers: maskHeaders(head.headers),
  };
}

function storedResponse(response: ResponseData, maxBodyBytes: number): ResponseData {
  const body = response.body.subarray(0, maxBodyBytes);
  return {
    ...storedHead(response),
    interim: response.interim.map(storedHead),
    trailers: maskHeaders(response.trailers),
    body,
    bodyBytes: response.bodyBytes,
    // bodyFile is left out: spooled files are temporary.
    bodyTruncated: response.bodyTruncated || body.length < response.body.length,
  };
}

const FORMAT = 'httpipe-run';

/** JSON with every Buffer as `{ "base64": … }` (Buffer's own toJSON writes one number per byte). */
export function serializeStoredRun(stored: StoredRun): string {
  return JSON.stringify(
    { format: FORMAT, version: HISTORY_FORMAT_VERSION, ...stored },
    function (this: Record<string, unknown>, key, value: unknown) {
      const original = this[key];
      return Buffer.isBuffer(original) ? { base64: original.toString('base64') } : value;
    },
  );
}

/** Throws with a message saying what is wrong when the text is not a stored run this version reads. */
export function parseStoredRun(text: string): StoredRun {
  const parsed: unknown = JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const base64 = (value as { base64?: unknown }).base64;
      if (keys.length === 1 && typeof base64 === 'string') return Buffer.from(base64, 'base64');
    }
    return value;
  });
  if (!parsed || typeof parsed !== 'object') throw new Error('not a stored httpipe run');
  const { format, version, entry, run } = parsed as {
    format?: unknown;
    version?: unknown;
    entry?: HistoryEntry;
    run?: RunResult;
  };
  if (format !== FORMAT) throw new Error('not a stored httpipe run');
  if (version !== HISTORY_FORMAT_VERSION)
    throw new Error(
      `stored run format version ${String(version)} is not supported (this httpipe reads version ${HISTORY_FORMAT_VERSION})`,
    );
  if (!entry || !run || !Array.isArray(run.requests) || !Array.isArray(run.connections))
    throw new Error('the stored run is incomplete');
  return { entry, run };
}
