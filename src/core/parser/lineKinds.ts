// Recognisers for the kinds of line a .http file has. Each looks at one line only; which kinds are
// allowed where (above the request line, among headers, in a body) is decided by the block parser.
//
// The parser asks several of these about every line of a file, on every edit. So each one first
// checks the character its kind must start with (a comparison, no allocation) and runs its regex
// only on lines that pass: a 55,000-line file would otherwise run about ten regexes per line.

import { contentRange, firstContentColumn, spanOnLine, type SourceLine } from './lineScanner';
import type { AssertionLine, SourceRange } from './model';
import { parseAssertion } from './parseAssertion';

/** The character codes the recognisers test first. */
const CHAR = {
  hash: 0x23,
  slash: 0x2f,
  star: 0x2a,
  question: 0x3f,
  less: 0x3c,
  greater: 0x3e,
  at: 0x40,
  openBrace: 0x7b,
  closeBrace: 0x7d,
} as const;

/** The character code where the line's content starts (NaN for a blank line). */
function firstContentCode(line: SourceLine): number {
  return line.text.charCodeAt(firstContentColumn(line));
}

/** `###` at the start of a line ends the previous request; text after it names the next one. */
export function isSeparator(line: SourceLine): boolean {
  return line.text.startsWith('###');
}

/** The name written after `###` (extra `#`s are decoration), with its range. */
export function separatorName(line: SourceLine): { name: string; range: SourceRange } | undefined {
  const match = /^#{3,}\s*(.*?)\s*$/.exec(line.text);
  if (!match || match[1] === '') return undefined;
  const start = line.text.indexOf(match[1], 3);
  return { name: match[1], range: spanOnLine(line, start, start + match[1].length) };
}

/** Full-line `#` or `//` comment, indentation allowed. */
export function isComment(line: SourceLine): boolean {
  const start = firstContentColumn(line);
  const c = line.text.charCodeAt(start);
  return c === CHAR.hash || (c === CHAR.slash && line.text.charCodeAt(start + 1) === CHAR.slash);
}

export interface MetadataMatch {
  key: string;
  value: string;
  /** The whole comment line without surrounding whitespace. */
  range: SourceRange;
  /** The value alone; an empty range after the key when there is no value. */
  valueRange: SourceRange;
}

