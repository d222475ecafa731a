// `httpipe run --junit FILE`: JUnit XML, the format CI systems (GitLab, Jenkins, GitHub test
// reporters, Azure) read. One <testsuite> per .http file, one <testcase> per request, with its
// time (taken up → response end). A request without a response is an <error>; failed `??`
// assertions and a status rejected by --fail-on-status are one <failure> listing each. A file with
// errors gets one more testcase carrying them, so the report fails exactly when the exit code does.
// Each `client.test` / httpYac `test` of a request's scripts is a testcase of its own after the
// request's, and a script error one more (an <error>); `client.log` lines go to the request's output.
import { requestDurationMs } from '../core/engine/requestExchanges';
import type { RequestResult } from '../core/engine/types';
import { describeAssertionFailure, describeFailure, describeRejectedStatus } from './failureReport';
import { fileHasErrors, type FileRun } from './fileRun';

interface Case {
  attributes: Record<string, string>;
  problem?: { element: 'error' | 'failure'; type: string; message: string; details: string[] };
  output: string[];
}

export function renderJunit(runs: readonly FileRun[]): string {
  const suites = runs.map(suiteOf);
  const total = (pick: (suite: Suite) => number): number =>
    suites.reduce((sum, suite) => sum + pick(suite), 0);
  const wallMs = runs.reduce((sum, run) => sum + run.result.wallMs, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({
      name: 'httpipe',
      tests: String(total((s) => s.cases.length)),
      failures: String(total((s) => s.failures)),
      errors: String(total((s) => s.errors)),
      time: seconds(wallMs),
    })}>`,
    ...suites.flatMap(renderSuite),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Suite {
  attributes: Record<string, string>;
  mode: string;
  cases: Case[];
  failures: number;
  errors: number;
}

function suiteOf(run: FileRun): Suite {
  const cases = run.result.requests.flatMap((request) => [
    caseOf(run, request),
    ...scriptCases(run, request),
  ]);
  if (fileHasErrors(run)) cases.push(fileProblemsCase(run));
  const failures = cases.filter((c) => c.problem?.element === 'failure').length;
  const errors = cases.filter((c) => c.problem?.element === 'error').length;
  return {
    attributes: {
      name: run.loaded.file,
      tests: String(cases.length),
      failures: String(failures),
      errors: String(errors),
      skipped: '0',
      time: seconds(run.result.wallMs),
      // JUnit's schema wants the local form without a zone; it is UTC here.
      timestamp: run.startedAt.toISOString().slice(0, 19),
    },
    mode: run.result.mode,
    cases,
    failures,
    errors,
  };
}

function caseOf(run: FileRun, request: RequestResult): Case {
  const { loaded, checks } = run;
  // Request i is at position i (the parser numbers them in file order); a search per request was quadratic.
  const block = loaded.requests[request.index];
  const testcase: Case = {
    attributes: {
      name: `#${request.index + 1} ${request.name}`,
      classname: loaded.file,
      time: seconds(requestDurationMs(request) ?? 0),
      file: loaded.file,
      ...(block ? { line: String(block.requestLineRange.start.line + 1) } : {}),
    },
    output: [
      ...checks.assertions(request.index).map((a) => `${a.passed ? '✓' : '✗'} ${a.text} — ${a.message}`),
      ...(checks.scripts(request.index)?.logs ?? []).map((line) => `log: ${line}`),
    ],
  };
  const place = loaded.placeOfRequest(request.index);
  if (request.outcome !== 'response') {
    const failure = describeFailure(request, place);
    testcase.problem = {
      element: 'error',
      type: request.outcome === 'error' ? request.error.phase : 'not-sent',
      message: failure,
      details: [failure],
    };
    return testcase;
  }
  const details: string[] = [];
  const rule = checks.rejectedBy(request.index);
  if (rule) details.push(describeRejectedStatus(request, rule, place));
  const failed = checks.assertions(request.index).filter((a) => !a.passed);
  for (const assertion of failed)
    details.push(describeAssertionFailure(request, assertion, loaded.placeInFile(assertion.range)));
  if (details.length > 0) {
    const summary = [
      ...(rule ? [`status ${request.response.status} rejected by --fail-on-status ${rule}`] : []),
      ...(failed.length
        ? [`${failed.length} of ${checks.assertions(request.index).length} assertions failed`]
        : []),
    ].join('; ');
    testcase.problem = {
      element: 'failure',
      type: failed.length ? 'assertion' : 'status',
      message: summary,
      details,
    };
  }
  return testcase;
}

function scriptCases(run: FileRun, request: RequestResult): Case[] {
  const scripts = run.checks.scripts(request.index);
  if (!scripts) return [];
  const block = run.loaded.requests[request.index];
  const caseNamed = (name: string): Case => ({
    attributes: {
      name: `#${request.index + 1} ${request.name} › ${name}`,
      classname: run.loaded.file,
      time: seconds(0),
      file: run.loaded.file,
      ...(block ? { line: String(block.requestLineRange.start.line + 1) } : {}),
    },
    output: [],
  });
  const cases = scripts.tests.map((test) => {
    const testcase = caseNamed(test.name);
    if (!test.passed) {
      const message = test.message ?? 'failed';
      testcase.problem = { element: 'failure', type: 'script-test', message, details: [message] };
    }
    return testcase;
  });
  if (scripts.error) {
    const testcase = caseNamed('script');
    const message = `${scripts.error.place}: ${scripts.error.message}`;
    testcase.problem = { element: 'error', type: 'script', message, details: [message] };
    cases.push(testcase);
  }
  return cases;
}

function fileProblemsCase(run: FileRun): Case {
  const errors = run.loaded.problems.filter((p) => p.severity === 'error').map((p) => p.text);
  return {
    attributes: {
      name: 'file has errors',
      classname: run.loaded.file,
      time: seconds(0),
      file: run.loaded.file,
    },
    problem: {
      element: 'error',
      type: 'file',
      message: `${errors.length} error${errors.length === 1 ? '' : 's'} in ${run.loaded.file}`,
      details: errors,
    },
    output: [],
  };
}

function renderSuite(suite: Suite): string[] {
  return [
    `  <testsuite${attributes(suite.attributes)}>`,
    '    <properties>',
    `      <property${attributes({ name: 'mode', value: suite.mode })}/>`,
    '    </properties>',
    ...suite.cases.flatMap(renderCase),
    '  </testsuite>',
  ];
}

function renderCase(testcase: Case): string[] {
  const inner: string[] = [];
  const { problem } = testcase;
  if (problem) {
    inner.push(
      `      <${problem.element}${attributes({ type: problem.type, message: problem.message })}>${text(problem.details.join('\n'))}</${problem.element}>`,
    );
  }
  if (testcase.output.length)
    inner.push(`      <system-out>${text(testcase.output.join('\n'))}</system-out>`);
  const open = `    <testcase${attributes(testcase.attributes)}`;
  return inner.length ? [`${open}>`, ...inner, '    </testcase>'] : [`${open}/>`];
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/**
 * XML 1.0 cannot carry most control characters or unpaired surrogates at all, even escaped: they
 * become U+FFFD. Response text (an `actual` value) may hold anything.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what XML cannot carry
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Attribute values also keep their line breaks and tabs, which parsers would otherwise turn into spaces. */
function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        ` ${name}="${text(value).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')}"`,
    )
    .join('');
}
