// decodeContent: each coding, stacks undone in reverse, unknown and corrupt codings, and bounded
// output: decompression bombs stop at the limit with the beginning kept, in bounded memory.

import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import {
  decodeContent,
  describeDecoding,
  parseContentCodings,
} from '../../../src/core/encoding/decodeContent';

const text = Buffer.from('{"greeting": "hello, world", "n": [1, 2, 3]}\n'.repeat(50));

describe('decodeContent', () => {
  it('undoes gzip, x-gzip, deflate (zlib and raw) and br; identity and no header leave the body alone', () => {
    assert.deepEqual(decodeContent(zlib.gzipSync(text), 'gzip'), { body: text, applied: ['gzip'] });
    assert.deepEqual(decodeContent(zlib.gzipSync(text), 'X-GZIP'), { body: text, applied: ['x-gzip'] });
    assert.deepEqual(decodeContent(zlib.deflateSync(text), 'deflate'), { body: text, applied: ['deflate'] });
    assert.deepEqual(decodeContent(zlib.deflateRawSync(text), 'deflate'), {
      body: text,
      applied: ['deflate'],
    });
    assert.deepEqual(decodeContent(zlib.brotliCompressSync(text), ' br '), { body: text, applied: ['br'] });
    assert.deepEqual(decodeContent(text, 'identity'), { body: text, applied: [] });
    assert.deepEqual(decodeContent(text, undefined), { body: text, applied: [] });
    assert.deepEqual(decodeContent(Buffer.alloc(0), 'gzip'), { body: Buffer.alloc(0), applied: [] });
  });

  it('undoes stacked codings from the last one applied back to the first', () => {
    const wire = zlib.brotliCompressSync(zlib.gzipSync(text));
    assert.deepEqual(decodeContent(wire, 'gzip, identity, br'), { body: text, applied: ['br', 'gzip'] });
    assert.deepEqual(parseContentCodings('gzip,, identity, BR'), ['gzip', 'br']);
    // The wrong order fails: the outer layer is br, not gzip.
    assert.match(decodeContent(wire, 'br, gzip').error ?? '', /^decoding gzip \(of br, gzip\) failed: /);
  });

  it('leaves the body unchanged with an error for an unknown coding or corrupt data', () => {
    const compressed = zlib.gzipSync(text);
    assert.deepEqual(decodeContent(compressed, 'gzip, zstd'), {
      body: compressed,
      applied: [],
      error: 'unknown content coding "zstd" (httpipe decodes gzip, x-gzip, deflate, br)',
    });
    const corrupt = Buffer.from(compressed);
    corrupt[20] ^= 0xff;
    const result = decodeContent(corrupt, 'gzip');
    assert.equal(result.body, corrupt);
    assert.deepEqual(result.applied, []);
    assert.match(result.error ?? '', /^decoding gzip failed: /);
  });

  it('decodes the beginning of an incomplete body, marked truncated', () => {
    const wire = zlib.gzipSync(text);
    const result = decodeContent(wire.subarray(0, Math.floor(wire.length * 0.8)), 'gzip', {
      complete: false,
    });
    assert.equal(result.truncated, true);
    assert.ok(result.body.length > 0 && result.body.length < text.length);
    assert.deepEqual(result.body, text.subarray(0, result.body.length));
  });

  describe('decompression bombs', () => {
    it('stops a 1 GiB gzip bomb at the limit, keeps the beginning, and says so', () => {
      // 1 GiB of zeros in about 1 MiB of gzip.
      const bomb = gzipRepeated(Buffer.alloc(1024 * 1024), 1024);
      assert.ok(bomb.length < 2 * 1024 * 1024);
      const maxBytes = 4 * 1024 * 1024;
      const rssBefore = process.memoryUsage().rss;
      const result = decodeContent(bomb, 'gzip', { maxBytes });
      assert.equal(result.truncated, true);
      assert.deepEqual(result.applied, ['gzip']);
      assert.ok(
        result.body.length >= maxBytes / 2 && result.body.length <= maxBytes,
        `${result.body.length} bytes`,
      );
      assert.ok(result.body.every((byte) => byte === 0));
      // Wide margin: decoding the whole bomb would take 1 GiB.
      assert.ok(process.memoryUsage().rss - rssBefore < 256 * 1024 * 1024);
      assert.equal(
        describeDecoding(result),
        `decoded from gzip (only the first ${result.body.length} bytes)`,
      );
    });

    it('bounds every step of a stack: a br bomb inside gzip', () => {
      const inner = zlib.brotliCompressSync(Buffer.alloc(256 * 1024 * 1024), {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 },
      });
      const result = decodeContent(zlib.gzipSync(inner), 'br, gzip', { maxBytes: 1024 * 1024 });
      assert.equal(result.truncated, true);
      assert.deepEqual(result.applied, ['gzip', 'br']);
      assert.ok(
        result.body.length >= 512 * 1024 && result.body.length <= 1024 * 1024,
        `${result.body.length} bytes`,
      );
    });

    it('refuses, body unchanged, when one step of the data already expands past the limit', () => {
      // At the best quality brotli writes 4 MiB of zeros in 14 bytes, as one copy command: no beginning fits in 256 KiB.
      const wire = zlib.brotliCompressSync(Buffer.alloc(4 * 1024 * 1024));
      const result = decodeContent(wire, 'br', { maxBytes: 256 * 1024 });
      assert.deepEqual(result, {
        body: wire,
        applied: [],
        error: 'decoding br failed: the decoded body is larger than the 262144-byte limit',
      });
    });

    it('decodes a body exactly at the limit in full', () => {
      const body = Buffer.alloc(64 * 1024, 7);
      assert.deepEqual(decodeContent(zlib.deflateSync(body), 'deflate', { maxBytes: body.length }), {
        body,
        applied: ['deflate'],
      });
    });
  });

  it('describes what was done', () => {
    assert.equal(describeDecoding({ body: text, applied: ['br', 'gzip'] }), 'decoded from gzip, br');
    assert.equal(describeDecoding({ body: text, applied: [] }), undefined);
    assert.equal(describeDecoding({ body: text, applied: [], error: 'x' }), 'not decoded: x');
  });
});

/** `times` gzip members of `chunk` back to back: a valid gzip body (RFC 1952 allows several members). */
function gzipRepeated(chunk: Buffer, times: number): Buffer {
  const member = zlib.gzipSync(chunk, { level: 9 });
  return Buffer.concat(Array.from({ length: times }, () => member));
}
