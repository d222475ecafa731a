// Problems and explanations that need more than syntax: references that cannot be resolved, and
// where pipelining will stop (RFC 9112 §9.3.2) — so a person sees before running why a pipelined
// run waits. Same shape as the parser's diagnostics, with their own codes.
//
// Severities: an unknown request name is an error (no environment can fix it); an unknown plain
// variable is a warning, because it may come from an environment that is not selected or from the
// CLI's `--var`; the pipelining notes are info.

import type { ParseDiagnostic, RequestBlock, SourceRange } from '../parser/model';
import { isIdempotent } from '../engine/idempotency';
import { requestSetVariables } from '../variables/requestSetVariables';
import { findVariableReferences } from '../variables/variableReferences';
import type { VariableDefinition } from '../variables/variableDefinition';
import type { HttpDocument, ReferenceOccurrence } from './httpDocument';
import type { LanguageContext } from './languageContext';
import { classifyReference } from './variableCatalog';

export const SEMANTIC_CODES = {
  emptyReference: 'empty-reference',
  unknownVariable: 'unknown-variable',
  unknownSystemVariable: 'unknown-system-variable',
  untrustedEnvironmentAccess: 'untrusted-environment-access',
  unknownRequest: 'unknown-request',
  requestNotAnsweredYet: 'request-not-answered-yet',
  responseBarrier: 'response-barrier',
  nonIdempotentBarrier: 'non-idempotent-barrier',
  noPipelineBarrier: 'no-pipeline-barrier',
  bodyWithoutMeaning: 'body-without-meaning',
  scriptVariable: 'script-variable',
  scriptProblem: 'script-problem',
} as const;

