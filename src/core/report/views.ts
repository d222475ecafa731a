// The panel's view model: plain JSON-safe objects (no Buffers, no class instances) made from engine
// results, so they can cross the webview boundary with postMessage and be rendered without any logic
// about HTTP. The host builds them (it has the settings and the full bodies); the webview only draws.
import type { RequestScripts } from '../scripts/types';
import type { RunMode } from '../common/runModes';
import type { H2Frame, RequestTimings, Wait } from '../engine/types';
import type { CookieUseLines } from './cookieUse';

/** Colour class of a status: `2xx`… for responses, or why there is none. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'error' | 'not-sent' | 'pending';

export type TimingSegmentKind =
  'dns' | 'connect' | 'proxy' | 'tls' | 'send' | 'turn' | 'wait' | 'receive' | 'failed';

/** One bar piece of the waterfall, in ms since the run started. */
export interface TimingSegment {
  kind: TimingSegmentKind;
  fromMs: number;
  toMs: number;
  /** 1-based hop number when the segment belongs to an earlier exchange of the request (a redirect, a Digest challenge). */
  hop?: number;
}

/** What a list row shows: small, so a 1,000-request run stays cheap to post and draw. */
export interface RequestSummaryView {
  index: number;
  name: string;
  method: string;
  url: string;
  statusClass: StatusClass;
  /** `200`, `error`, `not sent`. */
  statusLabel: string;
  statusText?: string;
  /** Body bytes received (all of them, also past the in-memory limit). */
  sizeBytes?: number;
  /** From the request's start (its first hop's, if it had hops) to its end. */
  totalMs?: number;
  connectionId?: number;
  positionOnConnection?: number;
  /** HTTP/2: the stream id, shown where HTTP/1.1 shows the position on the connection. */
  streamId?: number;
  reused: boolean;
  retried: boolean;
  waits: Wait[];
  /** What the cookie jar did for it, as sentences (cookie names, never values); empty without a jar. */
  cookies: CookieUseLines;
  /** Earlier exchanges of this request (followed redirects, an answered Digest challenge), in order. */
  hops: HopView[];
  /** Error message with its phase and cause, or the reason it was not sent. */
  problem?: string;
  /** What its pre-request scripts and response handlers did; absent when it has none (or they have not run yet). */
  scripts?: RequestScripts;
  /** Of the final exchange. */
  timings: RequestTimings;
  /** Every exchange's segments, hops first: one row of the waterfall for the whole request. */
  segments: TimingSegment[];
}

/** An earlier exchange of a request: what was written, what came back, and why another request followed. */
export interface HopView {
  method: string;
  url: string;
  status: number;
  statusText: string;
  /** `redirect 302 to http://…/home`, `Digest challenge (…) answered with the credentials`. */
  reason: string;
  connectionId?: number;
  reused: boolean;
  retried: boolean;
  totalMs?: number;
  segments: TimingSegment[];
}

export type BodyKind = 'empty' | 'json' | 'xml' | 'html' | 'text' | 'image' | 'binary';

export interface BodyView {
  kind: BodyKind;
  contentType?: string;
  /** Language id for opening the body in an editor tab. */
  language: string;
  /** Pretty-printed (JSON) or plain text; a hex dump for binary bodies. Absent for images and empty bodies. */
  text?: string;
  /** `data:image/png;base64,…` for images small enough to preview. */
  dataUri?: string;
  /** Body bytes received. */
  totalBytes: number;
  /** Bytes the preview covers. */
  shownBytes: number;
  /** Set when the preview does not show the whole body: says how much is shown and where the rest is. */
  truncationNote?: string;
  /** Why the body is shown as it is (e.g. kept as bytes because it is gzip-encoded). */
  note?: string;
}

/** A stretch of one direction of a connection's bytes, attributed to a request when it belongs to one. */
export interface WireSegment {
  requestIndex?: number;
  /** [start, end) byte offsets in the stream. */
  start: number;
  end: number;
  /** Bytes as text with CR and LF made visible, cut at the preview limit. */
  text: string;
  /** The stored log or the preview limit cut this segment short. */
  cut: boolean;
}

export interface ConnectionWireView {
  connectionId: number;
  origin: string;
  /** The proxy it went through, without credentials. */
  via?: string;
  remoteAddress?: string;
  localPort?: number;
  openedMs: number;
  closedMs?: number;
  closeReason?: string;
  requests: number[];
  written: WireSegment[];
  read: WireSegment[];
  writtenBytes: number;
  readBytes: number;
  /** Explains a log that does not hold every byte (engine log limit or preview limit). */
  truncationNote?: string;
  /** HTTP/2 connections: the frames instead of bytes, each with the request its stream carried. */
  frames?: FrameView[];
}

export interface FrameView extends H2Frame {
  requestIndex?: number;
}

export interface HeaderView {
  name: string;
  value: string;
}

export interface RequestDetailView {
  summary: RequestSummaryView;
  /** `HTTP/1.1 200 OK`. */
  statusLine?: string;
  headers: HeaderView[];
  interim: string[];
  trailers: HeaderView[];
  body?: BodyView;
  /** The request as written and the response as read, from the connection's wire log. */
  rawRequest?: string;
  rawResponse?: string;
  /** Why raw bytes are missing or partial. */
  rawNote?: string;
  /** Per hop (same order as summary.hops): its response headers and its bytes as written and read. */
  hopDetails: HopDetailView[];
}

export interface HopDetailView {
  statusLine: string;
  headers: HeaderView[];
  rawRequest?: string;
  rawResponse?: string;
}

export interface ConnectionSummaryView {
  id: number;
  origin: string;
  /** The proxy it went through, without credentials. */
  via?: string;
  openedMs: number;
  closedMs?: number;
  closeReason?: string;
  requests: number[];
}

export interface RunSummaryView {
  mode: RunMode;
  wallMs: number;
  connectionsOpened: number;
  connections: ConnectionSummaryView[];
  notes: string[];
  cancelled: boolean;
}

export interface ModeBarView {
  mode: RunMode;
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  connectionsMedian: number;
  failedRuns: number;
  /** medianMs relative to the slowest median, 0..1, for bar widths. */
  fraction: number;
}

export interface RequestMediansView {
  index: number;
  name: string;
  modes: Array<{ mode: RunMode; medianMs?: number; minMs?: number; maxMs?: number }>;
}

export interface ComparisonView {
  repeat: number;
  bars: ModeBarView[];
  /** `pipelined 1.66× faster than keep-alive`, fastest pairs first. */
  ratios: string[];
  perRequest: RequestMediansView[];
}
