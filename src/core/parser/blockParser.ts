// Turns one `###` block into at most one request plus the file variables it defines.
//
// A block reads top to bottom in four parts:
//   1. above the request line: blank lines, comments, `# @key value` metadata, `@var = value`
//      variables, JetBrains pre-request scripts (ignored, with an info diagnostic);
//   2. the request line, then its continuation lines (indented — JetBrains; starting with `?`/`&`
//      — REST Client), joined without line breaks;
//   3. headers up to the first blank line; an indented line continues the previous header's value;
//   4. the body, up to the end of the block.
// A line like `HTTP/1.1 200 OK` after the request line is a pasted response: the request stops there.
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
  closesScript,
  isComment,
  isPreRequestScript,
  isResponseHandler,
  isResponseStatusLine,
  looksLikeVariable,
  matchAssertion,
  matchFileBody,
  matchMetadata,
  matchVariable,
  opensUnclosedScript,
  separatorName,
  type MetadataMatch,
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
  RequestBlock,
  RequestBody,
  SourceRange,
} from './model';
import { isBeyondHttp1, parseRequestLine, splitHttpVersion, type Span } from './requestLine';

export interface ParsedBlock {
  /** Absent for blocks without a request line (only comments, variables, blank lines). */
  request?: Omit<RequestBlock, 'index'>;
  variables: FileVariable[];
}

