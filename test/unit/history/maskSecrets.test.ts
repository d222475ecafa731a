// The one secret masker: header values and raw wire logs for the stored copy of a run, and the log's
// visible text, which must come out masked exactly as the stored bytes.
import assert from 'node:assert/strict';
import {
  MASKED,
  maskHeaders,
  maskHeaderValue,
  maskUrlPassword,
  maskVisibleText,
  maskWireLog,
} from '../../../src/core/common/secretHeaders';
import { visibleBytes } from '../../../src/core/report/visibleBytes';

describe('history masking', () => {
  it('keeps the scheme word of Authorization and Proxy-Authorization, whatever the case of the name', () => {
    assert.equal(maskHeaderValue('Authorization', 'Bearer eyJhbGciOi.abc'), `Bearer ${MASKED}`);
    assert.equal(maskHeaderValue('proxy-AUTHORIZATION', 'Basic dXNlcjpwYXNz'), `Basic ${MASKED}`);
    assert.equal(maskHeaderValue('Authorization', 'sometoken'), MASKED, 'no scheme word: all of it');
    assert.equal(maskHeaderValue('Authorization', ''), '', 'nothing to hide');
  });

  it('keeps cookie names and Set-Cookie attributes, never the values', () => {
    assert.equal(maskHeaderValue('Cookie', 'sid=abc123; theme=dark'), `sid=${MASKED}; theme=${MASKED}`);
    assert.equal(
      maskHeaderValue('Set-Cookie', 'sid=abc123; Path=/; HttpOnly'),
      `sid=${MASKED}; Path=/; HttpOnly`,
    );
    assert.equal(maskHeaderValue('Cookie', 'justavalue'), MASKED);
  });

  it('leaves other headers alone', () => {
    assert.deepEqual(
      maskHeaders([
        ['X-Token', 'visible'],
        ['authorization', 'Digest x=1'],
      ]),
      [
        ['X-Token', 'visible'],
        ['authorization', `Digest ${MASKED}`],
      ],
    );
  });

  it('masks header lines in a wire log and maps offsets past them', () => {
    const first = 'GET /a HTTP/1.1\r\nAuthorization: Bearer s3cret-token\r\nX-A: 1\r\n\r\n';
    const second = 'GET /b HTTP/1.1\r\ncookie:sid=abc\r\n\r\n';
    const log = Buffer.from(first + second, 'latin1');
    const masked = maskWireLog(log);
    const text = masked.bytes.toString('utf8');
    assert.ok(!/s3cret|abc/.test(text), text);
    assert.ok(text.includes(`Authorization: Bearer ${MASKED}\r\n`), text);
    assert.ok(text.includes(`cookie:sid=${MASKED}\r\n`), text);
    const start = masked.mapOffset(first.length);
    assert.equal(
      masked.bytes.subarray(start, start + 6).toString(),
      'GET /b',
      'the second request starts where its mapped offset says',
    );
    assert.equal(masked.mapOffset(0), 0);
    assert.equal(masked.mapOffset(log.length), masked.bytes.length);
  });

  it('returns a log without secrets as it is', () => {
    const log = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    const masked = maskWireLog(log);
    assert.equal(masked.bytes, log);
    assert.equal(masked.mapOffset(7), 7);
  });

  it('masks the password in a URL with credentials', () => {
    assert.equal(
      maskUrlPassword('http://me:pa55@127.0.0.1:8080/x?y=1'),
      `http://me:${MASKED}@127.0.0.1:8080/x?y=1`,
    );
    assert.equal(maskUrlPassword('http://127.0.0.1/a:b@c'), 'http://127.0.0.1/a:b@c');
  });

  it('masks the log as it masks the history: the same headers, the same strings', () => {
    const wire = Buffer.from(
      'GET / HTTP/1.1\r\nAuthorization: Bearer s3cret\r\nproxy-authorization:\tBasic dXNlcjpw\r\n' +
        'Cookie: a=1; b=2\r\nX-Other: visible\r\n\r\nHTTP/1.1 200 OK\r\nSet-Cookie: id=2; HttpOnly\r\n\r\n',
      'latin1',
    );
    const logged = maskVisibleText(visibleBytes(wire));
    assert.equal(logged, visibleBytes(maskWireLog(wire).bytes));
    assert.ok(!/s3cret|dXNlcjpw|a=1|id=2/.test(logged), logged);
    assert.ok(logged.includes(`Authorization: Bearer ${MASKED}␍␊`), logged);
    assert.ok(logged.includes('X-Other: visible␍␊'), logged);
  });
});
