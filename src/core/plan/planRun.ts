// Turns a parsed .http file into the engine's RequestSpecs. Planning is synchronous and reads only
// the env files; everything that depends on the run (chained values, dynamic variables, `< file`
// bodies) happens in each spec's prepare(), when the scheduler gets to that request.
// Precedence of variables: see variables/variableResolver.ts; environments: variables/environments.ts.

import * as path from 'node:path';
import type { PreparedRequest, RequestSpec } from '../engine/types';
import {
  formatPosition,
  type BodyPart,
  type ParsedHttpFile,
  type RequestBlock,
  type RequestBody,
  type SourceRange,
} from '../parser/model';
import {
  combineRunScripts,
  RunScripts,
  type RunScriptResults,
  type ScriptRunOptions,
} from '../scripts/runScripts';
import { ScriptPlan } from '../scripts/scriptPlan';
import { ReferenceAnalyzer, type ReferenceAnalysis } from '../variables/referenceAnalysis';
import {
  collectVariableSources,
  type FileVariableSources,
  type VariableSourceOptions,
} from '../variables/variableSources';
import { requestSetVariables } from '../variables/requestSetVariables';
import type { VariableDefinition } from '../variables/variableDefinition';
import { RequestScope, type ResolverSources, type RunSoFar } from '../variables/variableResolver';
import type { TextOrigin } from '../variables/variableReferences';
import { encodeBasicCredentials, isAuthorizationHeader } from './basicAuth';
import { takeDigestCredentials } from './digestCredentials';
import { takeGraphQlMarker } from './graphQlBody';
import { multipartBoundaryProblem } from './multipartCheck';
import { bodyBytes, templateBodyText } from './requestBody';
import { absoluteUrl } from './requestTarget';
import { protocolOfVersion } from '../parser/requestLine';
import { OtherFiles } from './otherFiles';
import { orderSteps, type OtherFileStep, type OwnStep } from './runSteps';
import { messageOf } from '../common/messageOf';
import { hasHeader, headerValue } from '../common/headerFields';

export interface PlanOptions extends Omit<VariableSourceOptions, 'scriptGlobals'> {
  /** Request indexes to run (Send one / Send selected). Earlier requests they use are added. */
  only?: number[];
  /**
   * Pre-request scripts and response handlers (core/scripts). Without it the file's scripts neither
   * run nor define variables (editor look-ups such as Copy as curl).
   */
  scripts?: ScriptRunOptions;
  /** Files planned on the way here (`run ./other.http` inside `run`), to refuse a loop. */
  runChain?: readonly string[];
}

export interface PlanProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  range: SourceRange;
  requestIndex?: number;
}

export interface RunPlan {
  specs: RequestSpec[];
  problems: PlanProblem[];
  /**
   * The run's scripts (this file's and those of the files it runs), when any has some and
   * options.scripts was given: call finish() after the run.
   */
  scripts?: RunScriptResults;
}

