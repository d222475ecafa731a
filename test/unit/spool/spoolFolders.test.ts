// SpoolFolders: the extension's spool folders for large bodies, with the real engine writing the
// spool files (a loopback server sends a body past a small in-memory limit).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runRequests } from '../../../src/core/engine/runRequests';
import { SpoolFolders } from '../../../src/extension/spoolFolders';
import { requests } from '../../support/requestSpecs';

describe('SpoolFolders', () => {
  let parent: string;
  let server: http.Server;
  let port: number;
  const body = 'x'.repeat(10_000);

  before(async () => {
    server = http.createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'httpipe-spool-test-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  /** A run whose one response is spooled into `spoolDir`; returns the spool file. */
  async function spooledRun(spoolDir: string): Promise<string> {
    const result = await runRequests(requests([['GET', `http://127.0.0.1:${port}/`]]), {
      mode: 'keepalive',
      spoolDir,
      limits: { maxBodyBytesInMemory: 1000 },
    });
    const response = result.requests[0].response!;
    assert.equal(response.bodyTruncated, true);
    assert.equal(readFileSync(response.bodyFile!, 'utf8'), body);
    return response.bodyFile!;
  }

  it("keeps a file's spooled bodies until its next run, and other files' until their panels close", async () => {
    const folders = new SpoolFolders(parent);
    const first = await spooledRun(folders.folderFor('a.http'));
    const other = await spooledRun(folders.folderFor('b.http'));
    const second = await spooledRun(folders.folderFor('a.http'));
    assert.equal(existsSync(first), false, "a.http's first run went when its second started");
    assert.equal(existsSync(dirname(first)), false);
    assert.equal(existsSync(second), true);
    assert.equal(existsSync(other), true);
    folders.release('b.http');
    assert.equal(existsSync(dirname(other)), false, "b.http's panel closed");
    assert.equal(existsSync(second), true);
    folders.release('b.http'); // Twice is harmless.
  });

  it('deletes the whole session folder on dispose, and leaves other sessions alone', async () => {
    const mine = new SpoolFolders(parent);
    const neighbour = new SpoolFolders(parent);
    const kept = await spooledRun(neighbour.folderFor('a.http'));
    await spooledRun(mine.folderFor('a.http'));
    mine.dispose();
    assert.equal(existsSync(mine.root), false);
    assert.equal(existsSync(kept), true);
    neighbour.dispose();
    assert.deepEqual(readdirSync(parent), []);
  });

  it('sweeps folders a session of a process that no longer runs left behind, and only those', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = join(parent, `${exited}-0badc0de`, 'run-1');
    const live = join(parent, `${process.pid}-feedf00d`, 'run-1');
    const unrelated = join(parent, 'not-a-session');
    for (const folder of [stale, live, unrelated]) mkdirSync(folder, { recursive: true });
    new SpoolFolders(parent).dispose();
    assert.deepEqual(readdirSync(parent).sort(), [`${process.pid}-feedf00d`, 'not-a-session']);
  });
});
