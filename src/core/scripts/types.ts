// What goes into one script run in the sandbox and what comes out of it. Plain JSON-safe data, so
// the CLI prints it, the extension posts it to the webview and history stores it as it is.

import type { Position } from '../parser/model';

/**
 * The limits a script runs under unless told otherwise. Here rather than in sandbox.ts, so that the
 * settings' defaults do not load the sandbox (and QuickJS's and JSONPath's libraries) at activation.
 */
export const DEFAULT_SCRIPT_TIMEOUT_MS = 1000;
export const DEFAULT_SCRIPT_MEMORY_BYTES = 64 * 1024 * 1024;

export type ScriptDialect = 'jetbrains' | 'httpyac';
export type ScriptPhase = 'pre' | 'post';

/** One script ready to run: its code and where its first line is, for error places. */
export interface ScriptCode {
  dialect: ScriptDialect;
  phase: ScriptPhase;
  code: string;
  /** The file the code is in (the .http file for inline scripts, the .js file otherwise). */
  file: string;
  /** Where the code's first character is in `file` (0-based). */
  start: Position;
}

/** The response a handler sees. */
export interface ScriptResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  /** The body decoded as text (content coding removed). */
  body: string;
}

/** The request a script sees (pre-request: as it will be sent, if it was prepared; handler: as sent). */
export interface ScriptRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
}

export interface ScriptInput {
  /** The run's script variables (`client.global`), name to value. */
  globals: Readonly<Record<string, string>>;
  response?: ScriptResponse;
  request?: ScriptRequest;
  /** `request.environment.get(name)` and httpYac's variables in scope: a variable's value, or undefined. */
  lookup(name: string): string | undefined;
  /** httpYac: variables the code names (file, environment, --var), put in its scope by name. */
  scope?: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** Bytes the script's heap may use. */
  memoryLimitBytes?: number;
}

export interface ScriptTest {
  name: string;
  passed: boolean;
  /** Why it failed. */
  message?: string;
}

export interface ScriptError {
  message: string;
  /** `file:line:col` of the failing line when known, else of the script. */
  place: string;
}

/** What one script did. */
export interface ScriptOutcome {
  tests: ScriptTest[];
  logs: string[];
  error?: ScriptError;
  /** `client.global.set/clear` of this script: the new value, or null when it was cleared. */
  globals: Record<string, string | null>;
  /** `request.variables.set` (JetBrains) and `exports.x = …` (httpYac): the request's own variables. */
  variables: Record<string, string>;
}

/** Everything the scripts of one request did (pre-request first), as reports show it. */
export interface RequestScripts {
  tests: ScriptTest[];
  logs: string[];
  /** The first script error of the request. */
  error?: ScriptError;
  /** Set when the request's scripts did not run (Restricted Mode, `--no-scripts`): why. */
  skipped?: string;
}