const FILE_START: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function planRun(parsed: ParsedHttpFile, options: PlanOptions): RunPlan {
  const collected = collectVariableSources(parsed, {
    ...options,
    scriptGlobals: options.scripts?.globals.layer,
  });
  const problems: PlanProblem[] = [...collected.environments.problems];
  problems.push(...fileVariablesShadowingEnvironment(parsed, collected, options));

  const scriptPlan = options.scripts
    ? new ScriptPlan(parsed, { filePath: options.filePath, displayPath: collected.sources.displayPath })
    : undefined;
  // Scripts that will not run set nothing: the requests that use their variables are planned without them.
  const runningScripts = options.scripts?.disabled === undefined ? scriptPlan : undefined;
  const analyses = new Map<number, ReferenceAnalysis>();
  for (const request of parsed.requests)
    analyses.set(request.index, analyzeRequest(parsed, request, collected, options, runningScripts));

  const included = selectRequests(parsed, options, analyses, problems);
  for (const request of parsed.requests) {
    if (!included.has(request.index)) continue;
    for (const problem of analyses.get(request.index)!.problems)
      problems.push({ ...problem, requestIndex: request.index });
    const multipart = multipartBoundaryProblem(request);
    if (multipart)
      problems.push({
        severity: 'warning',
        ...multipart,
        file: options.filePath,
        requestIndex: request.index,
      });
  }

  const others = new OtherFiles(parsed.imports, options, problems);
  const ordered = orderSteps(
    parsed.requests,
    parsed.runs,
    included,
    options.only === undefined,
    (name) => others.fileDefining(name),
    (request) => loopItems(request, collected.sources, options.filePath),
  );
  for (const problem of ordered.problems) problems.push({ ...problem, file: options.filePath });
  if (scriptPlan) problems.push(...scriptProblems(scriptPlan, options, included));

  // Per-run state shared by this plan's specs: what each request sent, for `{{name.request…}}`.
  const sent = new Map<number, PreparedRequest>();
  const copies = new Map<number, number[]>();
  const inRun = new Set<number>();
  for (const step of ordered.steps) {
    if (step.kind !== 'own') continue;
    inRun.add(step.request.index);
    if (step.index !== step.request.index)
      copies.set(step.request.index, [...(copies.get(step.request.index) ?? []), step.index]);
  }
  let nextIndex = Math.max(
    parsed.requests.length,
    ...ordered.steps.map((step) => (step.kind === 'own' ? step.index + 1 : 0)),
  );
  const otherIndexes = new Map<OtherFileStep, number[]>();
  // Every send of a request (its `@loop` rounds, `@ref` and `run` copies) runs the request's scripts.
  const requestOfSend = new Map<number, RequestBlock>();
  for (const step of ordered.steps) if (step.kind === 'own') requestOfSend.set(step.index, step.request);
  const scripts =
    scriptPlan?.hasScripts && options.scripts
      ? new RunScripts(scriptPlan, requestOfSend, options.scripts, (results) =>
          lookupIn(collected.sources, {
            currentIndex: Number.MAX_SAFE_INTEGER,
            results,
            sent,
            inRun,
            copies,
          }),
        )
      : undefined;
  const specs: RequestSpec[] = [];
  for (const step of ordered.steps) {
    if (step.kind === 'other-file') {
      const planned = others.plan(step, () => nextIndex++);
      otherIndexes.set(
        step,
        planned.map((spec) => spec.index),
      );
      specs.push(...planned);
      continue;
    }
    const request = step.request;
    const after = step.after.flatMap((a) => (typeof a === 'number' ? [a] : (otherIndexes.get(a) ?? [])));
    const dependsOn = [...new Set([...analyses.get(request.index)!.dependsOn, ...after])].sort(
      (a, b) => a - b,
    );
    const spec: RequestSpec = {
      index: step.index,
      name:
        (request.title ?? request.name ?? `${request.method} ${request.url}`) +
        (step.label ? ` (${step.label})` : ''),
      method: request.method,
      displayUrl: request.url,
      dependsOn,
      noPipeline: request.noPipeline,
      prepare: async (results) => {
        const run: RunSoFar = { currentIndex: request.index, results, sent, inRun, copies };
        const requestVariables = scripts
          ? await scripts.beforeRequest(
              step.index,
              results,
              lookupIn(withSendVariables(collected, step).sources, run),
            )
          : undefined;
        const withScripts = {
          ...collected,
          sources: withRequestVariables(collected.sources, requestVariables),
        };
        const prepared = await prepareRequest(
          parsed,
          request,
          withSendVariables(withScripts, step),
          options,
          run,
        );
        sent.set(request.index, prepared);
        return prepared;
      },
    };
    if (request.timeoutMs !== undefined) spec.timeoutMs = request.timeoutMs;
    if (request.noRedirect) spec.noRedirect = true;
    if (request.noCookieJar) spec.noCookieJar = true;
    const protocol = request.httpVersion ? protocolOfVersion(request.httpVersion) : undefined;
    if (protocol) spec.protocol = protocol;
    const reasons = analyses.get(request.index)!.reasons;
    if (reasons.size > 0) spec.dependencyReasons = reasons;
    specs.push(spec);
  }
  const plan: RunPlan = { specs, problems: dedupe(problems) };
  const allScripts = combineRunScripts([...(scripts ? [scripts] : []), ...others.scripts]);
  if (allScripts) plan.scripts = allScripts;
  return plan;
}

/** A variable's value as a script sees it (`request.environment.get`), or undefined when it has none. */
function lookupIn(sources: ResolverSources, run: RunSoFar): (name: string) => string | undefined {
  return (name) => {
    try {
      return new RequestScope(sources, run).evaluate(name);
    } catch {
      return undefined;
    }
  };
}