/** `# @key value`, `// @key value`, `# @key = value`. */
export function matchMetadata(line: SourceLine): MetadataMatch | undefined {
  if (!line.text.includes('@') || !isComment(line)) return undefined;
  const match = /^(\s*(?:#|\/\/)\s*@([A-Za-z][\w.-]*))(?:\s*=\s*|\s+|$)(.*?)\s*$/.exec(line.text);
  if (!match) return undefined;
  const value = match[3];
  // The value is the last thing on the line, so it ends where the trimmed line ends.
  const valueStart = value === '' ? match[1].length : line.text.trimEnd().length - value.length;
  return {
    key: match[2],
    value,
    range: contentRange(line),
    valueRange: spanOnLine(line, valueStart, valueStart + value.length),
  };
}

/** A line that starts like a file variable definition (`@name ...`). */
export function looksLikeVariable(line: SourceLine): boolean {
  return firstContentCode(line) === CHAR.at;
}

export interface VariableMatch {
  name: string;
  value: string;
  range: SourceRange;
  nameRange: SourceRange;
}

/** `@name = value`: the value is everything after `=`, trimmed. */
export function matchVariable(line: SourceLine): VariableMatch | undefined {
  if (!looksLikeVariable(line)) return undefined;
  const match = /^\s*@([A-Za-z_$][\w$.-]*)\s*=\s*(.*?)\s*$/.exec(line.text);
  if (!match) return undefined;
  const nameStart = firstContentColumn(line) + 1;
  return {
    name: match[1],
    value: match[2],
    range: contentRange(line),
    nameRange: spanOnLine(line, nameStart, nameStart + match[1].length),
  };
}

/** `HTTP/1.1 200 OK` and the like: a response pasted below a request. */
export function isResponseStatusLine(line: SourceLine): boolean {
  const c = line.text.charCodeAt(0) | 0x20; // 'H' or 'h'
  return c === 0x68 && /^HTTP\/\d+(?:\.\d+)?\s+\d{3}(?:\s|$)/i.test(line.text);
}

export interface FileBodyMatch {
  path: string;
  substituteVariables: boolean;
  encoding?: string;
}

/** `< path` (raw bytes), `<@ path` (substitute variables), `<@latin1 path` (with an encoding). */
export function matchFileBody(line: SourceLine): FileBodyMatch | undefined {
  if (line.text.charCodeAt(0) !== CHAR.less) return undefined;
  const match = /^<(@([\w-]+)?)?\s+(.+?)\s*$/.exec(line.text);
  if (!match) return undefined;
  const result: FileBodyMatch = { path: match[3], substituteVariables: match[1] !== undefined };
  if (match[2] !== undefined) result.encoding = match[2];
  return result;
}

/** `< {% ... %}` or `< script.js` above a request line: a JetBrains pre-request script. */
export function isPreRequestScript(line: SourceLine): boolean {
  if (line.text.charCodeAt(0) !== CHAR.less) return false;
  return /^<\s/.test(line.text) || /^<\s*\{%/.test(line.text);
}

/** `> {% ... %}`, `> handler.js`, `>> file`, `>>! file`, `<> file` below a body. */
export function isResponseHandler(line: SourceLine): boolean {
  const c = line.text.charCodeAt(0);
  if (c !== CHAR.greater && c !== CHAR.less) return false;
  return /^(>>!?|<>|>)\s/.test(line.text) || /^>\s*\{%/.test(line.text);
}

/** `>> path` / `>>! path`: save the response body (JetBrains, Kulala, httpYac). */
export function matchResponseSave(line: SourceLine): { path: string; overwrite: boolean } | undefined {
  const match = /^>>(!?)\s+(.+?)\s*$/.exec(line.text);
  return match ? { path: match[2], overwrite: match[1] === '!' } : undefined;
}

/** `< path` / `> path` naming a script file (JetBrains); the inline `{% … %}` form is not a path. */
export function scriptFilePath(line: SourceLine): string | undefined {
  const match = /^[<>]\s+(?!\{%)(.+?)\s*$/.exec(line.text);
  return match?.[1];
}

/** `{{` alone on its line (httpYac, optionally `{{+` / `{{@event`) opens a script block closed by `}}`. */
export function opensHttpYacScript(line: SourceLine): boolean {
  if (firstContentCode(line) !== CHAR.openBrace) return false;
  return /^\s*\{\{(?:[+@]?[\w-]*)\s*$/.test(line.text);
}

export function closesHttpYacScript(line: SourceLine): boolean {
  if (firstContentCode(line) !== CHAR.closeBrace) return false;
  return /^\s*\}\}\s*$/.test(line.text);
}

/** `/*` at the start of a line opens a block comment (httpYac) that ends with the line holding `*\/`. */
export function opensBlockComment(line: SourceLine): boolean {
  const start = firstContentColumn(line);
  return line.text.charCodeAt(start) === CHAR.slash && line.text.charCodeAt(start + 1) === CHAR.star;
}

export function closesBlockComment(line: SourceLine, isFirst: boolean): boolean {
  return (isFirst ? line.text.replace(/^\s*\/\*/, '') : line.text).includes('*/');
}

/** `fragment Name on Type {` (httpYac): a GraphQL fragment written above a request, up to its closing `}`. */
export function opensGraphQlFragment(line: SourceLine): boolean {
  if (!line.text.startsWith('fragment')) return false;
  return /^fragment\s+\w+\s+on\s+\w+\s*\{?\s*$/.test(line.text);
}

/** Request line methods httpYac knows; written in upper case they start a new request even without `###`. */
const HTTPYAC_METHODS = new Set([
  ...['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE', 'QUERY'],
  ...['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'CHECKOUT', 'CHECKIN'],
  ...['REPORT', 'MERGE', 'MKACTIVITY', 'MKWORKSPACE', 'VERSION-CONTROL', 'BASELINE-CONTROL'],
]);

/** `GET /path`: an upper-case method, a space and a target, at the start of the line. */
export function startsRequest(line: SourceLine): boolean {
  const c = line.text.charCodeAt(0);
  if (!(c >= 0x41 && c <= 0x5a)) return false; // A-Z
  const match = /^([A-Z][A-Z-]*)[ \t]+\S/.exec(line.text);
  return match !== null && HTTPYAC_METHODS.has(match[1]);
}

export interface ImportMatch {
  path: string;
  pathRange: SourceRange;
}

/** `import ./other.http` (JetBrains, Kulala). */
export function matchImport(line: SourceLine): ImportMatch | undefined {
  if (firstContentCode(line) !== 0x69) return undefined; // 'i'
  const match = /^(\s*import\s+)(\S.*?)\s*$/.exec(line.text);
  if (!match) return undefined;
  const start = match[1].length;
  return { path: match[2], pathRange: spanOnLine(line, start, start + match[2].length) };
}

export interface RunMatch {
  target: { kind: 'file'; path: string } | { kind: 'request'; name: string };
  targetRange: SourceRange;
  /** The `(@a=1, @b=2)` text without parentheses, when written. */
  overrides?: { text: string; range: SourceRange };
}

/** `run ./other.http`, `run #name`, either with `(@var=value, …)` after it (JetBrains, Kulala). */
export function matchRun(line: SourceLine): RunMatch | undefined {
  if (firstContentCode(line) !== 0x72) return undefined; // 'r'
  const match = /^(\s*run\s+)(#\s*)?(.*?)\s*(?:\(([^()]*)\))?\s*$/.exec(line.text);
  if (!match || match[3] === '') return undefined;
  const start = match[1].length + (match[2]?.length ?? 0);
  const targetRange = spanOnLine(line, start, start + match[3].length);
  const result: RunMatch = {
    target: match[2] ? { kind: 'request', name: match[3] } : { kind: 'file', path: match[3] },
    targetRange,
  };
  if (match[4] !== undefined) {
    const open = line.text.lastIndexOf('(');
    result.overrides = { text: match[4], range: spanOnLine(line, open + 1, open + 1 + match[4].length) };
  }
  return result;
}

/** Where an inline JetBrains script's text starts on its first line (after `{%`); -1 for a file script. */
export function inlineScriptStart(line: SourceLine): number {
  const open = /^[<>]\s*\{%/.exec(line.text);
  return open ? open[0].length : -1;
}

/** Where an inline script's closing `%}` is on a line at or after column `from`; -1 when absent. */
export function scriptCloseColumn(line: SourceLine, from = 0): number {
  return line.text.indexOf('%}', from);
}

/** `?? js …` (httpYac): JavaScript, checked in the script sandbox (core/scripts), not a plain assertion. */
export function isJsAssertion(text: string): boolean {
  return /^js(?:\s|$)/.test(text);
}

/**
 * `?? status == 200`: an assertion (httpYac). `??` and a space cannot start a URL continuation
 * (`?a=1`) or a header, so the line is never mistaken for one.
 */
export function matchAssertion(line: SourceLine): AssertionLine | undefined {
  const start = firstContentColumn(line);
  if (line.text.charCodeAt(start) !== CHAR.question || line.text.charCodeAt(start + 1) !== CHAR.question)
    return undefined;
  const match = /^(\s*\?\?)(?:\s+|$)(.*?)\s*$/.exec(line.text);
  if (!match) return undefined;
  const textStart = match[2] === '' ? match[1].length : line.text.trimEnd().length - match[2].length;
  return {
    text: match[2],
    parsed: parseAssertion(match[2]),
    range: contentRange(line),
    textRange: spanOnLine(line, textStart, textStart + match[2].length),
  };
}
