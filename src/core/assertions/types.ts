// Assertions written under a request (`?? status == 200`, httpYac's syntax): what a parsed one
// looks like, and the result of checking one against a response. AssertionResult is plain JSON-safe
// data, so the CLI prints it and the extension can post it to the webview as it is.
import type { SourceRange } from '../parser/model';

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

export interface AssertionResult {
  /** 1-based line of the `??` line, as editors and terminals show it. */
  line: number;
  /** The assertion as written after `??`. */
  text: string;
  passed: boolean;
  /** What the response had, shortened for display; absent when there was nothing to look at. */
  actual?: string;
  /** One sentence: what was found (passed) or why it failed. */
  message: string;
  /** The whole `?? …` line, 0-based like every range of the parsed file. */
  range: SourceRange;
}
