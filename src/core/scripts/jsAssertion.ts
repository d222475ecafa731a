// httpYac's `?? js <expression> [operator value]`: the expression is JavaScript evaluated in the
// sandbox with the response in scope, compared with the value the way httpYac does (loosely, as
// text); without an operator the expression must be truthy. Each such line runs as a test of the
// request's response handlers, named by its text; the plain `??` checker leaves these lines alone.

import type { AssertionLine } from '../parser/model';

const OPERATORS = [
  '===',
  '!==',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  'contains',
  'includes',
  'startsWith',
  'endsWith',
  'matches',
  'exists',
  'isTrue',
  'isFalse',
];

/** The test's code, on one line so an error in it is placed on the `??` line. */
export function jsAssertionCode(assertion: AssertionLine, resolve: (text: string) => string): string {
  const text = resolve(assertion.text.replace(/^js\s*/, ''));
  const split = splitOperator(text);
  const expression = split ? split.expression : text;
  const expected = split ? JSON.stringify(split.value) : 'undefined';
  const check = split ? comparison(split.operator) : 'Boolean(actual)';
  return (
    `test(${JSON.stringify(assertion.text)}, () => { const actual = (${expression}); const expected = ${expected}; ` +
    `if (!(${check})) throw new Error('got ' + (typeof actual === 'string' ? actual : JSON.stringify(actual))); });`
  );
}

function splitOperator(text: string): { expression: string; operator: string; value: string } | undefined {
  let best: { at: number; operator: string } | undefined;
  for (const operator of OPERATORS) {
    const match = new RegExp(`\\s${operator.replace(/[<>=!]/g, '\\$&')}(?:\\s|$)`).exec(text);
    if (match && (!best || match.index < best.at)) best = { at: match.index, operator };
  }
  if (!best) return undefined;
  return {
    expression: text.slice(0, best.at).trim(),
    operator: best.operator,
    value: text.slice(best.at + 1 + best.operator.length).trim(),
  };
}

function comparison(operator: string): string {
  switch (operator) {
    case '===':
    case '==':
      return 'String(actual) === expected';
    case '!==':
    case '!=':
      return 'String(actual) !== expected';
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `Number(actual) ${operator} Number(expected)`;
    case 'contains':
    case 'includes':
      return 'String(actual).includes(expected)';
    case 'startsWith':
      return 'String(actual).startsWith(expected)';
    case 'endsWith':
      return 'String(actual).endsWith(expected)';
    case 'matches':
      return 'new RegExp(expected).test(String(actual))';
    case 'exists':
      return 'actual !== undefined && actual !== null';
    case 'isTrue':
      return 'actual === true';
    default:
      return 'actual === false';
  }
}
