import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { bodySizes, contentEncodingOf, decodeResponseBody } from '../../../src/core/encoding/responseBody';
import type { ResponseData } from '../../../src/core/engine/types';
import { okResponse } from '../../support/responseFixture';

function response(
  body: Buffer,
  headers: Array<[string, string]>,
  extra: Partial<ResponseData> = {},
): ResponseData {
  return { ...okResponse(body), headers, ...extra };
}

describe('decodeResponseBody and bodySizes', () => {
  const text = Buffer.from('x'.repeat(10_000));

  it('joins several Content-Encoding lines into one list, in order', () => {
    assert.equal(
      contentEncodingOf(
        response(text, [
          ['Content-Encoding', 'gzip'],
          ['X', 'y'],
          ['content-encoding', 'br'],
        ]),
      ),
      'gzip, br',
    );
    const wire = zlib.brotliCompressSync(zlib.gzipSync(text));
    assert.deepEqual(
      decodeResponseBody(
        response(wire, [
          ['Content-Encoding', 'gzip'],
          ['content-encoding', 'br'],
        ]),
      )?.applied,
      ['br', 'gzip'],
    );
  });

  it('gives both sizes when the body was decoded, the wire size alone otherwise', () => {
    const wire = zlib.gzipSync(text);
    assert.deepEqual(bodySizes(response(wire, [['Content-Encoding', 'gzip']])), {
      wireBytes: wire.length,
      decodedBytes: 10_000,
    });
    assert.deepEqual(bodySizes(response(text, [])), { wireBytes: 10_000 });
    assert.deepEqual(bodySizes(response(text, [['Content-Encoding', 'identity']])), { wireBytes: 10_000 });
    assert.deepEqual(bodySizes(response(text, [['Content-Encoding', 'gzip']])), { wireBytes: 10_000 });
    assert.equal(
      decodeResponseBody(response(text, [['Content-Encoding', 'gzip']]))?.error?.startsWith(
        'decoding gzip failed',
      ),
      true,
    );
  });

  it('decodes the beginning of a body the engine cut short, and says the size is a lower bound', () => {
    const wire = zlib.gzipSync(Buffer.from(Array.from({ length: 200_000 }, (_, k) => k % 251)));
    const kept = wire.subarray(0, Math.floor(wire.length / 2));
    const sizes = bodySizes(
      response(kept, [['Content-Encoding', 'gzip']], { bodyBytes: wire.length, bodyTruncated: true }),
    );
    assert.equal(sizes.wireBytes, wire.length);
    assert.equal(sizes.decodedAtLeast, true);
    assert.ok(sizes.decodedBytes! > 0 && sizes.decodedBytes! < 200_000);
  });
});
