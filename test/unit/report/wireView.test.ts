// Wire views and request details from a real pipelined run: the boundaries must fall exactly where
// each response starts, so the raw view can be trusted to show which bytes answered which request.
import { strict as assert } from 'node:assert';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { ConnectionRecord, RequestResult, RunResult } from '../../../src/core/engine/types';
import { toRequestDetail } from '../../../src/core/report/requestDetail';
import { toConnectionWireView } from '../../../src/core/report/wireView';
import { startRecordingServer, type RecordingServer } from '../../support/recordingServer';
import { requests } from '../../support/requestSpecs';

describe('wire view of a real pipelined run', () => {
  let server: RecordingServer;
  let run: RunResult;
  let connection: ConnectionRecord;

  before(async () => {
    server = await startRecordingServer();
    run = await runRequests(
      requests([
        ['GET', `${server.origin}/delay?ms=60&n=1`],
        ['GET', `${server.origin}/delay?ms=10&n=2`],
        ['GET', `${server.origin}/n=3`],
      ]),
      { mode: 'pipelined' },
    );
    assert.equal(run.connections.length, 1, 'one pipelined connection');
    connection = run.connections[0];
  });
  after(() => server.close());

  it('splits each direction at the request boundaries, one segment per request, in order', () => {
    const view = toConnectionWireView(connection, run.requests, 1024 * 1024);
    assert.deepEqual(
      view.written.map((s) => s.requestIndex),
      [0, 1, 2],
    );
    assert.deepEqual(
      view.read.map((s) => s.requestIndex),
      [0, 1, 2],
    );
    view.written.forEach((segment, i) =>
      assert.match(segment.text, new RegExp(`^GET /.*n=${i + 1} HTTP/1\\.1␍␊\\n`)),
    );
    view.read.forEach((segment, i) => {
      assert.match(segment.text, /^HTTP\/1\.1 200 OK␍␊\n/, 'each read segment starts at its status line');
      assert.ok(segment.text.endsWith(`n=${i + 1}`), 'and ends with its own body');
    });
    // The segments tile the stream: no byte is lost or shown twice.
    assert.equal(view.read[0].start, 0);
    for (let i = 1; i < view.read.length; i++) assert.equal(view.read[i].start, view.read[i - 1].end);
    assert.equal(view.read.at(-1)!.end, connection.read.length);
    assert.equal(view.truncationNote, undefined);
  });

  it('cuts the view at the preview limit and says so', () => {
    const limit = 50;
    const view = toConnectionWireView(connection, run.requests, limit);
    const shown = view.read.reduce((n, s) => n + s.text.replace(/␍|␊/g, '').replace(/\n/g, '').length, 0);
    // Each CR LF pair is two bytes shown as ␍␊ plus a line break; after removing them the count is bytes.
    assert.ok(shown <= limit, `shown ${shown} bytes`);
    assert.ok(view.read.some((s) => s.cut));
    assert.deepEqual(
      view.read.map((s) => s.requestIndex),
      [0, 1, 2],
      'every boundary is still listed',
    );
    assert.match(view.truncationNote ?? '', /first 50 B of each direction/);
  });

  it('marks bytes that belong to no request (a cut or extra stream) as unmatched', () => {
    const extra: ConnectionRecord = {
      ...connection,
      read: Buffer.concat([connection.read, Buffer.from('junk')]),
    };
    const view = toConnectionWireView(extra, run.requests, 1024 * 1024);
    const last = view.read.at(-1)!;
    assert.equal(last.requestIndex, undefined);
    assert.equal(last.text, 'junk');
  });

  it('gives a request detail its own request and response bytes', () => {
    const request = run.requests[1];
    const detail = toRequestDetail(request, () => connection, 1024 * 1024);
    assert.match(detail.rawRequest ?? '', /^GET \/delay\?ms=10&n=2 HTTP\/1\.1␍␊/);
    assert.match(detail.rawResponse ?? '', /^HTTP\/1\.1 200 OK␍␊/);
    assert.ok(detail.rawResponse!.endsWith('n=2'));
    assert.equal(detail.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(detail.summary.positionOnConnection, 2);
    assert.equal(detail.rawNote, undefined);
  });

  it('explains missing raw bytes while the run is still going', () => {
    const detail = toRequestDetail(run.requests[0], () => undefined, 1024);
    assert.equal(detail.rawRequest, undefined);
    assert.match(detail.rawNote ?? '', /when the run has finished/);
  });

  it('explains that nothing was written for a request never sent', () => {
    const notSent: RequestResult = {
      ...run.requests[0],
      outcome: 'not-sent',
      response: undefined,
      wire: undefined,
      notSentReason: 'cancelled',
    } as RequestResult;
    const detail = toRequestDetail(notSent, () => connection, 1024);
    assert.equal(detail.body, undefined);
    assert.match(detail.rawNote ?? '', /Nothing was written/);
    assert.equal(detail.summary.statusLabel, 'not sent');
  });
});
