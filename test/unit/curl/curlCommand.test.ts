// Copy-as-curl: the command must reproduce the request the engine wrote, byte for byte in its body,
// when a real shell runs a real curl against a real server.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { toCurlCommand } from '../../../src/core/curl/curlCommand';
import { shellQuote } from '../../../src/core/curl/shellQuote';
import { parseWrittenRequest } from '../../../src/core/curl/writtenRequest';
import { runRequests } from '../../../src/core/engine/runRequests';
import { startRecordingServer, type RecordingServer } from '../../support/recordingServer';
import { requests } from '../../support/requestSpecs';

const run = promisify(execFile);

/** What `sh` makes of a word: the quoting is right when this returns the original. */
async function throughShell(quoted: string): Promise<string> {
  const { stdout } = await run('sh', ['-c', `printf '%s' ${quoted}`]);
  return stdout;
}

describe('shellQuote', () => {
  it('leaves simple words as they are', () => {
    assert.equal(shellQuote('--http1.1'), '--http1.1');
    assert.equal(shellQuote('http://127.0.0.1:8080/a/b.json'), 'http://127.0.0.1:8080/a/b.json');
  });

  it('quotes anything a shell would interpret, and sh reads it back unchanged', async () => {
    for (const word of [
      "it's",
      'a b',
      '$HOME',
      '`id`',
      '"x"',
      'a\\b',
      "'",
      "''",
      '*',
      'x;y|z&',
      'line\nbreak',
      'ünïcödé €',
      '',
    ]) {
      const quoted = shellQuote(word);
      assert.notEqual(quoted, word.length ? word : 'x', `quoted: ${word}`);
      assert.equal(await throughShell(quoted), word);
    }
  });
});

describe('toCurlCommand', () => {
  it('writes method, URL and headers in order, leaving Host and Content-Length to curl', () => {
    const command = toCurlCommand({
      method: 'POST',
      url: 'http://127.0.0.1:8080/items?x=1&y=2#frag',
      headers: [
        ['Host', '127.0.0.1:8080'],
        ['Content-Type', 'application/json'],
        ['Content-Length', '7'],
        ['X-Empty', ''],
      ],
      body: Buffer.from('{"a":1}'),
    });
    assert.equal(
      command,
      `curl --http1.1 -X POST 'http://127.0.0.1:8080/items?x=1&y=2' -H 'Content-Type: application/json' -H 'X-Empty;' --data-binary '{"a":1}'`,
    );
  });

  it('asks curl to answer a Digest challenge with the credentials from the file', () => {
    const command = toCurlCommand({
      method: 'GET',
      url: 'http://h/private',
      headers: [],
      digest: { username: 'ann', password: 'two words' },
    });
    assert.equal(command, `curl --http1.1 -X GET http://h/private --digest -u 'ann:two words'`);
  });

  it('keeps a Host header that differs from the URL', () => {
    const command = toCurlCommand({
      method: 'GET',
      url: 'http://127.0.0.1:8080/',
      headers: [['Host', 'example.test']],
    });
    assert.equal(command, `curl --http1.1 -X GET http://127.0.0.1:8080/ -H 'Host: example.test'`);
  });

  it('asks for the head only with --head, not -X HEAD (which waits for a body)', () => {
    assert.equal(
      toCurlCommand({ method: 'HEAD', url: 'http://127.0.0.1/', headers: [] }),
      'curl --http1.1 --head http://127.0.0.1/',
    );
  });

  it('pipes binary bodies through printf octal escapes', () => {
    const command = toCurlCommand({
      method: 'PUT',
      url: 'http://127.0.0.1/b',
      headers: [],
      body: Buffer.from([0, 1, 0xff, 0x27]),
    });
    assert.equal(
      command,
      `printf '\\000\\001\\377\\047' | curl --http1.1 -X PUT http://127.0.0.1/b --data-binary @-`,
    );
  });
});

describe('copy as curl, end to end', () => {
  let server: RecordingServer;
  beforeEach(async () => {
    server = await startRecordingServer();
  });
  afterEach(() => server.close());

  /** Sends with the engine, rebuilds the command from the written bytes, runs it, and returns both requests as received. */
  async function replayWithCurl(
    method: string,
    path: string,
    headers: Array<[string, string]>,
    body?: Buffer,
  ) {
    const specs = requests([[method, `${server.origin}${path}`, { headers }]]);
    specs[0].prepare = () => ({ method, url: new URL(`${server.origin}${path}`), headers, body });
    const result = await runRequests(specs, { mode: 'keepalive' });
    const request = result.requests[0];
    const connection = result.connections.find((c) => c.id === request.connectionId)!;
    const written = connection.written.subarray(...request.wire!.written);
    const parsed = parseWrittenRequest(written, request.url);
    assert.ok(parsed, 'the written bytes parse back into a request');
    await run('sh', ['-c', `${toCurlCommand(parsed)} --silent --show-error --output /dev/null`]);
    assert.equal(server.requests.length, 2);
    return server.requests;
  }

  /** curl adds these when the request has none; everything else must match. */
  const withoutCurlDefaults = (headers: Array<[string, string]>) =>
    headers.filter(([name]) => !['user-agent', 'accept'].includes(name.toLowerCase()));

  it('sends the same method, target, headers and text body', async () => {
    const body = Buffer.from(`{"quote":"it's","shell":"$HOME \`id\`","unicode":"ü€"}\nsecond line`);
    const [engine, curl] = await replayWithCurl(
      'POST',
      '/items?q=a%20b&x=1',
      [
        ['Content-Type', 'application/json'],
        ['X-Token', 'a\'b"c'],
      ],
      body,
    );
    assert.equal(curl.method, engine.method);
    assert.equal(curl.target, engine.target);
    assert.deepEqual(withoutCurlDefaults(curl.headers), withoutCurlDefaults(engine.headers));
    assert.deepEqual(curl.body, engine.body);
  });

  it('sends binary bodies byte for byte, NUL included', async () => {
    const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const [engine, curl] = await replayWithCurl(
      'PUT',
      '/blob',
      [['Content-Type', 'application/octet-stream']],
      body,
    );
    assert.equal(curl.method, 'PUT');
    assert.deepEqual(curl.body, engine.body);
    assert.deepEqual(curl.body, body);
  });
});

describe('parseWrittenRequest', () => {
  it('refuses bytes cut inside the body rather than inventing a shorter request', () => {
    const cut = Buffer.from('POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n12345');
    assert.equal(parseWrittenRequest(cut, 'http://h/x'), undefined);
  });

  it('refuses bytes without a complete head', () => {
    assert.equal(parseWrittenRequest(Buffer.from('GET /x HTTP/1.1\r\nHost: h\r\n'), 'http://h/x'), undefined);
  });
});
