// The run history on disk: a folder with one `run-<id>.json` per run and `index.json` listing the
// entries newest first. Runs can be megabytes (bodies, wire logs), so they are files of their own and
// the index stays small enough to read on every open of the picker. Plain Node: the extension passes
// its global storage folder, tests a temp folder.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { RunResult } from '../engine/types';
import {
  historyEntry,
  parseStoredRun,
  serializeStoredRun,
  toStoredRun,
  type HistoryEntry,
  type StoreLimits,
  type StoredRun,
} from './storedRun';
import { messageOf } from '../common/messageOf';

export const DEFAULT_MAX_RUNS = 50;

const INDEX_FILE = 'index.json';
const RUN_FILE = /^run-([0-9a-z-]+)\.json$/;
/** Unlisted run files younger than this may be another window's run in the middle of being added. */
const ORPHAN_AGE_MS = 60_000;

export interface HistoryStoreOptions extends StoreLimits {
  maxRuns: number;
}

export class HistoryStore {
  /** Writes one after the other: two runs finishing together must not both rewrite the index from the same old copy. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly folder: string,
    private readonly options: () => HistoryStoreOptions,
  ) {}

  /** Stores the masked, cut copy of `run`, drops the oldest runs past maxRuns; returns the new entry. */
  add(file: string, run: RunResult, finishedAt = new Date()): Promise<HistoryEntry> {
    return this.serially(async () => {
      const options = this.options();
      const id = `${finishedAt.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;
      const stored: StoredRun = {
        entry: historyEntry(id, file, run, finishedAt),
        run: toStoredRun(run, options),
      };
      await fs.mkdir(this.folder, { recursive: true });
      await writeAtomically(this.runPath(id), serializeStoredRun(stored));
      const entries = [stored.entry, ...(await this.readIndex())];
      const keep = Math.max(1, options.maxRuns);
      await this.writeIndex(entries.slice(0, keep));
      for (const dropped of entries.slice(keep)) await fs.rm(this.runPath(dropped.id), { force: true });
      await this.removeUnlisted(ORPHAN_AGE_MS);
      return stored.entry;
    });
  }

  /** Newest first. A missing or unreadable index is an empty history. */
  list(): Promise<HistoryEntry[]> {
    return this.serially(() => this.readIndex());
  }

  /** Throws with the file's path when the run's file is gone or unreadable. */
  async load(id: string): Promise<StoredRun> {
    const file = this.runPath(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`the stored run ${file} cannot be read: ${messageOf(error)}`, { cause: error });
    }
    try {
      return parseStoredRun(text);
    } catch (error) {
      throw new Error(`${file}: ${messageOf(error)}`, { cause: error });
    }
  }

  clear(): Promise<void> {
    return this.serially(async () => {
      await this.writeIndex([]);
      await this.removeUnlisted(0);
    });
  }

  private runPath(id: string): string {
    if (!/^[0-9a-z-]+$/.test(id)) throw new Error(`not a history id: ${JSON.stringify(id)}`);
    return path.join(this.folder, `run-${id}.json`);
  }

  private async readIndex(): Promise<HistoryEntry[]> {
    try {
      const parsed = JSON.parse(await fs.readFile(path.join(this.folder, INDEX_FILE), 'utf8')) as {
        entries?: unknown;
      };
      return Array.isArray(parsed.entries) ? (parsed.entries as HistoryEntry[]) : [];
    } catch {
      return [];
    }
  }

  private async writeIndex(entries: HistoryEntry[]): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true });
    await writeAtomically(
      path.join(this.folder, INDEX_FILE),
      JSON.stringify({ version: 1, entries }, null, 1),
    );
  }

  /**
   * Deletes run files the index does not list and that are older than `minAgeMs`: left by a crash
   * between the two writes of add(), or by a lost index update when two VS Code windows store runs at
   * the same moment. The age keeps a file another window has just written, before its index update.
   */
  private async removeUnlisted(minAgeMs: number): Promise<void> {
    const listed = new Set((await this.readIndex()).map((entry) => entry.id));
    const now = Date.now();
    for (const name of await fs.readdir(this.folder)) {
      const id = RUN_FILE.exec(name)?.[1];
      if (id === undefined || listed.has(id)) continue;
      const file = path.join(this.folder, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && now - stat.mtimeMs >= minAgeMs) await fs.rm(file, { force: true });
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A reader (or a crash) never sees half a file: write beside it, then rename over it. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}
