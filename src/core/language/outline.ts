// The outline (document symbols) and folding ranges of a .http file, from the parser's model.

import type { ParsedHttpFile, RequestBlock, SourceRange } from '../parser/model';
import { isCommentOrSeparator, type HttpDocument } from './httpDocument';

export interface OutlineSymbol {
  kind: 'request' | 'variable';
  /** The request's @title or name, or `METHOD url` when it has none; `@name` for a variable. */
  name: string;
  /** `METHOD url` under a named request (and its @description); the value of a variable. */
  detail: string;
  /** The whole request block or variable line. */
  range: SourceRange;
  /** What the editor selects: the request's name or line, the variable's name. Inside `range`. */
  selectionRange: SourceRange;
}

/**
 * Each request's symbol, kept with the request: after an edit the requests it left alone are the
 * previous version's objects (the parser's block memo), and their symbols are the same.
 */
const requestSymbols = new WeakMap<RequestBlock, OutlineSymbol>();

/** Requests and file variables, in file order. */
export function outlineSymbols(parsed: ParsedHttpFile): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = parsed.requests.map((request) => {
    let symbol = requestSymbols.get(request);
    if (!symbol) requestSymbols.set(request, (symbol = requestSymbol(request)));
    return symbol;
  });
  for (const variable of parsed.variables) {
    symbols.push({
      kind: 'variable',
      name: `@${variable.name}`,
      detail: variable.value,
      range: variable.range,
      selectionRange: variable.nameRange,
    });
  }
  return symbols.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

function requestSymbol(request: RequestBlock): OutlineSymbol {
  const line = `${request.method} ${request.url}`;
  const selectionRange = request.nameRange ?? request.requestLineRange;
  // httpYac's @title is what the request is called for people; @description goes beside it.
  const name = request.title ?? request.name;
  const detail = [name === undefined ? '' : line, request.description ?? '']
    .filter((part) => part)
    .join(' — ');
  return {
    kind: 'request',
    name: name ?? line,
    detail,
    // `# @name x` above a variable line lies outside the block's range; the editor needs it inside.
    range: union(request.range, selectionRange),
    selectionRange,
  };
}

export interface FoldingSpan {
  /** 0-based first line, which stays visible. */
  startLine: number;
  endLine: number;
  kind: 'request' | 'script' | 'comment';
}

/**
 * One range per request block, per script of several lines (JetBrains `{% %}`, httpYac `{{ }}`), per
 * httpYac `/* … *\/` comment and per run of two or more comment lines. A block folds from
 * where the parser starts it (a naming `### name` line, else its first comment line, else the
 * request line), so the line left visible names the request. `###` lines are not comments here.
 */
export function foldingSpans(document: HttpDocument): FoldingSpan[] {
  const spans: FoldingSpan[] = [];
  for (const request of document.parsed.requests) {
    const { start, end } = request.range;
    if (end.line > start.line) spans.push({ startLine: start.line, endLine: end.line, kind: 'request' });
    for (const script of request.scripts) {
      const lines = script.range;
      if (lines.end.line > lines.start.line)
        spans.push({ startLine: lines.start.line, endLine: lines.end.line, kind: 'script' });
    }
  }
  spans.push(...blockCommentSpans(document.lines));
  let runStart: number | undefined;
  const lines = document.lines;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    const inRun = isCommentOrSeparator(text) && !text.startsWith('###');
    if (inRun && runStart === undefined) runStart = line;
    if (!inRun && runStart !== undefined) {
      if (line - 1 > runStart) spans.push({ startLine: runStart, endLine: line - 1, kind: 'comment' });
      runStart = undefined;
    }
  }
  const last = document.lines.length - 1;
  if (runStart !== undefined && last > runStart)
    spans.push({ startLine: runStart, endLine: last, kind: 'comment' });
  return spans.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** `/*` at a line's start up to the line with `*\/` (httpYac). */
function blockCommentSpans(lines: readonly string[]): FoldingSpan[] {
  const spans: FoldingSpan[] = [];
  for (let line = 0; line < lines.length; line++) {
    if (
      !lines[line].includes('/*') ||
      !/^\s*\/\*/.test(lines[line]) ||
      lines[line].includes('*/', lines[line].indexOf('/*') + 2)
    )
      continue;
    const end = lines.findIndex((text, k) => k > line && text.includes('*/'));
    if (end < 0) break;
    spans.push({ startLine: line, endLine: end, kind: 'comment' });
    line = end;
  }
  return spans;
}

function union(a: SourceRange, b: SourceRange): SourceRange {
  const before = (x: SourceRange['start'], y: SourceRange['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return { start: before(b.start, a.start) ? b.start : a.start, end: before(a.end, b.end) ? b.end : a.end };
}
