import assert from 'node:assert/strict';
import { serializeRequest } from '../../../src/core/engine/requestSerializer';
import type { PreparedRequest } from '../../../src/core/engine/types';

function wire(req: Omit<Partial<PreparedRequest>, 'url'> & { url: string }, connectionClose = false): string {
  const prepared: PreparedRequest = {
    method: req.method ?? 'GET',
    url: new URL(req.url),
    headers: req.headers ?? [],
    body: req.body,
  };
  return serializeRequest(prepared, { connectionClose }).toString('latin1');
}

describe('serializeRequest', () => {
  it('writes an origin-form request line and adds Host first', () => {
    assert.equal(
      wire({ url: 'http://example.com/a/b?x=1' }),
      'GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n',
    );
  });

  it('never sends the fragment', () => {
    assert.equal(
      wire({ url: 'http://example.com/p?q=1#section' }),
      'GET /p?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n',
    );
  });

  it('sends / for an empty path', () => {
    assert.match(wire({ url: 'http://example.com' }), /^GET \/ HTTP\/1\.1\r\n/);
  });

  it('percent-encodes spaces and non-ASCII as UTF-8 without double-encoding %xx', () => {
    const line = wire({ url: 'http://h/a b/ü?q=1 2&x=%41%2F' }).split('\r\n')[0];
    assert.equal(line, 'GET /a%20b/%C3%BC?q=1%202&x=%41%2F HTTP/1.1');
  });

  it('puts the port in Host only when it is not the default', () => {
    assert.match(wire({ url: 'http://h:8080/' }), /\r\nHost: h:8080\r\n/);
    assert.match(wire({ url: 'http://h:80/' }), /\r\nHost: h\r\n/);
    assert.match(wire({ url: 'https://h:443/' }), /\r\nHost: h\r\n/);
    assert.match(wire({ url: 'https://h:8443/' }), /\r\nHost: h:8443\r\n/);
  });

  it('brackets an IPv6 host', () => {
    assert.match(wire({ url: 'http://[::1]:3000/' }), /\r\nHost: \[::1\]:3000\r\n/);
    assert.match(wire({ url: 'http://[::1]/' }), /\r\nHost: \[::1\]\r\n/);
  });

  it("keeps the user's header order and case and does not add a second Host", () => {
    const text = wire({
      url: 'http://h/',
      headers: [
        ['X-B', '2'],
        ['hOsT', 'other:1'],
        ['x-a', '1'],
      ],
    });
    assert.equal(text, 'GET / HTTP/1.1\r\nX-B: 2\r\nhOsT: other:1\r\nx-a: 1\r\n\r\n');
  });

  it('adds Content-Length after the headers when there is a body, and appends the body', () => {
    const text = wire({
      method: 'POST',
      url: 'http://h/',
      headers: [['Content-Type', 'text/plain']],
      body: Buffer.from('héllo'),
    });
    assert.equal(
      text,
      'POST / HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n' +
        Buffer.from('héllo').toString('latin1'),
    );
  });

  it('adds Content-Length: 0 for POST, PUT and PATCH without a body, not for GET', () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      assert.match(wire({ method, url: 'http://h/' }), /\r\nContent-Length: 0\r\n\r\n$/, method);
    }
    assert.doesNotMatch(wire({ method: 'GET', url: 'http://h/' }), /Content-Length/);
    assert.doesNotMatch(
      wire({ method: 'DELETE', url: 'http://h/', body: Buffer.alloc(0) }),
      /Content-Length/,
    );
  });

  it('leaves framing to the user when Content-Length or Transfer-Encoding is given', () => {
    const chunked = wire({
      method: 'POST',
      url: 'http://h/',
      headers: [['Transfer-Encoding', 'chunked']],
      body: Buffer.from('3\r\nabc\r\n0\r\n\r\n'),
    });
    assert.doesNotMatch(chunked, /Content-Length/);
    const explicit = wire({
      method: 'POST',
      url: 'http://h/',
      headers: [['content-length', '3']],
      body: Buffer.from('abc'),
    });
    assert.equal(explicit.match(/content-length/gi)?.length, 1);
  });

  it('adds Connection: close when asked, unless the user set Connection', () => {
    assert.match(wire({ url: 'http://h/' }, true), /\r\nConnection: close\r\n\r\n$/);
    assert.doesNotMatch(wire({ url: 'http://h/' }, false), /Connection/);
    const user = wire({ url: 'http://h/', headers: [['connection', 'keep-alive']] }, true);
    assert.doesNotMatch(user, /close/);
  });

  it('rejects CR, LF or NUL in a header value or name (header injection)', () => {
    for (const value of ['a\r\nX-Evil: 1', 'a\nb', 'a\rb', 'a\0b']) {
      assert.throws(() => wire({ url: 'http://h/', headers: [['X', value]] }), /CR, LF or NUL.*inject/);
    }
    assert.throws(() => wire({ url: 'http://h/', headers: [['X\r\nEvil', '1']] }), /CR, LF or NUL/);
  });

  it('rejects header names that are not tokens', () => {
    for (const name of ['', 'X Y', 'X:Y', 'Ü']) {
      assert.throws(
        () => wire({ url: 'http://h/', headers: [[name, '1']] }),
        /Invalid header name/,
        JSON.stringify(name),
      );
    }
  });

  it('rejects a method that is not a token', () => {
    assert.throws(() => wire({ method: 'GET /evil', url: 'http://h/' }), /Invalid request method/);
    assert.throws(() => wire({ method: '', url: 'http://h/' }), /Invalid request method/);
  });

  it('cannot be made to inject through the URL: WHATWG URL drops or encodes line breaks', () => {
    const line = wire({ url: 'http://h/a\r\nX-Evil: 1' }).split('\r\n')[0];
    assert.equal(line, 'GET /aX-Evil:%201 HTTP/1.1');
  });

  it('still encodes and guards the target for a URL-like object that was not normalised by WHATWG URL', () => {
    const fake = (pathname: string, search = '') =>
      ({ host: 'h', pathname, search, hash: '#x' }) as unknown as URL;
    const line = serializeRequest(
      { method: 'GET', url: fake('/a b/ü', '?q=%41 x'), headers: [] },
      { connectionClose: false },
    )
      .toString('latin1')
      .split('\r\n')[0];
    assert.equal(line, 'GET /a%20b/%C3%BC?q=%41%20x HTTP/1.1');
    assert.throws(
      () =>
        serializeRequest({ method: 'GET', url: fake('/a\r\nX: 1'), headers: [] }, { connectionClose: false }),
      /Invalid request target.*inject/,
    );
  });
});
