// The extension's settings (package.json `contributes.configuration`), read in one place with their
// defaults, so commands and the run controller agree on them.
import * as vscode from 'vscode';
import { RUN_MODES, type RunMode } from '../core/engine/types';

export interface HttpipeSettings {
  /** Mode of `Send` (CodeLens, Ctrl+Alt+R) and of `Send all` without a mode. */
  defaultMode: RunMode;
  /** Rounds of fresh / keep-alive / pipelined in Compare modes. */
  compareRepeat: number;
  /** Name of the environment from http-client.env.json or httpipe.environments; empty: none. */
  environment?: string;
  environments?: Record<string, Record<string, string>>;
  requestTimeoutMs: number;
  /** httpipe.memoryBudgetMiB in bytes: body bytes a run keeps in memory before spooling to disk. */
  memoryBudgetBytes: number;
  /** Each run (and each run of Compare modes) gets its own cookie jar; false: no jar. */
  cookieJarEnabled: boolean;
  /** Follow 3xx redirects as hops of the request; false: a 3xx is the final response. */
  followRedirects: boolean;
  /** Show Authorization, Cookie, Set-Cookie and Proxy-Authorization values in the log. */
  showSecrets: boolean;
  /** Verify servers' TLS certificates; false only for development servers. */
  tlsRejectUnauthorized: boolean;
  /** Client certificates by `host:port` / `host` (unchecked: src/core/tls reads and checks it). */
  certificates?: unknown;
}

export function readSettings(scope?: vscode.Uri): HttpipeSettings {
  const config = vscode.workspace.getConfiguration('httpipe', scope);
  const mode = config.get<string>('defaultMode', 'keepalive');
  const repeat = config.get<number>('compare.repeat', 3);
  const timeout = config.get<number>('requestTimeoutMs', 30_000);
  const budget = config.get<number>('memoryBudgetMiB', 256);
  return {
    defaultMode: isRunMode(mode) ? mode : 'keepalive',
    compareRepeat: Number.isInteger(repeat) && repeat >= 1 ? repeat : 3,
    environment: config.get<string>('environment') || undefined,
    environments: config.get<Record<string, Record<string, string>>>('environments'),
    requestTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 30_000,
    memoryBudgetBytes: (Number.isInteger(budget) && budget >= 1 ? budget : 256) * 1024 * 1024,
    cookieJarEnabled: config.get<boolean>('cookieJar.enabled', true) !== false,
    followRedirects: config.get<boolean>('followRedirects', true) !== false,
    showSecrets: config.get<boolean>('log.showSecrets', false),
    // Anything but an explicit false keeps verification on.
    tlsRejectUnauthorized: config.get<unknown>('tls.rejectUnauthorized', true) !== false,
    certificates: config.get<unknown>('certificates'),
  };
}

export function isRunMode(value: unknown): value is RunMode {
  return typeof value === 'string' && (RUN_MODES as readonly string[]).includes(value);
}
