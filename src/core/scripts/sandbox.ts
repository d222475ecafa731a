// Runs one script in QuickJS compiled to WebAssembly (quickjs-emscripten), never in Node's VM: the
// script sees only the API of prelude.ts and the values the host hands in, with a deadline (the
// interrupt handler), a heap limit and a stack limit. Each script gets a new runtime, so a script
// that ran out of memory or time leaves nothing behind. The WASM is embedded in the
// `@jitl/quickjs-singlefile-cjs-release-sync` module, so no .wasm file has to be found at run time;
// it is imported on the first script only, and scripts/build.mjs bundles it into a file of its own
// (dist/quickjs.js) so that start-up does not read its 840 KB.

import { createHash, createHmac } from 'node:crypto';
import {
  newQuickJSWASMModuleFromVariant,
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import { messageOf } from '../common/messageOf';
import { formatPosition } from '../parser/model';
import { queryJsonPath } from '../variables/jsonPath';
import { PRELUDE, SANDBOX_RULE } from './prelude';
import { DEFAULT_SCRIPT_MEMORY_BYTES, type ScriptCode, type ScriptInput, type ScriptOutcome } from './types';

/** Below the WASM build's own C stack, so deep recursion is QuickJS's `stack overflow`, not a crash. */
const STACK_BYTES = 256 * 1024;

let quickJs: Promise<QuickJSWASMModule> | undefined;

/** The WASM module, instantiated once per process (about 20 ms); each script gets its own runtime. */
function loadQuickJs(): Promise<QuickJSWASMModule> {
  quickJs ??= import('@jitl/quickjs-singlefile-cjs-release-sync').then((variant) =>
    newQuickJSWASMModuleFromVariant(variant.default),
  );
  return quickJs;
}

/** Starts instantiating the WASM now, so the first script of a run does not wait for it. */
export function warmUpSandbox(): void {
  loadQuickJs().catch(() => undefined);
}

/** Runs `script` with `input`; never throws: a failure of the script is its outcome's `error`. */
export async function runScript(script: ScriptCode, input: ScriptInput): Promise<ScriptOutcome> {
  const module = await loadQuickJs();
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(input.memoryLimitBytes ?? DEFAULT_SCRIPT_MEMORY_BYTES);
  runtime.setMaxStackSize(STACK_BYTES);
  const deadline = Date.now() + input.timeoutMs;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  runtime.setModuleLoader((name) => ({
    error: new Error(`import(${JSON.stringify(name)}) is not available: ${SANDBOX_RULE}`),
  }));
  const context = runtime.newContext();
  try {
    return evaluate(runtime, context, script, input, deadline);
  } finally {
    context.dispose();
    try {
      runtime.dispose();
    } catch {
      // A runtime stopped mid-allocation can fail QuickJS's leak check on dispose, which aborts the
      // WASM instance: the next script gets a new one.
      quickJs = undefined;
    }
  }
}

function evaluate(
  runtime: QuickJSRuntime,
  context: QuickJSContext,
  script: ScriptCode,
  input: ScriptInput,
  deadline: number,
): ScriptOutcome {
  const empty: ScriptOutcome = { tests: [], logs: [], globals: {}, variables: {} };
  const fail = (message: string, line?: number, column?: number): ScriptOutcome => ({
    ...empty,
    error: { message, place: placeOf(script, line, column) },
  });
  installHost(context, script, input);
  const prelude = context.evalCode(PRELUDE, 'httpipe:prelude');
  if (prelude.error) {
    const detail = dumpError(context, prelude.error);
    return fail(`the script API could not be set up: ${detail.message}`);
  }
  prelude.value.dispose();

  // httpYac wraps its scripts in an async function (so `await` works); the wrapper keeps line 1 on line 1.
  const code = script.dialect === 'httpyac' ? `(async () => {${script.code}\n})()` : script.code;
  const evaluated = context.evalCode(code, SCRIPT_FILE);
  let failure: ReturnType<typeof dumpError> | undefined;
  if (evaluated.error) failure = dumpError(context, evaluated.error);
  else {
    // Promises the script started settle now, within the same deadline.
    const jobs = runtime.executePendingJobs();
    if (jobs.error) failure = dumpError(context, jobs.error);
    if (!failure) {
      const state = context.getPromiseState(evaluated.value);
      if (state.type === 'rejected') failure = dumpError(context, state.error);
      else if (state.type === 'fulfilled' && !state.notAPromise) state.value.dispose();
    }
    evaluated.value.dispose();
  }
  const exited = failure?.exit === true;
  if (failure && !exited && Date.now() >= deadline) {
    return fail(
      `the script ran longer than ${input.timeoutMs} ms and was stopped (httpipe.scripts.timeoutMs)`,
      failure.line,
    );
  }
  // Collecting the results must not be cut short by the deadline the script used up.
  runtime.removeInterruptHandler();
  const collected = collect(context, exited);
  if (!collected) return fail(failure?.message ?? 'the script ran out of memory', failure?.line);
  if (failure && !exited)
    collected.error = { message: failure.message, place: placeOf(script, failure.line, failure.column) };
  return collected;
}

const SCRIPT_FILE = 'script.js';

function installHost(context: QuickJSContext, script: ScriptCode, input: ScriptInput): void {
  const { response, request, globals, scope } = input;
  const data = { dialect: script.dialect, phase: script.phase, globals, response, request, scope };
  const set = (name: string, handle: QuickJSHandle): void => {
    context.setProp(context.global, name, handle);
    handle.dispose();
  };
  set('__httpipe_input', context.newString(JSON.stringify(data)));
  set(
    '__httpipe_lookup',
    context.newFunction('lookup', (nameHandle) => {
      const value = input.lookup(context.getString(nameHandle));
      return value === undefined ? context.undefined : context.newString(value);
    }),
  );
  set(
    '__httpipe_jsonPath',
    context.newFunction('jsonPath', (docHandle, pathHandle) => {
      try {
        const matches = queryJsonPath(
          context.getString(pathHandle),
          JSON.parse(context.getString(docHandle)),
        );
        return context.newString(JSON.stringify(matches));
      } catch (error) {
        return { error: context.newError(messageOf(error)) };
      }
    }),
  );
  set(
    '__httpipe_digest',
    context.newFunction('digest', (algorithmHandle, secretHandle, partsHandle) => {
      try {
        const digest = hostDigest(
          context.getString(algorithmHandle),
          JSON.parse(context.getString(secretHandle)) as [BufferEncoding, string] | null,
          JSON.parse(context.getString(partsHandle)) as Array<[BufferEncoding, string]>,
        );
        return context.newString(JSON.stringify(digest));
      } catch (error) {
        return { error: context.newError(messageOf(error)) };
      }
    }),
  );
}

function hostDigest(
  algorithm: string,
  secret: [BufferEncoding, string] | null,
  parts: Array<[BufferEncoding, string]>,
): { hex: string; base64: string; base64url: string } {
  const hash = secret ? createHmac(algorithm, Buffer.from(secret[1], secret[0])) : createHash(algorithm);
  for (const [encoding, data] of parts) hash.update(Buffer.from(data, encoding));
  const bytes = hash.digest();
  return {
    hex: bytes.toString('hex'),
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
  };
}

interface DumpedError {
  message: string;
  line?: number;
  column?: number;
  exit?: boolean;
}

/** The thrown value as a message and the script line it came from (QuickJS stacks say `script.js:LINE`). */
function dumpError(context: QuickJSContext, handle: QuickJSHandle): DumpedError {
  const exitHandle = context.getProp(context.global, '__httpipe_exit');
  const isExit = context.sameValue(handle, exitHandle);
  exitHandle.dispose();
  if (isExit) {
    handle.dispose();
    return { message: 'exit', exit: true };
  }
  let dumped: unknown;
  try {
    dumped = context.dump(handle);
  } catch {
    dumped = 'an error the sandbox could not read';
  }
  handle.dispose();
  if (!dumped || typeof dumped !== 'object') return { message: `threw ${String(dumped)}` };
  const { name, message, stack } = dumped as { name?: string; message?: string; stack?: string };
  const where = new RegExp(`${SCRIPT_FILE.replace('.', '\\.')}:(\\d+)(?::(\\d+))?`).exec(stack ?? '');
  const text =
    message === 'interrupted' || message === 'out of memory' ? message : (message ?? String(dumped));
  const described =
    text === 'out of memory'
      ? 'the script used more memory than the sandbox allows and was stopped'
      : name && name !== 'Error'
        ? `${name}: ${text}`
        : text;
  return {
    message: described,
    line: where ? Number(where[1]) : undefined,
    column: where?.[2] ? Number(where[2]) : undefined,
  };
}

function collect(context: QuickJSContext, exited: boolean): ScriptOutcome | undefined {
  const result = context.evalCode(`__httpipe_result(${exited})`, 'httpipe:result');
  if (result.error) {
    result.error.dispose();
    return undefined;
  }
  const json = context.getString(result.value);
  result.value.dispose();
  const parsed = JSON.parse(json) as ScriptOutcome;
  return { tests: parsed.tests, logs: parsed.logs, globals: parsed.globals, variables: parsed.variables };
}

/** `file:line:col` of a line of the script (1-based, as QuickJS counts), or of its start. */
function placeOf(script: ScriptCode, line?: number, column?: number): string {
  if (line === undefined) return formatPosition(script.file, script.start);
  const onFirstLine = line === 1;
  return formatPosition(script.file, {
    line: script.start.line + line - 1,
    character: (onFirstLine ? script.start.character : 0) + Math.max(0, (column ?? 1) - 1),
  });
}
