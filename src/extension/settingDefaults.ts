// The default of every httpipe.* setting, in one place: readSettings falls back to these, and
// package.json's `default`s must be the same values (test/unit/architecture.test.ts checks that, and
// that every contributed setting is read and every read setting contributed). No vscode import, so
// the test can read it. Values that the core also needs come from the core's own constants.
import { DEFAULT_RUN_MODE } from '../core/common/runModes';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../core/engine/runContext';
import { DEFAULT_LIMITS } from '../core/engine/types';
import { DEFAULT_MAX_RUNS } from '../core/history/historyStore';
import { DEFAULT_STORE_LIMITS } from '../core/history/storedRun';
import { DEFAULT_SCRIPT_TIMEOUT_MS } from '../core/scripts/types';
import { DEFAULT_PROBE_OPTIONS } from '../core/probe/types';

/** By key below `httpipe.` (`compare.repeat` is `httpipe.compare.repeat`). */
export const SETTING_DEFAULTS = {
  defaultMode: DEFAULT_RUN_MODE,
  'compare.repeat': 3,
  environment: '',
  environments: {},
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  memoryBudgetMiB: DEFAULT_LIMITS.memoryBudgetBytes / (1024 * 1024),
  'cookieJar.enabled': true,
  followRedirects: true,
  'log.showSecrets': false,
  'preview.maxBytes': 1024 * 1024,
  'history.maxRuns': DEFAULT_MAX_RUNS,
  'history.maxBodyBytes': DEFAULT_STORE_LIMITS.maxBodyBytes,
  'tls.rejectUnauthorized': true,
  certificates: {},
  'scripts.timeoutMs': DEFAULT_SCRIPT_TIMEOUT_MS,
  'probe.maxRequests': DEFAULT_PROBE_OPTIONS.maxRequests,
  'probe.idleWaitSeconds': DEFAULT_PROBE_OPTIONS.idleWaitMs / 1000,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
