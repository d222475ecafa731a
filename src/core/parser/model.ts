// The parsed shape of a .http file. Pure data: the parser produces it, the variable resolver,
// the engine adapter, the CLI and the editor features read it. Positions are 0-based (like VS Code
// and LSP); `formatPosition` turns them into the 1-based `file:line:col` people read.

export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem found while parsing, with its place; the parser never throws on bad input. */
export interface ParseDiagnostic {
  severity: Severity;
  /** Stable identifier, e.g. `header-without-colon`, for tests and quick fixes. */
  code: string;
  message: string;
  range: SourceRange;
}

/** `@name = value` at file level. The value is raw: `{{…}}` references are resolved later. */
export interface FileVariable {
  name: string;
  value: string;
  range: SourceRange;
  /** Range of the name alone, for go-to-definition. */
  nameRange: SourceRange;
}

/** A `# @key value` / `// @key value` line above the request line. */
export interface MetadataLine {
  key: string;
  /** Empty string when the line has no value (`# @no-pipeline`). */
  value: string;
  range: SourceRange;
}

export interface HeaderLine {
  name: string;
  /** Raw value; may hold `{{…}}` references. Continuation lines are already joined. */
  value: string;
  range: SourceRange;
}

/** What part of the exchange an assertion looks at. */
export type AssertionSubject =
  | { kind: 'status' }
  /** ms from the request being taken up until its final response ended, hops included. */
  | { kind: 'duration' }
  | { kind: 'header'; name: string }
  /** The whole body as UTF-8 text, or the value a JSONPath (`$.id`) picks from a JSON body. */
  | { kind: 'body'; jsonPath?: string };

export const ASSERTION_OPERATORS = [
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'exists',
  'startsWith',
  'endsWith',
  'matches',
] as const;

export type AssertionOperator = (typeof ASSERTION_OPERATORS)[number];

export interface Assertion {
  subject: AssertionSubject;
  operator: AssertionOperator;
  /** The text after the operator, trimmed; absent for `exists`. */
  expected?: string;
  /** For `matches /re/flags`. */
  pattern?: RegExp;
}

export type AssertionParse =
  | { ok: true; assertion: Assertion }
  /** `start`/`end`: columns in the assertion text (not the line). */
  | { ok: false; message: string; start: number; end: number };

/** A `?? status == 200` line under a request (httpYac's assertions); checked by core/assertions. */
export interface AssertionLine {
  /** What follows `??`, trimmed. */
  text: string;
  /** `text` read once, by the parser (which reports a mistake as a diagnostic); the run checks it. */
  parsed: AssertionParse;
  /** The whole `?? …` line without surrounding whitespace. */
  range: SourceRange;
  /** Where `text` is, so a mistake in it can be placed exactly. */
  textRange: SourceRange;
}

/** `< path` (raw bytes), `<@ path` (variables substituted), `<@latin1 path` (encoding). */
export interface FileReference {
  path: string;
  substituteVariables: boolean;
  encoding?: string;
  range: SourceRange;
}

/**
 * One piece of an inline body that has `< path` lines in it (a multipart form with file parts):
 * consecutive text lines (their own endings kept between them), or one `< path` line.
 */
export type BodyPart =
  { kind: 'text'; text: string; range: SourceRange } | ({ kind: 'file' } & FileReference);

export type RequestBody =
  /**
   * Text written in the file; surrounding blank lines trimmed, line endings as in the file.
   * `parts` (added later, optional) is set only when some lines of a longer body are `< path`
   * lines: the body is then those parts joined by line breaks, each file read in place of its line;
   * `text` still holds every line as written.
   */
  | { kind: 'inline'; text: string; range: SourceRange; parts?: BodyPart[] }
  /** A body that is a single `< path` line. */
  | ({ kind: 'file' } & FileReference);

/**
 * A script attached to a request: JetBrains `< {% … %}` / `< file.js` (pre) and `> {% … %}` /
 * `> file.js` (post), httpYac `{{ … }}` blocks (pre above the request line, post below it; a
 * file-level block, in a block without a request, belongs to the next request). Inline text starts on
 * `range.start.line` (the rest of that line after `{%`, empty for a `{{` line), so line N of the text
 * is file line start + N - 1. core/scripts runs them.
 */
export interface ScriptBlock {
  phase: 'pre' | 'post';
  dialect: 'jetbrains' | 'httpyac';
  source: { kind: 'inline'; text: string } | { kind: 'file'; path: string };
  range: SourceRange;
}

/** `# @ref name` (run it first, once per run) or `# @forceRef name` (before this request, every time). */
export interface RequestRef {
  name: string;
  force: boolean;
  range: SourceRange;
}

