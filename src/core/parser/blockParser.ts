// Turns one `###` block into at most one request plus the file variables it defines.
//
// A block reads top to bottom in four parts:
//   1. above the request line: blank lines, comments (`#`, `//`, httpYac `/* … */`), `# @key value`
//      metadata, `@var = value` variables, scripts (JetBrains `< {% … %}` / `< file.js`, httpYac
//      `{{ … }}`), httpYac GraphQL `fragment … on …` blocks, JetBrains/Kulala `import` and `run` lines;
//   2. the request line, then its continuation lines (indented — JetBrains; starting with `?`/`&`
//      — REST Client), joined without line breaks;
//   3. headers up to the first blank line; an indented line continues the previous header's value;
//      a line that starts like a body (`{`, `[`, `<`, `"`) starts the body there, as httpYac reads it;
//   4. the body, up to the end of the block, or up to a response handler (`> …`, `>> file`), a
//      httpYac script `{{ … }}` (post-request), or the next request line.
// httpYac starts a request at any request line with an upper-case method, without `###`: such a
// line in the body (with the comment lines right above it) begins the next request, which the file
// parser reads as a request of its own (`restFrom`). A line like `HTTP/1.1 200 OK` after the request line
// is a pasted response: ignored up to the next request line or the block's end.
//
// Comment lines inside a body: REST Client and JetBrains both drop full-line `#` and `//` lines
// even there, and collections rely on that for `// note` lines in JSON. httpipe does the same, so
// files run unmodified, but each dropped line gets an info diagnostic `comment-in-body`: a YAML
// comment or a `#`-line of text that was meant to be sent is then visible in the editor. Only
// whole lines are comments; `"#"` or `// ` later in a line is body text, and so is `###` anywhere
// but at the start of a line. `< file` gives exact bytes when that matters.
//
// `@name = value` lines inside a body define file variables, as in REST Client (which scans the
// whole file for them); they are not sent, and an info diagnostic `variable-in-body` says so.
//
// `?? status == 200` lines are assertions (httpYac): anywhere below the request line — among the
// headers, after the body — they are collected for the request and never sent. A mistake in one
// is an error diagnostic on the exact words.

import type { Block } from './blockSplitter';
import type { DiagnosticSink } from './diagnostics';
import {
  closesBlockComment,
  closesHttpYacScript,
  inlineScriptStart,
  isComment,
  isJsAssertion,
  isPreRequestScript,
  isResponseHandler,
  isResponseStatusLine,
  looksLikeVariable,
  matchAssertion,
  matchFileBody,
  matchImport,
  matchMetadata,
  matchResponseSave,
  matchRun,
  matchVariable,
  opensBlockComment,
  opensGraphQlFragment,
  opensHttpYacScript,
  scriptCloseColumn,
  scriptFilePath,
  separatorName,
  startsRequest,
  type MetadataMatch,
  type RunMatch,
} from './lineKinds';
import {
  contentRange,
  contentRangeOfLines,
  firstContentColumn,
  isBlank,
  position,
  spanOnLine,
  type SourceLine,
} from './lineScanner';
import { assembleBody } from './bodyAssembler';
import { interpretMetadata } from './metadata';
import type {
  AssertionLine,
  FileVariable,
  HeaderLine,
  ImportDirective,
  RequestBlock,
  RequestBody,
  ResponseSave,
  ScriptBlock,
  SourceRange,
} from './model';
import { parseRequestLine, protocolOfVersion, splitHttpVersion, type Span } from './requestLine';

export interface ParsedBlock {
  /** Absent for blocks without a request line (only comments, variables, blank lines). */
  request?: RequestBlock;
  variables: FileVariable[];
  imports: ImportDirective[];
  /** `run` lines above the request line, with their ranges. */
  runs: Array<RunMatch & { range: SourceRange }>;
  /** Where the next request begins in the block, when one follows without `###` (httpYac). */
  restFrom?: number;
  /** Scripts of a block without a request line (httpYac's file-level `{{ }}`): they belong to the next request. */
  scripts: ScriptBlock[];
}

/**
 * Reads the block from line `from` (of its lines); the `###` line names only the request read from 0.
 * `requestIndex`: the number of requests above, which the request (if any) gets as its index.
 */
