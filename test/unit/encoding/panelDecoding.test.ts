// The panel's view of compressed responses (report/bodyContent + bodyPreview over core/encoding):
// the preview shows the decoded body and says what it was decoded from; saving never gets a
// silently shortened body; the wire view is built from the connection's bytes and keeps them raw.

import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import type { ResponseData } from '../../../src/core/engine/types';
import { okResponse } from '../../support/responseFixture';
import { bodyContent } from '../../../src/core/report/bodyContent';
import { previewBody } from '../../../src/core/report/bodyPreview';

function response(
  body: Buffer,
  headers: Array<[string, string]>,
  extra: Partial<ResponseData> = {},
): ResponseData {
  return { ...okResponse(body), headers, ...extra };
}

describe('panel: compressed response bodies', () => {
  const json = JSON.stringify({ items: Array.from({ length: 50 }, (_, k) => ({ k })) });

  it('previews raw deflate and stacked codings decoded, saying what they were decoded from', () => {
    const raw = previewBody(
      response(zlib.deflateRawSync(json), [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'deflate'],
      ]),
      1 << 20,
    );
    assert.equal(raw.kind, 'json');
    assert.deepEqual(JSON.parse(raw.text!), JSON.parse(json));
    assert.match(raw.note ?? '', /^Decoded from deflate \(\d+ B on the wire\)\.$/);
    const stacked = previewBody(
      response(zlib.brotliCompressSync(zlib.gzipSync(json)), [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'gzip, br'],
      ]),
      1 << 20,
    );
    assert.equal(stacked.totalBytes, json.length);
    assert.match(stacked.note ?? '', /^Decoded from gzip, br /);
  });

  it('names an unknown coding and shows the bytes as received', () => {
    const view = previewBody(
      response(Buffer.from('abc'), [
        ['Content-Type', 'text/plain'],
        ['Content-Encoding', 'zstd'],
      ]),
      1024,
    );
    assert.equal(view.kind, 'binary');
    assert.equal(
      view.note,
      'Shown as received: unknown content coding "zstd" (httpipe decodes gzip, x-gzip, deflate, br).',
    );
  });

  it('previews the decoded beginning of a body the engine kept only part of; saving gets the bytes as received', () => {
    const text = 'line of text\n'.repeat(20_000);
    const wire = zlib.gzipSync(text);
    const kept = wire.subarray(0, Math.floor(wire.length / 2));
    const partial = response(
      kept,
      [
        ['Content-Type', 'text/plain'],
        ['Content-Encoding', 'gzip'],
      ],
      { bodyBytes: wire.length, bodyTruncated: true },
    );
    const view = previewBody(partial, 1024);
    assert.equal(view.kind, 'text');
    assert.equal(view.text, text.slice(0, 1024));
    assert.match(view.note ?? '', /^Decoded from gzip: the beginning only/);
    const saved = bodyContent(partial);
    assert.equal(saved.coding, 'encoded');
    assert.equal(saved.bytes, kept);
  });

  it('previews the first part of a decompression bomb, and gives the compressed bytes to save', () => {
    const bomb = Buffer.concat(
      Array.from({ length: 80 }, () => zlib.gzipSync(Buffer.alloc(1024 * 1024, 0x61))),
    );
    const compressed = response(bomb, [
      ['Content-Type', 'text/plain'],
      ['Content-Encoding', 'gzip'],
    ]);
    const view = previewBody(compressed, 64);
    assert.equal(view.text, 'a'.repeat(64));
    assert.match(
      view.note ?? '',
      /^Decoded from gzip: the first [\d.]+ MiB only; decoded, the body is larger than 64 MiB/,
    );
    assert.equal(bodyContent(compressed).bytes, bomb);
  });
});
