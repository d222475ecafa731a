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
import { ReferenceAnalyzer, type ReferenceAnalysis } from '../variables/referenceAnalysis';
import {
  collectVariableSources,
  type FileVariableSources,
  type VariableSourceOptions,
} from '../variables/variableSources';
import { RequestScope, type RunSoFar } from '../variables/variableResolver';
import type { TextOrigin } from '../variables/variableReferences';
import { encodeBasicCredentials, isAuthorizationHeader } from './basicAuth';
import { takeDigestCredentials } from './digestCredentials';
import { takeGraphQlMarker } from './graphQlBody';
import { multipartBoundaryProblem } from './multipartCheck';
import { bodyBytes, templateBodyText } from './requestBody';
import { absoluteUrl } from './requestTarget';
import { messageOf } from '../common/messageOf';
import { hasHeader, headerValue } from '../common/headerFields';

export interface PlanOptions extends VariableSourceOptions {
  /** Request indexes to run (Send one / Send selected). Earlier requests they use are added. */
  only?: number[];
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
}

const FILE_START: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function planRun(parsed: ParsedHttpFile, options: PlanOptions): RunPlan {
  const collected = collectVariableSources(parsed, options);
  const problems: PlanProblem[] = [...collected.environments.problems];
  problems.push(...fileVariablesShadowingEnvironment(parsed, collected, options));

  const analyses = new Map<number, ReferenceAnalysis>();
  for (const request of parsed.requests)
    analyses.set(request.index, analyzeRequest(parsed, request, collected, options));

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

  // Per-run state shared by this plan's specs: what each request sent, for `{{name.request…}}`.
  const sent = new Map<number, PreparedRequest>();
  const inRun: ReadonlySet<number> = included;
  const specs = parsed.requests
    .filter((request) => included.has(request.index))
    .map((request): RequestSpec => {
      const spec: RequestSpec = {
        index: request.index,
        name: request.name ?? `${request.method} ${request.url}`,
        method: request.method,
        displayUrl: request.url,
        dependsOn: [...analyses.get(request.index)!.dependsOn].sort((a, b) => a - b),
        noPipeline: request.noPipeline,
        prepare: async (results) => {
          const prepared = await prepareRequest(parsed, request, collected, options, {
            currentIndex: request.index,
            results,
            sent,
            inRun,
          });
          sent.set(request.index, prepared);
          return prepared;
        },
      };
      if (request.timeoutMs !== undefined) spec.timeoutMs = request.timeoutMs;
      if (request.noRedirect) spec.noRedirect = true;
      if (request.noCookieJar) spec.noCookieJar = true;
      return spec;
    });
  return { specs, problems: dedupe(problems) };
}

function analyzeRequest(
  parsed: ParsedHttpFile,
  request: RequestBlock,
  collected: FileVariableSources,
  options: PlanOptions,
): ReferenceAnalysis {
  const file = options.filePath;
  const analyzer = new ReferenceAnalyzer(collected.sources, request.index);
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
  const requestPlace = formatPosition(display(file), request.requestLineRange.start);
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
    url = absoluteUrl(target, headers);
  } catch (error) {
    throw new Error(`${requestPlace}: ${messageOf(error)}`, {
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