export function parseBlock(block: Block, sink: DiagnosticSink, from = 0, requestIndex = 0): ParsedBlock {
  return new BlockParser(block, sink, from, requestIndex).parse();
}

/** One line's share of the request target; `line` places its version for diagnostics. */
interface TargetPiece {
  target: Span;
  httpVersion?: Span;
  line: SourceLine;
}

/** JetBrains request types that look like methods but are other protocols. */
const OTHER_PROTOCOLS = new Set(['GRPC', 'WEBSOCKET', 'GRAPHQL']);

/** A header name is an RFC 9110 token, or a `{{variable}}` that becomes one. */
const HEADER_NAME = /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]|\{\{[^{}]*\}\})+$/;

/** `{`, `[`, `<`, `"` cannot start a header; a `{{name}}: value` header can. */
function startsLikeBody(line: SourceLine): boolean {
  const c = line.text.charCodeAt(0);
  if (c !== 0x7b && c !== 0x5b && c !== 0x3c && c !== 0x22) return false; // { [ < "
  return /^[[<"]|^\{(?!\{[^{}]*\}\}[^:]*:)/.test(line.text);
}

/** For a line that is not a header: when it looks like a body, what is missing. */
function bodyHint(line: SourceLine): string {
  return /^[{[<"]/.test(line.text.trim()) ? '; a body needs a blank line above it' : '';
}

/**
 * The list copied into storage of its own length. A list grown by `push` keeps room for 17 items
 * (V8), and the model keeps thousands of short lists for as long as the file is open: 150 bytes
 * each instead of 30, which the garbage collector copies while the model is built.
 */
function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}

class BlockParser {
  private readonly lines: readonly SourceLine[];
  private next = 0;
  private readonly variables: FileVariable[] = [];
  private readonly metadata: MetadataMatch[] = [];
  private readonly assertions: AssertionLine[] = [];
  private readonly scripts: ScriptBlock[] = [];
  private readonly saves: ResponseSave[] = [];
  private readonly imports: ImportDirective[] = [];
  private readonly runs: ParsedBlock['runs'] = [];
  /** Set when the block ends at a request line of the next request. */
  private restFrom?: number;
  /** See nextRequestStartsAt. */
  private noRequestUntil = 0;
  /** First comment or metadata line above the request line that is not above a variable. */
  private firstCommentLine?: SourceLine;
  /** Last line that belongs to the request, for the block's range. */
  private lastRequestLine?: SourceLine;

  private readonly separator?: SourceLine;

  constructor(
    block: Block,
    private readonly sink: DiagnosticSink,
    from: number,
    private readonly requestIndex: number,
  ) {
    this.lines = block.lines;
    this.next = from;
    if (from === 0) this.separator = block.separator;
  }

  parse(): ParsedBlock {
    const requestLine = this.readAboveRequestLine();
    if (!requestLine) return this.withoutRequest(true);
    this.lastRequestLine = requestLine;

    const parts = parseRequestLine(requestLine.text);
    const method = parts.method?.text ?? 'GET';
    if (!parts.target) {
      this.sink.error(
        'request-line-missing-target',
        `${method} needs a URL after it, e.g. \`${method} http://localhost:8080/\``,
        contentRange(requestLine),
      );
    }
    const pieces: TargetPiece[] = [];
    if (parts.target)
      pieces.push({ target: parts.target, httpVersion: parts.httpVersion, line: requestLine });
    this.readTargetContinuations(pieces);
    const url =
      pieces.length === 1 ? pieces[0].target.text : pieces.map((piece) => piece.target.text).join('');
    const httpVersion = this.checkHttpVersion(pieces);
    this.checkTarget(requestLine, url, pieces.length > 1);
    if (parts.method && OTHER_PROTOCOLS.has(parts.method.text)) {
      this.sink.warning(
        'unsupported-request-type',
        `${parts.method.text} requests (JetBrains) are not plain HTTP/1.1; httpipe cannot send them`,
        spanOnLine(requestLine, parts.method.start, parts.method.start + parts.method.text.length),
      );
    }

    // A pasted response moves `next` to the block's end, so what follows it reads nothing.
    const headers = this.readHeaders();
    const body = this.readBody();
    if (!parts.target) return this.withoutRequest(true);

    const meta = interpretMetadata(this.metadata, this.sink);
    this.imports.push(...meta.imports);
    const separatorLabel = this.separator ? separatorName(this.separator) : undefined;
    const name =
      meta.name ?? (separatorLabel ? { name: separatorLabel.name, range: separatorLabel.range } : undefined);
    const request: RequestBlock = {
      index: this.requestIndex,
      method,
      url,
      headers: exactSize(headers),
      metadata: exactSize(meta.lines),
      range: this.blockRange(requestLine, separatorLabel !== undefined),
      requestLineRange: contentRange(requestLine),
      noPipeline: meta.noPipeline,
      scripts: this.scripts,
    };
    if (name) {
      request.name = name.name;
      request.nameRange = name.range;
      request.nameSource = meta.name ? 'metadata' : 'separator';
    }
    if (meta.title !== undefined) request.title = meta.title;
    if (meta.description !== undefined) request.description = meta.description;
    if (meta.disabled) request.disabled = true;
    if (meta.refs.length > 0) request.refs = meta.refs;
    if (meta.loop) request.loop = meta.loop;
    if (meta.prompts.length > 0) request.prompts = meta.prompts;
    if (this.saves.length > 0) request.saves = exactSize(this.saves);
    if (httpVersion) request.httpVersion = httpVersion;
    if (body) request.body = body;
    if (meta.timeoutMs !== undefined) request.timeoutMs = meta.timeoutMs;
    if (meta.noRedirect) request.noRedirect = true;
    if (meta.noCookieJar) request.noCookieJar = true;
    if (this.assertions.length > 0) request.assertions = exactSize(this.assertions);
    const result = this.withoutRequest(false);
    result.request = request;
    result.scripts = [];
    return result;
  }

  /**
   * What the block gives besides its request. `orphanMetadata`: the metadata above found no request
   * to belong to; a `# @import` among it still imports (httpYac writes it in a block of its own).
   */
  private withoutRequest(orphanMetadata: boolean): ParsedBlock {
    if (orphanMetadata)
      for (const match of this.metadata)
        if (match.key === 'import' && match.value !== '')
          this.imports.push({ path: match.value, range: match.range, pathRange: match.valueRange });
    const result: ParsedBlock = {
      variables: this.variables,
      imports: this.imports,
      runs: this.runs,
      scripts: this.scripts,
    };
    if (this.restFrom !== undefined) result.restFrom = this.restFrom;
    return result;
  }

  private readAboveRequestLine(): SourceLine | undefined {
    while (this.next < this.lines.length) {
      const line = this.lines[this.next++];
      if (isBlank(line)) continue;
      if (isResponseStatusLine(line)) {
        this.skipPastedResponse(line, 'a pasted response with no request above it; ignored');
        continue;
      }
      if (matchAssertion(line)) {
        this.sink.error(
          'assertion-above-request-line',
          'an assertion goes below the request line of the request it checks',
          contentRange(line),
        );
        continue;
      }
      if (isComment(line)) {
        const metadata = matchMetadata(line);
        if (metadata) this.metadata.push(metadata);
        this.firstCommentLine ??= line;
      } else if (opensBlockComment(line)) {
        this.skipBlockComment(line);
        this.firstCommentLine ??= line;
      } else if (looksLikeVariable(line)) {
        this.readVariable(line);
        // Comments above a variable describe the variable, not the request below it.
        this.firstCommentLine = undefined;
      } else if (isPreRequestScript(line)) {
        this.readJetBrainsScript(line, 'pre');
      } else if (opensHttpYacScript(line)) {
        this.readHttpYacScript(line, 'pre');
      } else if (opensGraphQlFragment(line)) {
        this.skipGraphQlFragment(line);
      } else if (!this.readDirective(line)) {
        return line;
      }
    }
    return undefined;
  }

  /** `import path` / `run …` lines (JetBrains, Kulala). Returns true when the line was one. */
  private readDirective(line: SourceLine): boolean {
    const imported = matchImport(line);
    if (imported) {
      this.imports.push({ path: imported.path, range: contentRange(line), pathRange: imported.pathRange });
      return true;
    }
    const run = matchRun(line);
    if (!run) return false;
    this.runs.push({ ...run, range: contentRange(line) });
    return true;
  }

  /** `/* … *\/` over one or more lines; the request's comments include it. */
  private skipBlockComment(first: SourceLine): void {
    if (closesBlockComment(first, true)) return;
    while (this.next < this.lines.length) if (closesBlockComment(this.lines[this.next++], false)) return;
  }

  /**
   * `{{` … `}}` on lines of their own (httpYac). `first` (the `{{` line) has been consumed; the text
   * starts with that line's empty share so that its line numbers are the file's (see ScriptBlock).
   */
  private readHttpYacScript(first: SourceLine, phase: ScriptBlock['phase']): void {
    const texts = [''];
    let last = first;
    while (this.next < this.lines.length) {
      const line = this.lines[this.next++];
      last = line;
      if (closesHttpYacScript(line)) {
        this.addScript(phase, 'httpyac', { kind: 'inline', text: texts.join('\n') }, first, line);
        return;
      }
      texts.push(line.text);
    }
    this.sink.error(
      'script-not-closed',
      'this script block has no closing `}}` line',
      contentRangeOfLines(first, last),
    );
  }

  /** httpYac GraphQL fragment above a request: up to the first line that starts with `}`. */
  private skipGraphQlFragment(first: SourceLine): void {
    let last = first;
    while (this.next < this.lines.length) {
      last = this.lines[this.next++];
      if (/^\}/.test(last.text)) break;
    }
    this.sink.info(
      'graphql-fragment-ignored',
      'a GraphQL fragment (httpYac): httpipe does not add it to the queries below; write it into the query',
      contentRangeOfLines(first, last),
    );
  }

  private readVariable(line: SourceLine): void {
    const variable = matchVariable(line);
    if (variable) this.variables.push(variable);
    else
      this.sink.error('invalid-variable', 'a file variable is written `@name = value`', contentRange(line));
  }

  private readTargetContinuations(pieces: TargetPiece[]): void {
    while (this.next < this.lines.length) {
      const line = this.lines[this.next];
      if (isBlank(line)) return;
      // Checked first: an assertion starts with `?` but does not continue the query.
      if (this.readAssertion(line)) {
        this.next++;
        continue;
      }
      if (isComment(line)) {
        this.commentAfterRequestLine(line);
      } else if (/^\s+\S/.test(line.text) || /^[?&]/.test(line.text)) {
        pieces.push({
          ...splitHttpVersion({ text: line.text.trim(), start: firstContentColumn(line) }),
          line,
        });
        this.lastRequestLine = line;
      } else {
        return;
      }
      this.next++;
    }
  }

  private readHeaders(): HeaderLine[] {
    const headers: HeaderLine[] = [];
    while (this.next < this.lines.length) {
      const line = this.lines[this.next];
      if (isBlank(line)) {
        this.next++;
        break;
      }
      if (isResponseStatusLine(line)) {
        this.next++;
        this.skipPastedResponse(
          line,
          'the request ends here: what follows is a pasted response and is ignored',
        );
        break;
      }
      // A `< file` line right below the headers starts the body even without a blank line.
      if (matchFileBody(line)) break;
      if (startsRequest(line)) {
        this.endAtNextRequest(this.next);
        break;
      }
      if (opensHttpYacScript(line)) break;
      if (startsLikeBody(line)) {
        this.sink.info(
          'body-without-blank-line',
          'the body starts here, without a blank line above it (as httpYac reads it)',
          contentRange(line),
        );
        break;
      }
      this.next++;
      if (this.readAssertion(line)) continue;
      if (isComment(line)) {
        this.commentAfterRequestLine(line);
        continue;
      }
      const previous = headers[headers.length - 1];
      if (previous && firstContentColumn(line) > 0) {
        previous.value = previous.value === '' ? line.text.trim() : `${previous.value} ${line.text.trim()}`;
        previous.range = { start: previous.range.start, end: contentRange(line).end };
        this.lastRequestLine = line;
        continue;
      }
      const header = this.readHeader(line);
      if (header) {
        headers.push(header);
        this.lastRequestLine = line;
      }
    }
    return headers;
  }

  private readHeader(line: SourceLine): HeaderLine | undefined {
    const colon = line.text.indexOf(':');
    if (colon < 0) {
      this.sink.error(
        'header-without-colon',
        `"${line.text.trim()}" is not a header: write \`Name: value\`${bodyHint(line)}`,
        contentRange(line),
      );
      return undefined;
    }
    const name = line.text.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) {
      this.sink.error(
        'invalid-header-name',
        `"${name}" is not a valid header name${bodyHint(line)}`,
        contentRange(line),
      );
      return undefined;
    }
    return { name, value: line.text.slice(colon + 1).trim(), range: contentRange(line) };
  }

  private readBody(): RequestBody | undefined {
    const kept: SourceLine[] = [];
    /** After a response handler or save line only more of those (and comments, scripts, assertions) belong here. */
    let afterHandlers = false;
    while (this.next < this.lines.length) {
      const line = this.lines[this.next];
      if (this.nextRequestStartsAt(this.next)) {
        this.endAtNextRequest(this.next);
        break;
      }
      if (isResponseStatusLine(line)) {
        this.next++;
        this.skipPastedResponse(
          line,
          'the request ends here: what follows is a pasted response and is ignored',
        );
        continue;
      }
      this.next++;
      if (this.readAssertion(line)) continue;
      if (isResponseHandler(line)) {
        this.readResponseHandler(line);
        afterHandlers = true;
      } else if (opensHttpYacScript(line)) {
        this.readHttpYacScript(line, 'post');
      } else if (isComment(line)) {
        if (!this.commentAfterRequestLine(line) && !afterHandlers) {
          this.sink.info(
            'comment-in-body',
            'comment line: not sent as part of the body (use `< file` to send it verbatim)',
            contentRange(line),
          );
        }
        this.lastRequestLine = line;
      } else if (matchVariable(line)) {
        this.readVariable(line);
        this.sink.info(
          'variable-in-body',
          'defines a file variable and is not sent as part of the body',
          contentRange(line),
        );
      } else if (afterHandlers) {
        if (!isBlank(line))
          this.sink.warning(
            'text-after-response-handler',
            'text after a response handler is not part of the body; ignored',
            contentRange(line),
          );
      } else {
        kept.push(line);
        if (!isBlank(line)) this.lastRequestLine = line;
      }
    }
    return assembleBody(kept);
  }

  /**
   * Whether the next request begins at `index`: a request line with an upper-case method (httpYac
   * needs no `###`), or the comment lines right above one, which describe it.
   */
  private nextRequestStartsAt(index: number): boolean {
    // Lines before `noRequestUntil` were already scanned up to a line that is no comment and starts
    // no request: the answer for them is no, and scanning again would be quadratic in a comment run.
    if (index < this.noRequestUntil) return false;
    for (let k = index; k < this.lines.length; k++) {
      const line = this.lines[k];
      if (startsRequest(line)) return true;
      if (!isComment(line) || isBlank(line)) {
        this.noRequestUntil = k;
        return false;
      }
    }
    this.noRequestUntil = this.lines.length;
    return false;
  }

  private endAtNextRequest(index: number): void {
    this.restFrom = index;
    this.next = this.lines.length;
  }

  /** `> {% … %}` / `> file.js` (scripts), `>> file` / `>>! file` (save), `<> file` (a stored response to compare). */
  private readResponseHandler(first: SourceLine): void {
    const save = matchResponseSave(first);
    if (save) {
      this.saves.push({ ...save, range: contentRange(first) });
      this.lastRequestLine = first;
      return;
    }
    if (first.text.startsWith('<>')) {
      this.sink.info(
        'response-reference-ignored',
        'httpipe does not compare with stored responses (`<>`); ignored',
        contentRange(first),
      );
      return;
    }
    this.readJetBrainsScript(first, 'post');
  }

  /** Collects a `??` line (and places any mistake in it). Returns true when it was one. */
  private readAssertion(line: SourceLine): boolean {
    const assertion = matchAssertion(line);
    if (!assertion) return false;
    this.assertions.push(assertion);
    this.lastRequestLine = line;
    const parsed = assertion.parsed;
    // `?? js …` is JavaScript, checked by core/scripts like a script.
    if (!parsed.ok && !isJsAssertion(assertion.text)) {
      const column = assertion.textRange.start.character;
      this.sink.error(
        'invalid-assertion',
        parsed.message,
        spanOnLine(line, column + parsed.start, column + parsed.end),
      );
    }
    return true;
  }

  /** Metadata below the request line has no effect; say so. Returns true when it was metadata. */
  private commentAfterRequestLine(line: SourceLine): boolean {
    const metadata = matchMetadata(line);
    if (!metadata) return false;
    this.sink.info(
      'metadata-after-request-line',
      `@${metadata.key} only counts above the request line; here it is a comment`,
      metadata.range,
    );
    return true;
  }

  /** The version written last wins (JetBrains puts it after the last continuation line). */
  private checkHttpVersion(pieces: readonly TargetPiece[]): string | undefined {
    let withVersion: TargetPiece | undefined;
    for (const piece of pieces) if (piece.httpVersion) withVersion = piece;
    if (!withVersion?.httpVersion) return undefined;
    const version = withVersion.httpVersion;
    const span = spanOnLine(withVersion.line, version.start, version.start + version.text.length);
    const protocol = protocolOfVersion(version.text);
    if (protocol === 'h2') {
      this.sink.info('http2-request', 'this request goes over HTTP/2 in every mode', span);
    } else if (!protocol) {
      this.sink.warning(
        'unsupported-http-version',
        `this request asks for ${version.text}; httpipe speaks HTTP/1.1 and HTTP/2, so the run's mode decides`,
        span,
      );
    }
    return version.text;
  }

  /**
   * Catches text that became a request line by accident (body lines below a stray `###`):
   * no URL starts with these characters. A space outside `{{…}}` on a one-line target is likely a
   * mistake; in a target continued over lines (JetBrains, Kulala document `&q=some text`) it is
   * meant, and sent percent-encoded like any other character a URL cannot hold.
   */
  private checkTarget(requestLine: SourceLine, url: string, continued: boolean): void {
    if (/^(?:[}"'<>,;]|\{(?!\{))/.test(url)) {
      this.sink.warning('target-not-a-url', `"${url}" does not look like a URL`, contentRange(requestLine));
    } else if (!continued && /\s/.test(url) && /\s/.test(url.replace(/\{\{.*?\}\}/g, ''))) {
      this.sink.warning(
        'target-contains-space',
        'the URL contains a space; write it as %20',
        contentRange(requestLine),
      );
    }
  }

  /** Ignores a pasted response from `first` (already read) up to the next request line or the block's end. */
  private skipPastedResponse(first: SourceLine, message: string): void {
    let last = first;
    while (this.next < this.lines.length && !startsRequest(this.lines[this.next])) {
      const line = this.lines[this.next++];
      if (!isBlank(line)) last = line;
    }
    this.sink.info('pasted-response', message, contentRangeOfLines(first, last));
  }

  /**
   * `< {% … %}` / `< file.js` above the request line, `> {% … %}` / `> file.js` below it (JetBrains):
   * the inline form (one line or several, up to the line with `%}`) keeps its text from `{%` on, so
   * that its line numbers are the file's (see ScriptBlock). `first` has been consumed.
   */
  private readJetBrainsScript(first: SourceLine, phase: ScriptBlock['phase']): void {
    const start = inlineScriptStart(first);
    if (start < 0) {
      this.addScript(phase, 'jetbrains', { kind: 'file', path: scriptFilePath(first) ?? '' }, first, first);
      return;
    }
    const texts: string[] = [];
    let line = first;
    let from = start;
    for (;;) {
      const close = scriptCloseColumn(line, from);
      if (close >= 0) {
        texts.push(line.text.slice(from, close));
        break;
      }
      texts.push(line.text.slice(from));
      if (this.next >= this.lines.length) {
        this.sink.error(
          'script-not-closed',
          'this script has no closing `%}`',
          contentRangeOfLines(first, line),
        );
        break;
      }
      line = this.lines[this.next++];
      from = 0;
    }
    this.addScript(phase, 'jetbrains', { kind: 'inline', text: texts.join('\n') }, first, line);
  }

  private addScript(
    phase: ScriptBlock['phase'],
    dialect: ScriptBlock['dialect'],
    source: ScriptBlock['source'],
    first: SourceLine,
    last: SourceLine,
  ): void {
    this.scripts.push({ phase, dialect, source, range: contentRangeOfLines(first, last) });
    if (phase === 'post') this.lastRequestLine = last;
  }

  private blockRange(requestLine: SourceLine, separatorNamesRequest: boolean): SourceRange {
    const last = this.lastRequestLine ?? requestLine;
    const end = position(last.index, last.text.length);
    if (separatorNamesRequest && this.separator) return { start: position(this.separator.index, 0), end };
    const first = this.firstCommentLine ?? requestLine;
    return { start: position(first.index, firstContentColumn(first)), end };
  }
}