/** `# @loop for 3` or `# @loop for item of list` (httpYac): the request is sent once per round. */
export type RequestLoop =
  | { kind: 'count'; count: number; range: SourceRange }
  | { kind: 'each'; variable: string; list: string; range: SourceRange };

/** `# @prompt name [description]` (REST Client, Kulala): the value is asked for before sending. */
export interface PromptVariable {
  name: string;
  description?: string;
  range: SourceRange;
}

/** `>> path` / `>>! path` (JetBrains, Kulala, httpYac) below a request: save the response body. */
export interface ResponseSave {
  path: string;
  /** `>>!`: replace the file; `>>` picks a free name (`file-1.json`) when it exists. */
  overwrite: boolean;
  range: SourceRange;
}

/** `import ./other.http` (JetBrains, Kulala) or `# @import ./other.http` (httpYac). */
export interface ImportDirective {
  path: string;
  range: SourceRange;
  /** Range of the path alone, for go-to-definition. */
  pathRange: SourceRange;
}

/**
 * `run ./other.http` / `run #name` with optional `(@var=value, …)` overrides (JetBrains, Kulala):
 * at this point of the file, send the other file's requests or the named request.
 */
export interface RunDirective {
  target: { kind: 'file'; path: string } | { kind: 'request'; name: string };
  overrides: Record<string, string>;
  range: SourceRange;
  /** Range of the path or name alone, for go-to-definition. */
  targetRange: SourceRange;
  /** Index of the request of the same block, which the directive runs before; absent when the block has none. */
  beforeRequest?: number;
  /** Number of file requests written above the directive: where it runs in a whole-file run. */
  afterRequests: number;
}

export interface RequestBlock {
  /** 0-based position among the file's requests. */
  index: number;
  /** From `# @name x`, `// @name x`, or the text after `###`; `@name` wins when both exist. */
  name?: string;
  /** Where `name` is written (the `@name` value or the text after `###`), for go-to-definition. */
  nameRange?: SourceRange;
  /** Method as written, upper-cased; `GET` when the line has none. */
  method: string;
  /** Target as written (continuation lines joined), `{{…}}` unresolved. */
  url: string;
  /** `HTTP/1.1` etc. when written on the request line. */
  httpVersion?: string;
  headers: HeaderLine[];
  body?: RequestBody;
  metadata: MetadataLine[];
  /** Lines from the first metadata/comment line of the block through its last body line. */
  range: SourceRange;
  /** The request line (first line of it when the URL continues); CodeLens sits here. */
  requestLineRange: SourceRange;
  /** `# @no-pipeline`: the scheduler treats this request as a barrier. */
  noPipeline: boolean;
  /** `# @no-redirect`: a 3xx is the final response. Absent when not set. */
  noRedirect?: true;
  /** `# @no-cookie-jar`: the run's cookie jar neither adds cookies to this request nor stores its Set-Cookie. Absent when not set. */
  noCookieJar?: true;
  /** `# @timeout 5s` / `500ms` / `2m`, in milliseconds. */
  timeoutMs?: number;
  /** `?? …` lines below the request line, in file order; never sent. Absent when there are none. */
  assertions?: AssertionLine[];
  /** Scripts of this request, in file order (see ScriptBlock); never sent. */
  scripts: ScriptBlock[];
  /** Where `name` comes from: `@name` must be unique in a file, `###` titles may repeat. */
  nameSource?: 'metadata' | 'separator';
  /** `# @title` (httpYac): shown instead of the name in the outline and the panel. */
  title?: string;
  /** `# @description` (httpYac): shown in the outline. */
  description?: string;
  /** `# @disabled` (httpYac): kept in the file, never sent. */
  disabled?: true;
  /** `# @ref` / `# @forceRef` lines, in file order. */
  refs?: RequestRef[];
  loop?: RequestLoop;
  prompts?: PromptVariable[];
  saves?: ResponseSave[];
}

export interface ParsedHttpFile {
  requests: RequestBlock[];
  variables: FileVariable[];
  /** `import` / `# @import` directives, in file order. */
  imports: ImportDirective[];
  /** `run` directives, in file order. */
  runs: RunDirective[];
  diagnostics: ParseDiagnostic[];
  /** The file's dominant line ending; bodies keep what the file has. */
  lineEnding: '\n' | '\r\n';
}

/** `file:line:col` with 1-based line and column, the form editors and terminals make clickable. */
export function formatPosition(file: string, position: Position): string {
  return `${file}:${position.line + 1}:${position.character + 1}`;
}
