// The body preview: limits, truncation notes, pretty JSON, images as base64, content coding.
import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import type { ResponseData } from '../../../src/core/engine/types';
import { okResponse } from '../../support/responseFixture';
import { hexDump, previewBody } from '../../../src/core/report/bodyPreview';

function response(
  body: Buffer | string,
  headers: Array<[string, string]>,
  extra: Partial<ResponseData> = {},
): ResponseData {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { ...okResponse(bytes), headers, ...extra };
}

describe('previewBody', () => {
  it('indents JSON that fits the limit', () => {
    const view = previewBody(
      response('{"a":[1,2],"b":null}', [['Content-Type', 'application/json; charset=utf-8']]),
      1024,
    );
    assert.equal(view.kind, 'json');
    assert.equal(view.language, 'json');
    assert.equal(view.text, '{\n  "a": [\n    1,\n    2\n  ],\n  "b": null\n}');
    assert.equal(view.truncationNote, undefined);
    assert.equal(view.shownBytes, 20);
  });

  it('cuts a body past the limit and says how much is shown and where the rest is', () => {
    const body = '{"items":"' + 'x'.repeat(5000) + '"}';
    const view = previewBody(response(body, [['Content-Type', 'application/json']]), 1024);
    assert.equal(view.shownBytes, 1024);
    assert.equal(view.totalBytes, body.length);
    assert.equal(view.text, body.slice(0, 1024), 'cut JSON is shown as it came, not parsed');
    assert.match(view.truncationNote ?? '', /first 1 KiB of 4\.9 KiB/);
    assert.match(view.truncationNote ?? '', /httpipe\.preview\.maxBytes/);
    assert.match(view.truncationNote ?? '', /Save the body or open it/);
  });

  it('never splits a multi-byte character at the limit', () => {
    const view = previewBody(response('aé€', [['Content-Type', 'text/plain; charset=utf-8']]), 4);
    // a (1) + é (2) fit in 4 bytes; the first byte of € does not make a replacement character.
    assert.equal(view.text, 'aé');
  });

  it('decodes the declared charset', () => {
    const view = previewBody(
      response(Buffer.from([0x63, 0x61, 0x66, 0xe9]), [['Content-Type', 'text/plain; charset=ISO-8859-1']]),
      100,
    );
    assert.equal(view.text, 'café');
  });

  it('previews images as a base64 data URI that decodes to the same bytes', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const view = previewBody(response(png, [['Content-Type', 'image/png']]), 1024);
    assert.equal(view.kind, 'image');
    const prefix = 'data:image/png;base64,';
    assert.ok(view.dataUri?.startsWith(prefix));
    assert.deepEqual(Buffer.from(view.dataUri!.slice(prefix.length), 'base64'), png);
  });

  it('does not preview an image larger than the limit, and says so', () => {
    const view = previewBody(response(Buffer.alloc(2048, 1), [['Content-Type', 'image/jpeg']]), 1024);
    assert.equal(view.dataUri, undefined);
    assert.match(view.truncationNote ?? '', /larger than the preview limit/);
  });

  it('shows binary bodies as a hex dump', () => {
    const view = previewBody(
      response(Buffer.from([0, 1, 2, 0x41]), [['Content-Type', 'application/octet-stream']]),
      1024,
    );
    assert.equal(view.kind, 'binary');
    assert.equal(view.text, '00000000  00 01 02 41' + ' '.repeat(36) + '  ...A');
  });

  it('tells text from binary by the bytes when there is no Content-Type', () => {
    assert.equal(previewBody(response('[1]', []), 100).kind, 'json');
    assert.equal(previewBody(response('hello', []), 100).kind, 'text');
    assert.equal(previewBody(response(Buffer.from([0x68, 0, 0x69]), []), 100).kind, 'binary');
    assert.equal(previewBody(response(Buffer.from([0xc3, 0x28]), []), 100).kind, 'binary', 'invalid UTF-8');
  });

  it('decodes gzip for display and says so', () => {
    const json = '{"ok":true}';
    const view = previewBody(
      response(gzipSync(json), [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'gzip'],
      ]),
      1024,
    );
    assert.equal(view.kind, 'json');
    assert.equal(view.text, '{\n  "ok": true\n}');
    assert.equal(view.totalBytes, json.length);
    assert.match(view.note ?? '', /Decoded from gzip/);
  });

  it('shows a body whose coding cannot be undone as binary, with the reason', () => {
    const view = previewBody(
      response('not gzip at all', [
        ['Content-Type', 'text/plain'],
        ['Content-Encoding', 'gzip'],
      ]),
      1024,
    );
    assert.equal(view.kind, 'binary');
    assert.match(view.note ?? '', /decoding gzip failed/);
  });

  it('points to the file on disk when the engine kept only part of the body in memory', () => {
    const view = previewBody(
      response('abcdef', [['Content-Type', 'text/plain']], {
        bodyBytes: 10_000_000,
        bodyTruncated: true,
        bodyFile: '/tmp/body.bin',
      }),
      1024,
    );
    assert.equal(view.totalBytes, 10_000_000);
    assert.match(view.truncationNote ?? '', /on disk/);
  });

  it('reports an empty body as empty', () => {
    const view = previewBody(response('', [['Content-Type', 'application/json']]), 1024);
    assert.equal(view.kind, 'empty');
    assert.equal(view.text, undefined);
  });
});

describe('hexDump', () => {
  it('prints 16 bytes a line with offsets and printable characters', () => {
    const lines = hexDump(Buffer.from('0123456789abcdefXY')).split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '00000000  30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef');
    assert.ok(lines[1].startsWith('00000010  58 59 '));
  });
});
