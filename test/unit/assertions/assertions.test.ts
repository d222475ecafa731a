import assert from 'node:assert/strict';
import { assertRun } from '../../../src/core/assertions/assertRun';
import { evaluateAssertions } from '../../../src/core/assertions/evaluateAssertions';
import { parseAssertion } from '../../../src/core/parser/parseAssertion';
import type { AssertionResult } from '../../../src/core/assertions/types';
import type { RequestResult, ResponseData, ResponseResult } from '../../../src/core/engine/types';
import { okResponse } from '../../support/responseFixture';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import type { AssertionLine } from '../../../src/core/parser/model';

/** An AssertionLine as the parser makes it for `?? text` on `line` (0-based). */
function lineOf(text: string, line = 0): AssertionLine {
  return {
    text,
    parsed: parseAssertion(text),
    range: { start: { line, character: 0 }, end: { line, character: text.length + 3 } },
    textRange: { start: { line, character: 3 }, end: { line, character: text.length + 3 } },
  };
}

function answered(
  response: Partial<ResponseData> = {},
  timings = { startMs: 10, endMs: 130 },
): ResponseResult {
  const body = response.body ?? Buffer.alloc(0);
  return {
    index: 0,
    name: 'r',
    method: 'GET',
    url: 'http://127.0.0.1:1/',
    outcome: 'response',
    response: { ...okResponse(body), ...response, body },
    reused: false,
    retried: false,
    waits: [],
    timings,
  };
}

function json(value: unknown): Partial<ResponseData> {
  return { headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(value)) };
}

function check(result: RequestResult, ...texts: string[]): AssertionResult[] {
  return evaluateAssertions(
    result,
    texts.map((text, i) => lineOf(text, i)),
  );
}

function verdicts(result: RequestResult, ...texts: string[]): boolean[] {
  return check(result, ...texts).map((r) => r.passed);
}

describe('assertions: parsing `??` lines', () => {
  it('reads subject, operator and the rest of the line as the value', () => {
    assert.deepEqual(parseAssertion('status == 200'), {
      ok: true,
      assertion: { subject: { kind: 'status' }, operator: '==', expected: '200' },
    });
    assert.deepEqual(parseAssertion('header Content-Type contains application/json; charset=utf-8'), {
      ok: true,
      assertion: {
        subject: { kind: 'header', name: 'Content-Type' },
        operator: 'contains',
        expected: 'application/json; charset=utf-8',
      },
    });
    assert.deepEqual(parseAssertion('body $.id exists'), {
      ok: true,
      assertion: { subject: { kind: 'body', jsonPath: '$.id' }, operator: 'exists' },
    });
    assert.deepEqual(parseAssertion('body contains ok'), {
      ok: true,
      assertion: { subject: { kind: 'body' }, operator: 'contains', expected: 'ok' },
    });
  });

  it('keeps JSONPath filters with spaces whole, and needs no spaces around symbol operators', () => {
    const filter = parseAssertion("body $.items[?(@.price < 10 && @.name == 'a b')] exists");
    assert.ok(filter.ok);
    assert.deepEqual(filter.assertion.subject, {
      kind: 'body',
      jsonPath: "$.items[?(@.price < 10 && @.name == 'a b')]",
    });
    const tight = parseAssertion('status>=200');
    assert.ok(tight.ok);
    assert.deepEqual([tight.assertion.operator, tight.assertion.expected], ['>=', '200']);
  });

  it("takes word operators in any case, and httpYac's includes for contains", () => {
    const cases: Array<[string, string]> = [
      ['body STARTSWITH {', 'startsWith'],
      ['body includes x', 'contains'],
      ['header a endswith b', 'endsWith'],
    ];
    for (const [text, operator] of cases) {
      const parsed = parseAssertion(text);
      assert.ok(parsed.ok, text);
      assert.equal(parsed.assertion.operator, operator);
    }
  });

  it('places each mistake on the words that are wrong', () => {
    const cases: Array<[string, RegExp, number, number]> = [
      ['js response.ok', /"js" is not something httpipe can check/, 0, 2],
      ['status', /say what to check about status/, 0, 6],
      ['status is 200', /"is" is not an operator/, 7, 9],
      ['header x-id exists yes', /`exists` takes no value/, 19, 22],
      ['status ==', /`==` needs a value/, 7, 9],
      ['duration < fast', /compares duration with a number, not "fast"/, 11, 15],
      ['body $.n > many', /needs a number, not "many"/, 11, 15],
      ['body matches ok', /between slashes/, 13, 15],
      ['body matches /(/', /not a valid regular expression/, 13, 16],
      ['header', /name the header/, 0, 6],
      ['header a:b exists', /"a:b" is not a header name/, 7, 10],
      ['', /needs a subject/, 0, 0],
    ];
    for (const [text, message, start, end] of cases) {
      const parsed = parseAssertion(text);
      assert.ok(!parsed.ok, text);
      assert.match(parsed.message, message, text);
      assert.deepEqual([parsed.start, parsed.end], [start, end], text);
    }
  });
});

