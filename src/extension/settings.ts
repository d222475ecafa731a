// The extension's settings (package.json `contributes.configuration`), read in one place with their
// defaults (settingDefaults.ts). A run reads them once, at its start, and hands them to what it calls
// (planning, TLS), so one run never mixes two states of the settings.
import * as vscode from 'vscode';
import { isRunMode, type RunMode } from '../core/common/runModes';
import { MIN_PROBE_REQUESTS } from '../core/probe/probePlan';
import { SETTING_DEFAULTS, type SettingKey } from './settingDefaults';

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
  /** Largest response body the panel shows. */
  previewMaxBytes: number;
  /** Runs the history keeps; 0 turns recording off. */
  historyMaxRuns: number;
  /** Bytes of each response body a stored run keeps. */
  historyMaxBodyBytes: number;
  /** Verify servers' TLS certificates; false only for development servers. */
  tlsRejectUnauthorized: boolean;
  /** Client certificates by `host:port` / `host` (unchecked: src/core/tls reads and checks it). */
  certificates?: unknown;
  /** Time limit of each pre-request script and response handler. */
  scriptTimeoutMs: number;
  /** Probe Server…: requests in all at most, and the longest idle wait in seconds. */
  probeMaxRequests: number;
  probeIdleWaitSeconds: number;
}

type NumberSetting =
  | 'compare.repeat'
  | 'requestTimeoutMs'
  | 'memoryBudgetMiB'
  | 'preview.maxBytes'
  | 'history.maxRuns'
  | 'history.maxBodyBytes'
  | 'scripts.timeoutMs'
  | 'probe.maxRequests'
  | 'probe.idleWaitSeconds';

export function readSettings(scope?: vscode.Uri): HttpipeSettings {
  const config = vscode.workspace.getConfiguration('httpipe', scope);
  const read = (key: SettingKey): unknown => config.get<unknown>(key, SETTING_DEFAULTS[key]);
  /** A number the setting's schema allows, or the default (nothing checks settings.json against it). */
  const count = (key: NumberSetting, min: number, whole = true): number => {
    const value = read(key);
    return typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= min &&
      (!whole || Number.isInteger(value))
      ? value
      : SETTING_DEFAULTS[key];
  };
  const mode = read('defaultMode');
  return {
    defaultMode: isRunMode(mode) ? mode : SETTING_DEFAULTS.defaultMode,
    compareRepeat: count('compare.repeat', 1),
    environment: (read('environment') as string | undefined) || undefined,
    environments: read('environments') as HttpipeSettings['environments'],
    requestTimeoutMs: count('requestTimeoutMs', Number.MIN_VALUE, false),
    memoryBudgetBytes: count('memoryBudgetMiB', 1) * 1024 * 1024,
    cookieJarEnabled: read('cookieJar.enabled') !== false,
    followRedirects: read('followRedirects') !== false,
    showSecrets: read('log.showSecrets') === true,
    previewMaxBytes: Math.floor(count('preview.maxBytes', Number.MIN_VALUE, false)),
    historyMaxRuns: count('history.maxRuns', 0),
    historyMaxBodyBytes: count('history.maxBodyBytes', 0),
    // Anything but an explicit false keeps verification on.
    tlsRejectUnauthorized: read('tls.rejectUnauthorized') !== false,
    certificates: read('certificates'),
    scriptTimeoutMs: count('scripts.timeoutMs', 1),
    probeMaxRequests: count('probe.maxRequests', MIN_PROBE_REQUESTS),
    probeIdleWaitSeconds: count('probe.idleWaitSeconds', 0, false),
  };
}
