import assert from 'node:assert/strict';
import { collectSemanticDiagnostics, SEMANTIC_CODES } from '../../../src/core/language/semanticDiagnostics';
import { open, range, removeTempFolders } from './languageTestHelpers';

function diagnose(
  lines: string[],
  ...rest: Parameters<typeof open> extends [unknown, ...infer R] ? R : never
) {
  const { document, context } = open(lines, ...rest);
  return collectSemanticDiagnostics(document, context);
}

describe('language: semantic diagnostics', () => {
  after(removeTempFolders);

  it('flags an unknown variable at the exact range of its braces', () => {
    const found = diagnose(['@host = http://x', 'GET {{host}}/users/{{userId}}']);
    assert.deepEqual(
      found.map((d) => [d.severity, d.code, d.range]),
      [['warning', SEMANTIC_CODES.unknownVariable, range(1, 19, 29)]],
    );
    assert.match(found[0].message, /variable "userId" is not defined/);
  });

  it('knows the selected environment, and says when no environment is selected', () => {
    const environments = { dev: { token: 'dev-token' }, prod: { token: 'prod-token' } };
    const lines = ['GET http://x/', 'Authorization: Bearer {{token}}'];
    assert.deepEqual(diagnose(lines, { settingsEnvironments: environments, environment: 'dev' }), []);
    const [unselected] = diagnose(lines, { settingsEnvironments: environments });
    assert.equal(unselected.code, SEMANTIC_CODES.unknownVariable);
    assert.match(unselected.message, /no environment is selected; defined: dev, prod/);
  });

  it('accepts dynamic variables and flags an unknown `$` name', () => {
    const found = diagnose([
      'GET http://x/{{$guid}}?t={{$timestamp -1 d}}&r={{$randomInt 1 9}}&e={{$processEnv HOME}}&n={{$nope}}',
    ]);
    assert.deepEqual(
      found.map((d) => [d.code, d.message]),
      [
        [
          SEMANTIC_CODES.unknownSystemVariable,
          '$nope is not a known dynamic variable (e.g. $guid, $timestamp, $randomInt, $datetime, $processEnv, $dotenv)',
        ],
      ],
    );
  });

  it('warns that $processEnv and $dotenv stay unresolved in an untrusted workspace', () => {
    const found = diagnose(['GET http://x/{{$dotenv API_KEY}}'], { allowEnvironmentAccess: false });
    assert.deepEqual(
      found.map((d) => [d.severity, d.code]),
      [['warning', SEMANTIC_CODES.untrustedEnvironmentAccess]],
    );
  });

  it('reports a reference to a request name that does not exist as an error, naming the ones that do', () => {
    const found = diagnose([
      '# @name login',
      'GET http://x/login',
      '',
      '###',
      'GET http://x/me',
      'Authorization: Bearer {{logn.response.body.$.token}}',
    ]);
    assert.deepEqual(
      found.map((d) => [d.severity, d.code, d.range]),
      [['error', SEMANTIC_CODES.unknownRequest, range(5, 22, 52)]],
    );
    assert.match(found[0].message, /no request named 'logn'.*'login'/);
  });

  it('explains a response reference as a barrier, and rejects one to a request that comes later', () => {
    const found = diagnose([
      '# @name login', // 0
      'GET http://x/login', // 1
      '', // 2
      '###', // 3
      'GET http://x/me?t={{login.response.body.$.token}}', // 4
      'X-Next: {{later.response.headers.ETag}}', // 5
      '', // 6
      '### later', // 7
      'GET http://x/later', // 8
    ]);
    assert.deepEqual(
      found.map((d) => [d.severity, d.code, d.range]),
      [
        ['info', SEMANTIC_CODES.responseBarrier, range(4, 18, 49)],
        ['error', SEMANTIC_CODES.requestNotAnsweredYet, range(5, 8, 39)],
      ],
    );
    assert.match(
      found[0].message,
      /reads the exchange of 'login' \(line 2\).*pipelined mode the pipeline waits here \(a barrier\)/,
    );
    assert.match(found[1].message, /request 'later' comes after this one/);
  });

  it('rejects a request that reads its own response', () => {
    const found = diagnose(['# @name me', 'GET http://x/?e={{me.response.headers.ETag}}']);
    assert.deepEqual(
      found.map((d) => [d.severity, d.code, d.range]),
      [['error', SEMANTIC_CODES.requestNotAnsweredYet, range(1, 16, 44)]],
    );
    assert.match(found[0].message, /request 'me' is this request itself/);
  });

  it('follows a variable to the response it reads: the request using it waits too', () => {
    const found = diagnose([
      '@token = {{login.response.body.$.token}}',
      '@auth = Bearer {{token}}',
      '',
      '### login',
      'POST http://x/login',
      '',
      '###',
      'GET http://x/me',
      'Authorization: {{auth}}',
    ]);
    const barrier = found.find((d) => d.code === SEMANTIC_CODES.responseBarrier);
    assert.ok(barrier, JSON.stringify(found));
    assert.deepEqual(barrier.range, range(8, 15, 23));
    assert.match(barrier.message, /'login'.*through @auth/);
  });

  it('explains a non-idempotent request with requests after it as a pipelining barrier on its request line', () => {
    const found = diagnose([
      'GET http://x/a',
      '',
      '###',
      'POST http://x/b',
      '',
      '###',
      'GET http://x/c',
      '',
      '###',
      'PATCH http://x/d',
    ]);
    assert.deepEqual(
      found.map((d) => [d.severity, d.code, d.range]),
      [['info', SEMANTIC_CODES.nonIdempotentBarrier, range(3, 0, 15)]],
    );
    assert.equal(
      found[0].message,
      'In pipelined mode, requests after this POST wait for its response (RFC 9112 §9.3.2); it is itself written only after the responses to the requests before it',
    );
  });

  it('explains @no-pipeline on a request with followers, not on the last one', () => {
    const found = diagnose([
      '# @no-pipeline',
      'GET http://x/a',
      '',
      '###',
      '# @no-pipeline',
      'GET http://x/b',
    ]);
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start.line]),
      [[SEMANTIC_CODES.noPipelineBarrier, 1]],
    );
  });

  it('notes a body on GET and HEAD, not on POST', () => {
    const found = diagnose([
      'GET http://x/a',
      '',
      '{"q": 1}',
      '',
      '###',
      'HEAD http://x/b',
      '',
      'x',
      '',
      '###',
      'POST http://x/c',
      '',
      'y',
    ]);
    assert.deepEqual(
      found.map((d) => [d.code, d.range]),
      [
        [SEMANTIC_CODES.bodyWithoutMeaning, range(2, 0, 8)],
        [SEMANTIC_CODES.bodyWithoutMeaning, range(7, 0, 1)],
      ],
    );
    assert.match(found[0].message, /RFC 9110 §9\.3\.1/);
    assert.match(found[1].message, /RFC 9110 §9\.3\.2/);
  });
});