describe('assertions: checking a response', () => {
  it('compares the status as a number', () => {
    const result = answered({ status: 404 });
    assert.deepEqual(
      verdicts(
        result,
        'status == 404',
        'status != 200',
        'status >= 400',
        'status < 500',
        'status == 200',
        'status > 404',
      ),
      [true, true, true, true, false, false],
    );
    const [failed] = check(result, 'status == 200');
    assert.equal(failed.actual, '404');
    assert.equal(failed.message, 'status is 404, expected == 200');
  });

  it('finds headers by name in any case, joins repeated ones, and says when one is missing', () => {
    const result = answered({
      headers: [
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
    });
    assert.deepEqual(
      verdicts(
        result,
        'header content-type contains json',
        'header CONTENT-TYPE startsWith application/',
        'header set-cookie == a=1, b=2',
        'header x-id exists',
      ),
      [true, true, true, false],
    );
    const [missing] = check(result, 'header x-id exists');
    assert.equal(missing.message, 'the response has no x-id header');
    assert.equal(missing.actual, undefined);
    assert.equal(check(result, 'header content-length == 2')[0].passed, false);
  });

  it('checks the body as text: contains, startsWith, endsWith, matches with flags', () => {
    const result = answered({ body: Buffer.from('{"status":"OK"}\n') });
    assert.deepEqual(
      verdicts(
        result,
        'body contains "status"',
        'body startsWith {',
        'body endsWith }\n',
        'body matches /"status":\\s*"ok"/i',
        'body matches /^ok/',
        'body contains nope',
      ),
      [true, true, false, true, false, false],
    );
  });

  it('picks values from a JSON body with JSONPath: exists, ==, numbers, length', () => {
    const result = answered(
      json({ id: 7, name: 'Ada Lovelace', items: [1, 2, 3], on: true, none: null, nested: { a: [1] } }),
    );
    assert.deepEqual(
      verdicts(
        result,
        'body $.id exists',
        'body $.missing exists',
        'body $.id == 7',
        'body $.id == 7.0',
        'body $.id == "7"',
        'body $.name == Ada Lovelace',
        'body $.name == "Ada Lovelace"',
        'body $.items.length == 3',
        'body $.items.length > 2',
        'body $.on == true',
        'body $.none == null',
        'body $.nested == {"a":[1]}',
        'body $.items == [1,2,3]',
        'body $.items != [1,2]',
      ),
      [true, false, true, true, false, true, true, true, true, true, true, true, true, true],
    );
    const [missing] = check(result, 'body $.missing == 1');
    assert.equal(missing.message, 'body $.missing matches nothing');
  });

  it('treats several JSONPath matches as a list, so contains asks whether any of them is the value', () => {
    const result = answered(json({ users: [{ name: 'ann' }, { name: 'bob' }] }));
    assert.deepEqual(
      verdicts(
        result,
        'body $.users[*].name contains bob',
        'body $.users[*].name contains carl',
        "body $.users[?(@.name == 'bob')].name == bob",
      ),
      [true, false, true],
    );
  });

  it('fails JSONPath on a body that is not JSON, and ordered comparisons on values that are not numbers', () => {
    const [notJson] = check(answered({ body: Buffer.from('<html>') }), 'body $.id exists');
    assert.equal(notJson.passed, false);
    assert.match(notJson.message, /the body is not JSON, so \$\.id cannot be applied/);
    const [notNumber] = check(answered(json({ name: 'x' })), 'body $.name > 3');
    assert.equal(notNumber.passed, false);
    assert.match(notNumber.message, /\(not a number\)/);
    assert.equal(
      check(answered({ headers: [['Content-Length', '42']] }), 'header content-length > 40')[0].passed,
      true,
      'numeric text compares as a number',
    );
  });

  it('measures duration from being taken up to the response end, in ms', () => {
    const result = answered({}, { startMs: 10, endMs: 130.04 });
    assert.deepEqual(verdicts(result, 'duration < 500', 'duration >= 120', 'duration < 100'), [
      true,
      true,
      false,
    ]);
    assert.equal(check(result, 'duration < 100')[0].message, 'duration is 120 ms, expected < 100');
  });

  it("counts a redirected request's hops in its duration", () => {
    const final = answered({}, { startMs: 80, endMs: 100 });
    const hop = {
      method: 'GET',
      url: 'http://h/a',
      httpVersion: '1.1',
      status: 302,
      statusText: 'Found',
      headers: [],
      reused: false,
      retried: false,
      reason: { kind: 'redirect' as const, status: 302, location: 'http://h/b' },
      timings: { startMs: 10, endMs: 80 },
    };
    assert.equal(
      check({ ...final, hops: [hop] }, 'duration < 50')[0].message,
      'duration is 90 ms, expected < 50',
    );
  });

  it('fails, and says why, every assertion of a request that got no response', () => {
    const errored: RequestResult = {
      ...answered(),
      outcome: 'error',
      response: undefined,
      error: { phase: 'connect', message: 'refused' },
    };
    const notSent: RequestResult = {
      ...answered(),
      outcome: 'not-sent',
      response: undefined,
      notSentReason: 'cancelled',
    };
    assert.deepEqual(
      check(errored, 'status == 200').map((r) => [r.passed, r.message]),
      [[false, 'not checked: the request got no response']],
    );
    assert.deepEqual(
      check(notSent, 'duration < 1').map((r) => [r.passed, r.message]),
      [[false, 'not checked: the request was not sent']],
    );
  });

  it('fails a line that does not parse instead of skipping it', () => {
    const [invalid] = check(answered(), 'status is 200');
    assert.equal(invalid.passed, false);
    assert.match(invalid.message, /^invalid assertion: "is" is not an operator/);
  });

  it('says when the body it looked at was cut at the in-memory limit', () => {
    const result = answered({ body: Buffer.from('abc'), bodyBytes: 1000, bodyTruncated: true });
    assert.match(
      check(result, 'body contains a')[0].message,
      /only the first 3 of 1000 body bytes were kept/,
    );
  });

  it('gives each result its 1-based line, text, range and a shortened actual value', () => {
    const big = 'x'.repeat(1000);
    const [result] = evaluateAssertions(answered({ body: Buffer.from(big) }), [lineOf('body contains y', 4)]);
    assert.equal(result.line, 5);
    assert.equal(result.text, 'body contains y');
    assert.deepEqual(result.range, lineOf('body contains y', 4).range);
    assert.equal(result.actual, `${'x'.repeat(200)}…`);
  });

  it('gives the same verdict every time, also for a regular expression with the g flag', () => {
    const result = answered({ body: Buffer.from('ok') });
    const line = [lineOf('body matches /ok/g')];
    assert.deepEqual(
      [evaluateAssertions(result, line)[0].passed, evaluateAssertions(result, line)[0].passed],
      [true, true],
    );
  });

  it('checks a whole run by request index, leaving out requests without assertions', () => {
    const parsed = parseHttpFile(
      'GET http://h/a\n?? status == 200\n\n###\nGET http://h/b\n\n###\nGET http://h/c\n?? status == 201\n',
    );
    const results = [answered(), { ...answered(), index: 1 }, { ...answered({ status: 500 }), index: 2 }];
    const byIndex = assertRun(parsed.requests, results);
    assert.deepEqual([...byIndex.keys()], [0, 2]);
    assert.deepEqual(
      byIndex.get(0)!.map((r) => [r.line, r.passed]),
      [[2, true]],
    );
    assert.deepEqual(
      byIndex.get(2)!.map((r) => [r.line, r.passed]),
      [[9, false]],
    );
  });
});
