// Importing curl command lines: shell words, the options that shape the request, and the comment
// lines for what does not carry over.
import assert from 'node:assert/strict';
import { CurlSyntaxError, splitCurlWords } from '../../../src/core/curl/curlTokens';
import { fromCurl, toHttpRequestText } from '../../../src/core/curl/fromCurl';

const header = (command: string, name: string): string | undefined =>
  fromCurl(command).headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

describe('splitCurlWords', () => {
  it('reads single and double quotes, backslash escapes and backslash-newline continuations', () => {
    const { words } = splitCurlWords(
      `curl -H 'A: it'\\''s' \\\n  -H "B: say \\"hi\\" \\\\ \\$x" \\\r\n  http://h/a\\ b`,
    );
    assert.deepEqual(words, ['curl', '-H', "A: it's", '-H', 'B: say "hi" \\ $x', 'http://h/a b']);
  });

  it("reads $'…' quoting with its escapes (what browsers' copy as cURL writes)", () => {
    const { words } = splitCurlWords(`curl --data-raw $'{"a":"x\\ny"}\\t\\x41\\101\\u00e9\\''`);
    assert.deepEqual(words, ['curl', '--data-raw', '{"a":"x\ny"}\tAAé\'']);
  });

  it('turns $NAME and ${NAME} outside single quotes into {{$processEnv NAME}}', () => {
    const split = splitCurlWords(`curl -H "Authorization: Bearer $TOKEN" -u \${USER}:pw '$LITERAL'`);
    assert.deepEqual(split.words.slice(1), [
      '-H',
      'Authorization: Bearer {{$processEnv TOKEN}}',
      '-u',
      '{{$processEnv USER}}:pw',
      '$LITERAL',
    ]);
    assert.deepEqual(split.environmentVariables, ['TOKEN', 'USER']);
  });

  it('stops at a pipe and keeps what follows for a note; skips # comments', () => {
    const split = splitCurlWords('curl http://h/ # the health check\n  -s | jq .');
    assert.deepEqual(split.words, ['curl', 'http://h/', '-s']);
    assert.equal(split.afterCommand, '| jq .');
  });

  it('says where an unclosed quote starts', () => {
    assert.throws(
      () => splitCurlWords(`curl \\\n  -d 'abc`),
      (error: unknown) =>
        error instanceof CurlSyntaxError &&
        error.line === 2 &&
        error.column === 6 &&
        /single quote is never closed/.test(error.message),
    );
    assert.throws(() => splitCurlWords('curl -d "abc'), /double quote is never closed \(line 1, column 9\)/);
    assert.throws(
      () => splitCurlWords('curl -H "X: $(whoami)" http://h/'),
      /command substitution is not supported/,
    );
  });
});