/** `request.variables.set` of the request's pre-request scripts, over every source but --var. */
function withRequestVariables(
  sources: ResolverSources,
  variables: ReadonlyMap<string, string> | undefined,
): ResolverSources {
  if (!variables || variables.size === 0) return sources;
  const layer = new Map<string, VariableDefinition>(
    [...variables].map(([name, value]) => [
      name,
      { name, value, label: name, source: 'request.variables.set', literal: true, fromScript: true },
    ]),
  );
  const [overrides, ...rest] = sources.layers;
  return { ...sources, layers: [overrides, layer, ...rest] };
}

/** Script files that cannot be read; scripts that will not run, and why. */
function scriptProblems(
  plan: ScriptPlan,
  options: PlanOptions,
  included: ReadonlySet<number>,
): PlanProblem[] {
  const file = options.filePath;
  const problems: PlanProblem[] = plan
    .problems()
    .filter((p) => included.has(p.requestIndex))
    .map((p) => ({ severity: 'error', file, ...p }));
  const disabled = options.scripts?.disabled;
  if (disabled === undefined) return problems;
  for (const [requestIndex, scripts] of plan.byRequest) {
    if (!included.has(requestIndex)) continue;
    for (const script of scripts)
      problems.push({
        severity: 'info',
        message: `this script does not run: ${disabled}`,
        file,
        range: script.block.range,
        requestIndex,
      });
  }
  return problems;
}

/** This send's own variables (`@loop` round, `run` overrides) on top of everything else. */
function withSendVariables(collected: FileVariableSources, step: OwnStep): FileVariableSources {
  const entries = Object.entries(step.variables);
  if (entries.length === 0) return collected;
  const layer = new Map<string, VariableDefinition>(
    entries.map(([name, value]) => [
      name,
      { name, value, label: name, source: step.label ?? 'this send', literal: name === '$index' },
    ]),
  );
  const sources: ResolverSources = { ...collected.sources, layers: [layer, ...collected.sources.layers] };
  return { ...collected, sources };
}

/**
 * A `@loop` request's `$index` and item variable and its `@prompt` names, known to the analysis
 * before the run gives them values (a prompt without one fails at prepare, naming `--var`).
 */
function withRequestSetVariables(sources: ResolverSources, request: RequestBlock): ResolverSources {
  const names = requestSetVariables(request);
  if (names.length === 0) return sources;
  const layer = new Map<string, VariableDefinition>(
    names.map((name) => [name, { name, value: '', label: name, source: 'this request', literal: true }]),
  );
  return { ...sources, layers: [layer, ...sources.layers] };
}

/** `@loop for item of list`: `list` names a variable holding a JSON array (known before the run). */
function loopItems(
  request: RequestBlock,
  sources: ResolverSources,
  file: string,
): { items: string[] } | { error: string } | undefined {
  if (request.loop?.kind !== 'each') return undefined;
  const list = request.loop.list;
  let value: unknown;
  try {
    value = JSON.parse(
      new RequestScope(sources).resolve(`{{${list}}}`, { file, start: request.loop.range.start }),
    );
  } catch (error) {
    return {
      error: `"${list}" must be a variable holding a JSON array (${messageOf(error)})`,
    };
  }
  if (!Array.isArray(value)) return { error: `"${list}" is not a JSON array` };
  return { items: value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) };
}

function analyzeRequest(
  parsed: ParsedHttpFile,
  request: RequestBlock,
  collected: FileVariableSources,
  options: PlanOptions,
  scripts: ScriptPlan | undefined,
): ReferenceAnalysis {
  const file = options.filePath;
  const analyzer = new ReferenceAnalyzer(
    withRequestSetVariables(collected.sources, request),
    request.index,
    scripts,
  );
  analyzer.analyze(request.url, urlOrigin(request, file));
  for (const header of request.headers) {
    analyzer.analyze(header.name, { file, start: header.range.start });
    analyzer.analyze(header.value, headerValueOrigin(header, file));
  }
  const body = request.body;
  if (body) analyzer.analyze(body.kind === 'inline' ? body.text : body.path, bodyOrigin(body, parsed, file));
  // `<@` files count too, alone or as parts of a longer body.
  const fileReferences =
    body?.kind === 'file' ? [body] : (body?.parts ?? []).filter((part) => part.kind === 'file');
  for (const reference of fileReferences) {
    const template = templateBodyText(reference, bodyFolders(options));
    if (template) analyzer.analyze(template.text, { file: template.file, start: { line: 0, character: 0 } });
  }
  return analyzer.analysis;
}