export function collectSemanticDiagnostics(
  document: HttpDocument,
  context: LanguageContext,
): ParseDiagnostic[] {
  const diagnostics: ParseDiagnostic[] = [];
  for (const occurrence of document.references)
    for (const diagnostic of referenceDiagnostics(occurrence, document, context))
      diagnostics.push(diagnostic);
  const requests = document.parsed.requests;
  for (const request of requests)
    for (const diagnostic of requestDiagnosticsOf(request, requests.length)) diagnostics.push(diagnostic);
  for (const problem of context.scripts.problems())
    diagnostics.push({
      severity: 'error',
      code: SEMANTIC_CODES.scriptProblem,
      message: problem.message,
      range: problem.range,
    });
  return diagnostics.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** Each request's own variables, worked out once per request object (unchanged requests survive edits). */
const setVariables = new WeakMap<RequestBlock, readonly string[]>();

function setVariablesOf(request: RequestBlock): readonly string[] {
  let names = setVariables.get(request);
  if (!names) setVariables.set(request, (names = requestSetVariables(request)));
  return names;
}

function referenceDiagnostics(
  occurrence: ReferenceOccurrence,
  document: HttpDocument,
  context: LanguageContext,
): ParseDiagnostic[] {
  const request =
    occurrence.requestIndex === undefined ? undefined : document.parsed.requests[occurrence.requestIndex];
  if (request && setVariablesOf(request).includes(occurrence.expression.trim())) return [];
  const at = (severity: ParseDiagnostic['severity'], code: string, message: string): ParseDiagnostic[] => [
    { severity, code, message, range: occurrence.range },
  ];
  const kind = classifyReference(occurrence.expression, context.variables);
  switch (kind.kind) {
    case 'empty':
      return at(
        'error',
        SEMANTIC_CODES.emptyReference,
        'empty variable reference: write a name between the braces',
      );
    case 'unknown-system':
      return at(
        'warning',
        SEMANTIC_CODES.unknownSystemVariable,
        `${kind.name} is not a known dynamic variable (e.g. $guid, $timestamp, $randomInt, $datetime, $processEnv, $dotenv)`,
      );
    case 'system':
      if (
        (kind.name === '$processEnv' || kind.name === '$dotenv') &&
        !context.variables.sources.environmentAccess.allowed
      ) {
        return at(
          'warning',
          SEMANTIC_CODES.untrustedEnvironmentAccess,
          `{{${occurrence.expression}}} will not be resolved: this workspace is not trusted, and ${kind.name} could leak secrets to the requests of an unknown file`,
        );
      }
      return [];
    case 'unknown': {
      const scripted = context.scripts.scriptedName(
        kind.name,
        occurrence.requestIndex ?? Number.MAX_SAFE_INTEGER,
        false,
      );
      if (scripted?.defined) {
        if (scripted.waits.length === 0 || occurrence.requestIndex === undefined) return [];
        const reasons = scripted.waits.map((wait) => wait.reason.replace(/^uses `[^`]*`, /, '')).join('; ');
        return at(
          'info',
          SEMANTIC_CODES.scriptVariable,
          `{{${occurrence.expression}}} is ${reasons}: this request is sent only after that response and its handler, so in pipelined mode the pipeline waits here (a barrier)`,
        );
      }
      return at(
        'warning',
        SEMANTIC_CODES.unknownVariable,
        `variable "${kind.name}" is not defined: not a file variable, not ${environmentPhrase(context)}, not a dynamic $ variable, not set by a script, and not a named request's response`,
      );
    }
    case 'unknown-request':
      return at(
        'error',
        SEMANTIC_CODES.unknownRequest,
        `there is no request named '${kind.reference.requestName}' in this file (${namedRequestsPhrase(document)})`,
      );
    case 'request':
      return requestReferenceNotes(occurrence, request, kind.index, kind.reference.requestName, document);
    case 'variable':
      return requestReadDiagnostics(
        occurrence,
        requestsReadThrough(kind.definition, context),
        document,
        `@${kind.definition.name}`,
      );
  }
}

/**
 * `{{name.response…}}` notes, kept with their occurrence: after an edit, the occurrences on lines it
 * left alone are the previous version's objects (HttpDocument), and a big file has one of these in
 * most requests. They stay right while the occurrence's request (whose prompts and loop variables
 * count), the request read and that request's line are the same.
 */
const requestReadNotes = new WeakMap<
  ReferenceOccurrence,
  { request: RequestBlock | undefined; index: number; line: number; notes: ParseDiagnostic[] }
>();

function requestReferenceNotes(
  occurrence: ReferenceOccurrence,
  request: RequestBlock | undefined,
  index: number,
  name: string,
  document: HttpDocument,
): ParseDiagnostic[] {
  const line = document.parsed.requests[index].requestLineRange.start.line;
  const known = requestReadNotes.get(occurrence);
  if (known && known.request === request && known.index === index && known.line === line) return known.notes;
  const notes = requestReadDiagnostics(occurrence, [{ index, name }], document);
  requestReadNotes.set(occurrence, { request, index, line, notes });
  return notes;
}

interface ReadRequest {
  index: number;
  name: string;
}

/** A request that reads another request's exchange waits for it; one that comes later cannot be read. */
function requestReadDiagnostics(
  occurrence: ReferenceOccurrence,
  reads: readonly ReadRequest[],
  document: HttpDocument,
  through?: string,
): ParseDiagnostic[] {
  const current = occurrence.requestIndex;
  if (current === undefined) return []; // a file variable's value: its users get the notes
  const via = through ? ` through ${through}` : '';
  return reads.map(({ index, name }): ParseDiagnostic => {
    if (index >= current) {
      const why = index === current ? 'is this request itself' : 'comes after this one';
      return {
        severity: 'error',
        code: SEMANTIC_CODES.requestNotAnsweredYet,
        message: `request '${name}' ${why}, so it has not been answered when this request is sent${via}`,
        range: occurrence.range,
      };
    }
    const line = document.parsed.requests[index].requestLineRange.start.line + 1;
    return {
      severity: 'info',
      code: SEMANTIC_CODES.responseBarrier,
      message: `reads the exchange of '${name}' (line ${line})${via}: this request is sent only after that response has arrived, so in pipelined mode the pipeline waits here (a barrier)`,
      range: occurrence.range,
    };
  });
}

/** Requests whose exchange a variable's value reads, directly or through other variables. */
function requestsReadThrough(
  definition: VariableDefinition,
  context: LanguageContext,
  seen?: Set<VariableDefinition>,
): ReadRequest[] {
  // Most values are literal: no set is made for them (the editor asks for every reference on every edit).
  if (definition.literal || seen?.has(definition)) return [];
  seen ??= new Set();
  seen.add(definition);
  const reads: ReadRequest[] = [];
  for (const reference of findVariableReferences(definition.value)) {
    const kind = classifyReference(reference.expression, context.variables);
    if (kind.kind === 'request') reads.push({ index: kind.index, name: kind.reference.requestName });
    else if (kind.kind === 'variable') reads.push(...requestsReadThrough(kind.definition, context, seen));
  }
  return reads.filter((read, k) => reads.findIndex((other) => other.index === read.index) === k);
}

/**
 * A request's own notes depend on the request and on whether any follows it. After an edit the
 * parser hands back the very objects of the requests the edit left alone (core/parser/blockMemo), so
 * their notes are kept with them instead of being written again for every request of the file.
 */
const requestNotes = new WeakMap<RequestBlock, { hasFollowers: boolean; notes: ParseDiagnostic[] }>();

function requestDiagnosticsOf(request: RequestBlock, requestCount: number): ParseDiagnostic[] {
  const hasFollowers = request.index < requestCount - 1;
  const known = requestNotes.get(request);
  if (known?.hasFollowers === hasFollowers) return known.notes;
  const notes = requestDiagnostics(request, hasFollowers);
  requestNotes.set(request, { hasFollowers, notes });
  return notes;
}

function requestDiagnostics(request: RequestBlock, hasFollowers: boolean): ParseDiagnostic[] {
  const diagnostics: ParseDiagnostic[] = [];
  const method = request.method;
  if (request.body && (method === 'GET' || method === 'HEAD')) {
    diagnostics.push(
      info(
        SEMANTIC_CODES.bodyWithoutMeaning,
        `a body on ${method} has no defined meaning (RFC 9110 §9.3.${method === 'GET' ? 1 : 2}): servers may ignore it or reject the request; it is sent anyway`,
        request.body.range,
      ),
    );
  }
  if (hasFollowers && !isIdempotent(method)) {
    const before =
      request.index > 0 ? `; it is itself written only after the responses to the requests before it` : '';
    diagnostics.push(
      info(
        SEMANTIC_CODES.nonIdempotentBarrier,
        `In pipelined mode, requests after this ${method} wait for its response (RFC 9112 §9.3.2)${before}`,
        request.requestLineRange,
      ),
    );
  } else if (hasFollowers && request.noPipeline) {
    diagnostics.push(
      info(
        SEMANTIC_CODES.noPipelineBarrier,
        'In pipelined mode, requests after this one wait for its response (@no-pipeline)',
        request.requestLineRange,
      ),
    );
  }
  return diagnostics;
}

function environmentPhrase(context: LanguageContext): string {
  if (context.environment !== undefined) return `in environment "${context.environment}"`;
  const names = context.variables.environments.names;
  return names.length > 0
    ? `in $shared (no environment is selected; defined: ${names.join(', ')})`
    : 'in an environment';
}

function namedRequestsPhrase(document: HttpDocument): string {
  const names = document.parsed.requests.flatMap((request) =>
    request.name === undefined ? [] : [`'${request.name}'`],
  );
  return names.length > 0
    ? `named requests: ${[...new Set(names)].join(', ')}`
    : 'no request has a name: add `# @name login` above one';
}

function info(code: string, message: string, range: SourceRange): ParseDiagnostic {
  return { severity: 'info', code, message, range };
}