describe('fromCurl', () => {
  it('reads method, URL and headers in their forms: -X/--request, -XPOST, -H/--header, --url', () => {
    const request = fromCurl(
      `curl -XPATCH --header 'Accept: application/json' -H "X-Empty;" --url http://127.0.0.1:8080/items/1`,
    );
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, 'http://127.0.0.1:8080/items/1');
    assert.deepEqual(request.headers, [
      ['Accept', 'application/json'],
      ['X-Empty', ''],
    ]);
    assert.deepEqual(request.notes, []);
  });

  it('-d joins pieces with &, implies POST and the form content type, like curl', () => {
    const request = fromCurl(`curl http://h/login -d user=me --data 'pw=a b' --data-raw '@not-a-file'`);
    assert.equal(request.method, 'POST');
    assert.deepEqual(request.body, { kind: 'text', text: 'user=me&pw=a b&@not-a-file' });
    assert.equal(header(`curl http://h/ -d a=1`, 'content-type'), 'application/x-www-form-urlencoded');
    assert.equal(
      header(`curl http://h/ -d a=1 -H 'content-type: text/plain'`, 'content-type'),
      'text/plain',
      'a given type wins',
    );
    assert.equal(fromCurl('curl -X PUT -d a=1 http://h/').method, 'PUT', '-X wins over the implied POST');
  });

  it('--data-urlencode encodes the content the way curl does, in all its forms', () => {
    const request = fromCurl(
      `curl http://h/ --data-urlencode 'q=a b&c/é!' --data-urlencode '=x y' --data-urlencode 'plain text'`,
    );
    assert.deepEqual(request.body, { kind: 'text', text: 'q=a%20b%26c%2F%C3%A9%21&x%20y&plain%20text' });
  });

  it('--json sets the JSON content type and Accept and implies POST', () => {
    const request = fromCurl(`curl --json '{"a":1}' http://h/items`);
    assert.equal(request.method, 'POST');
    assert.deepEqual(request.headers, [
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ]);
    assert.deepEqual(request.body, { kind: 'text', text: '{"a":1}' });
  });

  it('@file data becomes a `< file` body, with a note where curl would change the bytes', () => {
    const binary = fromCurl('curl --data-binary @payload.bin http://h/upload');
    assert.deepEqual(binary.body, { kind: 'file', path: 'payload.bin' });
    assert.deepEqual(binary.notes, []);
    const form = fromCurl('curl -d @form.txt http://h/upload');
    assert.deepEqual(form.body, { kind: 'file', path: 'form.txt' });
    assert.match(form.notes.join('\n'), /drops the file's line breaks/);
    assert.ok(toHttpRequestText(binary).endsWith('\n\n< payload.bin\n'), toHttpRequestText(binary));
    assert.deepEqual(fromCurl('curl -T ./photo.jpg http://h/p').body, { kind: 'file', path: './photo.jpg' });
    assert.equal(fromCurl('curl -T ./photo.jpg http://h/p').method, 'PUT');
  });

  it('-u becomes an Authorization: Basic user:password line that the plan encodes', () => {
    assert.equal(header('curl -u alice:s3cret http://h/', 'authorization'), 'Basic alice:s3cret');
    const noPassword = fromCurl('curl --user alice http://h/');
    assert.equal(noPassword.headers[0][1], 'Basic alice:');
    assert.match(noPassword.notes.join('\n'), /password/);
  });

  it('--digest -u becomes Authorization: Digest user password, which the engine answers the challenge with', () => {
    assert.equal(
      header('curl --digest -u alice:s3cret:more http://h/', 'authorization'),
      'Digest alice s3cret:more',
    );
    assert.equal(
      header('curl -u alice:pw --digest http://h/', 'authorization'),
      'Digest alice pw',
      'in any order',
    );
    assert.equal(
      header('curl --digest --basic -u alice:pw http://h/', 'authorization'),
      'Basic alice:pw',
      'the last one wins, as in curl',
    );
  });

  it('-b, -A, -e, -r become Cookie, User-Agent, Referer and Range headers', () => {
    const request = fromCurl(
      `curl -b 'a=1' --cookie 'b=2' -A 'tool/1.0' -e 'http://from/;auto' -r 0-99 http://h/`,
    );
    assert.deepEqual(request.headers, [
      ['User-Agent', 'tool/1.0'],
      ['Referer', 'http://from/'],
      ['Range', 'bytes=0-99'],
      ['Cookie', 'a=1; b=2'],
    ]);
    assert.match(fromCurl('curl -b cookies.txt http://h/').notes.join('\n'), /reads cookies from a file/);
  });

  it('-I asks for HEAD and -G moves the data into the query string', () => {
    assert.equal(fromCurl('curl -I http://h/').method, 'HEAD');
    const get = fromCurl(`curl -G http://h/search?lang=en -d 'q=x' --data-urlencode 'tag=a b'`);
    assert.equal(get.method, 'GET');
    assert.equal(get.url, 'http://h/search?lang=en&q=x&tag=a%20b');
    assert.equal(get.body, undefined);
    assert.equal(get.headers.length, 0, 'no form content type without a body');
  });

  it('combined short flags, a URL without scheme, --compressed and -k become notes, not silence', () => {
    const request = fromCurl('curl -sSLk --compressed 127.0.0.1:8080/x');
    assert.equal(request.url, 'http://127.0.0.1:8080/x');
    const notes = request.notes.join('\n');
    assert.doesNotMatch(notes, /-L/, 'httpipe follows redirects as -L does');
    assert.match(notes, /--insecure/);
    assert.match(notes, /--compressed ignored/);
  });

  it('lists unknown options and value options that do not belong in a request', () => {
    const request = fromCurl('curl --frobnicate -o out.json --max-time 5 -Z http://h/ http://h/second');
    const notes = request.notes.join('\n');
    assert.match(notes, /unknown curl options, left out: --frobnicate -Z/);
    assert.match(
      notes,
      /not carried over \(curl behaviour, not part of the request\): -o out\.json, --max-time 5/,
    );
    assert.match(notes, /only the first URL is imported; left out: http:\/\/h\/second/);
    assert.equal(request.url, 'http://h/', "5 was read as --max-time's value, not as a URL");
  });

  it('refuses what is not a curl command, or one without a URL', () => {
    assert.throws(() => fromCurl('wget http://h/'), /not a curl command: it starts with "wget"/);
    assert.throws(() => fromCurl('curl -H "A: b"'), /has no URL/);
    assert.throws(() => fromCurl('   '), /not a curl command/);
    assert.equal(fromCurl('/usr/bin/curl http://h/').url, 'http://h/');
  });

  it('writes the block with notes as # comments above the request line', () => {
    const text = toHttpRequestText(
      fromCurl(`curl -k -X POST http://h/a -H 'Content-Type: application/json' -d '{"x":1}'`),
    );
    assert.equal(
      text,
      [
        '# curl: -k (--insecure): a .http request cannot turn TLS certificate checks off yet; httpipe verifies the certificate',
        'POST http://h/a',
        'Content-Type: application/json',
        '',
        '{"x":1}',
        '',
      ].join('\n'),
    );
  });

  it('notes a body the .http syntax would read differently (a # line, trailing line break)', () => {
    const text = toHttpRequestText(fromCurl(`curl http://h/ --data-binary $'# title\\nbody\\n'`));
    assert.match(text, /^# curl: some body lines read differently/m);
    const plain = toHttpRequestText(
      fromCurl(`curl http://h/ -H 'Content-Type: text/plain' --data-binary $'line 1\\nline 2'`),
    );
    assert.doesNotMatch(plain, /# curl:/);
  });
});

describe('fromCurl with commands as tools write them', () => {
  it("a browser's Copy as cURL (bash): $'…' body, cookies, --compressed", () => {
    const pasted = [
      "curl 'http://127.0.0.1:8080/api/items?page=2' \\",
      "  -H 'accept: application/json' \\",
      "  -H 'content-type: application/json' \\",
      "  -b 'sid=abc; theme=dark' \\",
      '  -H \'sec-ch-ua: "Chromium";v="131"\' \\',
      '  --data-raw $\'{"name":"O\\\'Brien","note":"a\\\\nb"}\' \\',
      '  --compressed',
    ].join('\n');
    const request = fromCurl(pasted);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'http://127.0.0.1:8080/api/items?page=2');
    assert.deepEqual(request.headers, [
      ['accept', 'application/json'],
      ['content-type', 'application/json'],
      ['sec-ch-ua', '"Chromium";v="131"'],
      ['Cookie', 'sid=abc; theme=dark'],
    ]);
    assert.deepEqual(request.body, { kind: 'text', text: '{"name":"O\'Brien","note":"a\\nb"}' });
    assert.deepEqual(request.notes.length, 1);
  });

  it("httpipe's own binary export (printf … | curl --data-binary @-): the curl part, with notes", () => {
    const request = fromCurl(
      `printf '\\000\\001' | curl --http1.1 -X PUT http://127.0.0.1/b --data-binary @-`,
    );
    assert.equal(request.method, 'PUT');
    assert.equal(request.body, undefined);
    assert.match(request.notes.join('\n'), /before the pipe \(printf …\)/);
    assert.match(request.notes.join('\n'), /standard input/);
  });
});
