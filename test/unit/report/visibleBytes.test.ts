import { strict as assert } from 'node:assert';
import { visibleBytes } from '../../../src/core/report/visibleBytes';

describe('visibleBytes', () => {
  it('shows CR and LF, keeping the line break after LF', () => {
    assert.equal(
      visibleBytes(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n')),
      'GET / HTTP/1.1␍␊\nHost: a␍␊\n␍␊\n',
    );
  });

  it('shows tab, other control bytes and invalid UTF-8 as escapes', () => {
    assert.equal(visibleBytes(Buffer.from([0x61, 0x09, 0x00, 0x7f, 0xff, 0xc3])), 'a␉\\x00\\x7f\\xff\\xc3');
  });

  it('keeps valid multi-byte UTF-8 characters', () => {
    assert.equal(visibleBytes(Buffer.from('é€😀', 'utf8')), 'é€😀');
  });

  it('escapes overlong encodings and lone continuation bytes', () => {
    assert.equal(visibleBytes(Buffer.from([0xc0, 0xaf, 0x80])), '\\xc0\\xaf\\x80');
    assert.equal(visibleBytes(Buffer.from([0xed, 0xa0, 0x80])), '\\xed\\xa0\\x80', 'UTF-16 surrogate');
  });

  it('works on a view into a larger buffer', () => {
    const whole = Buffer.from('xxHi\r\nyy');
    assert.equal(visibleBytes(whole.subarray(2, 6)), 'Hi␍␊\n');
  });
});
