// Where the engine spools bodies larger than its in-memory limit (RunOptions.spoolDir) for the
// extension, and when those files go away. Each run of a .http file gets a new folder; it lives as
// long as the panel shows that run: it is deleted when the file's next run starts, when the panel
// closes, and with everything else when the extension stops. The session's folders sit in one
// folder per window (several VS Code windows share the global storage); folders that a crashed
// window left behind (named after a process that no longer runs) are swept when a later session
// starts. Plain Node, no VS Code API.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { messageOf } from '../core/common/messageOf';

export class SpoolFolders {
  /** This session's folder, created on first use. */
  readonly root: string;
  private readonly byKey = new Map<string, string>();
  private runs = 0;

  constructor(
    parent: string,
    private readonly onError: (message: string) => void = () => undefined,
  ) {
    this.root = path.join(parent, `${process.pid}-${randomBytes(4).toString('hex')}`);
    this.sweepStale(parent);
  }

  /** A new, empty folder for the next run of `key` (a .http file); the previous run's folder is deleted. */
  folderFor(key: string): string {
    this.release(key);
    const folder = path.join(this.root, `run-${++this.runs}`);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    this.byKey.set(key, folder);
    return folder;
  }

  /** The run of `key` is no longer shown: its spooled bodies go. */
  release(key: string): void {
    const folder = this.byKey.get(key);
    if (folder === undefined) return;
    this.byKey.delete(key);
    this.remove(folder);
  }

  /** Synchronous: called while the extension deactivates, which does not wait for promises. */
  dispose(): void {
    this.byKey.clear();
    this.remove(this.root);
  }

  private sweepStale(parent: string): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(parent, { withFileTypes: true });
    } catch {
      return; // No spool folder yet.
    }
    for (const entry of entries) {
      const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(entry.name)?.[1]);
      if (entry.isDirectory() && pid && !isRunning(pid)) this.remove(path.join(parent, entry.name));
    }
  }

  private remove(folder: string): void {
    try {
      // Retries: on Windows a file the engine of a just-cancelled run still holds cannot go at once.
      fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      this.onError(`could not delete spooled response bodies in ${folder}: ${messageOf(error)}`);
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // Signal 0 only checks that the process exists.
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