/** `only` plus, transitively, the earlier requests they read from, each added one explained. */
function selectRequests(
  parsed: ParsedHttpFile,
  options: PlanOptions,
  analyses: ReadonlyMap<number, ReferenceAnalysis>,
  problems: PlanProblem[],
): Set<number> {
  if (options.only === undefined) return new Set(parsed.requests.map((r) => r.index));
  const included = new Set<number>();
  const pending = [...options.only];
  const asked = new Set(options.only);
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const request = parsed.requests[next];
    if (!request) {
      problems.push({
        severity: 'error',
        message: `there is no request #${next + 1} in this file`,
        file: options.filePath,
        range: FILE_START,
      });
      continue;
    }
    if (included.has(next)) continue;
    included.add(next);
    for (const dependency of analyses.get(next)!.dependsOn) {
      if (included.has(dependency) || asked.has(dependency)) continue;
      asked.add(dependency);
      pending.push(dependency);
      const source = parsed.requests[dependency];
      problems.push({
        severity: 'info',
        message: `also sends '${source.name ?? `${source.method} ${source.url}`}' first: ${request.name ? `'${request.name}'` : 'this request'} reads from it`,
        file: options.filePath,
        range: source.requestLineRange,
        requestIndex: dependency,
      });
    }
  }
  return included;
}

/** Tools disagree here (REST Client: the file variable wins; JetBrains: the environment): say which one is used. */
function fileVariablesShadowingEnvironment(
  parsed: ParsedHttpFile,
  collected: FileVariableSources,
  options: PlanOptions,
): PlanProblem[] {
  return parsed.variables.flatMap((variable): PlanProblem[] => {
    const environment = collected.environments.variables.get(variable.name);
    if (!environment) return [];
    return [
      {
        severity: 'info',
        message: `@${variable.name} is used instead of "${variable.name}" from ${environment.source} (file variables win, as in REST Client; JetBrains would use the environment's value)`,
        file: options.filePath,
        range: variable.nameRange,
      },
    ];
  });
}

