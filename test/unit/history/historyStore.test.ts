// The run history against real runs: a loopback server that wants credentials and sets a cookie, the
// real engine, and a temp folder as the store.
import type { RunMode } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestSpec, RunResult } from '../../../src/core/engine/types';
import { HistoryStore, type HistoryStoreOptions } from '../../../src/core/history/historyStore';
import { MASKED } from '../../../src/core/common/secretHeaders';
import { parseStoredRun, serializeStoredRun, toStoredRun } from '../../../src/core/history/storedRun';
import { toConnectionWireView } from '../../../src/core/report/wireView';

const SECRET = 'tok-9f8e7d';

function spec(
  index: number,
  origin: string,
  target: string,
  headers: Array<[string, string]> = [],
): RequestSpec {
  return {
    index,
    name: `GET ${target}`,
    method: 'GET',
    displayUrl: target,
    dependsOn: [],
    noPipeline: false,
    prepare: () => ({ method: 'GET', url: new URL(target, origin), headers }),
  };
}

describe('run history', () => {
  let server: http.Server;
  let origin: string;
  let folder: string;
  let options: HistoryStoreOptions;

  before(async () => {
    server = http.createServer((req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? '0');
      res.setHeader('Set-Cookie', `session=${SECRET}; Path=/; HttpOnly`);
      res.end(size > 0 ? 'x'.repeat(size) : `hello ${req.headers.authorization ? 'authorized' : 'stranger'}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'httpipe-history-'));
    options = { maxRuns: 50, maxBodyBytes: 64 * 1024, maxWireBytes: 256 * 1024, maxFrames: 2000 };
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const run = (mode: RunMode, ...targets: string[]): Promise<RunResult> =>
    runRequests(
      targets.map((t, i) =>
        spec(i, origin, t, [
          ['Authorization', `Bearer ${SECRET}`],
          ['Cookie', `sid=${SECRET}`],
        ]),
      ),
      { mode },
    );

  it('stores a run and reads it back: statuses, mode, timings, bodies, no secret anywhere in the file', async () => {
    const result = await run('pipelined', '/one', '/two');
    const store = new HistoryStore(folder, () => options);
    const entry = await store.add('/w/api.http', result, new Date('2026-11-22T07:00:00Z'));
    assert.deepEqual(entry.statuses, [200, 200]);
    assert.equal(entry.mode, 'pipelined');
    assert.equal(entry.file, '/w/api.http');
    assert.ok(
      Math.abs(Date.parse(entry.startedAt) - (Date.parse('2026-11-22T07:00:00Z') - result.wallMs)) < 1,
      entry.startedAt,
    );

    const onDisk = fs.readdirSync(folder).filter((name) => name.startsWith('run-'));
    assert.equal(onDisk.length, 1);
    const raw = fs.readFileSync(path.join(folder, onDisk[0]), 'utf8');
    assert.ok(!raw.includes(SECRET), 'not in JSON text');
    const buffers = [...raw.matchAll(/"base64":"([^"]*)"/g)].map((m) =>
      Buffer.from(m[1], 'base64').toString('latin1'),
    );
    assert.ok(
      buffers.length > 0 && buffers.every((text) => !text.includes(SECRET)),
      'not in the buffers either',
    );

    const loaded = await store.load(entry.id);
    assert.deepEqual(loaded.entry, entry);
    const [first] = loaded.run.requests;
    assert.equal(first.response?.body.toString(), 'hello authorized');
    assert.deepEqual(
      first.response?.headers.find(([n]) => n.toLowerCase() === 'set-cookie'),
      ['Set-Cookie', `session=${MASKED}; Path=/; HttpOnly`],
    );
    assert.equal(first.timings.endMs, result.requests[0].timings.endMs);
    const written = loaded.run.connections[0].written.toString('utf8');
    assert.ok(written.includes(`Authorization: Bearer ${MASKED}`), written);
    assert.ok(written.includes(`Cookie: sid=${MASKED}`), written);
  });

  it('keeps each exchange at its own place in the masked wire logs (offsets moved with the masks)', async () => {
    const stored = toStoredRun(await run('pipelined', '/one', '/two'));
    const view = toConnectionWireView(stored.connections[0], stored.requests, 1 << 20);
    const second = view.written.find((segment) => segment.requestIndex === 1);
    assert.ok(second?.text.startsWith('GET /two HTTP/1.1'), second?.text);
    const secondRead = view.read.find((segment) => segment.requestIndex === 1);
    assert.ok(secondRead?.text.startsWith('HTTP/1.1 200'), secondRead?.text);
  });

  it('cuts bodies past maxBodyBytes and wire logs past maxWireBytes, and marks them truncated', async () => {
    const result = await run('keepalive', '/big?size=5000');
    const stored = parseStoredRun(
      serializeStoredRun({
        entry: {
          id: 'x',
          file: 'f',
          mode: 'keepalive',
          startedAt: '',
          wallMs: 0,
          statuses: [],
          cancelled: false,
        },
        run: toStoredRun(result, { maxBodyBytes: 1000, maxWireBytes: 2000, maxFrames: 2000 }),
      }),
    );
    const response = stored.run.requests[0].response!;
    assert.equal(response.body.length, 1000);
    assert.equal(response.bodyBytes, 5000);
    assert.equal(response.bodyTruncated, true);
    assert.equal(stored.run.connections[0].read.length, 2000);
    assert.equal(stored.run.connections[0].readTruncated, true);
    assert.equal(stored.run.connections[0].writtenTruncated, false);
    assert.equal(result.requests[0].response!.body.length, 5000, 'the live run is not changed');
  });

  it('keeps the newest maxRuns runs and deletes the files of older ones', async () => {
    options.maxRuns = 2;
    const store = new HistoryStore(folder, () => options);
    const result = await run('fresh', '/one');
    const ids = [];
    for (let i = 0; i < 4; i++)
      ids.push((await store.add('/w/a.http', result, new Date(Date.UTC(2026, 0, 1, 0, i)))).id);
    assert.deepEqual(
      (await store.list()).map((e) => e.id),
      [ids[3], ids[2]],
    );
    assert.equal(fs.readdirSync(folder).filter((name) => name.startsWith('run-')).length, 2);
    await assert.rejects(store.load(ids[0]), /cannot be read/);
  });

  it('clear empties the index and the folder; a damaged index reads as empty', async () => {
    const store = new HistoryStore(folder, () => options);
    await store.add('/w/a.http', await run('fresh', '/one'));
    await store.clear();
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(
      fs.readdirSync(folder).filter((name) => name.startsWith('run-')),
      [],
    );
    fs.writeFileSync(path.join(folder, 'index.json'), '{ not json');
    assert.deepEqual(await store.list(), []);
  });

  it('deletes unlisted run files (a crash between two writes) once they are a minute old, not before', async () => {
    const store = new HistoryStore(folder, () => options);
    const old = path.join(folder, 'run-old-1.json');
    const young = path.join(folder, 'run-young-1.json');
    fs.writeFileSync(old, '{}');
    fs.writeFileSync(young, '{}');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    fs.utimesSync(old, twoMinutesAgo, twoMinutesAgo);
    await store.add('/w/a.http', await run('fresh', '/one'));
    assert.equal(fs.existsSync(old), false, 'the old orphan is gone');
    assert.equal(fs.existsSync(young), true, "a file written just now may be another window's run");
    await store.clear();
    assert.equal(fs.existsSync(young), false, 'clear removes every run file');
  });

  it('refuses a file that is not a stored run, or of another version, saying so', () => {
    assert.throws(() => parseStoredRun('{"format":"other"}'), /not a stored httpipe run/);
    assert.throws(
      () => parseStoredRun('{"format":"httpipe-run","version":99}'),
      /version 99 is not supported/,
    );
  });

  it('two runs added at once both end up in the index', async () => {
    const store = new HistoryStore(folder, () => options);
    const result = await run('fresh', '/one');
    await Promise.all([store.add('/w/a.http', result), store.add('/w/b.http', result)]);
    assert.deepEqual((await store.list()).map((e) => e.file).sort(), ['/w/a.http', '/w/b.http']);
  });
});
