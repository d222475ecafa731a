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
}

/** In Compare's order (fresh, keep-alive, pipelined, fresh, …). */
const RUN_MODE_FACTS = {
  fresh: {
    label: 'fresh',
    how: 'on a new connection per request',
    setting: 'A new connection per request (Connection: close).',
    lensOrder: 3,
  },
  keepalive: {
    label: 'keep-alive',
    how: 'over one kept-alive connection per origin, one at a time',
    setting: 'One connection per origin; each request is written after the previous response ended.',
    lensOrder: 1,
  },
  pipelined: {
    label: 'pipelined',
    how: 'pipelined: written back to back on one connection per origin',
    setting:
      'One connection per origin; requests are written back to back and answered in order (RFC 9112 §9.3).',
    lensOrder: 2,
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

export function modeLabel(mode: RunMode): string {
  return RUN_MODE_FACTS[mode].label;
}

/** The modes in the order the "Send all" CodeLenses show them. */
export function lensModes(): RunMode[] {
  return [...RUN_MODES].sort((a, b) => RUN_MODE_FACTS[a].lensOrder - RUN_MODE_FACTS[b].lensOrder);
}
