// Checks a request's `??` lines against what the request got. Pure: same result and lines in, same
// verdicts out. A line that does not parse, or a request without a response, fails its assertions
// (with the reason) instead of vanishing, so a CI run can never pass on assertions it did not check.
import { isDeepStrictEqual } from 'node:util';
import { queryJsonPath } from '../variables/jsonPath';
import { requestDurationMs } from '../engine/requestExchanges';
import type { RequestResult, ResponseData } from '../engine/types';
import type { Assertion, AssertionLine, AssertionSubject } from '../parser/model';
import { isNumber } from '../parser/parseAssertion';
import type { AssertionResult } from './types';
import { messageOf } from '../common/messageOf';
import { headerList } from '../common/headerFields';

/** Longest `actual` shown: bodies can be megabytes. */
const MAX_ACTUAL_CHARS = 200;

/** What the subject evaluated to; `present: false` for a missing header or a JSONPath without a match. */
interface Observed {
  present: boolean;
  value?: unknown;
  /** Said after the value when it may mislead (a body cut at the in-memory limit). */
  note?: string;
}

export function evaluateAssertions(
  result: RequestResult,
  lines: readonly AssertionLine[],
): AssertionResult[] {
  return lines.map((line) => evaluateLine(result, line));
}

function evaluateLine(result: RequestResult, line: AssertionLine): AssertionResult {
  const base = { line: line.range.start.line + 1, text: line.text, range: line.range };
  const parsed = line.parsed;
  if (!parsed.ok) return { ...base, passed: false, message: `invalid assertion: ${parsed.message}` };
  if (result.outcome !== 'response' || !result.response) {
    const why = result.outcome === 'not-sent' ? 'was not sent' : 'got no response';
    return { ...base, passed: false, message: `not checked: the request ${why}` };
  }
  const assertion = parsed.assertion;
  let observed: Observed;
  try {
    observed = observe(assertion.subject, result, result.response);
  } catch (error) {
    return { ...base, passed: false, message: messageOf(error) };
  }
  const label = subjectLabel(assertion.subject);
  if (!observed.present) {
    const missing =
      assertion.subject.kind === 'header'
        ? `the response has no ${assertion.subject.name} header`
        : `${label} matches nothing`;
    return { ...base, passed: false, message: missing };
  }
  const actual = shorten(textOf(observed.value));
  const verdict = check(assertion, observed.value);
  const note = observed.note ? ` ${observed.note}` : '';
  const shown = assertion.subject.kind === 'duration' ? `${actual} ms` : actual === '' ? '(empty)' : actual;
  const message = verdict.passed
    ? `${label} is ${shown}${note}`
    : `${label} is ${shown}${verdict.why ? ` (${verdict.why})` : ''}, expected ${assertion.operator}${assertion.expected === undefined ? '' : ` ${assertion.expected}`}${note}`;
  return { ...base, passed: verdict.passed, actual, message };
}

function observe(subject: AssertionSubject, result: RequestResult, response: ResponseData): Observed {
  switch (subject.kind) {
    case 'status':
      return { present: true, value: response.status };
    case 'duration':
      return { present: true, value: Math.round((requestDurationMs(result) ?? 0) * 10) / 10 };
    case 'header': {
      const value = headerList(response.headers, subject.name);
      return value !== undefined ? { present: true, value } : { present: false };
    }
    case 'body': {
      const note = response.bodyTruncated
        ? `(only the first ${response.body.length} of ${response.bodyBytes} body bytes were kept)`
        : undefined;
      const text = response.body.toString('utf8');
      if (subject.jsonPath === undefined) return { present: true, value: text, note };
      return { ...pickJson(text, subject.jsonPath), note };
    }
  }
}

/** One match is that value; several are an array of them (so `contains` asks whether any is it). */
function pickJson(text: string, jsonPath: string): Observed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`the body is not JSON, so ${jsonPath} cannot be applied`);
  }
  const matches = queryJsonPath(jsonPath, json);
  if (matches.length === 0) return { present: false };
  return { present: true, value: matches.length === 1 ? matches[0] : matches };
}

interface Verdict {
  passed: boolean;
  why?: string;
}

function check(assertion: Assertion, actual: unknown): Verdict {
  const expected = assertion.expected ?? '';
  switch (assertion.operator) {
    case 'exists':
      return { passed: true };
    case '==':
      return { passed: equals(actual, expected) };
    case '!=':
      return { passed: !equals(actual, expected) };
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compareNumbers(assertion.operator, actual, Number(expected));
    case 'contains':
      return {
        passed: Array.isArray(actual)
          ? actual.some((item) => equals(item, expected))
          : textOf(actual).includes(unquote(expected)),
      };
    case 'startsWith':
      return { passed: textOf(actual).startsWith(unquote(expected)) };
    case 'endsWith':
      return { passed: textOf(actual).endsWith(unquote(expected)) };
    case 'matches':
      // A fresh RegExp per evaluation, so a `g` flag's lastIndex never carries over.
      return { passed: new RegExp(assertion.pattern!.source, assertion.pattern!.flags).test(textOf(actual)) };
  }
}

/**
 * The expected value is written as text: numbers compare as numbers, strings as themselves (quotes
 * optional), anything else by its JSON (`true`, `null`, `[1,2]`, `{"a":1}`).
 */
function equals(actual: unknown, expected: string): boolean {
  if (typeof actual === 'number') return isNumber(expected) && Number(expected) === actual;
  if (typeof actual === 'string') return actual === unquote(expected);
  try {
    return isDeepStrictEqual(actual, JSON.parse(expected));
  } catch {
    return false;
  }
}

function compareNumbers(operator: '<' | '<=' | '>' | '>=', actual: unknown, expected: number): Verdict {
  const value =
    typeof actual === 'number'
      ? actual
      : typeof actual === 'string' && isNumber(actual)
        ? Number(actual)
        : undefined;
  if (value === undefined) return { passed: false, why: 'not a number' };
  const passed =
    operator === '<'
      ? value < expected
      : operator === '<='
        ? value <= expected
        : operator === '>'
          ? value > expected
          : value >= expected;
  return { passed };
}

/** `"a b"` written with quotes means the text inside them. */
function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const inner: unknown = JSON.parse(text);
      if (typeof inner === 'string') return inner;
    } catch {
      // Not a JSON string after all: compare the text as written.
    }
  }
  return text;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_ACTUAL_CHARS ? `${oneLine.slice(0, MAX_ACTUAL_CHARS)}…` : oneLine;
}

function subjectLabel(subject: AssertionSubject): string {
  switch (subject.kind) {
    case 'header':
      return `header ${subject.name}`;
    case 'body':
      return subject.jsonPath === undefined ? 'body' : `body ${subject.jsonPath}`;
    default:
      return subject.kind;
  }
}
