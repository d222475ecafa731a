// Completion candidates by place: `{{` → variables; `# @` → metadata keys; the start of a request
// line → methods; the header lines below a request line → header names, and after `Name:` its values.

import type { Position, RequestBlock, SourceRange } from '../parser/model';
import { isCommentOrSeparator, span, type HttpDocument } from './httpDocument';
import type { LanguageContext } from './languageContext';
import { headerFact, HEADER_FACTS } from './headerCatalog';
import { COMMON_METHODS, methodPurpose } from './methodFacts';
import { SCRIPT_MEMBERS } from '../scripts/scriptApiCatalog';
import { allSystemVariableNames, SYSTEM_VARIABLE_DOCS, systemVariableDoc } from './variableCatalog';

export type CandidateKind =
  | 'method'
  | 'header'
  | 'header-value'
  | 'variable'
  | 'environment-variable'
  | 'system-variable'
  | 'request-reference'
  | 'metadata'
  | 'script-member';

export interface CompletionCandidate {
  label: string;
  insertText: string;
  kind: CandidateKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface CompletionResult {
  candidates: CompletionCandidate[];
  /** The text the chosen candidate replaces: what was typed of it so far. */
  replaceRange: SourceRange;
}

interface MetadataFact {
  key: string;
  doc: string;
  /** Inserted after the key; empty for flags. */
  valueHint: string;
}

const METADATA_FACTS: readonly MetadataFact[] = [
  {
    key: 'name',
    doc: 'Names the request, for the outline and for chaining: `{{login.response.body.$.token}}`.',
    valueHint: ' ',
  },
  {
    key: 'no-pipeline',
    doc: 'Pipelined runs wait for this response before writing the next request (a barrier).',
    valueHint: '',
  },
  {
    key: 'timeout',
    doc: 'Time limit for this request: `500ms`, `5s`, `2m` (a bare number is seconds).',
    valueHint: ' 5s',
  },
  {
    key: 'no-redirect',
    doc: "A 3xx is this request's response: its redirects are not followed (otherwise each one is a hop, up to 10).",
    valueHint: '',
  },
  {
    key: 'no-cookie-jar',
    doc: "This request neither gets cookies from the run's cookie jar nor stores its response's Set-Cookie.",
    valueHint: '',
  },
  {
    key: 'note',
    doc: 'REST Client: ask for confirmation before sending. httpipe keeps it as a comment.',
    valueHint: '',
  },
  {
    key: 'prompt',
    doc: 'REST Client, Kulala: ask for `{{name}}` before sending (input box; CLI: terminal or `--var`). Masked when the name looks secret.',
    valueHint: ' name Description',
  },
  {
    key: 'ref',
    doc: 'httpYac: send the named request first, once per run (a barrier in pipelined mode).',
    valueHint: ' ',
  },
  {
    key: 'forceRef',
    doc: 'httpYac: send the named request again right before this one, every time.',
    valueHint: ' ',
  },
  {
    key: 'loop',
    doc: 'httpYac: send this request `for 3` times, or `for item of list` (a variable holding a JSON array); `{{$index}}` counts from 0.',
    valueHint: ' for 3',
  },
  {
    key: 'import',
    doc: 'httpYac: the named requests of another .http file can be used with `@ref`.',
    valueHint: ' ./other.http',
  },
  {
    key: 'title',
    doc: 'httpYac: the title shown in the outline and the panel.',
    valueHint: ' ',
  },
  {
    key: 'description',
    doc: 'httpYac: a description shown in the outline.',
    valueHint: ' ',
  },
  {
    key: 'disabled',
    doc: 'httpYac: keep the request in the file but never send it.',
    valueHint: '',
  },
];

export function completionsAt(
  document: HttpDocument,
  position: Position,
  context: LanguageContext,
): CompletionResult | undefined {
  const text = document.lines[position.line];
  if (text === undefined) return undefined;
  const before = text.slice(0, position.character);

  const metadata = /^(\s*(?:#|\/\/)\s*@)([\w-]*)$/.exec(before);
  if (metadata)
    return {
      candidates: metadataCandidates(),
      replaceRange: span(position.line, metadata[1].length, position.character),
    };
  const member = scriptMemberCompletion(document, position, before);
  if (member) return member;
  if (isCommentOrSeparator(text)) return undefined;

  const open = before.lastIndexOf('{{');
  if (open >= 0 && !before.slice(open).includes('}}')) {
    const typed = /^\s*%?\s*/.exec(before.slice(open + 2))![0].length + open + 2;
    const closed = /^[^{}\s]*\s*\}\}/.test(text.slice(position.character));
    return {
      candidates: variableCandidates(document, position.line, context).map((c) =>
        closed ? c : { ...c, insertText: `${c.insertText}}}` },
      ),
      replaceRange: span(position.line, typed, position.character),
    };
  }

  const headerOf = requestAboveHeaderLine(document, position.line);
  if (headerOf) {
    const name = /^(\s*)([\w-]*)$/.exec(before);
    if (name)
      return {
        candidates: headerCandidates(headerOf),
        replaceRange: span(position.line, name[1].length, position.character),
      };
    const value = /^\s*([\w-]+)\s*:\s*/.exec(before);
    const fact = value && headerFact(value[1]);
    if (value && fact?.values) {
      // Triggered by the colon itself: keep the usual space after it.
      const space = /\s$/.test(value[0]) ? '' : ' ';
      const candidates = fact.values.map((v): CompletionCandidate => ({
        label: v.value,
        insertText: `${space}${v.value}`,
        kind: 'header-value',
        detail: fact.name,
        ...(v.doc ? { documentation: v.doc } : {}),
      }));
      return { candidates, replaceRange: span(position.line, value[0].length, position.character) };
    }
    return undefined;
  }

  const method = /^(\s*)([A-Za-z]*)$/.exec(before);
  if (method && mayStartRequestLine(document, position.line)) {
    const rest = text.slice(position.character);
    const candidates = COMMON_METHODS.map((m): CompletionCandidate => ({
      label: m,
      insertText: rest === '' ? `${m} ` : m,
      kind: 'method',
      detail: 'HTTP method',
      documentation: methodPurpose(m) ?? '',
    }));
    return { candidates, replaceRange: span(position.line, method[1].length, position.character) };
  }
  return undefined;
}

function metadataCandidates(): CompletionCandidate[] {
  return METADATA_FACTS.map((fact) => ({
    label: fact.key,
    insertText: `${fact.key}${fact.valueHint}`,
    kind: 'metadata',
    detail: `# @${fact.key}`,
    documentation: fact.doc,
  }));
}

function variableCandidates(
  document: HttpDocument,
  line: number,
  context: LanguageContext,
): CompletionCandidate[] {
  const candidates: CompletionCandidate[] = [];
  const seen = new Set<string>();
  // The last definition wins, as in the resolver, so offer its value.
  for (const variable of [...document.parsed.variables].reverse()) {
    if (seen.has(variable.name)) continue;
    seen.add(variable.name);
    candidates.push({
      label: variable.name,
      insertText: variable.name,
      kind: 'variable',
      detail: variable.value,
      documentation: `file variable \`@${variable.name}\` at line ${variable.range.start.line + 1}`,
    });
  }
  for (const definition of context.variables.environments.variables.values()) {
    if (seen.has(definition.name)) continue;
    seen.add(definition.name);
    candidates.push({
      label: definition.name,
      insertText: definition.name,
      kind: 'environment-variable',
      detail: definition.value,
      documentation: definition.source,
    });
  }
  for (const name of allSystemVariableNames()) {
    const insert = SYSTEM_VARIABLE_DOCS.find((d) => d.name === name)?.insert ?? name;
    candidates.push({
      label: name,
      insertText: insert,
      kind: 'system-variable',
      detail: 'dynamic variable',
      documentation: systemVariableDoc(name) ?? 'JetBrains dynamic variable',
    });
  }
  // Only requests above this one have been answered when it is sent.
  const current = document.requestAtLine(line);
  const names = new Set<string>();
  for (const request of document.parsed.requests) {
    if (request.name === undefined || names.has(request.name) || (current && request.index >= current.index))
      continue;
    names.add(request.name);
    for (const [suffix, what] of [
      ['response.body.$', 'a JSONPath into the JSON response body'],
      ['response.body.*', 'the whole response body'],
      ['response.headers.', 'a response header: add its name'],
    ]) {
      const label = `${request.name}.${suffix}`;
      candidates.push({
        label,
        insertText: label,
        kind: 'request-reference',
        detail: `${request.method} ${request.url}`,
        documentation: `${what} of request '${request.name}' (line ${request.requestLineRange.start.line + 1}). The request using it waits for that response: a pipelining barrier.`,
      });
    }
  }
  return candidates;
}

function headerCandidates(request: RequestBlock): CompletionCandidate[] {
  const present = new Set(request.headers.map((h) => h.name.toLowerCase()));
  return HEADER_FACTS.filter((fact) => !present.has(fact.name.toLowerCase())).map((fact) => ({
    label: fact.name,
    insertText: `${fact.name}: `,
    kind: 'header',
    detail: 'request header',
    documentation: fact.doc,
  }));
}

/**
 * The request whose header lines `line` is among: every line between it and the request line is
 * written (headers end at the first blank line). Works while typing, before the line is a header.
 */
function requestAboveHeaderLine(document: HttpDocument, line: number): RequestBlock | undefined {
  if (document.requestWithRequestLine(line)) return undefined;
  for (let above = line - 1; above >= 0; above--) {
    const text = document.lines[above];
    if (text.trim() === '' || /^###/.test(text)) return undefined;
    const request = document.requestWithRequestLine(above);
    if (request) return request;
  }
  return undefined;
}

/** Not inside a request's headers or body; the request line itself may be retyped. */
function mayStartRequestLine(document: HttpDocument, line: number): boolean {
  if (document.requestWithRequestLine(line)) return true;
  return !document.parsed.requests.some(
    (r) => r.requestLineRange.start.line < line && line <= r.range.end.line,
  );
}

/** Inside a script block: the members of `client.`, `response.`, `request.` and their objects. */
function scriptMemberCompletion(
  document: HttpDocument,
  position: Position,
  before: string,
): CompletionResult | undefined {
  const inScript = document.parsed.requests.some((request) =>
    request.scripts.some(
      (script) => script.range.start.line <= position.line && position.line <= script.range.end.line,
    ),
  );
  if (!inScript) return undefined;
  const access = /\b((?:client|response|request)(?:\.\w+)?)\.(\w*)$/.exec(before);
  const members = access && SCRIPT_MEMBERS[access[1]];
  if (!access || !members) return undefined;
  return {
    candidates: members.map((m) => ({
      label: m.name,
      insertText: m.insert,
      kind: 'script-member',
      detail: access[1],
      documentation: m.doc,
    })),
    replaceRange: span(position.line, position.character - access[2].length, position.character),
  };
}
