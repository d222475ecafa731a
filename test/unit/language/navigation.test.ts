import assert from 'node:assert/strict';
import { definitionAt, hoverAt } from '../../../src/core/language/navigation';
import { at, open, range, removeTempFolders } from './languageTestHelpers';

const FILE = [
  '@host = http://127.0.0.1:1', // 0
  '@host = http://127.0.0.1:8080', // 1
  '', // 2
  '# @name login', // 3
  'POST {{host}}/login', // 4
  '', // 5
  '###', // 6
  'GET {{host}}/me?id={{$guid}}', // 7
  'Authorization: Bearer {{login.response.body.$.token}}', // 8
  'X-Key: {{apiKey}}', // 9
  'X-Missing: {{nothing}}', // 10
];

const ENV_FILE = JSON.stringify({ dev: { apiKey: 'k-123' } }, null, 2);

describe('language: hover', () => {
  after(removeTempFolders);

  it('shows a file variable’s resolved value and the line of the definition that wins', () => {
    const { document, context } = open(FILE);
    const hover = hoverAt(document, at(7, 7), context)!;
    assert.deepEqual(hover.range, range(7, 4, 12));
    assert.match(hover.markdown, /= `http:\/\/127\.0\.0\.1:8080`/);
    assert.match(hover.markdown, /file variable `@host` at line 2/);
  });

  it('shows an environment variable’s value and its environment', () => {
    const { document, context } = open(FILE, { environment: 'dev' }, { 'http-client.env.json': ENV_FILE });
    const hover = hoverAt(document, at(9, 11), context)!;
    assert.match(hover.markdown, /= `k-123`/);
    assert.match(hover.markdown, /environment "dev" \(http-client\.env\.json\)/);
  });

  it('documents a dynamic variable with an example value', () => {
    const { document, context } = open(FILE);
    const hover = hoverAt(document, at(7, 23), context)!;
    assert.match(hover.markdown, /random UUID/);
    assert.match(hover.markdown, /for example `[0-9a-f-]{36}`/);
  });

  it('explains a response reference as a barrier that is known only when the request runs', () => {
    const { document, context } = open(FILE);
    const hover = hoverAt(document, at(8, 30), context)!;
    assert.match(
      hover.markdown,
      /JSONPath `\$\.token` of the body of the response of request 'login' \(line 5\)/,
    );
    assert.match(hover.markdown, /a barrier/);
  });

  it('says an unknown variable is not defined', () => {
    const { document, context } = open(FILE);
    assert.match(hoverAt(document, at(10, 14), context)!.markdown, /not defined/);
  });

  it('explains a method: POST is a barrier, GET pipelines and may be re-sent', () => {
    const { document, context } = open(FILE);
    const post = hoverAt(document, at(4, 2), context)!;
    assert.deepEqual(post.range, range(4, 0, 4));
    assert.match(post.markdown, /POST is not idempotent/);
    assert.match(post.markdown, /barrier/);
    const get = hoverAt(document, at(7, 1), context)!;
    assert.match(get.markdown, /GET is safe and idempotent/);
    assert.match(get.markdown, /re-sends it/);
    assert.equal(hoverAt(document, at(7, 14), context), undefined, 'the URL text is not a method');
  });
});

describe('language: go to definition', () => {
  after(removeTempFolders);

  it('goes from {{host}} to the name of the @host line that wins (the last one)', () => {
    const { document, context } = open(FILE);
    assert.deepEqual(definitionAt(document, at(4, 8), context), { range: range(1, 1, 5) });
  });

  it('goes from {{login.response…}} to the name of the request', () => {
    const { document, context } = open(FILE);
    assert.deepEqual(definitionAt(document, at(8, 40), context), { range: range(3, 8, 13) });
  });

  it('goes from an environment variable into the env file', () => {
    const { document, context, filePath } = open(
      FILE,
      { environment: 'dev' },
      { 'http-client.env.json': ENV_FILE },
    );
    const target = definitionAt(document, at(9, 11), context)!;
    assert.equal(target.file, filePath.replace(/api\.http$/, 'http-client.env.json'));
    assert.deepEqual(target.range.start, { line: 2, character: 15 });
  });

  it('has no definition for unknown names, dynamic variables or plain text', () => {
    const { document, context } = open(FILE);
    assert.equal(definitionAt(document, at(10, 14), context), undefined);
    assert.equal(definitionAt(document, at(7, 23), context), undefined);
    assert.equal(definitionAt(document, at(7, 14), context), undefined);
  });
});