async function prepareRequest(
  parsed: ParsedHttpFile,
  request: RequestBlock,
  collected: FileVariableSources,
  options: PlanOptions,
  run: RunSoFar,
): Promise<PreparedRequest> {
  const file = options.filePath;
  const display = collected.sources.displayPath;
  const scope = new RequestScope(collected.sources, run);
  // A block with a parse error (a header line without a colon, say) would go out with that line
  // silently dropped: refuse it with the error's place instead, and let the rest of the run go on.
  const parseError = parsed.diagnostics.find(
    (d) => ERRORS_THAT_CHANGE_THE_REQUEST.has(d.code) && withinBlock(d.range, request, parsed),
  );
  if (parseError) {
    throw new Error(
      `${formatPosition(display(file), parseError.range.start)}: ${parseError.message}; the request is not sent until this is fixed`,
    );
  }

  for (const prompt of request.prompts ?? []) {
    if (collected.sources.layers.some((layer) => layer.has(prompt.name))) continue;
    throw new Error(
      `${formatPosition(display(file), prompt.range.start)}: @prompt ${prompt.name} has no value: give it with --var ${prompt.name}=… (the CLI asks on a terminal, VS Code in an input box)`,
    );
  }

  const headers: Array<[string, string]> = request.headers.map((header) => {
    const name = scope.resolve(header.name, { file, start: header.range.start });
    const value = scope.resolve(header.value, headerValueOrigin(header, file));
    // A value from a response or an env file may hold a line break; say where, before the serializer refuses it.
    if (/[\r\n\0]/.test(name + value)) {
      throw new Error(
        `${formatPosition(display(file), header.range.start)}: header ${JSON.stringify(name)} resolves to a value with a line break or NUL, which cannot be sent`,
      );
    }
    return [name, isAuthorizationHeader(name) ? encodeBasicCredentials(value) : value];
  });
  const graphQl = takeGraphQlMarker(headers);
  // GraphQL over HTTP is JSON; a Content-Type written in the file still wins.
  if (graphQl && request.body && !hasHeader(headers, 'content-type'))
    headers.push(['Content-Type', 'application/json']);
  const target = scope.resolve(request.url, urlOrigin(request, file));
  let url: URL;
  try {
    url = absoluteUrl(target, headers, hostVariable(scope, target, file));
  } catch (error) {
    throw new Error(`${formatPosition(display(file), request.requestLineRange.start)}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const auth = takeDigestCredentials(headers);
  const prepared: PreparedRequest = { method: request.method, url, headers };
  if (auth) prepared.auth = auth;
  if (request.body) {
    prepared.body = await bodyBytes(request.body, bodyOrigin(request.body, parsed, file), {
      folders: bodyFolders(options),
      confineTo: options.allowEnvironmentAccess ? undefined : (options.workspaceRoot ?? path.dirname(file)),
      resolve: (text, origin) => scope.resolve(text, origin),
      place: formatPosition(display(file), request.body.range.start),
      placeOf: (part) => formatPosition(display(file), part.range.start),
      originOf: (part) => bodyOrigin(part, parsed, file),
      mediaType: mediaTypeOf(headers),
      graphQl,
      lineEnding: parsed.lineEnding,
    });
  }
  return prepared;
}

/** httpYac's `@host`: the base of a request line that is only a path (a `Host:` header still wins). */
function hostVariable(scope: RequestScope, target: string, file: string): string | undefined {
  if (!target.startsWith('/') || !scope.definitionOf('host')) return undefined;
  return scope.resolve('{{host}}', undefined, `in @host (the base of ${target}) in ${file}`);
}

/** Parse errors that would make the bytes sent differ from what the file says (others, like a bad assertion, don't). */
const ERRORS_THAT_CHANGE_THE_REQUEST = new Set(['header-without-colon', 'invalid-header-name']);

/** The block runs from the request's first line to the line before the next request (bad lines sit outside `range`). */
function withinBlock(place: SourceRange, request: RequestBlock, parsed: ParsedHttpFile): boolean {
  const next = parsed.requests[request.index + 1];
  const lastLine = next ? next.range.start.line - 1 : Number.POSITIVE_INFINITY;
  return place.start.line >= request.range.start.line && place.start.line <= lastLine;
}

/** Body lines the parser leaves out (comments, `@variables`); each has one of these diagnostics. */
const LINES_LEFT_OUT_OF_BODIES = new Set([
  'comment-in-body',
  'variable-in-body',
  'metadata-after-request-line',
]);

/**
 * Where a body's (or a body part's) text starts: inline text with the file line of each of its
 * lines (so places after a left-out comment line stay exact); for `< path`, the path, which ends its line.
 */
function bodyOrigin(body: RequestBody | BodyPart, parsed: ParsedHttpFile, file: string): TextOrigin {
  const { start, end } = body.range;
  if (body.kind === 'file')
    return {
      file,
      start: { line: end.line, character: Math.max(start.character, end.character - body.path.length) },
    };
  const leftOut = new Set(
    parsed.diagnostics
      .filter(
        (d) =>
          LINES_LEFT_OUT_OF_BODIES.has(d.code) &&
          d.range.start.line > start.line &&
          d.range.start.line < end.line,
      )
      .map((d) => d.range.start.line),
  );
  if (leftOut.size === 0) return { file, start };
  const lines: number[] = [];
  for (let line = start.line; line <= end.line; line++) if (!leftOut.has(line)) lines.push(line);
  return { file, start, lines };
}

/** The Content-Type's media type, lower-cased, without parameters; '' when there is none. */
function mediaTypeOf(headers: ReadonlyArray<[string, string]>): string {
  const value = headerValue(headers, 'content-type') ?? '';
  return value.split(';')[0].trim().toLowerCase();
}

/** Where relative `< path` bodies are looked up: next to the .http file, then the workspace root. */
function bodyFolders(options: PlanOptions): string[] {
  return [path.dirname(options.filePath), ...(options.workspaceRoot ? [options.workspaceRoot] : [])];
}

/**
 * Where the URL starts on the request line. The model keeps the line's range, not the target's, so
 * this counts back from the line's end (past ` HTTP/x.y` when written): exact for a target on one
 * line, the line's start for a target continued over several lines.
 */
function urlOrigin(request: RequestBlock, file: string): TextOrigin {
  const line = request.requestLineRange;
  const versionLength = request.httpVersion ? request.httpVersion.length + 1 : 0;
  const start = line.end.character - versionLength - request.url.length;
  return { file, start: { line: line.start.line, character: Math.max(line.start.character, start) } };
}

/** A one-line header's value ends the line (the parser trims it); continued values start at the header. */
function headerValueOrigin(header: RequestBlock['headers'][number], file: string): TextOrigin {
  const { start, end } = header.range;
  const character =
    start.line === end.line
      ? Math.max(start.character, end.character - header.value.length)
      : start.character;
  return { file, start: { line: start.line, character } };
}

function dedupe(problems: readonly PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.severity, problem.message, problem.file, problem.range]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
