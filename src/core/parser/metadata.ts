// Gives meaning to the `# @key value` lines above a request line: @name, @no-pipeline and @timeout are
// httpipe's, @no-redirect is REST Client's and @no-cookie-jar JetBrains' (httpipe follows redirects and
// has a cookie jar too); @prompt is REST Client's and Kulala's; @title, @description, @disabled, @ref,
// @forceRef, @loop and @import are httpYac's. Every other key is kept in `metadata` with an info
// diagnostic saying it has no effect in httpipe, so nothing a file asks for is silently ignored.

import type { DiagnosticSink } from './diagnostics';
import type { MetadataMatch } from './lineKinds';
import type {
  ImportDirective,
  MetadataLine,
  PromptVariable,
  RequestLoop,
  RequestRef,
  SourceRange,
} from './model';

export interface RequestMetadata {
  lines: MetadataLine[];
  name?: { name: string; range: SourceRange };
  noPipeline: boolean;
  noRedirect: boolean;
  noCookieJar: boolean;
  timeoutMs?: number;
  title?: string;
  description?: string;
  disabled: boolean;
  refs: RequestRef[];
  loop?: RequestLoop;
  prompts: PromptVariable[];
  imports: ImportDirective[];
}

/** The keys that are switches, and the field each one sets. */
const FLAGS = {
  'no-pipeline': 'noPipeline',
  'no-redirect': 'noRedirect',
  'no-cookie-jar': 'noCookieJar',
} as const satisfies Record<string, keyof RequestMetadata>;

/** Keys other tools define that httpipe accepts without acting on them; each gets an info diagnostic. */
const WITHOUT_EFFECT: Record<string, string> = {
  note: 'httpipe sends without asking for confirmation',
};

export function interpretMetadata(matches: readonly MetadataMatch[], sink: DiagnosticSink): RequestMetadata {
  const result: RequestMetadata = {
    lines: [],
    noPipeline: false,
    noRedirect: false,
    noCookieJar: false,
    disabled: false,
    refs: [],
    prompts: [],
    imports: [],
  };
  for (const match of matches) {
    result.lines.push({ key: match.key, value: match.value, range: match.range });
    switch (match.key) {
      case 'name':
        if (match.value === '') {
          sink.warning('invalid-metadata', '@name needs a value, e.g. `# @name login`', match.range);
        } else if (result.name) {
          sink.warning(
            'multiple-names',
            `this request is already named "${result.name.name}"; the first @name is used`,
            match.valueRange,
          );
        } else {
          result.name = { name: match.value, range: match.valueRange };
        }
        break;
      case 'no-pipeline':
      case 'no-redirect':
      case 'no-cookie-jar':
        // Set even when a value follows: the user clearly asked for it (a barrier, no redirects, no jar).
        result[FLAGS[match.key]] = true;
        if (match.value !== '') {
          sink.warning('invalid-metadata', `@${match.key} takes no value`, match.valueRange);
        }
        break;
      case 'timeout':
        applyTimeout(match, result, sink);
        break;
      case 'title':
        result.title = match.value;
        break;
      case 'description':
        result.description = result.description ? `${result.description}\n${match.value}` : match.value;
        break;
      case 'disabled':
        result.disabled = match.value === '' || match.value === 'true';
        break;
      case 'ref':
      case 'forceRef':
        applyRef(match, result, sink);
        break;
      case 'loop':
        applyLoop(match, result, sink);
        break;
      case 'prompt':
        applyPrompt(match, result, sink);
        break;
      case 'import':
        if (match.value === '') sink.warning('invalid-metadata', '@import needs a path', match.range);
        else result.imports.push({ path: match.value, range: match.range, pathRange: match.valueRange });
        break;
      default:
        sink.info(
          'metadata-without-effect',
          `@${match.key} has no effect in httpipe${WITHOUT_EFFECT[match.key] ? `: ${WITHOUT_EFFECT[match.key]}` : ''}`,
          match.range,
        );
    }
  }
  return result;
}

function applyRef(match: MetadataMatch, result: RequestMetadata, sink: DiagnosticSink): void {
  const name = match.value.trim();
  if (name === '') {
    sink.warning(
      'invalid-metadata',
      `@${match.key} needs the name of a request, e.g. \`# @${match.key} login\``,
      match.range,
    );
    return;
  }
  result.refs.push({ name, force: match.key === 'forceRef', range: match.valueRange });
}

/** `for 3`, `for item of list`; httpYac's `while …` needs its JavaScript, which httpipe does not run. */
function applyLoop(match: MetadataMatch, result: RequestMetadata, sink: DiagnosticSink): void {
  const count = /^for\s+(\d+)$/.exec(match.value);
  const each = /^for\s+(?:const\s+|let\s+)?([A-Za-z_$][\w$]*)\s+of\s+(\S.*)$/.exec(match.value);
  if (count && Number(count[1]) > 0)
    result.loop = { kind: 'count', count: Number(count[1]), range: match.valueRange };
  else if (each) result.loop = { kind: 'each', variable: each[1], list: each[2], range: match.valueRange };
  else
    sink.warning(
      'invalid-metadata',
      `@loop "${match.value}" is not supported: write \`for 3\` or \`for item of list\` (list: a variable holding a JSON array)`,
      match.value === '' ? match.range : match.valueRange,
    );
}

/** `# @prompt name [description]` (REST Client, Kulala). */
function applyPrompt(match: MetadataMatch, result: RequestMetadata, sink: DiagnosticSink): void {
  const prompt = /^([A-Za-z_$][\w$.-]*)(?:\s+(.*))?$/.exec(match.value);
  if (!prompt) {
    sink.warning(
      'invalid-metadata',
      '@prompt needs a variable name, e.g. `# @prompt password Your password`',
      match.range,
    );
    return;
  }
  const variable: PromptVariable = { name: prompt[1], range: match.valueRange };
  if (prompt[2]) variable.description = prompt[2];
  result.prompts.push(variable);
}

function applyTimeout(match: MetadataMatch, result: RequestMetadata, sink: DiagnosticSink): void {
  const timeout = parseTimeout(match.value);
  if (timeout === undefined) {
    sink.warning(
      'invalid-metadata',
      `@timeout "${match.value}" is not a duration; write e.g. 500ms, 5s or 2m`,
      match.value === '' ? match.range : match.valueRange,
    );
    return;
  }
  result.timeoutMs = timeout.ms;
  if (!timeout.unitWritten) {
    sink.info(
      'timeout-unit-assumed',
      `@timeout ${match.value} is read as seconds (as the JetBrains client does); write ${match.value}s or ${match.value}ms to be explicit`,
      match.valueRange,
    );
  }
}

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * `500ms`, `5s`, `2m`, `1.5s`, `2 m`; a bare number means seconds (JetBrains' unit; httpYac reads
 * milliseconds, which is why the caller says so in a diagnostic). Zero or negative is invalid.
 */
export function parseTimeout(text: string): { ms: number; unitWritten: boolean } | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]?.toLowerCase();
  const ms = Math.round(Number(match[1]) * MS_PER_UNIT[unit ?? 's']);
  if (ms <= 0) return undefined;
  return { ms, unitWritten: unit !== undefined };
}
