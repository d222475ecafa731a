import assert from 'node:assert/strict';
import { completionsAt } from '../../../src/core/language/completion';
import { at, open, range, removeTempFolders } from './languageTestHelpers';

const FILE = [
  '@host = http://127.0.0.1:8080', // 0
  '', // 1
  '# @name login', // 2
  'POST {{host}}/login', // 3
  'Content-Type: application/json', // 4
  '', // 5
  '{"user": "a"}', // 6
  '', // 7
  '###', // 8
  'GET {{host}}/me', // 9
  'Authorization: Bearer {{', // 10
  'Accept: {{}}', // 11
  '', // 12
];

describe('language: completion', () => {
  after(removeTempFolders);

  it('offers file variables, environment variables, dynamic variables and earlier named requests after `{{`', () => {
    const { document, context } = open(FILE, {
      settingsEnvironments: { dev: { apiKey: 'k-123' } },
      environment: 'dev',
    });
    const result = completionsAt(document, at(10, 24), context)!;
    const labels = result.candidates.map((c) => c.label);
    for (const expected of [
      'host',
      'apiKey',
      '$guid',
      '$timestamp',
      '$randomInt',
      '$processEnv',
      '$dotenv',
      '$datetime',
      'login.response.body.$',
    ]) {
      assert.ok(labels.includes(expected), `${expected} missing from ${labels.join(', ')}`);
    }
    assert.equal(result.candidates.find((c) => c.label === 'host')!.detail, 'http://127.0.0.1:8080');
    assert.deepEqual(result.replaceRange, range(10, 24, 24));
    // Nothing closes the braces yet, so the candidate does.
    assert.equal(result.candidates.find((c) => c.label === 'host')!.insertText, 'host}}');
  });

  it('does not add closing braces that are already there, and replaces what was typed', () => {
    const { document, context } = open(FILE);
    const result = completionsAt(document, at(11, 10), context)!;
    assert.equal(result.candidates.find((c) => c.label === 'host')!.insertText, 'host');
    assert.deepEqual(result.replaceRange, range(11, 10, 10));
    const typed = open(['GET http://x/{{ $gu}}']);
    const partial = completionsAt(typed.document, at(0, 19), typed.context)!;
    assert.deepEqual(partial.replaceRange, range(0, 16, 19));
  });

  it('offers a named request only to the requests below it', () => {
    const { document, context } = open(['# @name login', 'GET http://x/{{', '', '###', 'GET http://x/{{']);
    const inLogin = completionsAt(document, at(1, 15), context)!.candidates.map((c) => c.label);
    const below = completionsAt(document, at(4, 15), context)!.candidates.map((c) => c.label);
    assert.ok(!inLogin.some((label) => label.startsWith('login.')));
    assert.deepEqual(
      below.filter((label) => label.startsWith('login.')),
      ['login.response.body.$', 'login.response.body.*', 'login.response.headers.'],
    );
  });

  it('offers metadata keys after `# @` and `// @`', () => {
    const { document, context } = open(['# @', '// @no', 'GET http://x/']);
    const keys = completionsAt(document, at(0, 3), context)!.candidates.map((c) => c.label);
    assert.deepEqual(keys, [
      'name',
      'no-pipeline',
      'timeout',
      'no-redirect',
      'no-cookie-jar',
      'note',
      'prompt',
      'ref',
      'forceRef',
      'loop',
      'import',
      'title',
      'description',
      'disabled',
    ]);
    assert.deepEqual(completionsAt(document, at(1, 6), context)!.replaceRange, range(1, 4, 6));
  });

  it('offers header names below the request line, without those the request already has', () => {
    const { document, context } = open(['GET http://x/', 'Accept: */*', 'Co', '', 'body']);
    const result = completionsAt(document, at(2, 2), context)!;
    const labels = result.candidates.map((c) => c.label);
    assert.ok(
      labels.includes('Content-Type') && labels.includes('Connection') && labels.includes('Cache-Control'),
    );
    assert.ok(!labels.includes('Accept'));
    assert.equal(result.candidates.find((c) => c.label === 'Content-Type')!.insertText, 'Content-Type: ');
    assert.deepEqual(result.replaceRange, range(2, 0, 2));
    // The body is not a header zone.
    assert.equal(completionsAt(document, at(4, 4), context), undefined);
  });

  it('offers media types for Content-Type and Accept, and the connection options for Connection', () => {
    const { document, context } = open([
      'POST http://x/',
      'Content-Type: app',
      'Accept: ',
      'Connection: ',
      'TE:',
    ]);
    const contentType = completionsAt(document, at(1, 17), context)!;
    assert.ok(contentType.candidates.some((c) => c.label === 'application/json'));
    assert.deepEqual(contentType.replaceRange, range(1, 14, 17));
    assert.ok(completionsAt(document, at(2, 8), context)!.candidates.some((c) => c.label === '*/*'));
    const connection = completionsAt(document, at(3, 12), context)!.candidates;
    assert.deepEqual(
      connection.map((c) => c.label),
      ['keep-alive', 'close'],
    );
    assert.match(connection[1].documentation!, /new connection/);
    assert.equal(connection[1].insertText, 'close');
    // Right after the colon (the trigger character) the value keeps the usual space.
    assert.deepEqual(
      completionsAt(document, at(4, 3), context)!.candidates.map((c) => c.insertText),
      [' trailers'],
    );
  });

  it('offers methods at the start of a request line, but not inside a body', () => {
    const { document, context } = open(['@a = 1', '', 'PO', '', '###', 'POST http://x/', '', 'G']);
    const result = completionsAt(document, at(2, 2), context)!;
    assert.deepEqual(result.candidates.map((c) => c.label).slice(0, 4), ['GET', 'POST', 'PUT', 'PATCH']);
    assert.equal(result.candidates[0].insertText, 'GET ');
    assert.deepEqual(result.replaceRange, range(2, 0, 2));
    assert.equal(completionsAt(document, at(7, 1), context), undefined);
  });
});
