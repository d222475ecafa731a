// The frame tap's two pure parts: FrameReader finds the same frames however the bytes are cut (a
// header split across chunks, a control payload in pieces), and FrameLog builds the Wire tab's list
// only when read, extends the same array when read again, and decorates a HEADERS frame that was
// already built.
import assert from 'node:assert/strict';
import { FrameLog } from '../../../src/core/engine/h2/frameLog';
import { FrameReader } from '../../../src/core/engine/h2/frameReader';

function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, payload]);
}

const settings = Buffer.from([0, 3, 0, 0, 0, 100, 0, 4, 0, 0, 0xff, 0xff]);
const bytes = Buffer.concat([
  frame(4, 0, 0, settings),
  frame(1, 0x4, 1, Buffer.alloc(20)),
  frame(0, 0x1, 1, Buffer.alloc(64)),
  frame(3, 0, 3, Buffer.from([0, 0, 0, 7])),
  frame(4, 0x1, 0, Buffer.alloc(0)),
]);

function read(chunks: Buffer[]): Array<[number, number, number, number, string | undefined, number]> {
  const seen: Array<[number, number, number, number, string | undefined, number]> = [];
  const reader = new FrameReader((type, flags, streamId, length, payload, atMs) =>
    seen.push([type, flags, streamId, length, payload?.toString('hex'), atMs]),
  );
  chunks.forEach((chunk, i) => reader.push(chunk, i));
  return seen;
}

describe('h2 frame tap: FrameReader and FrameLog', () => {
  it('reads the same frames from one chunk and from single bytes, dated by the chunk each ended in', () => {
    const whole = read([bytes]);
    assert.deepEqual(
      whole.map(([type, flags, streamId, length]) => [type, flags, streamId, length]),
      [
        [4, 0, 0, 12],
        [1, 4, 1, 20],
        [0, 1, 1, 64],
        [3, 0, 3, 4],
        [4, 1, 0, 0],
      ],
    );
    assert.equal(whole[0][4], settings.toString('hex'));
    assert.equal(whole[1][4], undefined, 'HEADERS payloads are not copied');
    const single = read([...bytes].map((byte) => Buffer.from([byte])));
    assert.deepEqual(
      single.map((f) => f.slice(0, 5)),
      whole.map((f) => f.slice(0, 5)),
    );
    // The SETTINGS frame's last byte is byte 20 of the stream (9 + 12 - 1).
    assert.equal(single[0][5], 20);
  });

  it('builds the frame list when read, extends the same array, and decorates a frame built already', () => {
    const log = new FrameLog(3);
    const headersAt = log.add('sent', 1.5, 1, 0x5, 1, 20, undefined);
    log.add('received', 2, 4, 0, 0, 12, settings);
    const first = log.frames;
    assert.deepEqual(first, [
      {
        direction: 'sent',
        atMs: 1.5,
        type: 'HEADERS',
        streamId: 1,
        flags: ['END_STREAM', 'END_HEADERS'],
        length: 20,
      },
      {
        direction: 'received',
        atMs: 2,
        type: 'SETTINGS',
        streamId: 0,
        flags: [],
        length: 12,
        detail: 'MAX_CONCURRENT_STREAMS=100 INITIAL_WINDOW_SIZE=65535',
      },
    ]);
    log.setHeaders(headersAt, () => [[':method', 'GET']]);
    log.setHeaders(headersAt, () => [[':method', 'POST']]);
    log.add('received', 3, 0x2a, 0, 1, 0, undefined);
    assert.equal(log.add('received', 4, 0, 0, 1, 0, undefined), -1, 'past the limit');
    const second = log.frames;
    assert.equal(second, first, 'the same array, extended');
    assert.deepEqual(second[0].headers, [[':method', 'GET']], 'the first decoded list wins');
    assert.equal(second[2].type, '0x2a');
    assert.equal(log.dropped, 1);
  });
});
