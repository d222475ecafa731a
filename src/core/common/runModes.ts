// The run modes and everything said about them, in one table: the engine's RunMode type, the order
// Compare runs them in, the label the CLI and the panel print, the phrase CodeLens and the panel's
// buttons explain a mode with, and the setting's enum description (package.json must agree: the
// architecture test checks it). Adding a mode is adding a row here (and teaching the engine to send it).

interface RunModeFacts {
  /** What the CLI, the panel and Compare call it. */
  label: string;
  /** Completes "Send every request of this file …", "Run the file …". */
  how: string;
  /** The `httpipe.defaultMode` enum description in package.json. */
  setting: string;
  /** Place among the "Send all" CodeLenses: the everyday mode first, then pipelining, then the baseline. */
  lensOrder: number;
  /** What the mode's requests go over (a request line can still pick the other). */
  protocol: 'http/1.1' | 'h2';
  /** Requests go out as soon as their barriers allow, without waiting for the previous response. */
  concurrent: boolean;
}

/** In Compare's order (fresh, keep-alive, pipelined, HTTP/2, fresh, …). */
const RUN_MODE_FACTS = {
  fresh: {
    label: 'fresh',
    how: 'on a new connection per request',
    setting: 'A new connection per request (Connection: close).',
    lensOrder: 3,
    protocol: 'http/1.1',
    concurrent: false,
  },
  keepalive: {
    label: 'keep-alive',
    how: 'over one kept-alive connection per origin, one at a time',
    setting: 'One connection per origin; each request is written after the previous response ended.',
    lensOrder: 1,
    protocol: 'http/1.1',
    concurrent: false,
  },
  pipelined: {
    label: 'pipelined',
    how: 'pipelined: written back to back on one connection per origin',
    setting:
      'One connection per origin; requests are written back to back and answered in order (RFC 9112 §9.3).',
    lensOrder: 2,
    protocol: 'http/1.1',
    concurrent: true,
  },
  h2: {
    label: 'HTTP/2',
    how: 'over HTTP/2: a stream per request on one connection per origin',
    setting:
      'HTTP/2: one connection per origin, a stream per request, answered in any order (RFC 9113); ALPN h2 over TLS, prior knowledge (h2c) over cleartext.',
    lensOrder: 4,
    protocol: 'h2',
    concurrent: true,
  },
} as const satisfies Record<string, RunModeFacts>;

export type RunMode = keyof typeof RUN_MODE_FACTS;

export const RUN_MODES = Object.keys(RUN_MODE_FACTS) as readonly RunMode[];

/** Send and Send all without a mode, the CLI's `run` without --mode, the setting's default. */
export const DEFAULT_RUN_MODE: RunMode = 'keepalive';

export function isRunMode(value: unknown): value is RunMode {
  return typeof value === 'string' && Object.hasOwn(RUN_MODE_FACTS, value);
}

export function modeFacts(mode: RunMode): RunModeFacts {
  return RUN_MODE_FACTS[mode];
}

/** The modes that speak HTTP/1.1 (tests of HTTP/1.1 servers run in these). */
export const HTTP1_MODES = RUN_MODES.filter((mode) => RUN_MODE_FACTS[mode].protocol === 'http/1.1');

/** Pipelined and HTTP/2: the next request goes out without waiting for the previous response. */
export function isConcurrentMode(mode: RunMode): boolean {
  return RUN_MODE_FACTS[mode].concurrent;
}

export function modeLabel(mode: RunMode): string {
  return RUN_MODE_FACTS[mode].label;
}

/** The modes in the order the "Send all" CodeLenses show them. */
export function lensModes(): RunMode[] {
  return [...RUN_MODES].sort((a, b) => RUN_MODE_FACTS[a].lensOrder - RUN_MODE_FACTS[b].lensOrder);
}