export function parseBlock(block: Block, sink: DiagnosticSink): ParsedBlock {
  return new BlockParser(block, sink).parse();
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

class BlockParser {
  private readonly lines: readonly SourceLine[];
  private next = 0;
  private readonly variables: FileVariable[] = [];
  private readonly metadata: MetadataMatch[] = [];
  private readonly assertions: AssertionLine[] = [];
  /** First comment or metadata line above the request line that is not above a variable. */
  private firstCommentLine?: SourceLine;
  /** Last line that belongs to the request, for the block's range. */
  private lastRequestLine?: SourceLine;

  constructor(
    private readonly block: Block,
    private readonly sink: DiagnosticSink,
  ) {
    this.lines = block.lines;
  }

  parse(): ParsedBlock {
    const requestLine = this.readAboveRequestLine();
    if (!requestLine) return { variables: this.variables };
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
    const pieces: TargetPiece[] = parts.target ? [{ ...parts, target: parts.target, line: requestLine }] : [];
    this.readTargetContinuations(pieces);
    const url = pieces.map((piece) => piece.target.text).join('');
    const httpVersion = this.checkHttpVersion(pieces);
    this.checkTarget(requestLine, url);
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
    if (!parts.target) return { variables: this.variables };

    const meta = interpretMetadata(this.metadata, this.sink);
    const separatorLabel = this.block.separator ? separatorName(this.block.separator) : undefined;
    const name =
      meta.name ?? (separatorLabel ? { name: separatorLabel.name, range: separatorLabel.range } : undefined);
    const request: Omit<RequestBlock, 'index'> = {
      method,
      url,
      headers,
      metadata: meta.lines,
      range: this.blockRange(requestLine, separatorLabel !== undefined),
      requestLineRange: contentRange(requestLine),
      noPipeline: meta.noPipeline,
    };
    if (name) {
      request.name = name.name;
      request.nameRange = name.range;
    }
    if (httpVersion) request.httpVersion = httpVersion;
    if (body) request.body = body;
    if (meta.timeoutMs !== undefined) request.timeoutMs = meta.timeoutMs;
    if (meta.noRedirect) request.noRedirect = true;
    if (meta.noCookieJar) request.noCookieJar = true;
    if (this.assertions.length > 0) request.assertions = this.assertions;
    return { request, variables: this.variables };
  }

  private readAboveRequestLine(): SourceLine | undefined {
    while (this.next < this.lines.length) {
      const line = this.lines[this.next++];
      if (isBlank(line)) continue;
      if (isResponseStatusLine(line)) {
        this.skipPastedResponse(line, 'a pasted response with no request above it; ignored');
        return undefined;
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
      } else if (looksLikeVariable(line)) {
        this.readVariable(line);
        // Comments above a variable describe the variable, not the request below it.
        this.firstCommentLine = undefined;
      } else if (isPreRequestScript(line)) {
        this.skipPreRequestScript(line);
      } else {
        return line;
      }
    }
    return undefined;
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
        this.skipPastedResponse(
          line,
          'the request ends here: what follows is a pasted response and is ignored',
        );
        break;
      }
      // A `< file` line right below the headers starts the body even without a blank line.
      if (matchFileBody(line)) break;
      this.next++;
      if (this.readAssertion(line)) continue;
      if (isComment(line)) {
        this.commentAfterRequestLine(line);
        continue;
      }
      const previous = headers[headers.length - 1];
      if (/^\s/.test(line.text) && previous) {
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
    const text = line.text.trim();
    const hint = /^[{[<"]/.test(text) ? '; a body needs a blank line above it' : '';
    if (colon < 0) {
      this.sink.error(
        'header-without-colon',
        `"${text}" is not a header: write \`Name: value\`${hint}`,
        contentRange(line),
      );
      return undefined;
    }
    const name = line.text.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) {
      this.sink.error(
        'invalid-header-name',
        `"${name}" is not a valid header name${hint}`,
        contentRange(line),
      );
      return undefined;
    }
    return { name, value: line.text.slice(colon + 1).trim(), range: contentRange(line) };
  }

  private readBody(): RequestBody | undefined {
    const kept: SourceLine[] = [];
    while (this.next < this.lines.length) {
      const line = this.lines[this.next];
      if (isResponseStatusLine(line)) {
        this.skipPastedResponse(
          line,
          'the request ends here: what follows is a pasted response and is ignored',
        );
        break;
      }
      if (isResponseHandler(line)) {
        this.skipToBlockEnd(
          line,
          'response-handler-ignored',
          'httpipe does not run response handlers or save responses; ignored',
        );
        break;
      }
      this.next++;
      if (this.readAssertion(line)) continue;
      if (isComment(line)) {
        if (!this.commentAfterRequestLine(line)) {
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
      } else {
        kept.push(line);
        if (!isBlank(line)) this.lastRequestLine = line;
      }
    }
    return assembleBody(kept);
  }

  /** Collects a `??` line (and places any mistake in it). Returns true when it was one. */
  private readAssertion(line: SourceLine): boolean {
    const assertion = matchAssertion(line);
    if (!assertion) return false;
    this.assertions.push(assertion);
    this.lastRequestLine = line;
    const parsed = assertion.parsed;
    if (!parsed.ok) {
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
    const withVersion = [...pieces].reverse().find((piece) => piece.httpVersion);
    if (!withVersion?.httpVersion) return undefined;
    const version = withVersion.httpVersion;
    if (isBeyondHttp1(version.text)) {
      this.sink.warning(
        'http2-not-pipelinable',
        `this request asks for ${version.text}; httpipe speaks HTTP/1.1 only`,
        spanOnLine(withVersion.line, version.start, version.start + version.text.length),
      );
    }
    return version.text;
  }

  /**
   * Catches text that became a request line by accident (body lines below a stray `###`):
   * no URL starts with these characters. Spaces outside `{{…}}` cannot be sent either.
   */
  private checkTarget(requestLine: SourceLine, url: string): void {
    if (/^(?:[}"'<>,;]|\{(?!\{))/.test(url)) {
      this.sink.warning('target-not-a-url', `"${url}" does not look like a URL`, contentRange(requestLine));
    } else if (/\s/.test(url.replace(/\{\{.*?\}\}/g, ''))) {
      this.sink.warning(
        'target-contains-space',
        'the URL contains a space; write it as %20',
        contentRange(requestLine),
      );
    }
  }

  private skipPastedResponse(line: SourceLine, message: string): void {
    this.skipToBlockEnd(line, 'pasted-response', message);
  }

  /** Ignores the rest of the block from `first`, with one info diagnostic over it. */
  private skipToBlockEnd(first: SourceLine, code: string, message: string): void {
    let last = first;
    for (const line of this.lines.slice(this.next)) if (!isBlank(line)) last = line;
    this.next = this.lines.length;
    this.sink.info(code, message, contentRangeOfLines(first, last));
  }

  /** Skips a script line, and the lines up to its closing `%}` when it is an inline multi-line script. */
  private skipPreRequestScript(first: SourceLine): void {
    let last = first;
    if (opensUnclosedScript(first)) {
      while (this.next < this.lines.length) {
        last = this.lines[this.next++];
        if (closesScript(last)) break;
      }
    }
    this.sink.info(
      'pre-request-script-ignored',
      'httpipe does not run pre-request scripts; this one is ignored',
      contentRangeOfLines(first, last),
    );
  }

  private blockRange(requestLine: SourceLine, separatorNamesRequest: boolean): SourceRange {
    const last = this.lastRequestLine ?? requestLine;
    const end = position(last.index, last.text.length);
    if (separatorNamesRequest && this.block.separator)
      return { start: position(this.block.separator.index, 0), end };
    const first = this.firstCommentLine ?? requestLine;
    return { start: position(first.index, firstContentColumn(first)), end };
  }
}
