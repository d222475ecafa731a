// Export then import: a .http request, prepared by the real plan, copied as curl and pasted back,
// prepares to the same method, URL, headers and body bytes.
import assert from 'node:assert/strict';
import type { PreparedRequest } from '../../../src/core/engine/types';
import { toCurlCommand } from '../../../src/core/curl/curlCommand';
import { fromCurl, toHttpRequestText } from '../../../src/core/curl/fromCurl';
import { prepare, Workspace } from '../variables/planTestHelpers';

function comparable(request: PreparedRequest): {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
} {
  return {
    method: request.method,
    url: request.url.href,
    headers: request.headers,
    body: request.body?.toString('utf8'),
  };
}

describe('curl round trip: .http -> copy as curl -> paste curl -> .http', () => {
  let ws: Workspace;
  beforeEach(() => (ws = new Workspace()));
  afterEach(() => ws.remove());

  const cases: Record<string, string[]> = {
    'a POST with a JSON body across lines and quotes': [
      '@host = http://127.0.0.1:8080',
      'POST {{host}}/items?tag=a%20b&x=1',
      'Content-Type: application/json',
      'X-Quote: it\'s "quoted" $HOME `x`',
      '',
      '{',
      '  "name": "O\'Brien",',
      '  "n": 1',
      '}',
    ],
    'Basic credentials (sent encoded, pasted back as the encoded value)': [
      'GET http://127.0.0.1:8080/private',
      'Authorization: Basic alice:s3cret',
      'X-Empty:',
    ],
    HEAD: ['HEAD http://127.0.0.1:8080/status/204', 'Accept: */*'],
    'DELETE with a form body': [
      'DELETE http://127.0.0.1:8080/a',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'a=1&b=%20',
    ],
  };

  for (const [title, lines] of Object.entries(cases)) {
    it(title, async () => {
      const original = await prepare(ws.plan(lines), 0);
      const command = toCurlCommand({
        method: original.method,
        url: original.url.href,
        headers: original.headers,
        body: original.body,
      });
      const imported = fromCurl(command);
      assert.deepEqual(imported.notes, [], command);
      const block = toHttpRequestText(imported);
      const again = await prepare(ws.plan(block.split('\n'), {}, 'pasted.http'), 0);
      assert.deepEqual(comparable(again), comparable(original), `${command}\n---\n${block}`);
    });
  }

  it('import then export gives back the command (normalised by the first export)', async () => {
    const pasted = `curl -X PUT 'http://127.0.0.1:8080/x' -H 'Accept: text/plain' -H 'Content-Type: text/plain' --data-binary 'hello world'`;
    const prepared = await prepare(ws.plan(toHttpRequestText(fromCurl(pasted)).split('\n')), 0);
    const exported = toCurlCommand({
      method: prepared.method,
      url: prepared.url.href,
      headers: prepared.headers,
      body: prepared.body,
    });
    assert.equal(
      exported,
      `curl --http1.1 -X PUT http://127.0.0.1:8080/x -H 'Accept: text/plain' -H 'Content-Type: text/plain' --data-binary 'hello world'`,
    );
  });

  it('a form body with characters the .http form body encodes gets a note saying so', () => {
    assert.match(
      toHttpRequestText(fromCurl(`curl http://h/ -d 'q=a b'`)),
      /^# curl: the form body has characters httpipe percent-encodes/m,
    );
    assert.doesNotMatch(toHttpRequestText(fromCurl(`curl http://h/ -d 'q=a%20b&r=1'`)), /# curl:/);
  });
});
