// Reads the text after `??` into an Assertion:
//   SUBJECT [ARGUMENT] OPERATOR [VALUE]
//   status | duration | header NAME | body | body $.json.path
//   == != < <= > >= contains (includes) exists startsWith endsWith matches /re/flags
// The value is the rest of the line, so it may hold spaces (`contains application/json; charset`).
// Mistakes come back with the columns they cover, so the parser can place a diagnostic exactly.
import {
  ASSERTION_OPERATORS,
  type Assertion,
  type AssertionOperator,
  type AssertionParse,
  type AssertionSubject,
} from './model';
import { messageOf } from '../common/messageOf';

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** An RFC 9110 token, as header names are. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Word operators match regardless of case (`startswith`), and httpYac's `includes` means contains. */
const WORD_OPERATORS = new Map<string, AssertionOperator>([
  ...ASSERTION_OPERATORS.filter((op) => /^[a-z]/i.test(op)).map((op): [string, AssertionOperator] => [
    op.toLowerCase(),
    op,
  ]),
  ['includes', 'contains'],
]);

const NUMERIC = new Set<AssertionOperator>(['<', '<=', '>', '>=']);

export function parseAssertion(text: string): AssertionParse {
  try {
    return { ok: true, assertion: new AssertionReader(text).read() };
  } catch (error) {
    if (error instanceof ParseFailure)
      return { ok: false, message: error.message, start: error.start, end: error.end };
    throw error;
  }
}

class AssertionReader {
  private at = 0;

  constructor(private readonly text: string) {}

  read(): Assertion {
    const subject = this.readSubject();
    const operatorStart = this.skipSpace();
    const operator = this.readOperator(subject);
    const valueStart = this.skipSpace();
    const expected = this.text.slice(valueStart).trimEnd();
    const valueEnd = valueStart + expected.length;
    if (operator === 'exists') {
      if (expected !== '') throw new ParseFailure('`exists` takes no value after it', valueStart, valueEnd);
      return { subject, operator };
    }
    if (expected === '')
      throw new ParseFailure(`\`${operator}\` needs a value after it`, operatorStart, valueStart);
    const assertion: Assertion = { subject, operator, expected };
    const numericSubject = subject.kind === 'status' || subject.kind === 'duration';
    const wantsNumber = NUMERIC.has(operator) || (numericSubject && (operator === '==' || operator === '!='));
    if (wantsNumber && !isNumber(expected)) {
      throw new ParseFailure(
        `\`${operator}\` ${numericSubject ? `compares ${subject.kind} with` : 'needs'} a number, not "${expected}"`,
        valueStart,
        valueEnd,
      );
    }
    if (operator === 'matches') assertion.pattern = this.readPattern(expected, valueStart);
    return assertion;
  }

  private readSubject(): AssertionSubject {
    const start = this.skipSpace();
    const word = /^[A-Za-z]*/.exec(this.text.slice(start))![0];
    this.at = start + word.length;
    switch (word.toLowerCase()) {
      case 'status':
        return { kind: 'status' };
      case 'duration':
        return { kind: 'duration' };
      case 'header': {
        const nameStart = this.skipSpace();
        const name = /^\S*/.exec(this.text.slice(nameStart))![0];
        this.at = nameStart + name.length;
        if (name === '')
          throw new ParseFailure(
            'name the header, e.g. `?? header content-type contains json`',
            start,
            this.at,
          );
        if (!HEADER_NAME.test(name))
          throw new ParseFailure(`"${name}" is not a header name`, nameStart, this.at);
        return { kind: 'header', name };
      }
      case 'body': {
        const pathStart = this.skipSpace();
        if (this.text[pathStart] !== '$') return { kind: 'body' };
        this.at = jsonPathEnd(this.text, pathStart);
        return { kind: 'body', jsonPath: this.text.slice(pathStart, this.at) };
      }
      default: {
        const end = start + (/^\S*/.exec(this.text.slice(start))![0].length || 0);
        const what = this.text.slice(start, end);
        throw new ParseFailure(
          what === ''
            ? 'an assertion needs a subject: status, header NAME, body, body $.path or duration'
            : `"${what}" is not something httpipe can check; use status, header NAME, body, body $.path or duration`,
          start,
          end,
        );
      }
    }
  }

  private readOperator(subject: AssertionSubject): AssertionOperator {
    const rest = this.text.slice(this.at);
    const symbol = /^(==|!=|<=|>=|<|>)/.exec(rest);
    const token = symbol ? symbol[1] : /^\S*/.exec(rest)![0];
    const start = this.at;
    this.at += token.length;
    if (token === '') {
      const about = subject.kind === 'header' ? `header ${subject.name}` : subject.kind;
      throw new ParseFailure(`say what to check about ${about}: ${ASSERTION_OPERATORS.join(' ')}`, 0, start);
    }
    const operator = symbol ? (symbol[1] as AssertionOperator) : WORD_OPERATORS.get(token.toLowerCase());
    if (!operator)
      throw new ParseFailure(
        `"${token}" is not an operator; use one of ${ASSERTION_OPERATORS.join(' ')}`,
        start,
        this.at,
      );
    return operator;
  }

  private readPattern(expected: string, start: number): RegExp {
    const match = /^\/(.*)\/([a-z]*)$/s.exec(expected);
    if (!match)
      throw new ParseFailure(
        '`matches` takes a regular expression between slashes, e.g. /^ok/i',
        start,
        start + expected.length,
      );
    try {
      return new RegExp(match[1], match[2]);
    } catch (error) {
      throw new ParseFailure(
        `not a valid regular expression: ${messageOf(error)}`,
        start,
        start + expected.length,
      );
    }
  }

  /** Moves past whitespace and returns where the next thing starts. */
  private skipSpace(): number {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
    return this.at;
  }
}

export function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/**
 * A JSONPath ends at the first whitespace outside brackets and quotes, so filters with spaces
 * (`$.items[?(@.price < 10)]`) stay whole while `$.id == 3` splits before `==`.
 */
function jsonPathEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  let at = start;
  for (; at < text.length; at++) {
    const char = text[at];
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[' || char === '(') {
      depth++;
    } else if (char === ']' || char === ')') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && /\s/.test(char)) {
      break;
    }
  }
  return at;
}
